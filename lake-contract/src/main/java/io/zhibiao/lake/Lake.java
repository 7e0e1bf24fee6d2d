package io.zhibiao.lake;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The lake root and the place of every zone under it. Paths are Hadoop URIs, so the same code runs on a
 * local directory, HDFS or an object store.
 *
 * <pre>
 *   landing/&lt;source&gt;/&lt;period&gt;/*.csv   files exactly as delivered, never modified
 *   bronze/&lt;source&gt;                      one append-only Delta table per source
 *   silver/&lt;table&gt;                       typed, validated, de-duplicated entities
 *   quarantine/rows                       rows that broke a rule, with rule, field, value, file and line
 *   audit/files, audit/duplicates, audit/accounting, audit/runs, audit/revision_warnings
 * </pre>
 */
public final class Lake {

    private final String root;

    private Lake(String root) {
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    /** A lake on a local directory. */
    public static Lake at(Path dir) {
        // Hadoop's spelling (file:/abs/path): Delta compares locations as strings.
        return new Lake(new org.apache.hadoop.fs.Path("file", null, dir.toAbsolutePath().normalize().toString()).toString());
    }

    /** A lake at a Hadoop URI (file:, hdfs:, s3a:, …); a bare path is taken as local. */
    public static Lake at(String uriOrPath) {
        URI uri = URI.create(uriOrPath.replace(" ", "%20"));
        if (uri.getScheme() == null) {
            return at(Path.of(uriOrPath));
        }
        return new Lake(uriOrPath);
    }

    /** The lake's directory on local disk, or empty for a lake on HDFS, an object store or another file system. */
    public java.util.Optional<Path> localDirectory() {
        URI uri = new org.apache.hadoop.fs.Path(root).toUri();
        return uri.getScheme() == null || uri.getScheme().equals("file") ? java.util.Optional.of(Path.of(uri.getPath()))
                : java.util.Optional.empty();
    }

    public String root() {
        return root;
    }

    public String landing() {
        return root + "/landing";
    }

    public String bronze(String sourceId) {
        return root + "/bronze/" + sourceId;
    }

    public String silver(String table) {
        return root + "/silver/" + table;
    }

    public String quarantine() {
        return root + "/quarantine/rows";
    }

    public String duplicates() {
        return root + "/audit/duplicates";
    }

    public String files() {
        return root + "/audit/files";
    }

    public String accounting() {
        return root + "/audit/accounting";
    }

    public String runs() {
        return root + "/audit/runs";
    }

    /** Values a re-delivery moved by more than their source's declared factor (written when there are any). */
    public String revisionWarnings() {
        return root + "/audit/revision_warnings";
    }

    /** A zone's folder (bronze, silver, gold, published, audit, quarantine, reports). */
    public String zone(String zone) {
        return root + "/" + zone;
    }

    /** A Delta table named as zone.table (gold.target_gap, published.releases), at its place in the lake. */
    public String table(String qualified) {
        int dot = qualified.indexOf('.');
        if (dot <= 0 || dot == qualified.length() - 1 || qualified.indexOf('.', dot + 1) >= 0) {
            throw new IllegalArgumentException("a lake table is named zone.table, not '" + qualified + "'");
        }
        return zone(qualified.substring(0, dot)) + "/" + qualified.substring(dot + 1);
    }

    /** The run reports: reports/quality-&lt;run&gt;.md, reports/latest.md, reports/dashboard/. */
    public String reports() {
        return root + "/reports";
    }

    /** The dashboard `zhibiao report` writes by default. */
    public String dashboard() {
        return reports() + "/dashboard";
    }

    /** Every quality check outcome of every run. */
    public String checks() {
        return root + "/audit/checks";
    }

    /** Deequ's metrics repository (the history anomaly checks compare with). */
    public String deequMetrics() {
        return root + "/audit/deequ-metrics/metrics.json";
    }

    /** Where a run's release is written before the audit lets it out; no reader looks there. */
    public String candidate(String runId) {
        return root + "/_candidates/" + runId;
    }

    /** A table (zone.table) in the run's candidate: the same zone/table layout under {@link #candidate}. */
    public String candidate(String runId, String qualified) {
        return candidate(runId) + table(qualified).substring(root.length());
    }

    /**
     * What the last successful {@code run} started from and left (landing files, table versions, declarations), so the
     * next run can tell without Spark that nothing is new. Internal: no reader looks there.
     */
    public String lastRunState() {
        return root + "/_state/last-run.json";
    }

    /**
     * What a run keeps for the next one to reuse (lake/_cache/&lt;name&gt;), a Delta table outside the zones: no reader
     * looks there, and removing it only makes the next run compute again what it held.
     */
    public String cache(String name) {
        return root + "/_cache/" + name;
    }

    /** A path under the root, as lineage columns record it (e.g. landing/tax_returns/2020/x.csv). */
    public String relative(String fullPath) {
        String rootPath = new org.apache.hadoop.fs.Path(root).toUri().getPath();
        String path = new org.apache.hadoop.fs.Path(fullPath).toUri().getPath();
        if (rootPath != null && path != null && path.startsWith(rootPath + "/")) {
            return path.substring(rootPath.length() + 1);
        }
        return fullPath;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Lake l && l.root.equals(root);
    }

    @Override
    public int hashCode() {
        return Objects.hash(root);
    }

    @Override
    public String toString() {
        return root;
    }
}
