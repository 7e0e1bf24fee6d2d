package io.zhibiao.sample;

import io.zhibiao.transforms.standard.CreditCode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The synthetic city behind the sample lake: enterprises, institutions and everything the departments record
 * about them, built so that the city totals equal the profile's series exactly (at scale 1; rounded at
 * other scales). Plain Java, deterministic for a seed: every random draw comes from a stream named after the
 * part of the world it builds, consumed in a fixed order.
 */
final class SampleWorld {

    final CityProfile profile;
    /** The functional zone whose counts the profile may fix (高新区). */
    final String zone;
    /** The year from which units drift by their momentum. */
    final int momentumFrom;
    final double scale;
    final long seed;
    final int firstYear;
    final int lastYear;
    final LocalDate change;

    final List<Unit> units = new ArrayList<>();
    final List<Firm> firms = new ArrayList<>();
    final List<Institution> institutions = new ArrayList<>();
    final List<Certificate> certificates = new ArrayList<>();
    final List<TechSme> techSmes = new ArrayList<>();
    final List<Announcement> announcements = new ArrayList<>();
    final List<Platform> platforms = new ArrayList<>();
    final List<Patent> patents = new ArrayList<>();
    final List<Survey> surveys = new ArrayList<>();
    final List<Contract> contracts = new ArrayList<>();
    final List<CountyStat> countyStats = new ArrayList<>();
    final List<Designation> designations = new ArrayList<>();
    final List<IncubatorStat> incubatorStats = new ArrayList<>();

    private final Set<String> creditCodes = new HashSet<>();
    private final Names names;

    // ------------------------------------------------------------------ model

    static final class Unit {
        final int index;
        final CityProfile.Unit spec;
        final CityProfile.Region region;
        final List<Integer> techFirms = new ArrayList<>();
        final List<Integer> otherFirms = new ArrayList<>();
        final List<Institution> institutions = new ArrayList<>();

        Unit(int index, CityProfile.Unit spec, CityProfile.Region region) {
            this.index = index;
            this.spec = spec;
            this.region = region;
        }

        String code() {
            return spec.code();
        }

        /** The first day a record of this unit can carry a valid code (its own, or a legacy one). */
        LocalDate since() {
            return since;
        }

        LocalDate since;
    }

    static final class Firm {
        int id;
        String creditCode;
        String name;
        Unit unit;
        String legacyCode;
        String industry;
        boolean tech;
        LocalDate registered;
        LocalDate cancelled;
        String endStatus;
        String size;
        int employees;
        double salesBase;
        double salesGrowth;
        double assetRatio;

        boolean activeIn(int y) {
            return registered.getYear() <= y && (cancelled == null || cancelled.getYear() >= y);
        }

        boolean aliveThrough(int y) {
            return cancelled == null || cancelled.getYear() > y;
        }

        /** 年销售收入 in 万元 for a year. */
        double sales(int y) {
            return salesBase * StrictMath.pow(salesGrowth, y - 2015);
        }

        String registeredCode() {
            return legacyCode != null ? legacyCode : unit.code();
        }
    }

    record Institution(String name, String type, String creditCode, Unit unit, double weight) {
    }

    static final class Certificate {
        String number;
        Firm firm;
        LocalDate issued;
        LocalDate revoked;

        boolean validAtEndOf(int y) {
            return issued.getYear() <= y && issued.getYear() >= y - 2 && (revoked == null || revoked.getYear() > y);
        }
    }

    record TechSme(String registrationNo, Firm firm, int year, int batch, LocalDate entered, int employees,
                   long salesWan, long assetsWan, int score) {
    }

    record Announcement(String designation, String level, Firm firm, LocalDate announced, String batch,
                        LocalDate validUntil) {
    }

    static final class Platform {
        String id;
        String name;
        String category;
        String subcategory;
        String level;
        boolean major;
        int majorFromYear = Integer.MAX_VALUE;
        String hostName;
        String hostCode;
        String regionCode;
        LocalDate recognised;
        LocalDate revoked;
        Unit unit;

        boolean activeAtEndOf(int y) {
            return recognised.getYear() <= y && (revoked == null || revoked.getYear() > y);
        }
    }

    static final class Patent {
        String number;
        String type;
        String title;
        LocalDate filed;
        LocalDate granted;
        String applicants;
        String firstApplicantCode;
        String region;
        Unit unit;
        boolean strategicEmerging;
        boolean overseasFamily;
        boolean highPledge;
        boolean award;
        int endYear = Integer.MAX_VALUE;   // the year its validity ended
        String endStatus;

        boolean validAtEndOf(int y) {
            return granted.getYear() <= y && endYear > y;
        }

        boolean flagged() {
            return strategicEmerging || overseasFamily || highPledge || award;
        }

        /** CNIPA's 高价值发明专利: a valid invention meeting any condition, maintained > 10 years among them. */
        boolean highValueAtEndOf(int y) {
            return "发明".equals(type) && validAtEndOf(y)
                    && (flagged() || filed.plusYears(10).isBefore(LocalDate.of(y, 12, 31)));
        }
    }

    record Survey(int year, String creditCode, String unitName, String performer, String region, long thousandYuan,
                  BigDecimal fte) {
    }

    record Contract(String number, String type, String sellerName, String sellerCode, String sellerRegion,
                    String buyerName, String buyerRegion, long cents, long technologyCents, LocalDate registered) {
    }

    record CountyStat(String region, int year, long gdpWan, long population, long industryWan, long hightechWan,
                      long fiscalWan) {
    }

    /** A municipal designation (科技创新龙头企业, 科技小巨人（培育）企业) of a firm, with its list and date. */
    record Designation(String designation, Firm firm, String region, LocalDate designated, String batch) {
    }

    /** One incubator's year: floor area in hundredths of 万平方米 and firms in incubation at year end. */
    record IncubatorStat(Platform incubator, int year, String region, long areaHundredths, long incubated) {
    }

    // ------------------------------------------------------------------ build

