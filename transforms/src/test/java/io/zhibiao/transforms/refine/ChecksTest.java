package io.zhibiao.transforms.refine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ChecksTest {

    @Test
    void datesMustBeIsoAndNotAfterTheCutoff() {
        assertThat(Checks.date("2024-03-01", null, "2026-11-23")).isNull();
        assertThat(Checks.date("2024/3/1", null, "2026-11-23")).isEqualTo("'2024/3/1' 不是 yyyy-MM-dd 格式的日期");
        assertThat(Checks.date("2024年3月1日", null, "2026-11-23")).isEqualTo("'2024年3月1日' 不是 yyyy-MM-dd 格式的日期");
        assertThat(Checks.date("2024-02-30", null, "2026-11-23")).isEqualTo("'2024-02-30' 不是 yyyy-MM-dd 格式的日期");
        assertThat(Checks.date("2027-01-01", null, "2026-11-23")).isEqualTo("2027-01-01 晚于数据截止日 2026-11-23");
        assertThat(Checks.date("1940-01-01", "1949-10-01", "2026-11-23")).isEqualTo("1940-01-01 早于最早允许日期 1949-10-01");
    }

    @Test
    void numbersArePlainWithAtMostTwoDecimals() {
        assertThat(Checks.number("1234.56", false)).isNull();
        assertThat(Checks.number("-3", false)).isNull();
        assertThat(Checks.number("1,234.56", false)).isEqualTo("'1,234.56' 不是最多两位小数的数值");
        assertThat(Checks.number("1.234", false)).isEqualTo("'1.234' 不是最多两位小数的数值");
        assertThat(Checks.number("12.0", true)).isEqualTo("'12.0' 不是整数");
    }

    @Test
    void boundsAreInSilverUnits() {
        BigDecimal wan = BigDecimal.valueOf(10_000);
        // 25,980 万元 = 259,800,000 元, under a bound of 1e12 元.
        assertThat(Checks.bounds("25980", wan, null, new BigDecimal("1e12"), "万元")).isNull();
        assertThat(Checks.bounds("-1.00", BigDecimal.ONE, null, null, "元")).isEqualTo("-1.00 为负数");
        // 200,000,000 万元 = 2e12 元 > 1e12 元; the bound is shown in the delivered unit: 1e12 / 1e4 = 100000000 万元.
        assertThat(Checks.bounds("200000000", wan, null, new BigDecimal("1e12"), "万元"))
                .isEqualTo("200000000万元 超过合理上限 100000000万元");
        assertThat(Checks.bounds("0", BigDecimal.ONE, BigDecimal.ONE, null, null)).isEqualTo("0 小于下限 1");
    }

    @Test
    void creditCodeAndIndustryMessagesNameTheField() {
        assertThat(Checks.creditCode("91110000600037341L")).isNull();
        assertThat(Checks.creditCode("91110000600037341M")).isEqualTo("统一社会信用代码 check character is 'M', GB 32100 gives 'L'");
        assertThat(Checks.industry("C6513")).isEqualTo("行业代码 division 65 is not in section C (13-43)");
    }
}
