package io.zhibiao.bench;

import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * DuckDB's values (a {@link DuckIndicators} CSV) against zhibiao's gold.indicator_values, cell by cell: for every
 * (indicator, region, year) row, the value, numerator, denominator and contributing units. Decimals are compared as
 * numbers to the six places gold stores ({@code 1.50} equals {@code 1.5}); a missing value equals only a missing value.
 * A row on one side only counts its four cells as differing. Prints the counts and the first differences, and writes
 * them as key=value lines to {@code --summary} for bench/run.
 */
public final class CompareWithGold {

    private static final String[] COLUMNS = {"value", "numerator", "denominator", "units"};

    private record Cells(BigDecimal value, BigDecimal numerator, BigDecimal denominator, Long units) {
        Object get(int i) {
            return switch (i) {
                case 0 -> value;
                case 1 -> numerator;
                case 2 -> denominator;
                default -> units;
            };
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = Args.parse(args, Set.of("--lake", "--values", "--label", "--summary", "--list"));
        Path lake = Path.of(Args.require(opt, "--lake")).toAbsolutePath().normalize();
        Path values = Path.of(Args.require(opt, "--values"));
        String label = opt.getOrDefault("--label", "DuckDB");
        int listed = Integer.parseInt(opt.getOrDefault("--list", "10"));
        Path gold = lake.resolve("gold").resolve("indicator_values");
        Map<String, Cells> zhibiao;
        Map<String, Cells> duck;
        try (Connection db = Duck.open()) {
            List<Path> files = DeltaLog.activeFiles(gold, db);
            if (files.isEmpty()) {
                throw new IllegalStateException(gold + " holds no file: has zhibiao published a release in this lake?");
            }
            zhibiao = read(db, "SELECT indicator_id, region_code, year, value, numerator, denominator, contributing_units "
                    + "FROM read_parquet(" + Duck.files(files) + ")", "gold.indicator_values");
            duck = read(db, "SELECT indicator_id, region_code, year, value, numerator, denominator, units FROM read_csv("
                    + Duck.literal(values.toString()) + ", header = true, auto_detect = false, columns = {'indicator_id': 'VARCHAR', "
                    + "'region_code': 'VARCHAR', 'year': 'INTEGER', 'value': 'DECIMAL(38, 6)', 'numerator': 'DECIMAL(38, 6)', "
                    + "'denominator': 'DECIMAL(38, 6)', 'units': 'BIGINT'})", values.toString());
        }
        long compared = 0;
        long equal = 0;
        long onlyGold = 0;
        long onlyDuck = 0;
        Map<String, Long> differingByIndicator = new TreeMap<>();
        List<String> differences = new ArrayList<>();
        Set<String> keys = new java.util.TreeSet<>(zhibiao.keySet());
        keys.addAll(duck.keySet());
        for (String k : keys) {
            Cells z = zhibiao.get(k);
            Cells d = duck.get(k);
            String indicator = k.substring(0, k.indexOf('|'));
            if (z == null || d == null) {
                compared += COLUMNS.length;
                if (z == null) {
                    onlyDuck++;
                } else {
                    onlyGold++;
                }
                differingByIndicator.merge(indicator, (long) COLUMNS.length, Long::sum);
                if (differences.size() < listed) {
                    differences.add(k + ": only in " + (z == null ? label : "gold"));
                }
                continue;
            }
            for (int i = 0; i < COLUMNS.length; i++) {
                compared++;
                if (same(z.get(i), d.get(i))) {
                    equal++;
                } else {
                    differingByIndicator.merge(indicator, 1L, Long::sum);
                    if (differences.size() < listed) {
                        differences.add(k + " " + COLUMNS[i] + ": gold " + text(z.get(i)) + ", " + label + " " + text(d.get(i)));
                    }
                }
            }
        }
        long differing = compared - equal;
        StringBuilder report = new StringBuilder();
        report.append(label).append(" vs gold.indicator_values: ").append(compared).append(" cells compared (")
                .append(zhibiao.size()).append(" gold rows, ").append(duck.size()).append(' ').append(label).append(" rows × ")
                .append(COLUMNS.length).append(" columns), ").append(equal).append(" equal, ").append(differing).append(" differ");
        if (onlyGold + onlyDuck > 0) {
            report.append(" (rows only in gold: ").append(onlyGold).append(", only in ").append(label).append(": ").append(onlyDuck)
                    .append(')');
        }
        report.append('\n');
        if (!differingByIndicator.isEmpty()) {
            report.append("  differing cells by indicator: ").append(differingByIndicator).append('\n');
            differences.forEach(x -> report.append("  ").append(x).append('\n'));
        }
        System.out.print(report);
        if (opt.containsKey("--summary")) {
            try (Writer w = Files.newBufferedWriter(Path.of(opt.get("--summary")), StandardCharsets.UTF_8)) {
                w.write("compared=" + compared + "\nequal=" + equal + "\ndiffer=" + differing + "\nonly_gold=" + onlyGold
                        + "\nonly_duck=" + onlyDuck + "\ngold_rows=" + zhibiao.size() + "\nduck_rows=" + duck.size()
                        + "\nby_indicator=" + differingByIndicator + "\n");
                for (String x : differences) {
                    w.write("difference=" + x + "\n");
                }
            }
        }
    }

    private static Map<String, Cells> read(Connection db, String sql, String what) throws java.sql.SQLException {
        Map<String, Cells> out = new TreeMap<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                String key = rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getInt(3);
                long units = rs.getLong(7);
                Long u = rs.wasNull() ? null : units;
                Cells previous = out.put(key, new Cells(rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getBigDecimal(6), u));
                if (previous != null) {
                    throw new IllegalStateException(what + " has two rows for " + key);
                }
            }
        }
        return out;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return Objects.equals(a, b);
    }

    private static String text(Object o) {
        return o instanceof BigDecimal d ? d.toPlainString() : String.valueOf(o);
    }

    private CompareWithGold() {
    }
}