    SampleWorld(CityProfile profile, double scale, long seed) {
        if (!(scale > 0 && scale <= 10)) {
            throw io.zhibiao.lake.ZhibiaoErrors.sampleScaleOutOfRange(scale);
        }
        this.profile = profile;
        this.zone = profile.zone();
        this.momentumFrom = profile.momentumFrom();
        this.scale = scale;
        this.seed = seed;
        this.firstYear = profile.city().firstYear();
        this.lastYear = profile.city().lastYear();
        this.change = profile.boundaryChangeDate();
        this.names = new Names(rng("names"), profile.namePrefix());
        for (CityProfile.Unit u : profile.units()) {
            Unit unit = new Unit(units.size(), u, profile.region(u.code()));
            unit.since = unit.region.validFrom();
            for (CityProfile.Legacy l : u.legacyOrEmpty()) {
                LocalDate from = profile.region(l.code()).validFrom();
                if (from.isBefore(unit.since)) {
                    unit.since = from;
                }
            }
            units.add(unit);
        }
        buildInstitutions();
        buildFirms();
        buildCertificates();
        buildTechSmes();
        buildAnnouncements();
        buildPlatforms();
        buildPatents();
        buildSurveys();
        buildContracts();
        buildCountyStats();
        buildDesignations();
        buildIncubatorStats();
    }

    /** A random stream for one part of the world; a tagged city's streams are its own. */
    Rng rng(String part) {
        String name = profile.tag() == null ? part : profile.tag() + ":" + part;
        return new Rng(seed * 1_000_003L + name.hashCode());
    }

    long count(String series, int year) {
        return Allocation.scaleCount(profile.valueOrZero(series, year).doubleValue(), scale);
    }

