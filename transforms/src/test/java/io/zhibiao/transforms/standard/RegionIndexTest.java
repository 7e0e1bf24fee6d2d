package io.zhibiao.transforms.standard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegionIndexTest {

    private final RegionIndex index = new RegionIndex(List.of(
            new RegionIndex.Period("410306", "吉利区", "市辖区", LocalDate.of(1983, 1, 1), LocalDate.of(2021, 2, 28), "410308"),
            new RegionIndex.Period("410308", "孟津区", "市辖区", LocalDate.of(2021, 3, 1), null, null),
            new RegionIndex.Period("410305", "涧西区", "市辖区", LocalDate.of(1983, 1, 1), null, null)));

    @Test
    void retiredCodeIsValidUpToItsLastDay() {
        assertThat(index.problem("410306", LocalDate.of(2021, 2, 28))).isEmpty();
        assertThat(index.problem("410306", LocalDate.of(2021, 3, 1)))
                .hasValue("区划代码 410306（吉利区） 已于 2021-02-28 停用，记录日期为 2021-03-01；应使用 410308（孟津区）");
    }

    @Test
    void newCodeIsNotValidBeforeItStarts() {
        assertThat(index.problem("410308", LocalDate.of(2020, 12, 31)))
                .hasValue("区划代码 410308（孟津区） 自 2021-03-01 起才启用，记录日期为 2020-12-31");
        assertThat(index.problem("999999", LocalDate.of(2020, 1, 1)))
                .hasValue("区划代码 999999 不在区划名录中 (unknown region code)");
    }

    @Test
    void currentBoundariesFollowSuccessors() {
        assertThat(index.current("410306")).isEqualTo("410308");
        assertThat(index.current("410305")).isEqualTo("410305");
        assertThat(index.current("110108")).isEqualTo("110108");
    }
}
