import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Latency of normal BI queries against two JDBC servers, side by side in one run: each round runs every query once
 * on each server (alternating which goes first), on connections opened once as a BI tool keeps them.
 * Usage: java -cp 'jobs/target/lib/*' jobs/bench/ServeLatency.java ROUNDS USER PASSWORD NAME=URL NAME=URL
 */
public class ServeLatency {

    static final List<String> QUERIES = List.of(
            "SELECT target_id, indicator_zh, region_name, year, actual, target_value, gap, status_zh "
                    + "FROM published.target_gap WHERE target_id = 'LY14-T06' ORDER BY year",
            "SELECT indicator_id, year, count(*) AS regions, sum(value) AS total FROM published.indicator_values "
                    + "GROUP BY indicator_id, year ORDER BY indicator_id, year",
            "SELECT region_name, status_zh, count(*) FROM published.target_gap GROUP BY region_name, status_zh");

    public static void main(String[] a) throws Exception {
        Class.forName("org.apache.hive.jdbc.HiveDriver");
        int rounds = Integer.parseInt(a[0]);
        String user = a[1];
        String password = a[2];
        List<String> names = new ArrayList<>();
        List<Connection> conns = new ArrayList<>();
        for (int i = 3; i < a.length; i++) {
            names.add(a[i].substring(0, a[i].indexOf('=')));
            long t0 = System.nanoTime();
            conns.add(DriverManager.getConnection(a[i].substring(a[i].indexOf('=') + 1), user, password));
            System.out.printf("%-8s connect %6.1f ms%n", names.get(names.size() - 1), (System.nanoTime() - t0) / 1e6);
        }
        for (Connection c : conns) { // warm: Delta logs read, code paths compiled
            for (int w = 0; w < 5; w++) {
                for (String q : QUERIES) {
                    run(c, q);
                }
            }
        }
        List<List<Double>> ms = new ArrayList<>();
        for (int i = 0; i < conns.size() * QUERIES.size(); i++) {
            ms.add(new ArrayList<>());
        }
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < conns.size(); k++) {
                int s = (k + r) % conns.size();
                for (int q = 0; q < QUERIES.size(); q++) {
                    long t0 = System.nanoTime();
                    run(conns.get(s), QUERIES.get(q));
                    ms.get(s * QUERIES.size() + q).add((System.nanoTime() - t0) / 1e6);
                }
            }
        }
        System.out.printf("%d rounds; per query: median and 90th percentile in ms%n", rounds);
        for (int q = 0; q < QUERIES.size(); q++) {
            StringBuilder line = new StringBuilder("Q" + (q + 1));
            double first = 0;
            for (int s = 0; s < conns.size(); s++) {
                List<Double> v = ms.get(s * QUERIES.size() + q);
                Collections.sort(v);
                double med = v.get(v.size() / 2);
                double p90 = v.get((int) (v.size() * 0.9));
                if (s == 0) {
                    first = med;
                }
                line.append(String.format("  %s %6.1f (p90 %6.1f)", names.get(s), med, p90));
                if (s > 0) {
                    line.append(String.format("  %+.0f %%", (med / first - 1) * 100));
                }
            }
            System.out.println(line);
        }
        for (Connection c : conns) {
            c.close();
        }
    }

    static int run(Connection c, String q) throws Exception {
        int n = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(q)) {
            while (rs.next()) {
                n++;
            }
        }
        return n;
    }
}