    /** An amount of the profile (亿元) in the given unit: 1e5 for 千元, 1e4 for 万元… at this scale, rounded. */
    long amount(String series, int year, BigDecimal perYi) {
        return profile.value(series, year).multiply(perYi).multiply(BigDecimal.valueOf(scale))
                .setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** Innovation weight of each unit in a year: its share, drifting by its momentum after momentum_from. */
    double[] innovWeights(int year) {
        double[] w = new double[units.size()];
        for (Unit u : units) {
            // A unit that did not exist before the year cannot hold last year's firms.
            w[u.index] = u.since().getYear() >= year ? 0
                    : u.spec.innov() * StrictMath.pow(u.spec.momentum(), Math.max(0, year - momentumFrom));
        }
        return w;
    }

    /** Splits a city count over units; where the profile fixes the zone's count, that is honoured first. */
    long[] allocate(String series, int year, long total) {
        double[] w = innovWeights(year);
        var fixedCounts = profile.zoneCounts() == null ? null : profile.zoneCounts().get(series);
        if (fixedCounts != null && fixedCounts.containsKey(year)) {
            long fixed = Math.min(total, Allocation.scaleCount(fixedCounts.get(year), scale));
            int z = unitIndex(zone);
            w[z] = 0;
            long[] rest = Allocation.largestRemainder(total - fixed, w);
            rest[z] = fixed;
            return rest;
        }
        return Allocation.largestRemainder(total, w);
    }

    int unitIndex(String code) {
        for (Unit u : units) {
            if (u.code().equals(code)) {
                return u.index;
            }
        }
        throw new IllegalArgumentException("no unit " + code);
    }

    /** The code a record of unit {@code u} carries on {@code date}: legacy codes before the boundary change. */
    String codeOn(Unit u, LocalDate date, Rng r) {
        var legacy = u.spec.legacyOrEmpty();
        if (legacy.isEmpty() || !date.isBefore(change)) {
            return u.code();
        }
        double[] w = legacy.stream().mapToDouble(CityProfile.Legacy::share).toArray();
        return legacy.get(r.index(w)).code();
    }

    String codeOn(Firm f, LocalDate date) {
        return f.legacyCode != null && date.isBefore(change) ? f.legacyCode : f.unit.code();
    }

    private String newCreditCode(Rng r, String authority, String category, String region, boolean modern) {
        while (true) {
            StringBuilder body = new StringBuilder(8);
            if (modern) {
                body.append("MA");
                String alnum = "0123456789ABCDEFGHJKLMNPQRTUWXY";
                for (int i = 0; i < 6; i++) {
                    body.append(alnum.charAt(r.between(0, alnum.length() - 1)));
                }
            } else {
                for (int i = 0; i < 8; i++) {
                    body.append((char) ('0' + r.between(0, 9)));
                }
            }
            String code = CreditCode.complete(authority, category, region, body.toString());
            if (creditCodes.add(code)) {
                return code;
            }
        }
    }

    // ---- institutions (universities and research institutes of the profile; names are synthetic)

    private void buildInstitutions() {
        Rng r = rng("institutions");
        for (CityProfile.InstitutionSpec spec : profile.institutions()) {
            Unit u = units.get(unitIndex(spec.unit()));
            String code = newCreditCode(r, "1", "2", profile.city().code(), false);
            Institution inst = new Institution(spec.name(), spec.type(), code, u, spec.weight());
            institutions.add(inst);
            u.institutions.add(inst);
        }
    }

    // ---- enterprises

    private void buildFirms() {
        Rng r = rng("firms");
        double[] firmWeights = new double[units.size()];
        double econSum = units.stream().mapToDouble(u -> u.spec.econ()).sum();
        double innovSum = units.stream().mapToDouble(u -> u.spec.innov()).sum();
        for (Unit u : units) {
            firmWeights[u.index] = 0.6 * u.spec.econ() / econSum + 0.4 * u.spec.innov() / innovSum;
        }
        List<CityProfile.Industry> tech = profile.industries().stream().filter(CityProfile.Industry::tech).toList();
        List<CityProfile.Industry> other = profile.industries().stream().filter(i -> !i.tech()).toList();

        // Cohorts: those existing when the register extract starts, then each year's registrations.
        Map<Integer, Long> cohorts = new LinkedHashMap<>();
        cohorts.put(firstYear - 1, count("enterprises_existing", firstYear - 1));
        for (int y = firstYear; y <= lastYear; y++) {
            cohorts.put(y, count("enterprises_new", y));
        }
        for (var cohort : cohorts.entrySet()) {
            int year = cohort.getKey();
            double[] w = firmWeights.clone();
            if (year > momentumFrom) {
                for (Unit u : units) {
                    w[u.index] *= StrictMath.pow(u.spec.momentum(), year - momentumFrom);
                }
            }
            long[] perUnit = Allocation.largestRemainder(cohort.getValue(), w);
            for (Unit u : units) {
                double techProb = Math.max(0.08, Math.min(0.6, 0.08 + 0.25 * u.spec.innov() / u.spec.econ()));
                for (long k = 0; k < perUnit[u.index]; k++) {
                    Firm f = new Firm();
                    f.id = firms.size();
                    f.unit = u;
                    f.tech = r.chance(techProb);
                    CityProfile.Industry ind = f.tech ? r.pick(tech) : r.pick(other);
                    f.industry = ind.code();
                    f.registered = registrationDate(r, u, year);
                    if (f.registered.isBefore(change) && !u.spec.legacyOrEmpty().isEmpty()) {
                        f.legacyCode = codeOn(u, f.registered, r);
                    }
                    double s = r.uniform();
                    if (f.tech) {
                        f.size = s < 0.015 ? "大型" : s < 0.095 ? "中型" : s < 0.45 ? "小型" : "微型";
                    } else {
                        f.size = s < 0.006 ? "大型" : s < 0.04 ? "中型" : s < 0.28 ? "小型" : "微型";
                    }
                    switch (f.size) {
                        case "大型" -> {
                            f.employees = r.between(500, 5000);
                            f.salesBase = 60000 * r.lognormal(0.7);
                        }
                        case "中型" -> {
                            f.employees = r.between(100, 499);
                            f.salesBase = 8000 * r.lognormal(0.6);
                        }
                        case "小型" -> {
                            f.employees = r.between(10, 99);
                            f.salesBase = 800 * r.lognormal(0.7);
                        }
                        default -> {
                            f.employees = r.between(1, 9);
                            f.salesBase = 80 * r.lognormal(0.8);
                        }
                    }
                    f.salesGrowth = r.uniform(0.97, 1.14);
                    f.assetRatio = r.uniform(0.6, 1.5);
                    f.name = names.enterprise(ind.word(), f.size);
                    f.creditCode = newCreditCode(r, "9", "1", f.registeredCode(), f.registered.getYear() >= 2016);
                    cancel(r, f);
                    firms.add(f);
                    (f.tech ? u.techFirms : u.otherFirms).add(f.id);
                }
            }
        }
    }

    private LocalDate registrationDate(Rng r, Unit u, int cohortYear) {
        LocalDate from = u.since();
        if (cohortYear >= firstYear) {
            LocalDate d = r.dayIn(cohortYear);
            return d.isBefore(from) ? from : d;
        }
        // Existing firms: founded 1990–2014, more of them recently.
        double[] w = new double[cohortYear - 1990 + 1];
        for (int i = 0; i < w.length; i++) {
            w[i] = StrictMath.pow(1.12, i);
        }
        LocalDate d = r.dayIn(1990 + r.index(w));
        if (d.isBefore(from)) {
            d = r.between(from, LocalDate.of(cohortYear, 12, 31));
        }
        return d;
    }

    private void cancel(Rng r, Firm f) {
        double hazard = switch (f.size) {
            case "大型" -> 0.003;
            case "中型" -> 0.008;
            case "小型" -> 0.02;
            default -> 0.035;
        };
        for (int y = Math.max(firstYear, f.registered.getYear() + 1); y <= lastYear; y++) {
            if (r.chance(hazard)) {
                f.cancelled = r.dayIn(y);
                f.endStatus = r.chance(0.9) ? "注销" : "吊销";
                return;
            }
        }
    }

    /** A firm of unit {@code u} meeting {@code ok}, tech firms first with probability {@code techBias}. */
    private Firm pickFirm(Rng r, Unit u, double techBias, java.util.function.Predicate<Firm> ok) {
        boolean techFirst = r.chance(techBias);
        for (List<Integer> pool : techFirst ? List.of(u.techFirms, u.otherFirms) : List.of(u.otherFirms, u.techFirms)) {
            if (pool.isEmpty()) {
                continue;
            }
            int start = r.between(0, pool.size() - 1);
            for (int i = 0; i < pool.size(); i++) {
                Firm f = firms.get(pool.get((start + i) % pool.size()));
                if (ok.test(f)) {
                    return f;
                }
            }
        }
        return null;
    }

    // ---- 高新技术企业 certificates (valid 3 years; stock = certified in t, t-1, t-2, not revoked)

    private void buildCertificates() {
        Rng r = rng("hte");
        int start = profile.series().get("hte_stock").firstKey();
        Map<Integer, Integer> serial = new HashMap<>();
        Map<Integer, List<Certificate>> byUnit = new HashMap<>();
        for (int y = start; y <= lastYear; y++) {
            long[] targets = allocate("hte_stock", y, count("hte_stock", y));
            for (Unit u : units) {
                List<Certificate> mine = byUnit.computeIfAbsent(u.index, k -> new ArrayList<>());
                final int year = y;
                List<Certificate> carry = mine.stream().filter(c -> c.issued.getYear() >= year - 2
                        && c.issued.getYear() <= year - 1 && c.revoked == null).toList();
                List<Certificate> expiring = mine.stream().filter(c -> c.issued.getYear() == year - 3 && c.revoked == null)
                        .toList();
                long needed = targets[u.index] - carry.size();
                if (needed < 0) {
                    List<Certificate> pool = new ArrayList<>(carry);
                    r.shuffle(pool);
                    for (int i = 0; i < -needed; i++) {
                        Certificate c = pool.get(i);
                        LocalDate earliest = c.issued.getYear() == year ? c.issued.plusDays(1) : LocalDate.of(year, 1, 1);
                        c.revoked = r.between(earliest, LocalDate.of(year, 12, 31));
                    }
                    continue;
                }
                Set<Integer> holding = new HashSet<>();
                carry.forEach(c -> holding.add(c.firm.id));
                long renewals = Math.min(needed, Math.round(0.75 * expiring.size()));
                List<Certificate> renewable = new ArrayList<>(expiring.stream()
                        .filter(c -> c.firm.aliveThrough(year + 2)).toList());
                r.shuffle(renewable);
                int issued = 0;
                for (int i = 0; i < renewable.size() && issued < renewals; i++) {
                    mine.add(issue(r, renewable.get(i).firm, year, serial));
                    holding.add(renewable.get(i).firm.id);
                    issued++;
                }
                while (issued < needed) {
                    Firm f = pickFirm(r, u, 0.9, x -> x.registered.getYear() <= year - 1 && x.aliveThrough(year + 2)
                            && !holding.contains(x.id));
                    if (f == null) {
                        throw new IllegalStateException("unit " + u.code() + " has too few firms for " + needed
                                + " 高新技术企业 certificates in " + year + " at scale " + scale);
                    }
                    mine.add(issue(r, f, year, serial));
                    holding.add(f.id);
                    issued++;
                }
            }
        }
        for (Unit u : units) {
            certificates.addAll(byUnit.getOrDefault(u.index, List.of()));
        }
        certificates.sort(java.util.Comparator.comparing((Certificate c) -> c.issued).thenComparing(c -> c.number));
    }

    private Certificate issue(Rng r, Firm f, int year, Map<Integer, Integer> serial) {
        Certificate c = new Certificate();
        c.firm = f;
        c.issued = r.dayIn(year, 288, 354);
        int s = serial.merge(year, r.between(1, 9), Integer::sum);
        c.number = String.format("GR%d41%06d", year, profile.numbering().certificateSerialFrom() + s);
        return c;
    }

    private Map<Integer, Set<Integer>> hteByYear;

    /** Firms holding a 高新技术企业 certificate valid at the end of {@code year}. */
    Set<Integer> hteHolders(int year) {
        if (hteByYear == null) {
            hteByYear = hteByYear();
        }
        return hteByYear.get(year);
    }

    /** Firms entered as 科技型中小企业 in {@code year}. */
    Set<Integer> techSmeIds(int year) {
        Set<Integer> s = new HashSet<>();
        techSmes.stream().filter(t -> t.year() == year).forEach(t -> s.add(t.firm().id));
        return s;
    }

    private Map<Integer, Set<Integer>> hteByYear() {
        Map<Integer, Set<Integer>> out = new HashMap<>();
        for (int y = firstYear; y <= lastYear; y++) {
            Set<Integer> s = new HashSet<>();
            for (Certificate c : certificates) {
                if (c.validAtEndOf(y)) {
                    s.add(c.firm.id);
                }
            }
            out.put(y, s);
        }
        return out;
    }

    // ---- 科技型中小企业 入库 (an annual status)

    private static boolean techSmeEligible(Firm f, int y) {
        return !"大型".equals(f.size) && f.employees <= 500 && f.sales(y) <= 19000 && f.sales(y) * f.assetRatio <= 19000
                && f.registered.getYear() <= y - 1 && f.activeIn(y) && f.aliveThrough(y);
    }

    private void buildTechSmes() {
        Rng r = rng("tech_sme");
        Map<Integer, Set<Integer>> previous = new HashMap<>();
        for (int y = firstYear; y <= lastYear; y++) {
            long total = count("tech_sme", y);
            if (total == 0) {
                continue;
            }
            long[] targets = allocate("tech_sme", y, total);
            int serial = 0;
            for (Unit u : units) {
                final int year = y;
                Set<Integer> kept = new HashSet<>();
                List<Integer> last = new ArrayList<>(previous.getOrDefault(u.index, Set.of()));
                last.sort(Integer::compare);
                r.shuffle(last);
                long continuing = Math.min(targets[u.index], Math.round(0.78 * last.size()));
                for (int id : last) {
                    if (kept.size() >= continuing) {
                        break;
                    }
                    if (techSmeEligible(firms.get(id), year)) {
                        kept.add(id);
                    }
                }
                while (kept.size() < targets[u.index]) {
                    Firm f = pickFirm(r, u, 0.9, x -> techSmeEligible(x, year) && !kept.contains(x.id));
                    if (f == null) {
                        throw new IllegalStateException("unit " + u.code() + " has too few small firms for "
                                + targets[u.index] + " 科技型中小企业 in " + year + " at scale " + scale);
                    }
                    kept.add(f.id);
                }
                List<Integer> ids = new ArrayList<>(kept);
                ids.sort(Integer::compare);
                for (int id : ids) {
                    Firm f = firms.get(id);
                    int batch = r.between(1, 6);
                    LocalDate entered = LocalDate.of(year, 2 + batch, 1).plusDays(r.between(0, 20));
                    serial++;
                    String no = String.format("%d%sA%07d", year, f.registeredCode(), serial);
                    long sales = Math.round(f.sales(year));
                    techSmes.add(new TechSme(no, f, year, batch, entered, f.employees, sales,
                            Math.round(f.sales(year) * f.assetRatio), r.between(60, 95)));
                }
                previous.put(u.index, kept);
            }
        }
    }

    // ---- 优质中小企业公告

    private void buildAnnouncements() {
        Rng r = rng("announcements");
        String[][] kinds = {
            {"innovative_sme_announced", "创新型中小企业", "省级"},
            {"specialised_sme_announced", "专精特新中小企业", "省级"},
            {"little_giant_announced", "专精特新“小巨人”企业", "国家级"},
        };
        for (String[] k : kinds) {
            Set<Integer> done = new HashSet<>();
            for (int y = firstYear; y <= lastYear; y++) {
                long n = count(k[0], y);
                if (n == 0) {
                    continue;
                }
                long[] perUnit = Allocation.largestRemainder(n, innovWeights(y));
                for (Unit u : units) {
                    final int year = y;
                    for (long i = 0; i < perUnit[u.index]; i++) {
                        Firm f = pickFirm(r, u, 0.95, x -> x.registered.getYear() <= year - 2 && x.aliveThrough(year + 1)
                                && !"大型".equals(x.size) && !done.contains(x.id));
                        if (f == null) {
                            break;
                        }
                        done.add(f.id);
                        int b = r.between(1, 2);
                        LocalDate day = LocalDate.of(year, b == 1 ? 6 : 11, r.between(5, 28));
                        announcements.add(new Announcement(k[1], k[2], f, day, year + "年第" + (b == 1 ? "一" : "二") + "批",
                                day.plusYears(3).minusDays(1)));
                    }
                }
            }
        }
    }

    // ---- platform registries

    private record PlatformSeries(String series, String category, String level, String prefix, List<String> subs) {
    }

    private static final List<PlatformSeries> PLATFORM_SERIES = List.of(
            new PlatformSeries("platform_national", "创新平台载体", "国家级", "PT",
                    List.of("国家企业技术中心", "国家工程技术研究中心", "国家重点实验室", "国家地方联合工程研究中心")),
            new PlatformSeries("platform_provincial", "创新平台载体", "省级", "PT",
                    List.of("省工程技术研究中心", "省重点实验室", "省企业技术中心", "省工程研究中心", "省国际联合实验室")),
            new PlatformSeries("platform_municipal", "创新平台载体", "市级", "PT",
                    List.of("市工程技术研究中心", "市重点实验室", "市企业技术中心", "市企业研发中心")),
            new PlatformSeries("new_rd_institution_provincial", "新型研发机构", "省级", "XY", List.of("新型研发机构")),
            new PlatformSeries("new_rd_institution_municipal", "新型研发机构", "市级", "XY", List.of("新型研发机构")),
            new PlatformSeries("industry_institute_provincial", "产业研究院", "省级", "CY", List.of("产业研究院")),
            new PlatformSeries("industry_institute_municipal", "产业研究院", "市级", "CY", List.of("产业研究院")),
            new PlatformSeries("pilot_base_provincial", "中试基地", "省级", "ZS", List.of("中试基地")),
            new PlatformSeries("pilot_base_municipal", "中试基地", "市级", "ZS", List.of("中试基地")),
            new PlatformSeries("tech_community", "科技产业社区", "市级", "SQ", List.of("科技产业社区")),
            new PlatformSeries("incubator_national", "孵化载体", "国家级", "FH", List.of("科技企业孵化器", "众创空间")),
            new PlatformSeries("incubator_provincial", "孵化载体", "省级", "FH", List.of("科技企业孵化器", "众创空间")),
            new PlatformSeries("incubator_municipal", "孵化载体", "市级", "FH", List.of("科技企业孵化器", "众创空间", "大学科技园")));

    private void buildPlatforms() {
        Rng r = rng("platforms");
        Map<String, Integer> serial = new HashMap<>();
        for (PlatformSeries ps : PLATFORM_SERIES) {
            if (!profile.has(ps.series())) {
                continue;
            }
            var series = profile.series().get(ps.series());
            List<Platform> mine = new ArrayList<>();
            for (int y = series.firstKey(); y <= lastYear; y++) {
                long[] targets = allocate(ps.series(), y, count(ps.series(), y));
                for (Unit u : units) {
                    final int year = y;
                    List<Platform> active = mine.stream().filter(p -> p.unit == u && p.revoked == null).toList();
                    long delta = targets[u.index] - active.size();
                    if (delta < 0) {
                        List<Platform> pool = new ArrayList<>(active);
                        r.shuffle(pool);
                        for (int i = 0; i < -delta; i++) {
                            Platform p = pool.get(i);
                            p.revoked = r.between(p.recognised.getYear() == year ? p.recognised.plusDays(1)
                                    : LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
                        }
                    }
                    for (long i = 0; i < delta; i++) {
                        // The first year's stock was recognised over the years before it.
                        int recognisedIn = year == series.firstKey() && year < firstYear ? year - r.between(0, 9) : year;
                        mine.add(newPlatform(r, ps, u, recognisedIn, serial));
                    }
                }
                if (ps.series().equals("new_rd_institution_provincial")) {
                    markMajor(r, mine, y);
                }
            }
            platforms.addAll(mine);
        }
    }

    /** 省重大新型研发机构: upgrade active provincial ones until the year's count is reached. */
    private void markMajor(Rng r, List<Platform> provincial, int year) {
        long target = count("new_rd_institution_major", year);
        List<Platform> active = provincial.stream().filter(p -> p.activeAtEndOf(year)).toList();
        long have = active.stream().filter(p -> p.major).count();
        List<Platform> candidates = new ArrayList<>(active.stream().filter(p -> !p.major).toList());
        r.shuffle(candidates);
        for (int i = 0; i < target - have && i < candidates.size(); i++) {
            candidates.get(i).major = true;
            candidates.get(i).majorFromYear = year;
        }
    }

    private Platform newPlatform(Rng r, PlatformSeries ps, Unit u, int year, Map<String, Integer> serial) {
        Platform p = new Platform();
        p.unit = u;
        p.category = ps.category();
        p.level = ps.level();
        p.subcategory = r.pick(ps.subs());
        p.recognised = r.dayIn(year, 60, 350);
        if (p.recognised.isBefore(u.since())) {
            p.recognised = u.since().plusDays(r.between(30, 300));
            year = p.recognised.getYear();
        }
        int n = serial.merge(ps.prefix() + year, 1, Integer::sum);
        p.id = String.format("%s-%s-%d-%04d", profile.numbering().platformPrefix(), ps.prefix(), year, n);
        boolean byInstitution = !u.institutions.isEmpty()
                && (ps.category().equals("新型研发机构") || ps.category().equals("创新平台载体")) && r.chance(0.25);
        String hostShort;
        if (byInstitution) {
            Institution inst = r.pick(u.institutions);
            p.hostName = inst.name();
            p.hostCode = inst.creditCode();
            hostShort = inst.name();
        } else {
            final int y = year;
            Firm f = pickFirm(r, u, 0.95, x -> x.registered.getYear() <= y && x.aliveThrough(lastYear));
            if (f == null) {
                f = pickFirm(r, u, 0.5, x -> x.registered.getYear() <= y);
            }
            if (f == null) {
                throw new IllegalStateException("unit " + u.code() + " has no firm to host a platform in " + year);
            }
            p.hostName = f.name;
            p.hostCode = f.creditCode;
            hostShort = f.name.replace(profile.namePrefix(), "").replaceAll("(股份)?有限(责任)?公司$", "");
        }
        String what = switch (ps.category()) {
            case "创新平台载体" -> p.subcategory.replaceFirst("^(国家|省|市)", "");
            case "科技产业社区" -> "科技产业社区";
            case "孵化载体" -> p.subcategory;
            default -> ps.category();
        };
        String levelWord = switch (ps.level()) {
            case "国家级" -> "国家";
            case "省级" -> "河南省";
            default -> profile.city().name();
        };
        p.name = levelWord + hostShort + what;
        p.regionCode = codeOn(u, p.recognised, r);
        return p;
    }

    // ---- patents: grants, yearly legal status, CNIPA high-value conditions

    private void buildPatents() {
        Rng r = rng("patents");
        Map<String, Integer> serial = new HashMap<>();
        int inventionStart = profile.series().get("invention_stock").firstKey();
        // Valid inventions at the end of the year before the first: granted over the preceding decade.
        long initial = count("invention_stock", inventionStart);
        List<Patent> valid = new ArrayList<>();
        for (long i = 0; i < initial; i++) {
            double[] w = new double[10];
            for (int k = 0; k < 10; k++) {
                w[k] = StrictMath.pow(1.25, k);
            }
            int grantYear = inventionStart - 9 + r.index(w);
            valid.add(newPatent(r, "发明", grantYear, serial));
        }
        for (Patent p : valid) {
            p.strategicEmerging = r.chance(0.15);
            p.overseasFamily = r.chance(0.02);
        }
        patents.addAll(valid);
        for (int y = inventionStart + 1; y <= lastYear; y++) {
            final int year = y;
            List<Patent> remaining = new ArrayList<>();
            for (Patent p : valid) {
                if (p.filed.getYear() + 20 <= year) {
                    end(p, year, "期限届满");
                } else if (r.chance(lapseHazard(year - p.granted.getYear()))) {
                    end(p, year, r.chance(0.9) ? "未缴年费终止" : r.chance(0.7) ? "放弃" : "无效宣告");
                } else {
                    remaining.add(p);
                }
            }
            long grants = count("invention_stock", year) - remaining.size();
            r.shuffle(remaining);
            while (grants < 0) {
                end(remaining.remove(remaining.size() - 1), year, "未缴年费终止");
                grants++;
            }
            List<Patent> granted = new ArrayList<>();
            for (long i = 0; i < grants; i++) {
                granted.add(newPatent(r, "发明", year, serial));
            }
            // High-value flags: the year's new grants carry what the city's count still needs.
            long hv = remaining.stream().filter(p -> p.highValueAtEndOf(year)).count();
            long need = count("high_value_stock", year) - hv;
            for (int i = 0; i < granted.size(); i++) {
                Patent p = granted.get(i);
                if (i < need) {
                    double s = r.uniform();
                    if (s < 0.80) {
                        p.strategicEmerging = true;
                    } else if (s < 0.93) {
                        p.overseasFamily = true;
                    } else if (s < 0.98) {
                        p.highPledge = true;
                    } else {
                        p.award = true;
                    }
                }
            }
            remaining.addAll(granted);
            patents.addAll(granted);
            valid = remaining;
        }
        buildMinorPatents(r, "实用新型", "utility_grants", 10, 0.12, serial);
        buildMinorPatents(r, "外观设计", "design_grants", 10, 0.15, serial);
        patents.sort(java.util.Comparator.comparing((Patent p) -> p.granted).thenComparing(p -> p.number));
    }

    private static double lapseHazard(int age) {
        return age < 3 ? 0.02 : age < 8 ? 0.05 : 0.09;
    }

    private void end(Patent p, int year, String status) {
        p.endYear = year;
        p.endStatus = status;
    }

    private void buildMinorPatents(Rng r, String type, String series, int term, double hazard, Map<String, Integer> serial) {
        var s = profile.series().get(series);
        for (int y = s.firstKey(); y <= lastYear; y++) {
            long n = count(series, y);
            for (long i = 0; i < n; i++) {
                Patent p = newPatent(r, type, y, serial);
                for (int z = y + 1; z <= lastYear; z++) {
                    if (p.filed.getYear() + term <= z) {
                        end(p, z, "期限届满");
                        break;
                    }
                    if (r.chance(hazard)) {
                        end(p, z, "未缴年费终止");
                        break;
                    }
                }
                // Only what was still valid when the extracts begin is delivered.
                if (p.endYear >= firstYear) {
                    patents.add(p);
                }
            }
        }
    }

    private Patent newPatent(Rng r, String type, int grantYear, Map<String, Integer> serial) {
        Patent p = new Patent();
        p.type = type;
        p.granted = r.dayIn(grantYear);
        int lagDays = switch (type) {
            case "发明" -> r.between(500, 1400);
            case "实用新型" -> r.between(120, 400);
            default -> r.between(90, 300);
        };
        p.filed = p.granted.minusDays(lagDays);
        int typeDigit = switch (type) {
            case "发明" -> 1;
            case "实用新型" -> 2;
            default -> 3;
        };
        int fy = p.filed.getYear();
        int n = serial.merge(fy + "-" + typeDigit, r.between(1, 40), Integer::sum);
        String digits = String.format("%d%d%07d", fy, typeDigit, profile.numbering().patentSerialFrom() + n);
        p.number = "ZL" + digits + "." + applicationCheck(digits);
        p.title = names.patentTitle(type);
        int year = Math.max(grantYear, firstYear);
        Unit u = units.get(r.index(innovWeights(year)));
        while (u.since().isAfter(p.filed)) {
            u = units.get(r.index(innovWeights(year)));
        }
        final Unit unit = u;
        p.unit = u;
        double who = r.uniform();
        if (who < 0.18 && !u.institutions.isEmpty()) {
            Institution inst = r.pick(u.institutions);
            p.applicants = inst.name();
            p.firstApplicantCode = inst.creditCode();
            p.region = codeOn(u, p.filed, r);
        } else {
            Firm f = who < 0.9 ? pickFirm(r, unit, 0.9, x -> x.registered.isBefore(p.filed) && x.activeIn(fy)) : null;
            if (f == null) {
                p.applicants = names.person();
                p.firstApplicantCode = null;
                p.region = codeOn(u, p.filed, r);
            } else {
                p.applicants = f.name;
                p.firstApplicantCode = f.creditCode;
                p.region = codeOn(f, p.filed);
            }
        }
        if (r.chance(0.12)) {
            p.applicants += "；" + (u.institutions.isEmpty() || r.chance(0.5) ? names.person() : r.pick(u.institutions).name());
        }
        return p;
    }

    /** A check digit for a 12-digit application number: Σ digit × weight (2…9, 2…5) mod 11, X for 10. */
    static char applicationCheck(String digits12) {
        int[] w = {2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5};
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (digits12.charAt(i) - '0') * w[i];
        }
        int c = sum % 11;
        return c == 10 ? 'X' : (char) ('0' + c);
    }

    // ---- R&D survey (统计): enterprises, research institutes, universities

    private void buildSurveys() {
        Rng r = rng("survey");
        Map<Integer, Double> rdBase = new HashMap<>();
        for (int y = firstYear; y <= lastYear; y++) {
            final int year = y;
            long total = amount("rd_expenditure", y, BigDecimal.valueOf(100_000));
            long institutionsShare = Math.round(total * 0.22);
            long enterpriseShare = total - institutionsShare;
            long performers = count("rd_performers", y);
            List<Firm> chosen = new ArrayList<>();
            Set<Integer> taken = new HashSet<>();
            List<Integer> hteIds = new ArrayList<>(hteHolders(y));
            hteIds.sort(Integer::compare);
            r.shuffle(hteIds);
            for (int id : hteIds) {
                Firm f = firms.get(id);
                if (chosen.size() < performers && f.activeIn(year) && r.chance(0.97)) {
                    chosen.add(f);
                    taken.add(id);
                }
            }
            double[] w = innovWeights(y);
            int guard = 0;
            while (chosen.size() < performers && guard++ < performers * 50) {
                Unit u = units.get(r.index(w));
                Firm f = pickFirm(r, u, 0.8, x -> x.activeIn(year) && !taken.contains(x.id) && !"微型".equals(x.size)
                        && x.registered.getYear() < year);
                if (f != null) {
                    chosen.add(f);
                    taken.add(f.id);
                }
            }
            // Every unit that does R&D has at least one performer, so its series does not flicker.
            for (Unit u : units) {
                if (w[u.index] > 0 && chosen.stream().noneMatch(f -> f.unit == u)) {
                    Firm f = pickFirm(r, u, 0.8, x -> x.activeIn(year) && !taken.contains(x.id) && x.registered.getYear() < year);
                    if (f != null) {
                        chosen.add(f);
                        taken.add(f.id);
                    }
                }
            }
            chosen.sort(java.util.Comparator.comparingInt(f -> f.id));
            // County budgets follow the counties' innovation weights (smooth over time); firms share their county's.
            double[] unitWeights = new double[units.size()];
            for (Unit u : units) {
                boolean present = chosen.stream().anyMatch(f -> f.unit == u);
                unitWeights[u.index] = present ? w[u.index] : 0;
            }
            long[] unitBudgets = Allocation.largestRemainder(enterpriseShare, unitWeights);
            for (Unit u : units) {
                List<Firm> mine = chosen.stream().filter(f -> f.unit == u).toList();
                if (mine.isEmpty()) {
                    continue;
                }
                double[] fw = new double[mine.size()];
                for (int i = 0; i < fw.length; i++) {
                    Firm f = mine.get(i);
                    double sizeW = switch (f.size) {
                        case "大型" -> 25;
                        case "中型" -> 6;
                        case "小型" -> 1.5;
                        default -> 0.5;
                    };
                    // A firm's R&D effort persists from year to year; only a little of it is the year's noise.
                    double persistent = rdBase.computeIfAbsent(f.id, id -> r.lognormal(0.7));
                    fw[i] = sizeW * persistent * r.lognormal(0.15);
                }
                long[] firmAmounts = Allocation.largestRemainder(unitBudgets[u.index] - mine.size(), fw);
                for (int i = 0; i < mine.size(); i++) {
                    Firm f = mine.get(i);
                    long k = firmAmounts[i] + 1;   // every performer reports at least 1 千元
                    surveys.add(new Survey(y, f.creditCode, f.name, "企业", codeOn(f, LocalDate.of(y, 12, 31)), k, fte(k)));
                }
            }
            double[] iw = institutions.stream().mapToDouble(i -> i.weight() * (0.9 + 0.2 * r.uniform())).toArray();
            long[] instAmounts = Allocation.largestRemainder(institutionsShare, iw);
            for (int i = 0; i < institutions.size(); i++) {
                Institution inst = institutions.get(i);
                surveys.add(new Survey(y, inst.creditCode(), inst.name(), inst.type(),
                        codeOn(inst.unit(), LocalDate.of(y, 12, 31), r), instAmounts[i], fte(instAmounts[i])));
            }
        }
    }

    private static BigDecimal fte(long thousandYuan) {
        // About 400,000 元 of R&D spending per full-time-equivalent researcher.
        return BigDecimal.valueOf(thousandYuan).divide(BigDecimal.valueOf(400), 1, RoundingMode.HALF_UP);
    }

    // ---- 技术合同登记 (seller side: contracts register where the seller is)

    private void buildContracts() {
        Rng r = rng("contracts");
        String[] types = {"技术开发", "技术服务", "技术咨询", "技术转让", "技术许可"};
        double[] typeWeights = {0.40, 0.40, 0.08, 0.07, 0.05};
        for (int y = firstYear; y <= lastYear; y++) {
            final int year = y;
            long total = amount("contract_turnover", y, BigDecimal.valueOf(10_000_000_000L));
            double average = 1.6e8 * StrictMath.pow(1.08, y - 2015);    // in cents
            int n = (int) Math.max(1, Math.round(total / average));
            long floor = 100_000;                                    // 1,000 元 at least
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                w[i] = r.lognormal(1.1);
            }
            long[] amounts = Allocation.largestRemainder(total - floor * n, w);
            double[] uw = innovWeights(y);
            int serial = 0;
            for (int i = 0; i < n; i++) {
                long cents = amounts[i] + floor;
                LocalDate day = r.dayIn(y);
                Unit u = units.get(r.index(uw));
                String sellerName;
                String sellerCode;
                String sellerRegion;
                Firm f = null;
                if (!u.institutions.isEmpty() && r.chance(0.3)) {
                    Institution inst = r.pick(u.institutions);
                    sellerName = inst.name();
                    sellerCode = inst.creditCode();
                    sellerRegion = codeOn(u, day, r);
                } else {
                    f = pickFirm(r, u, 0.9, x -> x.registered.isBefore(day) && x.activeIn(year));
                    if (f == null) {
                        Institution inst = r.pick(institutions);
                        sellerName = inst.name();
                        sellerCode = inst.creditCode();
                        sellerRegion = codeOn(inst.unit(), day, r);
                    } else {
                        sellerName = f.name;
                        sellerCode = f.creditCode;
                        sellerRegion = codeOn(f, day);
                    }
                }
                String buyerRegion;
                String buyerName;
                if (r.chance(0.4)) {
                    Unit bu = units.get(r.between(0, units.size() - 1));
                    buyerRegion = codeOn(bu, day, r);
                    buyerName = names.buyer(profile.namePrefix());
                } else {
                    var buyers = profile.buyerRegions();
                    CityProfile.BuyerRegion b = buyers.get(r.between(0, buyers.size() - 1));
                    buyerRegion = b.code();
                    buyerName = names.buyer(b.name());
                }
                String type = types[r.index(typeWeights)];
                long tech = Math.round(cents * r.uniform(0.55, 1.0));
                serial += r.between(1, 3);
                // 合同登记号: year, the city's first four code digits, the registering unit, a serial.
                String no = String.format("%d%s%02d%06d", y, profile.city().code().substring(0, 4), 1 + u.index, serial);
                contracts.add(new Contract(no, type, sellerName, sellerCode, sellerRegion, buyerName, buyerRegion,
                        cents, tech, day));
            }
        }
    }

