package io.zhibiao.indicators.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.zhibiao.indicators.disclosure.DisclosureRules;
import io.zhibiao.transforms.source.CatalogException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The indicators of indicators.yaml, validated when loaded: a malformed entry stops the job with the file, the
 * entry and the reason before any data is read. SQL is checked by the parser handed in (Spark's, at run time).
 */
public final class IndicatorCatalog {

    public static final String DEFAULT_RESOURCE = "zhibiao/indicators.yaml";
    private static final Pattern ID = Pattern.compile("^[a-z][a-z0-9_]*$");
    private static final List<String> LEVELS = List.of("county", "city");
    private static final List<String> CLASSES = List.of("public", "registry", "survey", "tax");
    private static final Pattern TABLE = Pattern.compile("^silver\\.[a-z][a-z0-9_]*$");

    private final String file;
    private final Map<String, Indicator> byId;
    private final StatusBands bands;
    private final DisclosureRules disclosure;
    private final ProgressMethod progressMethod;

    private final String digest;

    private IndicatorCatalog(String file, Map<String, Indicator> byId, StatusBands bands, DisclosureRules disclosure,
                             ProgressMethod progressMethod,
                             String digest) {
        this.file = file;
        this.byId = byId;
        this.bands = bands;
        this.disclosure = disclosure;
        this.progressMethod = progressMethod;
        this.digest = digest;
    }

    /** SHA-256 of the declaration file: a release records which catalog produced it. */
    public String digest() {
        return digest;
    }

    /** The SHA-256 of {@code bytes}, hex: the digests the catalogs, releases and kept caches are keyed by. */
    public static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectMapper yaml() {
        return JsonMapper.builder(new YAMLFactory())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    record Document(StatusBands statusBands, ProgressMethod progressMethod, DisclosureDocument disclosure,
                    List<Indicator> indicators) {
    }

    /** The disclosure section as written; boxed so that a missing key is told apart from a zero. */
    record DisclosureDocument(List<String> classes, Integer minContributors, DominanceDocument dominance,
                              BigDecimal pPercent, BigDecimal protectionPercent) {
    }

    record DominanceDocument(Integer n, BigDecimal k) {
    }

    /**
     * @param sqlProblem returns why a query does not parse, or null; pass {@code q -> null} to skip the check
     */
    public static IndicatorCatalog loadDefault(Function<String, String> sqlProblem) {
        try (InputStream in = IndicatorCatalog.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new CatalogException(DEFAULT_RESOURCE, null, "not found on the class path");
            }
            return parse(DEFAULT_RESOURCE, in, sqlProblem);
        } catch (IOException e) {
            throw new CatalogException(DEFAULT_RESOURCE, null, "cannot be read: " + e.getMessage(), e);
        }
    }

    public static IndicatorCatalog load(Path path, Function<String, String> sqlProblem) {
        try (InputStream in = Files.newInputStream(path)) {
            return parse(path.toString(), in, sqlProblem);
        } catch (IOException e) {
            throw new CatalogException(path.toString(), null, "cannot be read: " + e.getMessage(), e);
        }
    }

    public static IndicatorCatalog parse(String file, InputStream in, Function<String, String> sqlProblem) {
        Document doc;
        String digest;
        try {
            byte[] bytes = in.readAllBytes();
            digest = sha256(bytes);
            doc = yaml().readValue(bytes, Document.class);
        } catch (IOException e) {
            throw new CatalogException(file, null, "is not a valid indicator catalog: " + e.getMessage(), e);
        }
        if (doc == null || doc.indicators() == null || doc.indicators().isEmpty()) {
            throw new CatalogException(file, null, "declares no indicators (expected a top-level 'indicators:' list)");
        }
        StatusBands bands = doc.statusBands();
        if (bands == null || !(bands.onTrack() > bands.needsAcceleration()) || bands.needsAcceleration() < 0) {
            throw new CatalogException(file, "status_bands", "needs on_track > needs_acceleration ≥ 0");
        }
        DisclosureRules disclosure = disclosure(file, doc.disclosure());
        ProgressMethod method = validate(file, doc.progressMethod());
        Map<String, Indicator> byId = new LinkedHashMap<>();
        for (int i = 0; i < doc.indicators().size(); i++) {
            Indicator ind = validate(file, i, doc.indicators().get(i), sqlProblem);
            if (byId.put(ind.id(), ind) != null) {
                throw new CatalogException(file, "indicator '" + ind.id() + "'", "is declared twice");
            }
        }
        return new IndicatorCatalog(file, byId, bands, disclosure, method, digest);
    }

    private static DisclosureRules disclosure(String file, DisclosureDocument d) {
        String entry = "disclosure";
        require(file, entry, d != null, "is missing: declare the disclosure-control rules (classes, min_contributors, "
                + "dominance, protection_percent) as a top-level 'disclosure:' section");
        require(file, entry, d.classes() != null && !d.classes().isEmpty() && CLASSES.containsAll(d.classes()),
                "classes must be a non-empty list drawn from " + CLASSES + " (the confidentiality classes controlled)");
        require(file, entry, d.minContributors() != null && d.minContributors() >= 1,
                "min_contributors must be a whole number ≥ 1 (a cell with fewer contributing enterprises is unsafe)");
        require(file, entry, d.dominance() != null && d.dominance().n() != null && d.dominance().k() != null,
                "dominance needs n and k, e.g. {n: 1, k: 85}");
        require(file, entry + ".dominance", d.dominance().n() == 1 || d.dominance().n() == 2,
                "n must be 1 or 2 (the largest, or the two largest contributors), not " + d.dominance().n());
        require(file, entry + ".dominance", between(d.dominance().k(), 50, 100),
                "k must be a percentage above 50 and below 100, not " + d.dominance().k().toPlainString());
        require(file, entry, d.pPercent() == null || between(d.pPercent(), 0, 100),
                "p_percent must be above 0 and below 100 (or left out to skip the p % rule)");
        require(file, entry, d.protectionPercent() != null && d.protectionPercent().signum() > 0
                        && d.protectionPercent().compareTo(BigDecimal.valueOf(100)) <= 0,
                "protection_percent must be above 0 and at most 100 (the least interval, in percent of a suppressed "
                        + "cell's value, an attacker must be left with on each side)");
        return new DisclosureRules(new TreeSet<>(d.classes()), d.minContributors(), d.dominance().n(), d.dominance().k(),
                d.pPercent(), d.protectionPercent());
    }

    private static boolean between(BigDecimal x, int lowExclusive, int highExclusive) {
        return x.compareTo(BigDecimal.valueOf(lowExclusive)) > 0 && x.compareTo(BigDecimal.valueOf(highExclusive)) < 0;
    }

    private static ProgressMethod validate(String file, ProgressMethod m) {
        String entry = "progress_method";
        require(file, entry, m != null, "is missing (the published progress method: id, name_zh, name_en, eurostat, escap; "
                + "see indicators/METHODS-progress.md)");
        require(file, entry, notBlank(m.id()) && notBlank(m.nameZh()) && notBlank(m.nameEn()), "needs id, name_zh and name_en");
        ProgressMethod.Eurostat e = m.eurostat();
        require(file, entry, e != null, "needs eurostat: {id, significant, moderate, insufficient, zero_base, sources}");
        require(file, entry + ".eurostat", notBlank(e.id()), "needs an id");
        require(file, entry + ".eurostat", e.significant() > e.moderate() && e.moderate() > e.insufficient(),
                "bands must be significant > moderate > insufficient (Eurostat: 0.95, 0.60, 0), got "
                        + e.significant() + ", " + e.moderate() + ", " + e.insufficient());
        require(file, entry + ".eurostat", e.zeroBase() != null, "needs zero_base: linear_share or small_constant");
        require(file, entry + ".eurostat", e.sources() != null && !e.sources().isEmpty(), "needs sources (the documents cited)");
        ProgressMethod.Escap a = m.escap();
        require(file, entry, a != null, "needs escap: {id, projection, window, on_track, regressing, sources}");
        require(file, entry + ".escap", notBlank(a.id()), "needs an id");
        require(file, entry + ".escap", a.projection() != null, "needs projection: weighted_linear or cagr");
        // Absent: ESCAP's own window, every available year.
        ProgressMethod.Window window = a.window() == null ? ProgressMethod.Window.ALL_AVAILABLE : a.window();
        require(file, entry + ".escap", a.onTrack() > a.regressing(), "needs on_track > regressing, got "
                + a.onTrack() + " and " + a.regressing());
        require(file, entry + ".escap", a.sources() != null && !a.sources().isEmpty(), "needs sources (the documents cited)");
        return new ProgressMethod(m.id(), m.nameZh(), m.nameEn(),
                new ProgressMethod.Eurostat(e.id(), e.significant(), e.moderate(), e.insufficient(), e.zeroBase(),
                        List.copyOf(e.sources())),
                new ProgressMethod.Escap(a.id(), a.projection(), window, a.onTrack(), a.regressing(), List.copyOf(a.sources())));
    }

    private static Indicator validate(String file, int index, Indicator x, Function<String, String> sqlProblem) {
        String entry = "indicator #" + (index + 1) + (x.id() == null ? "" : " '" + x.id() + "'");
        require(file, entry, x.id() != null && ID.matcher(x.id()).matches(), "id must be lower-case letters, digits and '_'");
        require(file, entry, notBlank(x.nameZh()) && notBlank(x.nameEn()), "needs name_zh and name_en");
        require(file, entry, notBlank(x.unit()) && notBlank(x.unitEn()), "needs unit and unit_en");
        require(file, entry, x.decimals() >= 0 && x.decimals() <= 6, "decimals must be 0–6");
        require(file, entry, x.direction() != null, "needs a direction (up or down)");
        require(file, entry, x.levels() != null && !x.levels().isEmpty() && LEVELS.containsAll(x.levels()),
                "levels must be a non-empty list of " + LEVELS);
        require(file, entry, x.confidentiality() != null && CLASSES.contains(x.confidentiality()),
                "confidentiality must be one of " + CLASSES);
        require(file, entry, notBlank(x.source()) && notBlank(x.definition()), "needs a source note and a definition");
        require(file, entry, x.multiplier() == null || x.multiplier().signum() > 0, "multiplier must be positive");
        if (x.numerator() == null) {
            require(file, entry, x.denominator() == null, "a denominator needs a numerator");
        } else {
            require(file, entry, x.coverage() != null && TABLE.matcher(x.coverage()).matches(),
                    "needs coverage: the silver table (silver.<name>) whose delivery periods say which years have data");
            checkSql(file, entry + ", numerator", x.numerator(), sqlProblem);
            if (x.denominator() != null) {
                checkSql(file, entry + ", denominator", x.denominator(), sqlProblem);
            }
        }
        require(file, entry, !x.additive() || x.denominator() == null, "a ratio cannot be additive");
        return new Indicator(x.id(), x.nameZh(), x.nameEn(), x.unit(), x.unitEn(), x.decimals(), x.direction(),
                x.additive(), List.copyOf(x.levels()), x.confidentiality(), x.coverage(), x.source(),
                x.definition().strip(), x.numerator(), x.denominator(), x.multiplier());
    }

    private static void checkSql(String file, String entry, Indicator.Measure m, Function<String, String> sqlProblem) {
        require(file, entry, m.sql() != null && !m.sql().isBlank(), "needs sql");
        String lower = m.sql().toLowerCase();
        for (String col : List.of("year", "region_code", "value", "units")) {
            require(file, entry, lower.contains(col), "must return the columns year, region_code, value, units (no '" + col + "')");
        }
        String problem = sqlProblem.apply(m.sql());
        require(file, entry, problem == null, "sql does not parse: " + problem);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static void require(String file, String entry, boolean ok, String reason) {
        if (!ok) {
            throw new CatalogException(file, entry, reason);
        }
    }

    public String file() {
        return file;
    }

    public List<Indicator> all() {
        return new ArrayList<>(byId.values());
    }

    public Optional<Indicator> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public StatusBands statusBands() {
        return bands;
    }

    /** The disclosure-control rules of the {@code disclosure:} section. */
    public DisclosureRules disclosure() {
        return disclosure;
    }

    public ProgressMethod progressMethod() {
        return progressMethod;
    }

    /** Silver tables the measures read, for checking they exist before a run. */
    public Set<String> coverageTables() {
        Set<String> s = new HashSet<>();
        byId.values().forEach(i -> i.coverageTable().ifPresent(s::add));
        return s;
    }
}
