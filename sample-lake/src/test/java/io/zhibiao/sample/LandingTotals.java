package io.zhibiao.sample;

import io.zhibiao.transforms.ingest.DeliveryReader;
import io.zhibiao.transforms.source.SourceRegistry;
import io.zhibiao.transforms.source.SourceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * City figures computed straight from the landing files, independently of the generator's own bookkeeping:
 * read every delivered CSV of one city as a department extract and apply the official definitions. A city's
 * files are told apart by name: a tagged city's carry {@code _<tag>_}, the untagged city's carry no tag.
 */
final class LandingTotals {

    private static final SourceRegistry REGISTRY = SourceRegistry.loadDefault();
    private static final BigDecimal YI = BigDecimal.valueOf(100_000_000);

    private final Path lake;
    private final Predicate<String> ofCity;
    private final Map<String, List<Map<String, String>>> cache = new HashMap<>();

    private LandingTotals(Path lake, Predicate<String> ofCity) {
        this.lake = lake;
        this.ofCity = ofCity;
    }

    /** The figures of one city of a lake generated from the bundled profiles. */
    static LandingTotals of(Path lake, CityProfile city) {
        if (city.tag() != null) {
            return new LandingTotals(lake, name -> name.contains("_" + city.tag() + "_"));
        }
        List<String> others = SampleLake.bundledProfiles().stream().map(CityProfile::tag).filter(t -> t != null)
                .map(t -> "_" + t + "_").toList();
        return new LandingTotals(lake, name -> others.stream().noneMatch(name::contains));
    }

    /** Every row of a source, keyed by column name, in file order; later files last. */
    List<Map<String, String>> rows(String sourceId) {
        return cache.computeIfAbsent(sourceId, id -> {
            SourceSpec spec = REGISTRY.require(id);
            List<Map<String, String>> out = new ArrayList<>();
            Path dir = lake.resolve("landing").resolve(spec.landing());
            if (!Files.isDirectory(dir)) {
                return out;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).filter(f -> ofCity.test(f.getFileName().toString()))
                        .sorted().toList()) {
                    String period = f.getParent().getFileName().toString();
                    new DeliveryReader(spec).read(f.toString(), () -> Files.newInputStream(f), r -> {
                        Map<String, String> m = new LinkedHashMap<>();
                        m.put("_period", period);
                        for (int i = 0; i < r.values().length; i++) {
                            m.put(spec.columns().get(i).name(), r.values()[i]);
                        }
                        out.add(m);
                    });
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return out;
        });
    }

    /** The last delivered version of each record, by key column. */
    Map<String, Map<String, String>> latest(String sourceId, String keyColumn) {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        rows(sourceId).forEach(r -> m.put(r.get(keyColumn), r));
        return m;
    }

