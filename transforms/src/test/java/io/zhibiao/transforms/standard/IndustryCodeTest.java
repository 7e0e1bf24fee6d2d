package io.zhibiao.transforms.standard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IndustryCodeTest {

    @Test
    void acceptsClassesInsideTheirSection() {
        assertThat(IndustryCode.problem("C3451")).isEmpty();   // 滚动轴承制造, division 34 in C (13–43)
        assertThat(IndustryCode.problem("I6513")).isEmpty();   // 应用软件开发, division 65 in I (63–65)
        assertThat(IndustryCode.problem("K7010")).isEmpty();   // K has one division, 70
    }

    @Test
    void rejectsDivisionsOfAnotherSection() {
        assertThat(IndustryCode.problem("C6513")).hasValue("division 65 is not in section C (13-43)");
        assertThat(IndustryCode.problem("U9999")).hasValue("section 'U' does not exist in GB/T 4754-2017 (A-T)");
        assertThat(IndustryCode.problem("3451")).hasValue("must be a section letter and 4 digits, e.g. C3451");
        assertThat(IndustryCode.problem("C34A1")).hasValue("must be a section letter and 4 digits, e.g. C3451");
    }
}
