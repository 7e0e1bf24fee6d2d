package io.zhibiao.quality;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.zhibiao.transforms.source.CatalogException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The quality gate's declarations (quality.yaml), validated when loaded. */
public record QualityCatalog(String file, Quarantine quarantine, Map<String, List<SuiteRule>> suites,
                             List<AnomalyRule> anomalies, List<ReconRule> reconciliation) {

    public static final String DEFAULT_RESOURCE = "zhibiao/quality.yaml";
    static final Set<String> CHECKS = Set.of("complete", "unique", "allowed", "min", "max", "satisfies", "rows", "references");

    public record Quarantine(String rule, double warnAbove, double blockAbove) {
    }

    /** One rule of a table's suite; which fields matter depends on the check. */
    public record SuiteRule(String rule, String check, List<String> columns, String column, List<String> values,
                            BigDecimal value, String predicate, Long min, Long max, String target, String targetColumn,
                            Severity severity) {
    }

    /** A metric per delivery period (and per `by` group) that may move at most between min_ratio and max_ratio. */
    public record AnomalyRule(String rule, String table, String period, String metric, String column, String by,
                              double minRatio, double maxRatio, Severity severity, String what) {
    }

    public record ReconRule(String rule, Severity severity, String what) {
    }

    record Document(Quarantine quarantine, Map<String, List<SuiteRule>> suites, List<AnomalyRule> anomalies,
                    List<ReconRule> reconciliation) {
    }

    public static QualityCatalog loadDefault() {
        try (InputStream in = QualityCatalog.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new CatalogException(DEFAULT_RESOURCE, null, "not found on the class path");
            }
            return parse(DEFAULT_RESOURCE, in);
        } catch (IOException e) {
            throw new CatalogException(DEFAULT_RESOURCE, null, "cannot be read: " + e.getMessage(), e);
        }
    }

    public static QualityCatalog load(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return parse(path.toString(), in);
        } catch (IOException e) {
            throw new CatalogException(path.toString(), null, "cannot be read: " + e.getMessage(), e);
        }
    }

    public static QualityCatalog parse(String file, InputStream in) {
        Document d;
        try {
            d = JsonMapper.builder(new YAMLFactory())
                    .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .build().readValue(in, Document.class);
        } catch (IOException e) {
            throw new CatalogException(file, null, "is not a valid quality declaration: " + e.getMessage(), e);
        }
        if (d == null || d.suites() == null || d.quarantine() == null) {
            throw new CatalogException(file, null, "needs 'quarantine:' and 'suites:'");
        }
        Set<String> ids = new HashSet<>();
        require(file, "quarantine", d.quarantine().rule() != null && d.quarantine().blockAbove() >= d.quarantine().warnAbove(),
                "needs a rule id and block_above ≥ warn_above");
        ids.add(d.quarantine().rule());
        Map<String, List<SuiteRule>> suites = new LinkedHashMap<>();
        for (var e : d.suites().entrySet()) {
            require(file, "suite " + e.getKey(), e.getKey().matches("^(silver|gold|published)\\.[a-z_]+$"),
                    "tables are named <silver|gold|published>.<table>");
            for (SuiteRule r : e.getValue()) {
                String entry = "suite " + e.getKey() + ", rule " + r.rule();
                require(file, entry, r.rule() != null && r.rule().startsWith("QC-") && ids.add(r.rule()),
                        "needs a unique id starting QC-");
                require(file, entry, r.check() != null && CHECKS.contains(r.check()), "check must be one of " + CHECKS);
                require(file, entry, r.severity() != null, "needs a severity (warn or block)");
                switch (r.check()) {
                    case "complete", "unique" -> require(file, entry, r.columns() != null && !r.columns().isEmpty(), "needs columns");
                    case "allowed" -> require(file, entry, r.column() != null && r.values() != null, "needs column and values");
                    case "min", "max" -> require(file, entry, r.column() != null && r.value() != null, "needs column and value");
                    case "satisfies" -> require(file, entry, r.predicate() != null, "needs a predicate");
                    case "rows" -> require(file, entry, r.min() != null || r.max() != null, "needs min or max");
                    case "references" -> require(file, entry, r.column() != null && r.target() != null && r.targetColumn() != null,
                            "needs column, target and target_column");
                    default -> {
                    }
                }
            }
            suites.put(e.getKey(), List.copyOf(e.getValue()));
        }
        List<AnomalyRule> anomalies = d.anomalies() == null ? List.of() : List.copyOf(d.anomalies());
        for (AnomalyRule a : anomalies) {
            String entry = "anomaly " + a.rule();
            require(file, entry, a.rule() != null && a.rule().startsWith("QC-") && ids.add(a.rule()), "needs a unique id starting QC-");
            require(file, entry, a.table() != null && a.table().startsWith("silver.") && a.period() != null,
                    "needs a silver table and its period expression");
            require(file, entry, "rows".equals(a.metric()) || ("sum".equals(a.metric()) && a.column() != null),
                    "metric is rows, or sum with a column");
            require(file, entry, a.minRatio() > 0 && a.maxRatio() > a.minRatio(), "needs 0 < min_ratio < max_ratio");
            require(file, entry, a.severity() != null && a.what() != null, "needs a severity and what it measures");
        }
        List<ReconRule> recon = d.reconciliation() == null ? List.of() : List.copyOf(d.reconciliation());
        for (ReconRule r : recon) {
            require(file, "reconciliation " + r.rule(), r.rule() != null && ids.add(r.rule()) && r.severity() != null,
                    "needs a unique id and a severity");
        }
        return new QualityCatalog(file, d.quarantine(), suites, anomalies, recon);
    }

    private static void require(String file, String entry, boolean ok, String reason) {
        if (!ok) {
            throw new CatalogException(file, entry, reason);
        }
    }

    public Severity reconSeverity(String rule) {
        return reconciliation.stream().filter(r -> r.rule().equals(rule)).map(ReconRule::severity).findFirst()
                .orElse(Severity.BLOCK);
    }

    public String reconWhat(String rule) {
        return reconciliation.stream().filter(r -> r.rule().equals(rule)).map(ReconRule::what).findFirst().orElse(rule);
    }
}