    // ---- municipal designation lists (科技局): a firm is listed once and stays on the list

    private record DesignationSeries(String series, String designation, boolean leader) {
    }

    private static final List<DesignationSeries> DESIGNATION_SERIES = List.of(
            new DesignationSeries("innovation_leaders", "科技创新龙头企业", true),
            new DesignationSeries("little_giants_cultivated", "科技小巨人（培育）企业", false));

    private void buildDesignations() {
        Rng r = rng("designations");
        for (DesignationSeries ds : DESIGNATION_SERIES) {
            if (!profile.has(ds.series())) {
                continue;
            }
            Set<Integer> listed = new HashSet<>();
            for (int y = firstYear; y <= lastYear; y++) {
                final int year = y;
                long added = count(ds.series(), y) - listed.size();
                if (added < 0) {
                    throw new IllegalStateException("series " + ds.series() + " falls in " + y
                            + "; designation lists in the sample only grow");
                }
                double[] w = innovWeights(y);
                for (long i = 0; i < added; i++) {
                    Firm f = null;
                    for (int attempt = 0; f == null && attempt < 200; attempt++) {
                        Unit u = units.get(r.index(w));
                        f = ds.leader()
                                // 龙头企业: large or medium firms, certified 高新技术企业 where there is one.
                                ? firstNonNull(
                                        pickFirm(r, u, 0.95, x -> leaderCandidate(x, year, listed) && hteHolders(year).contains(x.id)),
                                        pickFirm(r, u, 0.95, x -> leaderCandidate(x, year, listed)))
                                // 小巨人（培育）: small and medium technology firms with a track record.
                                : pickFirm(r, u, 1.0, x -> x.tech && !listed.contains(x.id) && !"大型".equals(x.size)
                                        && !"微型".equals(x.size) && x.registered.getYear() <= year - 2 && x.aliveThrough(lastYear));
                    }
                    if (f == null) {
                        throw new IllegalStateException("no firm left to list as " + ds.designation() + " in " + y
                                + " at scale " + scale);
                    }
                    listed.add(f.id);
                    int b = r.between(1, 2);
                    LocalDate day = LocalDate.of(y, b == 1 ? 5 : 10, r.between(8, 28));
                    designations.add(new Designation(ds.designation(), f, codeOn(f, day), day,
                            y + "年第" + (b == 1 ? "一" : "二") + "批"));
                }
            }
        }
        designations.sort(java.util.Comparator.comparing((Designation d) -> d.designated()).thenComparing(d -> d.firm().id));
    }

