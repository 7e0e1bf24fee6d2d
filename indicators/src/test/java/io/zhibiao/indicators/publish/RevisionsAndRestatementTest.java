package io.zhibiao.indicators.publish;

import io.zhibiao.lake.CellKey;
import io.zhibiao.lake.RegionYear;
import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.indicators.catalog.Indicator;
import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.transforms.standard.RegionIndex;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RevisionsAndRestatementTest {

    static final IndicatorCatalog CATALOG = IndicatorCatalog.loadDefault(sql -> null);

    static Map<String, Indicator> byId() {
        Map<String, Indicator> m = new HashMap<>();
        CATALOG.all().forEach(i -> m.put(i.id(), i));
        return m;
    }

    @Test
    void aChangedPastValueIsARevisionWithTheFilesThatCanHaveCausedIt() {
        // Release 1 published 涧西区 R&D intensity 2024 = 2.10 and R&D 2024 = 3.50 亿元; a corrected survey for 2024
        // (rd_survey_2024_fix.csv, refined into silver.rd_expenditure) makes them 2.31 and 3.85. GDP did not change.
        // Both are revisions caused by silver.rd_expenditure; 2025 is new (no revision); 老城区 is unchanged.
        Map<CellKey, BigDecimal> before = Map.of(
                CellKey.of("rd_intensity", "410305", 2024), new BigDecimal("2.10"), CellKey.of("rd_expenditure", "410305", 2024), new BigDecimal("3.50"),
                CellKey.of("rd_intensity", "410302", 2024), new BigDecimal("1.20"));
        Map<CellKey, BigDecimal> after = Map.of(
                CellKey.of("rd_intensity", "410305", 2024), new BigDecimal("2.31"), CellKey.of("rd_expenditure", "410305", 2024), new BigDecimal("3.85"),
                CellKey.of("rd_intensity", "410302", 2024), new BigDecimal("1.200000"), CellKey.of("rd_intensity", "410305", 2025), new BigDecimal("2.4"));
        List<Revisions.Revision> r = Revisions.between(1, before, 2, after, byId(),
                Map.of("rd_expenditure", List.of("landing/rd_survey/2024/rd_survey_2024_fix.csv"),
                        "tech_contract", List.of("landing/tech_contracts/2025/contracts_2025.csv")));
        assertThat(r).hasSize(2);
        Revisions.Revision intensity = r.stream().filter(x -> x.indicatorId().equals("rd_intensity")).findFirst().orElseThrow();
        assertThat(intensity.oldValue()).isEqualByComparingTo("2.10");
        assertThat(intensity.newValue()).isEqualByComparingTo("2.31");
        assertThat(intensity.release()).isEqualTo(2);
        assertThat(intensity.previousRelease()).isEqualTo(1);
        assertThat(intensity.causeTables()).isEqualTo("silver.rd_expenditure");
        assertThat(intensity.causeFiles()).isEqualTo("landing/rd_survey/2024/rd_survey_2024_fix.csv");
    }

    @Test
    void indicatorsKnowTheSilverTablesTheyRead() {
        assertThat(CATALOG.find("rd_intensity").orElseThrow().silverTablesRead())
                .containsExactly("county_stat", "rd_expenditure");
    }

    @Test
    void valuesOfMergedCodesAreNotedAsRestatements() {
        // 吉利区 410306 and 孟津县 410322 retired on 2021-02-28 into 孟津区 410308 (from 2021-03-01). 孟津区's 2020 and
        // 2021 values hold their records (both were in use in January–February 2021); 2022 is plain 孟津区. 涧西区
        // never changed: no note.
        List<RegionIndex.Period> periods = List.of(
                new RegionIndex.Period("410305", "涧西区", "市辖区", LocalDate.of(1983, 1, 1), null, null),
                new RegionIndex.Period("410306", "吉利区", "市辖区", LocalDate.of(1983, 1, 1), LocalDate.of(2021, 2, 28), "410308"),
                new RegionIndex.Period("410322", "孟津县", "县", LocalDate.of(1983, 1, 1), LocalDate.of(2021, 2, 28), "410308"),
                new RegionIndex.Period("410308", "孟津区", "市辖区", LocalDate.of(2021, 3, 1), null, null));
        Map<RegionYear, String> notes = Restatement.notes(periods, List.of("410305", "410308"), List.of(2020, 2021, 2022));
        assertThat(notes).containsOnlyKeys(RegionYear.of("410308", 2020), RegionYear.of("410308", 2021));
        assertThat(notes.get(RegionYear.of("410308", 2020))).startsWith("按现行区划重述：含 吉利区(410306)、孟津县(410322)");
    }
}
