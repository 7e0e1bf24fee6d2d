package io.zhibiao.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The catalog's measure SQL is Spark SQL; DuckDB runs it after these mechanical rewrites (bench/README.md lists them).
 * Each rewrites one function call, found by name and balanced parentheses, its arguments rewritten first:
 * <ul>
 *   <li>{@code add_months(d, n)} → {@code CAST((d) + to_months(n) AS DATE)} (both clamp to the month's last day)</li>
 *   <li>{@code collect_list(x)} → {@code list(x) FILTER (WHERE (x) IS NOT NULL)} (Spark's drops nulls, DuckDB's keeps them)</li>
 *   <li>{@code sort_array(l, false)} → {@code list_sort(l, 'DESC')}; {@code sort_array(l[, true])} → {@code list_sort(l, 'ASC')}</li>
 *   <li>{@code element_at(l, i)} → {@code list_extract(l, i)} (1-based, NULL past the end in both)</li>
 * </ul>
 * Everything else the catalog uses (year, make_date, count(DISTINCT), coalesce, BETWEEN, the silver.* schema and the
 * calendar table) means the same in both.
 */
final class SparkDialect {

    private SparkDialect() {
    }

    static String toDuckDb(String sql) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < sql.length()) {
            if (sql.charAt(i) == '\'') {
                int close = sql.indexOf('\'', i + 1);
                int end = close < 0 ? sql.length() : close + 1;
                out.append(sql, i, end);
                i = end;
                continue;
            }
            Call call = callAt(sql, i);
            if (call == null) {
                out.append(sql.charAt(i));
                i++;
                continue;
            }
            List<String> args = new ArrayList<>();
            for (String a : call.args) {
                args.add(toDuckDb(a.trim()));
            }
            out.append(rewrite(call.name, args, sql.substring(i, call.end)));
            i = call.end;
        }
        return out.toString();
    }

    private static String rewrite(String name, List<String> a, String original) {
        switch (name) {
            case "add_months" -> {
                need(name, a, 2, original);
                return "CAST((" + a.get(0) + ") + to_months(" + a.get(1) + ") AS DATE)";
            }
            case "collect_list" -> {
                need(name, a, 1, original);
                return "list(" + a.get(0) + ") FILTER (WHERE (" + a.get(0) + ") IS NOT NULL)";
            }
            case "sort_array" -> {
                if (a.size() == 1) {
                    return "list_sort(" + a.get(0) + ", 'ASC')";
                }
                need(name, a, 2, original);
                String asc = a.get(1).toLowerCase(Locale.ROOT);
                if (!asc.equals("true") && !asc.equals("false")) {
                    throw new IllegalArgumentException("sort_array with a computed order cannot be rewritten: " + original);
                }
                return "list_sort(" + a.get(0) + ", '" + (asc.equals("true") ? "ASC" : "DESC") + "')";
            }
            case "element_at" -> {
                need(name, a, 2, original);
                return "list_extract(" + a.get(0) + ", " + a.get(1) + ")";
            }
            default -> throw new IllegalStateException(name);
        }
    }

    private static void need(String name, List<String> args, int n, String original) {
        if (args.size() != n) {
            throw new IllegalArgumentException(name + " with " + args.size() + " arguments cannot be rewritten: " + original);
        }
    }

    private static final List<String> NAMES = List.of("add_months", "collect_list", "sort_array", "element_at");

    private record Call(String name, List<String> args, int end) {
    }

    /** The call of a rewritten function starting at {@code i}, or null. String literals never reach here. */
    private static Call callAt(String sql, int i) {
        if (i > 0 && (Character.isLetterOrDigit(sql.charAt(i - 1)) || sql.charAt(i - 1) == '_' || sql.charAt(i - 1) == '.')) {
            return null;
        }
        for (String n : NAMES) {
            if (!sql.regionMatches(true, i, n, 0, n.length())) {
                continue;
            }
            int j = i + n.length();
            while (j < sql.length() && Character.isWhitespace(sql.charAt(j))) {
                j++;
            }
            if (j >= sql.length() || sql.charAt(j) != '(') {
                continue;
            }
            List<String> args = new ArrayList<>();
            int depth = 0;
            int start = j + 1;
            boolean quoted = false;
            for (int k = j; k < sql.length(); k++) {
                char c = sql.charAt(k);
                if (c == '\'') {
                    quoted = !quoted;
                } else if (quoted) {
                    continue;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                    if (depth == 0) {
                        String last = sql.substring(start, k);
                        if (!last.isBlank() || !args.isEmpty()) {
                            args.add(last);
                        }
                        return new Call(n.toLowerCase(Locale.ROOT), args, k + 1);
                    }
                } else if (c == ',' && depth == 1) {
                    args.add(sql.substring(start, k));
                    start = k + 1;
                }
            }
            throw new IllegalArgumentException("unbalanced parentheses after " + n + " in: " + sql);
        }
        return null;
    }
}