    private static boolean leaderCandidate(Firm x, int year, Set<Integer> listed) {
        return !listed.contains(x.id) && ("大型".equals(x.size) || "中型".equals(x.size))
                && x.registered.getYear() <= year - 3 && x.aliveThrough(year + 5);
    }

    private static Firm firstNonNull(Firm a, Firm b) {
        return a != null ? a : b;
    }

    // ---- incubator statistics (科技局 / 火炬统计): floor area and firms in incubation per incubator and year

    private void buildIncubatorStats() {
        if (!profile.has("incubation_floor_area") || !profile.has("incubated_firms")) {
            return;
        }
        Rng r = rng("incubator_stats");
        Map<String, Double> size = new HashMap<>();
        for (int y = firstYear; y <= lastYear; y++) {
            final int year = y;
            if (!profile.series().get("incubation_floor_area").containsKey(y)) {
                continue;
            }
            List<Platform> active = new ArrayList<>(platforms.stream()
                    .filter(p -> p.category.equals("孵化载体") && p.activeAtEndOf(year)).toList());
            active.sort(java.util.Comparator.comparing(p -> p.id));
            long area = amount("incubation_floor_area", y, BigDecimal.valueOf(100));  // hundredths of 万平方米
            long firmsIn = count("incubated_firms", y);
            if (active.isEmpty()) {
                continue;   // only at small scales: no incubator to report the year's figures
            }
            double[] aw = new double[active.size()];
            double[] fw = new double[active.size()];
            for (int i = 0; i < aw.length; i++) {
                Platform p = active.get(i);
                double level = switch (p.level) {
                    case "国家级" -> 3.0;
                    case "省级" -> 1.8;
                    default -> 1.0;
                };
                // An incubator's size persists; its tenants vary a little from year to year.
                aw[i] = level * size.computeIfAbsent(p.id, id -> r.lognormal(0.4));
                fw[i] = aw[i] * r.lognormal(0.2);
            }
            long floor = area >= active.size() ? 1 : 0;   // every incubator reports at least 0.01 万平方米 (100 m²)
            long[] areas = Allocation.largestRemainder(area - floor * active.size(), aw);
            long[] tenants = Allocation.largestRemainder(firmsIn, fw);
            LocalDate yearEnd = LocalDate.of(y, 12, 31);
            for (int i = 0; i < active.size(); i++) {
                Platform p = active.get(i);
                String region = yearEnd.isBefore(change) ? p.regionCode : p.unit.code();
                incubatorStats.add(new IncubatorStat(p, y, region, areas[i] + floor, tenants[i]));
            }
        }
    }