    private BigDecimal sum(String sourceId, String column, String yearColumn, int year) {
        return rows(sourceId).stream().filter(r -> r.get(yearColumn).startsWith(String.valueOf(year)))
                .map(r -> new BigDecimal(r.get(column))).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** 全社会R&D经费内部支出, 亿元 (the survey reports 千元). */
    BigDecimal rdYi(int y) {
        return sum("rd_survey", "rd_expenditure", "survey_year", y).multiply(BigDecimal.valueOf(1000))
                .divide(YI, 6, RoundingMode.HALF_UP);
    }

    BigDecimal statWan(String column, int y) {
        return sum("county_stats", column, "stat_year", y);
    }

    long population(int y) {
        return statWan("resident_population", y).longValueExact();
    }

    /** R&D expenditure / GDP, in %. */
    BigDecimal rdIntensity(int y) {
        BigDecimal rdYuan = sum("rd_survey", "rd_expenditure", "survey_year", y).multiply(BigDecimal.valueOf(1000));
        BigDecimal gdpYuan = statWan("gdp", y).multiply(BigDecimal.valueOf(10_000));
        return rdYuan.multiply(BigDecimal.valueOf(100)).divide(gdpYuan, 6, RoundingMode.HALF_UP);
    }

    /** 高新技术产业增加值 / 规上工业增加值, in %. */
    BigDecimal hightechShare(int y) {
        return statWan("hightech_value_added", y).multiply(BigDecimal.valueOf(100))
                .divide(statWan("industry_value_added", y), 6, RoundingMode.HALF_UP);
    }

    BigDecimal fiscalYi(int y) {
        return statWan("fiscal_st_expenditure", y).divide(BigDecimal.valueOf(10_000), 6, RoundingMode.HALF_UP);
    }

    /** 技术合同成交额 registered in the year (all contracts here are registered where the seller is), 亿元. */
    BigDecimal contractsYi(int y) {
        return latest("tech_contracts", "contract_no").values().stream()
                .filter(r -> r.get("registered_on").startsWith(String.valueOf(y)))
                .map(r -> new BigDecimal(r.get("contract_amount"))).reduce(BigDecimal.ZERO, BigDecimal::add)
                .divide(YI, 6, RoundingMode.HALF_UP);
    }

    /** 有效期内高新技术企业 at year end: certified in y, y-1, y-2 and not revoked by year end. */
    long hteStock(int y, String zone) {
        Map<String, String> county = new HashMap<>();
        latest("enterprise_register", "credit_code").forEach((k, v) -> county.put(k, v.get("county_code")));
        return latest("hte_certificates", "certificate_no").values().stream().filter(c -> {
            int issued = Integer.parseInt(c.get("issued_on").substring(0, 4));
            String revoked = c.get("revoked_on");
            boolean valid = issued >= y - 2 && issued <= y
                    && (revoked == null || revoked.isEmpty() || Integer.parseInt(revoked.substring(0, 4)) > y);
            return valid && (zone == null || zone.equals(county.get(c.get("credit_code"))));
        }).map(c -> c.get("credit_code")).distinct().count();
    }

    long techSme(int y, String zone) {
        Map<String, String> county = new HashMap<>();
        latest("enterprise_register", "credit_code").forEach((k, v) -> county.put(k, v.get("county_code")));
        return rows("tech_sme").stream().filter(r -> r.get("entry_year").equals(String.valueOf(y)))
                .filter(r -> zone == null || zone.equals(county.get(r.get("credit_code")))).count();
    }

    /** Valid invention patents at year end (发明, status 有效 in that year's legal-status extract). */
    List<Map<String, String>> validInventions(int y) {
        Map<String, Map<String, String>> patents = latest("patents", "patent_no");
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, String> s : rows("patent_status")) {
            if (s.get("status_year").equals(String.valueOf(y)) && s.get("legal_status").equals("有效")) {
                Map<String, String> p = patents.get(s.get("patent_no"));
                if (p.get("patent_type").equals("发明")) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** CNIPA 高价值发明专利: any of the four flags, or maintained more than 10 years since filing. */
    long highValueInventions(int y) {
        LocalDate yearEnd = LocalDate.of(y, 12, 31);
        return validInventions(y).stream().filter(p -> "是".equals(p.get("strategic_emerging"))
                || "是".equals(p.get("overseas_family")) || "是".equals(p.get("high_pledge")) || "是".equals(p.get("award"))
                || LocalDate.parse(p.get("filed_on")).plusYears(10).isBefore(yearEnd)).count();
    }

    /** Platforms active at year end, by category and level (level null: all levels). */
    long platforms(int y, String category, String level, String region) {
        return latest("platforms", "platform_id").values().stream().filter(p -> {
            int rec = Integer.parseInt(p.get("recognised_on").substring(0, 4));
            String rev = p.get("revoked_on");
            boolean active = rec <= y && (rev == null || rev.isEmpty() || Integer.parseInt(rev.substring(0, 4)) > y);
            return active && p.get("category").equals(category) && (level == null || level.equals(p.get("level")))
                    && (region == null || region.equals(p.get("region_code")));
        }).count();
    }

    /** 省重大新型研发机构 at year end, as the registry stood then (the flag is upgraded by later deliveries). */
    long majorNewRdInstitutions(int y) {
        Map<String, Map<String, String>> asOf = new LinkedHashMap<>();
        rows("platforms").stream().filter(r -> Integer.parseInt(r.get("_period")) <= y)
                .forEach(r -> asOf.put(r.get("platform_id"), r));
        return asOf.values().stream().filter(p -> {
            int rec = Integer.parseInt(p.get("recognised_on").substring(0, 4));
            String rev = p.get("revoked_on");
            return rec <= y && (rev == null || rev.isEmpty() || Integer.parseInt(rev.substring(0, 4)) > y)
                    && p.get("category").equals("新型研发机构") && "是".equals(p.get("major"));
        }).count();
    }

    /** Firms on a municipal designation list at year end (designated by then, not revoked). */
    long designated(int y, String designation) {
        Map<String, Map<String, String>> latest = new LinkedHashMap<>();   // natural key: firm and list
        rows("tech_designations").forEach(r -> latest.put(r.get("credit_code") + "|" + r.get("designation"), r));
        return latest.values().stream().filter(d -> {
            String rev = d.get("revoked_on");
            return d.get("designation").equals(designation)
                    && Integer.parseInt(d.get("designated_on").substring(0, 4)) <= y
                    && (rev == null || rev.isEmpty() || Integer.parseInt(rev.substring(0, 4)) > y);
        }).count();
    }

    /** 在孵场地面积, 万平方米, summed over the incubators' reports for the year. */
    BigDecimal incubationFloorArea(int y) {
        return sum("incubator_stats", "floor_area", "stat_year", y);
    }

    long incubatedFirms(int y) {
        return sum("incubator_stats", "incubated_firms", "stat_year", y).longValueExact();
    }

    static BigDecimal round(BigDecimal v, int places) {
        return v.setScale(places, RoundingMode.HALF_UP);
    }
}
