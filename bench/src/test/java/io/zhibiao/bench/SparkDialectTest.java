package io.zhibiao.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SparkDialectTest {

    @Test
    void rewritesTheSecondLargestOfAGroup() {
        assertThat(SparkDialect.toDuckDb(
                "coalesce(element_at(sort_array(collect_list(rd_expenditure), false), 2), 0) AS second_largest"))
                .isEqualTo("coalesce(list_extract(list_sort(list(rd_expenditure) FILTER (WHERE (rd_expenditure) IS NOT NULL), "
                        + "'DESC'), 2), 0) AS second_largest");
    }

    @Test
    void rewritesAddMonthsWithNestedArguments() {
        assertThat(SparkDialect.toDuckDb("add_months(p.filed_on, 120) < make_date(s.status_year, 12, 31)"))
                .isEqualTo("CAST((p.filed_on) + to_months(120) AS DATE) < make_date(s.status_year, 12, 31)");
    }

    @Test
    void leavesStringLiteralsAndOtherNamesAlone() {
        String sql = "SELECT my_add_months(x, 1), 'add_months(a, b)' FROM t WHERE d = '专精特新“小巨人”企业'";
        assertThat(SparkDialect.toDuckDb(sql)).isEqualTo(sql);
    }

    @Test
    void sortArrayAscendingByDefault() {
        assertThat(SparkDialect.toDuckDb("sort_array(l)")).isEqualTo("list_sort(l, 'ASC')");
        assertThat(SparkDialect.toDuckDb("SORT_ARRAY(l, true)")).isEqualTo("list_sort(l, 'ASC')");
    }

    @Test
    void refusesWhatItCannotRewriteMechanically() {
        assertThatThrownBy(() -> SparkDialect.toDuckDb("sort_array(l, asc_flag)"))
                .hasMessageContaining("sort_array with a computed order");
        assertThatThrownBy(() -> SparkDialect.toDuckDb("add_months(d)")).hasMessageContaining("add_months with 1 arguments");
    }
}
