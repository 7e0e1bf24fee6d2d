package io.zhibiao.jobs.serve;

import io.zhibiao.lake.Sessions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The JDBC server as it runs inside the sandbox ({@link Sandbox}): reads its {@link ServeSettings} (users' hashes
 * and TLS key included) from standard input, starts Spark on this machine only, serves the copied release and
 * prints one line with the port it listens on for the launching process. It runs until it is stopped.
 */
public final class SandboxedServer {

    private SandboxedServer() {
    }

    public static void main(String[] args) throws Exception {
        serve(true);
    }

    /**
     * Reads the settings (one line of JSON) from standard input and serves; when standard input ends (the launching
     * process closed it, or ended), the server stops in order: sessions closed, the audit log's last line written.
     */
    static void serve(boolean statementChecks) throws Exception {
        java.io.BufferedReader in = new java.io.BufferedReader(
                new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null) {
            throw new IllegalStateException("no settings on standard input");
        }
        ServeSettings settings = ServeSettings.fromJson(line);
        Thread stop = new Thread(() -> {
            try {
                while (in.read() >= 0) {
                    // nothing more is sent; only the end matters
                }
            } catch (IOException e) {
                // ended all the same
            }
            System.exit(0);
        }, "zhibiao-serve-stdin");
        stop.setDaemon(true);
        stop.start();
        run(settings, statementChecks);
    }

    /** Serves until the process is stopped; {@code statementChecks} false only in tests of the sandbox itself. */
    static void run(ServeSettings settings, boolean statementChecks) throws InterruptedException, IOException {
        SparkSession spark = session(settings);
        PublishedServer server = PublishedServer.start(spark, settings, statementChecks);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "zhibiao-serve-stop"));
        System.out.println(Sandbox.LISTENING + server.port() + " " + server.release());
        System.out.flush();
        Thread.currentThread().join();
    }

    /**
     * Spark in this process only, its task threads shared fairly between clients' queries (FAIR scheduling in
     * one FAIR pool), Hadoop's local file system without shell commands.
     */
    static SparkSession session(ServeSettings settings) throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        for (String d : new String[] {"hive-scratch", "hive-local", "hive-resources"}) {
            Files.createDirectories(tmp.resolve(d));
        }
        Path pools = tmp.resolve("zhibiao-serve-pools.xml");
        Files.writeString(pools, "<?xml version=\"1.0\"?>\n<allocations>\n  <pool name=\"default\">\n"
                + "    <schedulingMode>FAIR</schedulingMode>\n    <weight>1</weight>\n    <minShare>0</minShare>\n"
                + "  </pool>\n</allocations>\n", StandardCharsets.UTF_8);
        return SparkSession.builder()
                .appName("zhibiao-serve")
                .master("local[" + settings.threads() + "]")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.scheduler.mode", "FAIR")
                .config("spark.scheduler.allocation.file", pools.toString())
                .config("spark.driver.maxResultSize", "256m")
                .config("spark.default.parallelism", "2")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.extensions", Sessions.EXTENSIONS)
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.sql.catalogImplementation", "in-memory")
                .config("spark.databricks.delta.snapshotPartitions", "2")
                .config("spark.sql.session.timeZone", "Asia/Shanghai")
                .config("spark.sql.ansi.enabled", "false")
                .config("spark.sql.warehouse.dir", tmp.resolve("zhibiao-serve-warehouse").toString())
                .config("spark.hadoop.fs.file.impl", ShellFreeLocalFileSystem.class.getName())
                .config("spark.hadoop.fs.file.impl.disable.cache", "true")
                .config("spark.hadoop.hive.exec.scratchdir", tmp.resolve("hive-scratch").toString())
                .config("spark.hadoop.hive.exec.local.scratchdir", tmp.resolve("hive-local").toString())
                .config("spark.hadoop.hive.downloaded.resources.dir", tmp.resolve("hive-resources").toString())
                .getOrCreate();
    }
}
