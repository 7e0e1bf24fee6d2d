package io.zhibiao.indicators.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.zhibiao.indicators.compute.DeliveryCities.FileRows;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Coverage per source, city and period: which city a delivered file is a delivery of. */
class DeliveryCitiesTest {

    /** 洛阳 4103xx, 新乡 4107xx; anything else (北京 110105) is no city of this lake. */
    private static final Function<String, String> CITY = code -> code.startsWith("4103") ? "410300"
            : code.startsWith("4107") ? "410700" : null;

    @Test
    void aFileCoversTheCitiesThatHoldAtLeastFivePercentOfItsPlacedRows() {
        Map<String, Set<Integer>> covered = DeliveryCities.cover(List.of(
                // Xinxiang alone delivered 2016 (issue 12: Luoyang's tech_sme 2016 was published as 0).
                new FileRows("tech_sme/2016/tech_sme_410700_2016.csv", 2016, "410702", 20),
                // Luoyang's 2017 file with 3 firms registered in Xinxiang: 3 / 103 = 2.9 % < 5 % → Luoyang only.
                new FileRows("tech_sme/2017/tech_sme_2017.csv", 2017, "410305", 100),
                new FileRows("tech_sme/2017/tech_sme_2017.csv", 2017, "410702", 3),
                // a provincial file: 60 and 40 of 100 → both cities.
                new FileRows("tech_sme/2018/province_2018.csv", 2018, "410305", 60),
                new FileRows("tech_sme/2018/province_2018.csv", 2018, "410711", 40),
                // rows no city of the lake holds are left out of the total: 10 of 10 placed → Luoyang.
                new FileRows("tech_sme/2019/tech_sme_2019.csv", 2019, "110105", 90),
                new FileRows("tech_sme/2019/tech_sme_2019.csv", 2019, "410305", 10),
                new FileRows("tech_sme/2019/tech_sme_2019.csv", 2019, null, 7),
                // exactly 5 of 100 (5 %) is enough: both cities in 2020.
                new FileRows("tech_sme/2020/tech_sme_2020.csv", 2020, "410305", 95),
                new FileRows("tech_sme/2020/tech_sme_2020.csv", 2020, "410702", 5),
                // a file nobody can place covers nobody.
                new FileRows("tech_sme/2021/x.csv", 2021, "110105", 50)), Map.of(), CITY, DeliveryCities.MIN_SHARE);
        assertThat(covered).containsOnlyKeys("410300", "410700");
        assertThat(covered.get("410300")).containsExactly(2017, 2018, 2019, 2020);
        assertThat(covered.get("410700")).containsExactly(2016, 2018, 2020);
    }

    @Test
    void withNoLeastShareAnyPlacedRowIsADelivery() {
        // the quality gate's necessary condition: Luoyang's 2017 file with 3 Xinxiang firms counts for both cities
        Map<String, Set<Integer>> covered = DeliveryCities.cover(List.of(
                new FileRows("tech_sme/2017/tech_sme_2017.csv", 2017, "410305", 100),
                new FileRows("tech_sme/2017/tech_sme_2017.csv", 2017, "410702", 3),
                new FileRows("tech_sme/2018/tech_sme_2018.csv", 2018, "110105", 3)), Map.of(), CITY, 0);
        assertThat(covered).containsOnlyKeys("410300", "410700");
        assertThat(covered.get("410300")).containsExactly(2017);
        assertThat(covered.get("410700")).containsExactly(2017);
    }

    @Test
    void anEmptyDeliveryCoversTheCitiesOfItsSeries() {
        // Xinxiang issued no 高新技术企业 certificate in 2019: its file is a header alone, yet it is a delivery
        // (the certificates of 2018 are still valid at the end of 2019). Its series — the name without the year,
        // hte_certificates_410700_.csv — is Xinxiang's by the rows of 2018; Luoyang's untagged series is Luoyang's.
        // A file whose series has no placed row anywhere covers nobody.
        Map<String, Set<Integer>> covered = DeliveryCities.cover(List.of(
                new FileRows("landing/hte_certificates/2018/hte_certificates_410700_2018.csv", 2018, "410711", 2),
                new FileRows("landing/hte_certificates/2018/hte_certificates_2018.csv", 2018, "410305", 9)),
                Map.of("landing/hte_certificates/2018/hte_certificates_410700_2018.csv", 2018,
                        "landing/hte_certificates/2018/hte_certificates_2018.csv", 2018,
                        "landing/hte_certificates/2019/hte_certificates_410700_2019.csv", 2019,
                        "landing/hte_certificates/2020/hte_certificates_2020.csv", 2020,
                        "landing/hte_certificates/2020/other_2020.csv", 2020),
                CITY, DeliveryCities.MIN_SHARE);
        assertThat(covered.get("410700")).containsExactly(2018, 2019);
        assertThat(covered.get("410300")).containsExactly(2018, 2020);
    }

    @Test
    void theSameFileNameInTwoPeriodsIsTwoDeliveries() {
        // a re-delivered name under two period folders: each period is judged on its own rows (2 / 42 < 5 % in 2023)
        Map<String, Set<Integer>> covered = DeliveryCities.cover(List.of(
                new FileRows("f.csv", 2022, "410702", 2),
                new FileRows("f.csv", 2023, "410702", 2),
                new FileRows("f.csv", 2023, "410305", 40)), Map.of(), CITY, DeliveryCities.MIN_SHARE);
        assertThat(covered.get("410700")).containsExactly(2022);
        assertThat(covered.get("410300")).containsExactly(2023);
    }
}