    // ---- county reference statistics, on the boundaries of each year

    private void buildCountyStats() {
        for (int y = firstYear; y <= lastYear; y++) {
            boolean old = LocalDate.of(y, 12, 31).isBefore(change);
            List<String> codes = new ArrayList<>();
            List<double[]> weights = new ArrayList<>();  // econ, pop, hightech intensity, innov
            for (Unit u : units) {
                double drift = StrictMath.pow(u.spec.momentum(), Math.max(0, y - momentumFrom) * 0.5);
                var legacy = u.spec.legacyOrEmpty();
                if (old && !legacy.isEmpty()) {
                    for (CityProfile.Legacy l : legacy) {
                        codes.add(l.code());
                        weights.add(new double[] {u.spec.econ() * l.share(), u.spec.pop() * l.share(), u.spec.hightech(),
                            u.spec.innov() * l.share()});
                    }
                } else {
                    codes.add(u.code());
                    weights.add(new double[] {u.spec.econ() * drift, u.spec.pop(), u.spec.hightech(),
                        u.spec.innov() * drift});
                }
            }
            BigDecimal wan = BigDecimal.valueOf(10_000);
            long[] gdp = Allocation.largestRemainder(amount("gdp", y, wan), col(weights, 0));
            long[] pop = Allocation.largestRemainder(count("resident_population", y), col(weights, 1));
            long[] ind = Allocation.largestRemainder(amount("industry_value_added", y, wan), col(weights, 0));
            double[] htw = new double[codes.size()];
            for (int i = 0; i < htw.length; i++) {
                htw[i] = ind[i] * weights.get(i)[2];
            }
            long[] ht = Allocation.largestRemainder(amount("hightech_value_added", y, wan), htw);
            double[] fw = new double[codes.size()];
            for (int i = 0; i < fw.length; i++) {
                fw[i] = 0.5 * weights.get(i)[0] + 0.5 * weights.get(i)[3];
            }
            long[] fiscal = Allocation.largestRemainder(amount("fiscal_st_expenditure", y, wan), fw);
            for (int i = 0; i < codes.size(); i++) {
                if (ht[i] > ind[i]) {
                    throw new IllegalStateException("profile makes 高新技术产业增加值 exceed 规上工业增加值 in " + codes.get(i)
                            + " " + y + "; lower its hightech intensity");
                }
                countyStats.add(new CountyStat(codes.get(i), y, gdp[i], pop[i], ind[i], ht[i], fiscal[i]));
            }
        }
    }

    private static double[] col(List<double[]> rows, int c) {
        return rows.stream().mapToDouble(r -> r[c]).toArray();
    }
}
