package io.zhibiao.transforms.source;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The sources zhibiao accepts, read from {@code sources.yaml} and validated at start-up: a malformed entry
 * stops the job before any data is touched, with the file, the entry and the reason.
 */
public final class SourceRegistry {

    /** The silver table region codes are checked against. */
    public static final String REGION_TABLE = "region";
    public static final String DEFAULT_RESOURCE = "zhibiao/sources.yaml";

    private static final Pattern ID = Pattern.compile("^[a-z][a-z0-9_]*$");
    private static final Set<String> UNITS = Set.of("元", "千元", "万元", "亿元");

    private final String file;
    private final List<SourceSpec> sources;

    private SourceRegistry(String file, List<SourceSpec> sources) {
        this.file = file;
        this.sources = List.copyOf(sources);
    }

    public static SourceRegistry loadDefault() {
        try (InputStream in = SourceRegistry.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new CatalogException(DEFAULT_RESOURCE, null, "not found on the class path");
            }
            return parse(DEFAULT_RESOURCE, in);
        } catch (IOException e) {
            throw new CatalogException(DEFAULT_RESOURCE, null, "cannot be read: " + e.getMessage(), e);
        }
    }

    public static SourceRegistry load(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return parse(path.toString(), in);
        } catch (IOException e) {
            throw new CatalogException(path.toString(), null, "cannot be read: " + e.getMessage(), e);
        }
    }

    static ObjectMapper yamlMapper() {
        return JsonMapper.builder(new YAMLFactory())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    record Document(List<SourceSpec> sources) {
    }

    static SourceRegistry parse(String file, InputStream in) {
        Document doc;
        try {
            doc = yamlMapper().readValue(in, Document.class);
        } catch (IOException e) {
            throw new CatalogException(file, null, "is not a valid source declaration: " + e.getMessage(), e);
        }
        if (doc == null || doc.sources() == null || doc.sources().isEmpty()) {
            throw new CatalogException(file, null, "declares no sources (expected a top-level 'sources:' list)");
        }
        List<SourceSpec> normalised = new ArrayList<>();
        for (int i = 0; i < doc.sources().size(); i++) {
            normalised.add(validate(file, i, doc.sources().get(i)));
        }
        checkUnique(file, normalised);
        return new SourceRegistry(file, order(file, normalised));
    }

    private static SourceSpec validate(String file, int index, SourceSpec s) {
        String entry = "source #" + (index + 1) + (s.id() == null ? "" : " '" + s.id() + "'");
        require(file, entry, s.id() != null && ID.matcher(s.id()).matches(),
                "id must be lower-case letters, digits and '_'");
        require(file, entry, s.name() != null && !s.name().isBlank(), "needs a name");
        require(file, entry, s.landing() != null && ID.matcher(s.landing()).matches(),
                "landing must be a folder name of lower-case letters, digits and '_'");
        require(file, entry, s.silver() != null && ID.matcher(s.silver()).matches(),
                "silver must be a table name of lower-case letters, digits and '_'");
        require(file, entry, s.encoding() != null, "needs an encoding (UTF-8, GBK or auto)");
        if (!"auto".equalsIgnoreCase(s.encoding())) {
            require(file, entry, Charset.isSupported(s.encoding()), "encoding " + s.encoding() + " is not supported");
        }
        require(file, entry, s.columns() != null && !s.columns().isEmpty(), "declares no columns");

        Set<String> names = new HashSet<>();
        Set<String> headers = new HashSet<>();
        int periods = 0;
        for (ColumnSpec c : s.columns()) {
            String col = entry + ", column '" + c.name() + "'";
            require(file, col, c.name() != null && ID.matcher(c.name()).matches(),
                    "name must be lower-case letters, digits and '_'");
            require(file, col, c.header() != null && !c.header().isBlank(), "needs the header text of the delivered file");
            require(file, col, names.add(c.name()), "is declared twice");
            require(file, col, headers.add(c.header()), "header '" + c.header() + "' is used twice");
            require(file, col, c.type() != null, "needs a type");
            if (c.pattern() != null) {
                try {
                    Pattern.compile(c.pattern());
                } catch (PatternSyntaxException e) {
                    throw new CatalogException(file, col, "pattern does not compile: " + e.getDescription());
                }
            }
            switch (c.type()) {
                case ENUM -> require(file, col, c.values() != null && !c.values().isEmpty(), "an enum needs values");
                case AMOUNT -> require(file, col, c.unit() != null && UNITS.contains(c.unit()),
                        "an amount needs a unit: one of " + UNITS);
                case REGION_CODE -> require(file, col, c.validOn() != null,
                        "a region code needs valid_on (a date column or year_end:<year column>)");
                default -> {
                }
            }
            if (c.min() != null || c.max() != null) {
                try {
                    if (c.type() == ColumnType.DATE) {
                        java.time.LocalDate.parse(c.min() != null ? c.min() : "2000-01-01");
                        java.time.LocalDate.parse(c.max() != null ? c.max() : "2000-01-01");
                    } else {
                        c.minNumber();
                        c.maxNumber();
                    }
                } catch (RuntimeException e) {
                    throw new CatalogException(file, col, "min/max must be " + (c.type() == ColumnType.DATE
                            ? "dates (yyyy-MM-dd)" : "numbers") + ": " + e.getMessage());
                }
            }
            if (c.period()) {
                periods++;
                require(file, col, c.type() == ColumnType.YEAR, "the period column must be of type year");
            }
            require(file, col, c.when() == null || c.references() != null, "'when' needs 'references'");
        }
        require(file, entry, periods <= 1, "has more than one period column");
        for (ColumnSpec c : s.columns()) {
            if (c.type() == ColumnType.REGION_CODE) {
                String col = entry + ", column '" + c.name() + "'";
                String target = c.validOnYearEndColumn() != null ? c.validOnYearEndColumn() : c.validOnDateColumn();
                ColumnType wanted = c.validOnYearEndColumn() != null ? ColumnType.YEAR : ColumnType.DATE;
                Optional<ColumnSpec> ref = s.columns().stream().filter(o -> o.name().equals(target)).findFirst();
                require(file, col, ref.isPresent() && ref.get().type() == wanted,
                        "valid_on names '" + target + "', which is not a " + wanted.name().toLowerCase() + " column");
            }
        }
        require(file, entry, s.key() != null && !s.key().isEmpty(), "needs a key (the natural key of its silver table)");
        for (String k : s.key()) {
            require(file, entry, names.contains(k), "key column '" + k + "' is not declared");
        }
        List<CheckSpec> checks = s.checks() == null ? List.of() : s.checks();
        for (CheckSpec ch : checks) {
            String chk = entry + ", check '" + ch.id() + "'";
            require(file, chk, ch.id() != null && ch.id().startsWith("ZB-"), "check ids start with ZB-");
            require(file, chk, ch.rule() != null && !ch.rule().isBlank(), "needs a rule");
            require(file, chk, ch.message() != null && !ch.message().isBlank(), "needs a message");
            require(file, chk, ch.field() != null && names.contains(ch.field()), "field '" + ch.field() + "' is not declared");
        }
        if (s.revisionWarnFactor() != null) {
            require(file, entry, s.revisionWarnFactor().compareTo(java.math.BigDecimal.ONE) > 0,
                    "revision_warn_factor must be a number above 1 (5: warn when a re-delivery makes a value more than"
                            + " 5 times or less than a fifth of what silver holds)");
        }
        SourceSpec spec = new SourceSpec(s.id(), s.name(), s.department(), s.landing(), s.encoding(), s.silver(),
                List.copyOf(s.key()), s.confidential(), List.copyOf(s.columns()), List.copyOf(checks), s.revisionWarnFactor());
        require(file, entry, spec.revisionWarnFactor() == null || !spec.revisionColumns().isEmpty(),
                "revision_warn_factor needs a number column (amount, integer or decimal) outside the key to compare");
        return spec;
    }

    private static void checkUnique(String file, List<SourceSpec> sources) {
        Set<String> ids = new HashSet<>();
        Set<String> landings = new HashSet<>();
        Set<String> silvers = new HashSet<>();
        Set<String> checkIds = new HashSet<>();
        for (SourceSpec s : sources) {
            require(file, "source '" + s.id() + "'", ids.add(s.id()), "id is used twice");
            require(file, "source '" + s.id() + "'", landings.add(s.landing()), "landing folder is used twice");
            require(file, "source '" + s.id() + "'", silvers.add(s.silver()), "silver table is used twice");
            for (CheckSpec c : s.checks()) {
                require(file, "source '" + s.id() + "', check '" + c.id() + "'", checkIds.add(c.id()), "id is used twice");
            }
        }
        boolean hasRegions = silvers.contains(REGION_TABLE);
        for (SourceSpec s : sources) {
            for (ColumnSpec c : s.columns()) {
                String col = "source '" + s.id() + "', column '" + c.name() + "'";
                if (c.references() != null) {
                    require(file, col, silvers.contains(c.references()),
                            "references silver table '" + c.references() + "', which no source declares");
                }
                if (c.type() == ColumnType.REGION_CODE) {
                    require(file, col, hasRegions, "region codes need a source refining to silver '" + REGION_TABLE + "'");
                }
            }
        }
    }

    /** Sources in refinement order: a source comes after the silver tables it checks against. */
    private static List<SourceSpec> order(String file, List<SourceSpec> sources) {
        Map<String, SourceSpec> bySilver = new LinkedHashMap<>();
        sources.forEach(s -> bySilver.put(s.silver(), s));
        Map<String, Set<String>> needs = new HashMap<>();
        for (SourceSpec s : sources) {
            Set<String> deps = new HashSet<>();
            for (ColumnSpec c : s.columns()) {
                if (c.references() != null && !c.references().equals(s.silver())) {
                    deps.add(c.references());
                }
                if (c.type() == ColumnType.REGION_CODE && !s.silver().equals(REGION_TABLE)) {
                    deps.add(REGION_TABLE);
                }
            }
            needs.put(s.silver(), deps);
        }
        List<SourceSpec> ordered = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Deque<String> visiting = new ArrayDeque<>();
        for (SourceSpec s : sources) {
            visit(file, s.silver(), bySilver, needs, done, visiting, ordered);
        }
        return ordered;
    }

    private static void visit(String file, String silver, Map<String, SourceSpec> bySilver, Map<String, Set<String>> needs,
                              Set<String> done, Deque<String> visiting, List<SourceSpec> out) {
        if (done.contains(silver)) {
            return;
        }
        if (visiting.contains(silver)) {
            throw new CatalogException(file, "silver '" + silver + "'", "references form a cycle: " + visiting);
        }
        visiting.push(silver);
        for (String dep : needs.get(silver).stream().sorted().toList()) {
            visit(file, dep, bySilver, needs, done, visiting, out);
        }
        visiting.pop();
        done.add(silver);
        out.add(bySilver.get(silver));
    }

    private static void require(String file, String entry, boolean ok, String reason) {
        if (!ok) {
            throw new CatalogException(file, entry, reason);
        }
    }

    public String file() {
        return file;
    }

    /** All sources, each after the sources whose silver tables it refers to. */
    public List<SourceSpec> sources() {
        return sources;
    }

    public Optional<SourceSpec> byId(String id) {
        return sources.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public Optional<SourceSpec> byLanding(String landing) {
        return sources.stream().filter(s -> s.landing().equals(landing)).findFirst();
    }

    public Optional<SourceSpec> bySilver(String silver) {
        return sources.stream().filter(s -> s.silver().equals(silver)).findFirst();
    }

    public SourceSpec require(String id) {
        return byId(id).orElseThrow(() -> io.zhibiao.lake.ZhibiaoErrors.unknownSource(id, file,
                sources.stream().map(SourceSpec::id).toList()));
    }
}
