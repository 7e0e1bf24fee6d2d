package io.zhibiao.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.transforms.SparkTestSession;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.LakeCatalog;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Disclosure control on the small published sample (scale 0.01: a handful of R&D survey returns per county, so
 * many cells are unsafe): withheld cells carry a flag and a reason and no value, every rule's reason is borne out
 * by silver, and the classic attacks on the published tables recover nothing.
 */
class DisclosureControlRunTest {

    static SparkSession spark;

    @BeforeAll
    static void published() {
        spark = SparkTestSession.get();
        LakeCatalog.register(spark, Lake.at(PublishedSample.lake()));
    }

    @Test
    void withheldCellsCarryAFlagAndAReasonButNoValue() {
        List<Row> withheld = spark.sql("SELECT region_code, year, suppression_reason, value, numerator, contributing_units "
                + "FROM published.indicator_values WHERE indicator_id = 'rd_expenditure' AND suppressed = 'x'").collectAsList();
        assertThat(withheld).isNotEmpty();
        for (Row r : withheld) {
            assertThat(r.isNullAt(3) && r.isNullAt(4) && r.isNullAt(5)).as("%s %s", r.get(0), r.get(1)).isTrue();
            assertThat(r.getString(2)).isIn("FREQ", "DOM", "PRULE", "SEC");
        }
        // A cell withheld by the frequency rule has fewer than 3 survey returns in silver (counted here directly).
        Map<String, Long> returns = new HashMap<>();
        spark.sql("SELECT region_code_current, survey_year, count(*) FROM silver.rd_expenditure GROUP BY 1, 2").collectAsList()
                .forEach(r -> returns.put(r.getString(0) + "|" + r.getInt(1), r.getLong(2)));
        long freq = 0;
        for (Row r : withheld) {
            if (r.getString(2).equals("FREQ")) {
                freq++;
                assertThat(returns.getOrDefault(r.getString(0) + "|" + r.getInt(1), 0L)).isBetween(1L, 2L);
            }
        }
        assertThat(freq).isPositive();
        // And every published county cell has 0 or at least 3 returns.
        for (Row r : spark.sql("SELECT region_code, year FROM published.indicator_values WHERE indicator_id = 'rd_expenditure' "
                + "AND suppressed IS NULL AND region_level <> '市'").collectAsList()) {
            assertThat(returns.getOrDefault(r.getString(0) + "|" + r.getInt(1), 0L)).isNotIn(1L, 2L);
        }
    }

    @Test
    void indicatorsSharingTheNumeratorShareThePattern() {
        // R&D intensity is R&D over public GDP: publishing it where R&D is withheld would give R&D away.
        assertThat(spark.sql("SELECT count(*) FROM published.indicator_values a JOIN published.indicator_values b "
                + "ON a.region_code = b.region_code AND a.year = b.year WHERE a.indicator_id = 'rd_expenditure' "
                + "AND b.indicator_id = 'rd_intensity' AND coalesce(a.suppressed, '') <> coalesce(b.suppressed, '')")
                .head().getLong(0)).isZero();
        assertThat(spark.sql("SELECT count(*) FROM published.county_comparison c JOIN published.indicator_values v "
                + "ON c.indicator_id = v.indicator_id AND c.region_code = v.region_code AND c.year = v.year "
                + "WHERE v.suppressed = 'x' AND (c.value IS NOT NULL OR c.rank IS NOT NULL OR c.share_of_city IS NOT NULL)")
                .head().getLong(0)).isZero();
    }

    @Test
    void theClassicAttacksRecoverNothing() {
        // For every year: (a) a withheld county = city total − the other counties, and (b) a city total with one
        // withheld county, both need exactly one unknown in the relation city = Σ counties. Secondary suppression
        // leaves either none or at least two unknowns in every year's relation.
        List<Row> perYear = spark.sql("SELECT year, sum(CASE WHEN suppressed = 'x' THEN 1 ELSE 0 END) AS hidden, "
                + "sum(CASE WHEN suppressed = 'x' AND region_level = '市' THEN 1 ELSE 0 END) AS city_hidden "
                + "FROM published.indicator_values WHERE indicator_id = 'rd_expenditure' AND region_code LIKE '4103%' "
                + "GROUP BY year").collectAsList();
        assertThat(perYear).isNotEmpty();
        boolean someHidden = false;
        for (Row r : perYear) {
            assertThat(r.getLong(1)).as("year %d", r.getInt(0)).isNotEqualTo(1L);
            someHidden |= r.getLong(1) >= 2;
        }
        assertThat(someHidden).isTrue();
        // The attacker's best with the published figures: city − Σ published counties = the sum of the withheld
        // counties, never one of them. Each withheld county's true value (gold) is strictly less than that sum
        // whenever another withheld county has a positive value.
        for (Row r : perYear) {
            if (r.getLong(1) < 2 || r.getLong(2) > 0) {
                continue;
            }
            int y = r.getInt(0);
            BigDecimal city = spark.sql("SELECT numerator FROM published.indicator_values WHERE indicator_id = 'rd_expenditure' "
                    + "AND region_code = '410300' AND year = " + y).head().getDecimal(0);
            BigDecimal shown = spark.sql("SELECT coalesce(sum(numerator), 0) FROM published.indicator_values WHERE "
                    + "indicator_id = 'rd_expenditure' AND region_level <> '市' AND region_code LIKE '4103%' AND suppressed IS NULL "
                    + "AND year = " + y).head().getDecimal(0);
            BigDecimal residual = city.subtract(shown);
            List<BigDecimal> hidden = spark.sql("SELECT g.numerator FROM gold.indicator_values g JOIN published.indicator_values p "
                    + "ON g.indicator_id = p.indicator_id AND g.region_code = p.region_code AND g.year = p.year "
                    + "WHERE p.indicator_id = 'rd_expenditure' AND p.suppressed = 'x' AND p.region_code LIKE '4103%' AND p.year = " + y)
                    .collectAsList()
                    .stream().map(x -> x.getDecimal(0)).toList();
            assertThat(hidden.stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(residual);
            long positive = hidden.stream().filter(h -> h.signum() > 0).count();
            if (positive >= 2) {
                for (BigDecimal h : hidden) {
                    assertThat(h).as("year %d", y).isLessThan(residual);
                }
            }
        }
    }
}
