package io.zhibiao.jobs.serve;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a client may ask for when it opens a session (the Thrift OpenSession configuration map, which the Hive
 * JDBC driver fills from the URL: {@code ?key=value} arrives as {@code set:hiveconf:key}, {@code #key=value} as
 * {@code set:hivevar:key}, the URL's database as {@code use:database}). Only these, each with a checked value:
 * <ul>
 * <li>{@code use:database} — {@code published} (or {@code default}, which is empty);</li>
 * <li>{@code set:hiveconf:hive.server2.thrift.resultset.default.fetch.size} — rows per fetch, 1 to 100,000;</li>
 * <li>{@code set:hiveconf:spark.sql.session.timeZone} — a time-zone id such as Asia/Shanghai.</li>
 * </ul>
 * Anything else — JVM system properties ({@code set:system:}), Spark or Hive settings, catalogs, variables — is
 * refused, and the session is not opened.
 */
final class SessionSettings {

    static final String FETCH_SIZE = "set:hiveconf:hive.server2.thrift.resultset.default.fetch.size";
    static final String TIME_ZONE = "set:hiveconf:spark.sql.session.timezone";
    static final String DATABASE = "use:database";

    private SessionSettings() {
    }

    /** Why the session may not be opened with this map, or empty. */
    static Optional<String> refusal(Map<String, String> conf) {
        if (conf == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> e : conf.entrySet()) {
            String key = e.getKey() == null ? "" : e.getKey();
            String value = e.getValue() == null ? "" : e.getValue().trim();
            String k = key.toLowerCase(Locale.ROOT);
            boolean ok;
            if (k.equals(DATABASE)) {
                ok = value.equalsIgnoreCase(Confinement.SERVED_SCHEMA) || value.equalsIgnoreCase("default")
                        || value.isEmpty();
            } else if (k.equals(FETCH_SIZE)) {
                ok = value.matches("[0-9]{1,6}") && Integer.parseInt(value) >= 1 && Integer.parseInt(value) <= 100_000;
            } else if (k.equals(TIME_ZONE)) {
                ok = validZone(value);
            } else {
                return Optional.of("zhibiao serve refuses the connection setting '" + shown(key) + "': a client may "
                        + "set only the database (published), the fetch size and spark.sql.session.timeZone; "
                        + "remove it from the JDBC URL or the driver's properties");
            }
            if (!ok) {
                return Optional.of("zhibiao serve refuses the value '" + shown(value) + "' of the connection setting '"
                        + shown(key) + "'");
            }
        }
        return Optional.empty();
    }

    private static boolean validZone(String value) {
        if (!value.matches("[A-Za-z0-9_/+:-]{1,40}")) {
            return false;
        }
        try {
            ZoneId.of(value);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static String shown(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
    }
}
