package io.zhibiao.transforms.standard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void masksValidAndBrokenCodesButNotRunIds() {
        assertThat(Masking.maskCodes("第2行：91110000600037341L；第3行：124103005537705660"))
                .isEqualTo("第2行：91110000**********；第3行：12410300**********");
        // A run id has the shape inside a longer token: left alone.
        assertThat(Masking.maskCodes("批次 20261123T122927000Z-tech_contracts")).isEqualTo("批次 20261123T122927000Z-tech_contracts");
        assertThat(Masking.maskCodes("credit_code=91350100M000100Y43 revenue=5")).isEqualTo("credit_code=91350100********** revenue=5");
        assertThat(Masking.maskCodes(null)).isNull();
    }
}
