package io.zhibiao.transforms.refine;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.call_udf;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.delta.tables.DeltaTable;
import io.zhibiao.lake.Concurrently;
import io.zhibiao.lake.DeltaTables;
import io.zhibiao.lake.InFlight;
import io.zhibiao.lake.Lake;
import io.zhibiao.lake.RunId;
import io.zhibiao.lake.SessionScope;
import io.zhibiao.lake.CrashPoint;
import io.zhibiao.lake.Progress;
import io.zhibiao.lake.TaggedCommits;
import io.zhibiao.transforms.source.CheckSpec;
import io.zhibiao.transforms.source.ColumnSpec;
import io.zhibiao.transforms.source.ColumnType;
import io.zhibiao.transforms.source.SourceRegistry;
import io.zhibiao.transforms.source.SourceSpec;
import io.zhibiao.transforms.standard.RegionIndex;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bronze → silver. Each bronze batch not yet refined is typed and checked row by row; a row that breaks a
 * rule goes to quarantine, a row that repeats another is counted as a duplicate, and the rest is merged into
 * the silver table by natural key. Every bronze row ends up in exactly one of these places, and the job
 * proves it per batch from the tables themselves ({@link BatchAccounting}).
 *
 * <p>Every write is tagged with the batch; after a crash, a re-run skips the writes already committed and
 * classifies against the silver version from before its own merge, so the accounting stays exact.
 */
public final class SilverRefine {

    private static final Logger LOG = LoggerFactory.getLogger(SilverRefine.class);
    public static final DataType AMOUNT = DataTypes.createDecimalType(20, 2);
    private static final StructType VIOLATION = DataTypes.createStructType(List.of(
            DataTypes.createStructField("rule_id", DataTypes.StringType, false),
            DataTypes.createStructField("field", DataTypes.StringType, false),
            DataTypes.createStructField("value", DataTypes.StringType, true),
            DataTypes.createStructField("message", DataTypes.StringType, true)));

    private final SparkSession spark;
    private final Lake lake;
    private final SourceRegistry registry;
    private final LocalDate cutoff;
    private static final int WARNINGS_LISTED = 20;

    private TaggedCommits committed;
    private RegionIndex regions;
    /** The session functions of the refine under way (names unique to it); none outside {@link #refine}. */
    private SessionScope scope;
    private String creditCodeFn;
    private String industryFn;
    private String integerFn;
    private String decimalFn;
    private String inUnitFn;
    private String revisionChangeFn;
    private final Map<String, String> regionProblemFn = new ConcurrentHashMap<>();
    private final Map<String, String> regionCurrentFn = new ConcurrentHashMap<>();
    /**
     * MERGE takes its commit tag from a session setting (Delta's userMetadata conf; it has no commit options), so two
     * threads' merges would tag each other's commits: merges of one JVM take turns, each setting and restoring it.
     */
    private static final Object MERGE_TAG = new Object();
    private final Object revisionAppends = new Object();

    /**
     * @param cutoff the data cut-off: dates after it are rejected as lying in the future
     */
    public SilverRefine(SparkSession spark, Lake lake, SourceRegistry registry, LocalDate cutoff) {
        this.spark = spark;
        this.lake = lake;
        this.registry = registry;
        this.cutoff = cutoff;
    }

    private void registerUdfs() {
        creditCodeFn = scope.udf("zb_credit_code", (UDF1<String, String>) Checks::creditCode, DataTypes.StringType);
        industryFn = scope.udf("zb_industry", (UDF1<String, String>) Checks::industry, DataTypes.StringType);
        integerFn = scope.udf("zb_integer", (UDF1<String, String>) v -> Checks.number(v, true), DataTypes.StringType);
        decimalFn = scope.udf("zb_decimal", (UDF1<String, String>) v -> Checks.number(v, false), DataTypes.StringType);
        inUnitFn = scope.udf("zb_in_unit", (UDF2<BigDecimal, BigDecimal, String>) RevisionFactor::inDeliveredUnit,
                DataTypes.StringType);
        revisionChangeFn = scope.udf("zb_revision_change", (UDF2<BigDecimal, BigDecimal, String>) RevisionFactor::change,
                DataTypes.StringType);
    }

    /**
     * Refines every pending bronze batch of every source (or of {@code sourceId} only). The checks' session functions
     * (closing over this refiner's cut-off and region index) live in a {@link SessionScope} for the duration of the
     * call: another refiner in the same session keeps its own, and none is left behind.
     */
    public RefineReport refine(RunId run, Optional<String> sourceId) {
        try (SessionScope s = SessionScope.open(spark)) {
            scope = s;
            registerUdfs();
            return refineAll(run, sourceId);
        } finally {
            scope = null;
            regionProblemFn.clear();
            regionCurrentFn.clear();
        }
    }

    /**
     * What refining one source's pending batches produced: each batch refined, and the values its re-deliveries moved
     * beyond the source's factor (the first few of each batch, and how many in all).
     */
    private record SourceRefined(List<BatchAccounting.Refined> batches, List<RevisionWarning> warnings, long warningCount) {
    }

    /**
     * Pending bronze rows that sources of one wave may be refining at once. Small sources cost the driver's time
     * whatever their size (4–10 s a batch at scale 1, 5–12 s at scale 0.01) and gain from sharing the machine; large
     * ones keep both cores busy by themselves and each persists its checked rows, so side by side they only add memory:
     * at scale 1 two at a time held 4.79 GB peak RSS against 3.96 GB one at a time, and refine was no faster (211 s
     * against 196 s). A source with more pending rows than this is refined alone (bench/README.md).
     */
    static final long ROWS_IN_FLIGHT = 100_000;

    /**
     * Sources are refined in waves ({@link RefineWaves}): a source's checks read the silver tables it references and
     * the region list, so it waits for the wave that refines them; the sources of one wave read nothing another of
     * them writes and are refined side by side ({@link Concurrently}) under a budget of pending rows ({@link InFlight}).
     * The tables all of them write (quarantine, duplicates, revision warnings) take blind appends, which Delta commits
     * concurrently without conflict. Results are reported in registry order, as when refined in turn.
     */
    private RefineReport refineAll(RunId run, Optional<String> sourceId) {
        committed = new TaggedCommits(spark);
        regions = null;
        // Present (if empty) from the first refine on, so readers never meet a missing table.
        DeltaTables.createIfMissing(spark, lake.quarantine(), quarantineSchema());
        DeltaTables.createIfMissing(spark, lake.duplicates(), duplicatesSchema());
        Accounted done = accountedBatches();
        List<SourceSpec> chosen = registry.sources().stream()
                .filter(s -> sourceId.isEmpty() || sourceId.get().equals(s.id())).toList();
        Map<SourceSpec, Map<String, Long>> pending = Concurrently.map(spark, chosen, s -> pendingBatches(s, done));
        // Made here, one after the other, before any thread commits: a table created by two threads at once is not.
        List<SourceSpec> toRefine = chosen.stream().filter(s -> !pending.get(s).isEmpty()).toList();
        toRefine.forEach(s -> DeltaTables.createIfMissing(spark, lake.silver(s.silver()), silverSchema(s)));
        Map<SourceSpec, SourceRefined> bySource = new HashMap<>();
        InFlight rows = new InFlight(ROWS_IN_FLIGHT);
        try (Progress.Stage progress = Progress.start("refine", toRefine.size(), "sources")) {
            for (List<SourceSpec> wave : RefineWaves.of(registry, toRefine)) {
                bySource.putAll(Concurrently.map(spark, wave, s -> {
                    long n = pending.get(s).values().stream().mapToLong(Long::longValue).sum();
                    try (InFlight.Held held = rows.hold(n)) {
                        SourceRefined r = refineSource(run, s, pending.get(s));
                        progress.step(s.id(), n);
                        return r;
                    }
                }));
            }
        }
        List<BatchAccounting.Refined> refined = new ArrayList<>();
        List<RevisionWarning> warnings = new ArrayList<>();
        long warningCount = 0;
        for (SourceSpec s : toRefine) {
            refined.addAll(bySource.get(s).batches());
            warnings.addAll(bySource.get(s).warnings());
            warningCount += bySource.get(s).warningCount();
        }
        // Counted once for the whole run, each term from its own table, after every batch's writes are committed.
        List<BatchAccounting.Entry> entries = BatchAccounting.count(spark, lake, refined);
        BatchAccounting.write(spark, lake, run, entries);
        CrashPoint.reached("refine:accounted");
        return new RefineReport(entries, List.copyOf(warnings), warningCount);
    }

    private SourceRefined refineSource(RunId run, SourceSpec source, Map<String, Long> batches) {
        List<BatchAccounting.Refined> refined = new ArrayList<>();
        List<RevisionWarning> warnings = new ArrayList<>();
        long warningCount = 0;
        for (Map.Entry<String, Long> batch : batches.entrySet()) {
            long started = System.nanoTime();
            String tag = "zhibiao:refine:" + batch.getKey();
            Revisions revised = refineBatch(run, source, batch.getKey(), tag);
            warnings.addAll(revised.listed());
            warningCount += revised.count();
            refined.add(new BatchAccounting.Refined(source, batch.getKey(), tag, batch.getValue(),
                    Duration.ofNanos(System.nanoTime() - started)));
        }
        return new SourceRefined(refined, warnings, warningCount);
    }

    /**
     * The bronze batches of a source that audit/accounting has no row for yet, in batch order, each with its number of
     * rows in bronze: the left-hand side of the batch's accounting, counted here from bronze itself in the same pass
     * that finds the batches. Bronze is only appended to, so when its row count (from the Delta log's file statistics,
     * no data read) equals the rows of the batches accounted for, nothing is pending and bronze is not scanned.
     */
    private Map<String, Long> pendingBatches(SourceSpec source, Accounted done) {
        String bronze = lake.bronze(source.id());
        Map<String, Long> pending = new java.util.TreeMap<>();
        if (!DeltaTables.exists(spark, bronze)) {
            return pending;
        }
        long accounted = done.bronzeRows().getOrDefault(source.id(), 0L);
        // (a source never refined has everything pending: no count)
        if (accounted > 0 && DeltaTables.rows(spark, bronze) == accounted) {
            return pending;
        }
        Dataset<Row> rows = spark.read().format("delta").load(bronze);
        for (Row r : rows.groupBy("_batch_id").count().collectAsList()) {
            if (!done.batches().contains(r.getString(0))) {
                pending.put(r.getString(0), r.getLong(1));
            }
        }
        return pending;
    }

    /** audit/accounting: every batch it has a row for, and per source the bronze rows of those batches (each once). */
    private record Accounted(Set<String> batches, Map<String, Long> bronzeRows) {
    }

    /** audit/accounting, read once per refine. */
    private Accounted accountedBatches() {
        Set<String> batches = new HashSet<>();
        Map<String, Long> rows = new HashMap<>();
        if (DeltaTables.exists(spark, lake.accounting())) {
            for (Row r : spark.read().format("delta").load(lake.accounting())
                    .select("source", "batch_id", "bronze_rows").collectAsList()) {
                // a batch accounted twice (as by two runs at once) counts once
                if (batches.add(r.getString(1)) && !r.isNullAt(2)) {
                    rows.merge(r.getString(0), r.getLong(2), Long::sum);
                }
            }
        }
        return new Accounted(batches, rows);
    }

    /**
     * Classifies one batch and writes its rows to quarantine, duplicates and silver (each write tagged, skipped when
     * a crashed earlier attempt already committed it); returns the values it revised beyond the source's factor.
     */
    private Revisions refineBatch(RunId run, SourceSpec source, String batch, String tag) {
        String silverPath = lake.silver(source.silver());
        Timestamp refinedAt = Timestamp.from(run.startedAt());

        if (needsRegions(source)) {
            registerRegionUdfs(source, regions());
        }

        Dataset<Row> bronze = spark.read().format("delta").load(lake.bronze(source.id()))
                .filter(col("_batch_id").equalTo(batch));
        Dataset<Row> checked = check(source, bronze).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            // Every row of the batch is classified in one lineage, so that where each goes is one column (_to) and
            // one Spark job counts them all before anything is written.
            Dataset<Row> rows = withContentHash(source, checked)
                    .withColumn("_ok", size(col("_violations")).equalTo(0));

            // Two different rows for one key in one file: nobody can say which is right. Only rows that passed
            // their checks take part (collect_set leaves out the nulls of the others).
            List<Column> fileAndKey = new ArrayList<>(List.of(col("_source_file")));
            fileAndKey.addAll(keyCols(source));
            WindowSpec perFileKey = Window.partitionBy(fileAndKey.toArray(new Column[0]));
            rows = rows.withColumn("_hashes_in_file",
                    size(expr("collect_set(CASE WHEN _ok THEN _content_hash END)").over(perFileKey)));
            rows = rows.withColumn("_eligible", col("_ok").and(col("_hashes_in_file").leq(1)));

            // The latest delivery wins: later period, later file. Within one file only identical rows can
            // share a key (conflicts went to quarantine), and the first of them is kept. Rows that are not
            // eligible are ranked apart from the others (and not used).
            List<Column> eligibleAndKey = new ArrayList<>(List.of(col("_eligible")));
            eligibleAndKey.addAll(keyCols(source));
            WindowSpec byKey = Window.partitionBy(eligibleAndKey.toArray(new Column[0]))
                    .orderBy(col("_period").desc(), col("_file_modified_at").desc(), col("_source_file").desc(),
                            col("_row_number").asc());
            Dataset<Row> ranked = rows
                    .withColumn("_rank", row_number().over(byKey))
                    .withColumn("_kept_hash", first("_content_hash").over(byKey))
                    .withColumn("_kept_file", first("_source_file").over(byKey))
                    .withColumn("_kept_row", first("_row_number").over(byKey));

            // The kept rows against silver as it was before this batch (the version before our own merge, on a
            // re-run), with the old values of the columns a revision is compared on.
            List<ColumnSpec> revisionColumns = source.revisionWarnFactor() == null ? List.of() : source.revisionColumns();
            List<Column> before = new ArrayList<>(List.of(keyColsAs(source, "_s_")));
            revisionColumns.forEach(c -> before.add(col(c.name()).as("_o_" + c.name())));
            Dataset<Row> silverBefore = silverBefore(silverPath, tag)
                    .select(before.toArray(new Column[0]))
                    .withColumn("_silver_hash", col("_s__content_hash"))
                    .drop("_s__content_hash");
            Column joinCond = ranked.col("_eligible").and(ranked.col("_rank").equalTo(1));
            for (String k : source.key()) {
                joinCond = joinCond.and(ranked.col(k).eqNullSafe(silverBefore.col("_s_" + k)));
            }
            Dataset<Row> compared = ranked.join(silverBefore, joinCond, "left");

            // A late delivery of an older period does not overwrite what a newer period already said.
            Column older = coalesce(col("_s__period").isNotNull().and(col("_s__period").gt(col("_period"))), lit(false));
            Column same = coalesce(col("_silver_hash").equalTo(col("_content_hash")), lit(false));
            Dataset<Row> classified = compared.withColumn("_to",
                    when(not(col("_ok")), lit(FAILING))
                            .when(col("_hashes_in_file").gt(1), lit(CONFLICTING))
                            .when(col("_rank").gt(1), lit(REPEATED))
                            .when(same.or(older), lit(UNCHANGED))
                            .when(col("_silver_hash").isNull(), lit(INSERTED))
                            .otherwise(lit(UPDATED)));

            Dataset<Row> quarantined = classified.filter(col("_to").isin(FAILING, CONFLICTING))
                    .withColumn("_violations", when(col("_to").equalTo(CONFLICTING),
                            array(struct(lit("ZB-KEY-CONFLICT").as("rule_id"),
                                    lit(String.join("+", source.key())).as("field"),
                                    concat_ws("|", keyCols(source).toArray(new Column[0])).as("value"),
                                    lit("同一文件中该主键有多条内容不同的记录").as("message"))))
                            .otherwise(col("_violations")));
            Dataset<Row> repeated = classified.filter(col("_to").equalTo(REPEATED))
                    .withColumn("_reason", when(col("_content_hash").equalTo(col("_kept_hash")), lit("exact_duplicate"))
                            .otherwise(lit("superseded")))
                    .withColumn("_kept_batch", lit(batch));
            Dataset<Row> unchanged = classified.filter(col("_to").equalTo(UNCHANGED))
                    .withColumn("_reason", when(same, lit("unchanged")).otherwise(lit("superseded")))
                    .withColumn("_kept_batch", col("_s__batch_id"))
                    .withColumn("_kept_file", col("_s__source_file"))
                    .withColumn("_kept_row", col("_s__row_number"));
            Dataset<Row> changes = classified.filter(col("_to").isin(INSERTED, UPDATED));

            Outcome outcome = Outcome.of(classified);
            writeQuarantine(source, batch, tag, quarantined, outcome.quarantined(), refinedAt);
            writeDuplicates(source, batch, tag, repeated, unchanged, outcome.duplicates(), refinedAt);
            Revisions revised = revisionColumns.isEmpty() ? Revisions.NONE
                    : warnRevisions(source, batch, tag, changes, outcome.updated(), revisionColumns, refinedAt);
            merge(source, silverPath, tag, changes, outcome.inserted() + outcome.updated(), refinedAt);
            if (source.silver().equals(SourceRegistry.REGION_TABLE)) {
                synchronized (this) {
                    regions = null;
                }
            }
            return revised;
        } finally {
            checked.unpersist();
        }
    }

    /** Where a row of a batch goes (the column _to of its classification). */
    private static final String FAILING = "failing";
    private static final String CONFLICTING = "conflicting";
    private static final String REPEATED = "repeated";
    private static final String UNCHANGED = "unchanged";
    private static final String INSERTED = "inserted";
    private static final String UPDATED = "updated";

    /**
     * How many rows of a batch go to each place, counted in one Spark job over the batch's classification before
     * anything is written, so that a write with nothing to write is skipped without a job of its own to find out.
     * These are not the accounting's figures: those are counted from the tables after every batch's writes are
     * committed.
     */
    private record Outcome(long quarantined, long duplicates, long inserted, long updated) {

        static Outcome of(Dataset<Row> classified) {
            Map<String, Long> n = new HashMap<>();
            for (Row r : classified.groupBy("_to").count().collectAsList()) {
                n.put(r.getString(0), r.getLong(1));
            }
            return new Outcome(n.getOrDefault(FAILING, 0L) + n.getOrDefault(CONFLICTING, 0L),
                    n.getOrDefault(REPEATED, 0L) + n.getOrDefault(UNCHANGED, 0L),
                    n.getOrDefault(INSERTED, 0L), n.getOrDefault(UPDATED, 0L));
        }
    }

    private Dataset<Row> silverBefore(String silverPath, String tag) {
        Optional<Long> own = committed.version(silverPath, tag);
        if (own.isPresent()) {
            LOG.warn("{}: merge of this batch was already committed (version {}); re-classifying against version {}",
                    silverPath, own.get(), own.get() - 1);
            return spark.read().format("delta").option("versionAsOf", own.get() - 1).load(silverPath);
        }
        return spark.read().format("delta").load(silverPath);
    }

    // ---------------------------------------------------------------- checks

    /** Adds typed columns (named as declared), keeps the delivered text as _raw_*, and lists violations. */
    Dataset<Row> check(SourceSpec source, Dataset<Row> bronze) {
        List<Column> stage1 = new ArrayList<>();
        for (String l : List.of("_source_file", "_file_sha256", "_period", "_batch_id", "_row_number", "_line_number",
                "_file_modified_at", "_parse_problem", "_field_count", "_extra_columns")) {
            stage1.add(col(l));
        }
        for (ColumnSpec c : source.columns()) {
            stage1.add(col(c.name()).as("_raw_" + c.name()));
            stage1.add(expr("nullif(trim(`" + c.name() + "`), '')").as("_t_" + c.name()));
        }
        Dataset<Row> d = bronze.select(stage1.toArray(new Column[0]));

        // Per column: the first rule it breaks (or null), then its typed value where it broke none.
        List<Column> stage2 = new ArrayList<>(List.of(col("*")));
        for (ColumnSpec c : source.columns()) {
            stage2.add(columnViolation(source, c).as("_v_" + c.name()));
        }
        d = d.select(stage2.toArray(new Column[0]));
        List<Column> stage3 = new ArrayList<>(List.of(col("*")));
        for (ColumnSpec c : source.columns()) {
            stage3.add(when(col("_v_" + c.name()).isNull(), typed(c)).as(c.name()));
        }
        d = d.select(stage3.toArray(new Column[0]));

        // Region codes on the record's date: needs the typed date.
        for (ColumnSpec c : source.columns()) {
            if (c.type() != ColumnType.REGION_CODE) {
                continue;
            }
            Column on = c.validOnDateColumn() != null ? col(c.validOnDateColumn())
                    : expr("make_date(`" + c.validOnYearEndColumn() + "`, 12, 31)");
            Column problem = call_udf(regionProblemFn.get(source.id()), col(c.name()), on.cast(DataTypes.StringType));
            d = d.withColumn("_v_" + c.name(), coalesce(col("_v_" + c.name()),
                            when(col(c.name()).isNotNull().and(problem.isNotNull()),
                                    violation("ZB-REGION", c.name(), col("_raw_" + c.name()), problem))))
                    .withColumn(c.name(), when(col("_v_" + c.name()).isNull(), col(c.name())))
                    .withColumn(c.name() + "_current", call_udf(regionCurrentFn.get(source.id()), col(c.name())));
        }

        List<Column> rowViolations = new ArrayList<>();
        rowViolations.add(when(col("_parse_problem").isNotNull(),
                violation("ZB-SHAPE", "*", col("_field_count").cast(DataTypes.StringType),
                        concat(List.of(lit("第 "), col("_line_number").cast(DataTypes.StringType), lit(" 行："),
                                col("_parse_problem"))))));
        source.periodColumn().ifPresent(p -> rowViolations.add(
                when(col(p.name()).isNotNull().and(col(p.name()).cast(DataTypes.StringType)
                                .notEqual(expr("substring(_period, 1, 4)"))),
                        violation("ZB-PERIOD", p.name(), col("_raw_" + p.name()),
                                concat(List.of(lit("记录年度 "), col("_raw_" + p.name()), lit(" 与报送期 "), col("_period"),
                                        lit(" 不一致")))))));
        for (CheckSpec ch : source.checks()) {
            rowViolations.add(when(not(coalesce(expr(ch.rule()), lit(true))),
                    violation(ch.id(), ch.field(), col("_raw_" + ch.field()), lit(ch.message()))));
        }
        for (ColumnSpec c : source.columns()) {
            if (c.references() == null) {
                continue;
            }
            SourceSpec target = registry.bySilver(c.references()).orElseThrow();
            String targetKey = target.key().get(0);
            String flag = "_ref_ok_" + c.name();
            Dataset<Row> keys = DeltaTables.readOrEmpty(spark, lake.silver(target.silver()), silverSchema(target))
                    .select(col(targetKey).as("_ref_key_" + c.name())).distinct()
                    .withColumn(flag, lit(true));
            d = d.join(keys, d.col(c.name()).equalTo(keys.col("_ref_key_" + c.name())), "left")
                    .drop("_ref_key_" + c.name());
            Column applies = col(c.name()).isNotNull().and(col(flag).isNull());
            if (c.when() != null) {
                applies = applies.and(coalesce(expr(c.when()), lit(false)));
            }
            rowViolations.add(when(applies, violation("ZB-REF", c.name(), col("_raw_" + c.name()),
                    lit("在 silver." + target.silver() + " 中找不到该" + target.name().replaceAll("（.*", "")))));
        }

        // A malformed row explains the rest of its problems, so its shape comes first.
        List<Column> all = new ArrayList<>(rowViolations.subList(0, 1));
        for (ColumnSpec c : source.columns()) {
            all.add(col("_v_" + c.name()));
        }
        all.addAll(rowViolations.subList(1, rowViolations.size()));
        d = d.withColumn("_violations_all", array(all.toArray(new Column[0])))
                .withColumn("_violations", expr("filter(_violations_all, v -> v IS NOT NULL)"))
                .drop("_violations_all");
        return d;
    }

    private Column columnViolation(SourceSpec source, ColumnSpec c) {
        String u = source.id() + "_" + c.name();
        Column t = col("_t_" + c.name());
        Column raw = col("_raw_" + c.name());
        String n = c.name();
        String checkFn = registerColumnUdfs(u, c);
        Column v = c.required()
                ? when(t.isNull(), violation("ZB-REQUIRED", n, raw, lit(c.header() + " 为必填字段，但为空")))
                : null;
        Column typeProblem = switch (c.type()) {
            case CREDIT_CODE -> call_udf(creditCodeFn, t);
            case INDUSTRY_CODE -> call_udf(industryFn, t);
            case DATE, YEAR -> call_udf(checkFn, t);
            case INTEGER -> call_udf(integerFn, t);
            case AMOUNT, DECIMAL -> call_udf(decimalFn, t);
            case REGION_CODE -> when(not(t.rlike("^[0-9]{6}$")), lit("区划代码应为6位数字"));
            case ENUM -> when(not(t.isin(c.values().toArray())),
                    concat(List.of(lit("'"), t, lit("' 不在代码表 " + c.values() + " 中"))));
            case FLAG -> when(not(t.isin("是", "否")), concat(List.of(lit("'"), t, lit("' 应为 是 或 否"))));
            case STRING -> null;
        };
        String rule = switch (c.type()) {
            case CREDIT_CODE -> "ZB-CREDIT-CODE";
            case INDUSTRY_CODE -> "ZB-INDUSTRY";
            case DATE, YEAR -> "ZB-DATE";
            case INTEGER, AMOUNT, DECIMAL -> "ZB-NUMBER";
            case REGION_CODE -> "ZB-REGION";
            case ENUM, FLAG -> "ZB-ENUM";
            case STRING -> "ZB-PATTERN";
        };
        if (typeProblem != null) {
            Column w = when(t.isNotNull().and(typeProblem.isNotNull()), violation(rule, n, raw, typeProblem));
            v = v == null ? w : coalesce(v, w);
        }
        if (c.pattern() != null) {
            Column w = when(t.isNotNull().and(not(t.rlike(c.pattern()))),
                    violation("ZB-PATTERN", n, raw, lit(c.header() + " 不符合格式 " + c.pattern())));
            v = v == null ? w : coalesce(v, w);
        }
        if (c.type() == ColumnType.AMOUNT || c.type() == ColumnType.DECIMAL || c.type() == ColumnType.INTEGER) {
            Column bound = call_udf(checkFn, t);
            Column w = when(t.isNotNull().and(call_udf(c.type() == ColumnType.INTEGER ? integerFn : decimalFn, t).isNull())
                    .and(bound.isNotNull()), violation("ZB-AMOUNT", n, raw, bound));
            v = v == null ? w : coalesce(v, w);
        }
        return v == null ? lit(null).cast(VIOLATION) : v;
    }

    /** The column's own check as a session function of the refine (date or year range, number bounds), or null. */
    private String registerColumnUdfs(String n, ColumnSpec c) {
        return switch (c.type()) {
            case DATE -> {
                String min = c.min();
                String max = c.max() != null ? c.max() : cutoff.toString();
                yield scope.udf("zb_date_" + n, (UDF1<String, String>) v -> Checks.date(v, min, max),
                        DataTypes.StringType);
            }
            case YEAR -> {
                int min = c.min() != null ? Integer.parseInt(c.min()) : 2000;
                int max = cutoff.getYear();
                yield scope.udf("zb_year_" + n, (UDF1<String, String>) v -> Checks.year(v, min, max),
                        DataTypes.StringType);
            }
            case AMOUNT, DECIMAL, INTEGER -> {
                BigDecimal factor = c.type() == ColumnType.AMOUNT ? c.unitFactor() : BigDecimal.ONE;
                BigDecimal min = c.minNumber();
                BigDecimal max = c.maxNumber();
                String unit = c.type() == ColumnType.AMOUNT ? c.unit() : null;
                yield scope.udf("zb_bounds_" + n, (UDF1<String, String>) v -> Checks.bounds(v, factor, min, max, unit),
                        DataTypes.StringType);
            }
            default -> null;
        };
    }

    private void registerRegionUdfs(SourceSpec source, RegionIndex regions) {
        regionProblemFn.put(source.id(), scope.udf("zb_region_problem_" + source.id(),
                (UDF2<String, String, String>) (code, date) ->
                        code == null ? null : regions.problem(code, date == null ? null : LocalDate.parse(date)).orElse(null),
                DataTypes.StringType));
        regionCurrentFn.put(source.id(), scope.udf("zb_region_current_" + source.id(), (UDF1<String, String>) code ->
                code == null ? null : regions.current(code), DataTypes.StringType));
    }

    private static Column typed(ColumnSpec c) {
        Column t = col("_t_" + c.name());
        return switch (c.type()) {
            case DATE -> to_date(t, "yyyy-MM-dd");
            case YEAR, INTEGER -> t.cast(DataTypes.IntegerType);
            case AMOUNT -> t.cast(DataTypes.createDecimalType(24, 2)).multiply(lit(c.unitFactor())).cast(AMOUNT);
            case DECIMAL -> t.cast(AMOUNT);
            case FLAG -> t.equalTo(lit("是"));
            default -> t;
        };
    }

    private static DataType typeOf(ColumnSpec c) {
        return switch (c.type()) {
            case DATE -> DataTypes.DateType;
            case YEAR, INTEGER -> DataTypes.IntegerType;
            case AMOUNT, DECIMAL -> AMOUNT;
            case FLAG -> DataTypes.BooleanType;
            default -> DataTypes.StringType;
        };
    }

    private static Column violation(String rule, String field, Column value, Column message) {
        return struct(lit(rule).as("rule_id"), lit(field).as("field"), value.cast(DataTypes.StringType).as("value"),
                message.as("message"));
    }

    private static Column concat(List<Column> parts) {
        return org.apache.spark.sql.functions.concat(parts.toArray(new Column[0]));
    }

    private static List<Column> keyCols(SourceSpec source) {
        return source.key().stream().map(k -> col(k)).toList();
    }

    private Column[] keyColsAs(SourceSpec source, String prefix) {
        List<Column> cols = new ArrayList<>();
        for (String k : source.key()) {
            cols.add(col(k).as(prefix + k));
        }
        for (String l : List.of("_content_hash", "_batch_id", "_source_file", "_row_number", "_period")) {
            cols.add(col(l).as(prefix + l));
        }
        return cols.toArray(new Column[0]);
    }

    private boolean needsRegions(SourceSpec source) {
        return source.columns().stream().anyMatch(c -> c.type() == ColumnType.REGION_CODE);
    }

    /** The region list as silver holds it now; reloaded after the region source itself is refined. */
    private synchronized RegionIndex regions() {
        if (regions == null) {
            regions = loadRegions();
        }
        return regions;
    }

    private RegionIndex loadRegions() {
        SourceSpec regionSource = registry.bySilver(SourceRegistry.REGION_TABLE).orElseThrow();
        String path = lake.silver(regionSource.silver());
        if (!DeltaTables.exists(spark, path)) {
            throw io.zhibiao.lake.ZhibiaoErrors.regionListNotRefined(SourceRegistry.REGION_TABLE, regionSource.landing());
        }
        return new RegionIndex(io.zhibiao.transforms.standard.RegionTable.read(spark, lake, regionSource.silver()));
    }

    // ---------------------------------------------------------------- silver

    /** Typed declared columns, the current-boundary code of each region column, then lineage. */
    public static StructType silverSchema(SourceSpec source) {
        List<StructField> fields = new ArrayList<>();
        for (ColumnSpec c : source.columns()) {
            fields.add(DataTypes.createStructField(c.name(), typeOf(c), !source.key().contains(c.name()))
                    .withComment(c.header()));
        }
        for (ColumnSpec c : source.columns()) {
            if (c.type() == ColumnType.REGION_CODE) {
                fields.add(DataTypes.createStructField(c.name() + "_current", DataTypes.StringType, true)
                        .withComment(c.header() + "（按现行区划）"));
            }
        }
        fields.add(DataTypes.createStructField("_batch_id", DataTypes.StringType, false));
        fields.add(DataTypes.createStructField("_period", DataTypes.StringType, false));
        fields.add(DataTypes.createStructField("_source_file", DataTypes.StringType, false));
        fields.add(DataTypes.createStructField("_row_number", DataTypes.LongType, false));
        fields.add(DataTypes.createStructField("_line_number", DataTypes.LongType, false));
        fields.add(DataTypes.createStructField("_content_hash", DataTypes.StringType, false));
        fields.add(DataTypes.createStructField("_refined_at", DataTypes.TimestampType, false));
        return DataTypes.createStructType(fields);
    }

    /** SHA-256 over the typed declared columns: what "the same row" means when comparing deliveries. */
    private static Dataset<Row> withContentHash(SourceSpec source, Dataset<Row> d) {
        Column[] business = source.columns().stream().map(c -> col(c.name())).toArray(Column[]::new);
        return d.withColumn("_content_hash", sha2(to_json(struct(business)), 256));
    }

    private void merge(SourceSpec source, String silverPath, String tag, Dataset<Row> changes, long rows,
                       Timestamp refinedAt) {
        if (committed.has(silverPath, tag) || rows == 0) {
            return;
        }
        StructType schema = silverSchema(source);
        List<Column> out = new ArrayList<>();
        for (StructField f : schema.fields()) {
            Column c = switch (f.name()) {
                case "_refined_at" -> lit(refinedAt);
                default -> col(f.name());
            };
            out.add(c.cast(f.dataType()).as(f.name()));
        }
        Dataset<Row> src = changes.select(out.toArray(new Column[0]));
        String cond = source.key().stream().map(k -> "t.`" + k + "` = s.`" + k + "`").collect(Collectors.joining(" AND "));
        if (DeltaTables.version(spark, silverPath) == 0) {
            // Still the empty table createIfMissing made: a merge would only insert, an append does it cheaper.
            DeltaTables.append(src, silverPath, tag);
            CrashPoint.reached("refine:silver:" + source.id());
            return;
        }
        // MERGE takes no commit options: the batch's tag goes on the commit through the session, for this merge only.
        synchronized (MERGE_TAG) {
            try (SessionScope commit = SessionScope.open(spark)) {
                commit.conf("spark.databricks.delta.commitInfo.userMetadata", tag);
                DeltaTable.forPath(spark, silverPath).as("t").merge(src.as("s"), cond)
                        .whenMatched().updateAll()
                        .whenNotMatched().insertAll()
                        .execute();
            }
        }
        CrashPoint.reached("refine:silver:" + source.id());
    }

    // ---------------------------------------------------------------- revisions beyond the declared factor

    /** The first few values a batch revised beyond its source's factor, and how many there were. */
    private record Revisions(List<RevisionWarning> listed, long count) {
        static final Revisions NONE = new Revisions(List.of(), 0);
    }

    /**
     * Compares each row that updates silver with the row it replaces, on every number column, and records the
     * values moved by more than the source's factor in audit/revision_warnings. A warning only: the row is merged.
     * Runs before the merge, while silver still holds the old values.
     */
    private Revisions warnRevisions(SourceSpec source, String batch, String tag, Dataset<Row> changes, long updated,
                                    List<ColumnSpec> columns, Timestamp at) {
        String path = lake.revisionWarnings();
        if (!committed.has(path, tag)) {
            // A batch that updates no row revises nothing; and with no earlier attempt's warnings committed under
            // this batch's tag, it has none to report either.
            if (updated == 0) {
                return Revisions.NONE;
            }
            BigDecimal factor = source.revisionWarnFactor();
            String beyond = scope.udf("zb_revision_beyond_" + source.id(),
                    (UDF2<BigDecimal, BigDecimal, Boolean>) (o, n) -> RevisionFactor.beyond(o, n, factor), DataTypes.BooleanType);
            List<Column> found = new ArrayList<>();
            for (ColumnSpec c : columns) {
                Column old = col("_o_" + c.name()).cast(AMOUNT);
                Column now = col(c.name()).cast(AMOUNT);
                Column unit = lit(c.type() == ColumnType.AMOUNT ? c.unitFactor() : BigDecimal.ONE);
                found.add(when(call_udf(beyond, old, now), struct(lit(c.name()).as("field"), lit(c.header()).as("header"),
                        call_udf(inUnitFn, old, unit).as("old_value"), call_udf(inUnitFn, now, unit).as("new_value"),
                        call_udf(revisionChangeFn, old, now).as("change"),
                        when(old.notEqual(lit(0)), now.cast(DataTypes.DoubleType).divide(old.cast(DataTypes.DoubleType)))
                                .as("ratio"))));
            }
            Column key = concat_ws("|", source.key().stream().map(k -> col(k).cast(DataTypes.StringType)).toArray(Column[]::new));
            Dataset<Row> warnings = changes.filter(col("_silver_hash").isNotNull())
                    .withColumn("_revised", array(found.toArray(new Column[0])))
                    .withColumn("_revised", org.apache.spark.sql.functions.explode(expr("filter(_revised, x -> x IS NOT NULL)")))
                    .select(lit(source.id()).as("source"), lit(batch).as("batch_id"), col("_source_file").as("source_file"),
                            col("_row_number").as("row_number"), col("_line_number").as("line_number"),
                            key.as("natural_key"), col("_revised.field").as("field"), col("_revised.header").as("header"),
                            col("_revised.old_value").as("old_value"), col("_revised.new_value").as("new_value"),
                            col("_revised.change").as("change"), col("_revised.ratio").as("ratio"),
                            lit(factor.doubleValue()).as("factor"), col("_s__source_file").as("replaced_source_file"),
                            col("_s__row_number").as("replaced_row_number"), lit(source.confidential()).as("confidential"),
                            lit(at).as("recorded_at"));
            if (warnings.isEmpty()) {
                return Revisions.NONE;
            }
            // The first append creates the table, and two threads cannot both create it: appends take turns.
            synchronized (revisionAppends) {
                DeltaTables.append(warnings, path, tag);
            }
        }
        if (!DeltaTables.exists(spark, path)) {
            return Revisions.NONE;
        }
        Dataset<Row> mine = spark.read().format("delta").load(path)
                .filter(col("source").equalTo(source.id()).and(col("batch_id").equalTo(batch)));
        long n = mine.count();
        if (n == 0) {
            return Revisions.NONE;
        }
        List<RevisionWarning> listed = mine.orderBy("source_file", "row_number", "field").limit(WARNINGS_LISTED)
                .collectAsList().stream().map(RevisionWarning::of).toList();
        LOG.warn("{} {}: {} values revised beyond the declared factor {} (listed in {})", source.id(), batch, n,
                source.revisionWarnFactor().stripTrailingZeros().toPlainString(), path);
        return new Revisions(listed, n);
    }

    // ---------------------------------------------------------------- quarantine and duplicates

    /** Where a bronze row came from: the first columns of quarantine and duplicates. */
    private static List<StructField> rowOrigin() {
        return List.of(
                DataTypes.createStructField("source", DataTypes.StringType, false),
                DataTypes.createStructField("batch_id", DataTypes.StringType, false),
                DataTypes.createStructField("source_file", DataTypes.StringType, false),
                DataTypes.createStructField("row_number", DataTypes.LongType, false),
                DataTypes.createStructField("line_number", DataTypes.LongType, false));
    }

    private static StructType withOrigin(StructField... rest) {
        List<StructField> all = new ArrayList<>(rowOrigin());
        all.addAll(List.of(rest));
        return DataTypes.createStructType(all);
    }

    public static StructType quarantineSchema() {
        return withOrigin(
                DataTypes.createStructField("rule_id", DataTypes.StringType, false),
                DataTypes.createStructField("field", DataTypes.StringType, false),
                DataTypes.createStructField("value", DataTypes.StringType, true),
                DataTypes.createStructField("message", DataTypes.StringType, true),
                DataTypes.createStructField("violations", DataTypes.createArrayType(VIOLATION), false),
                DataTypes.createStructField("record", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), false),
                DataTypes.createStructField("quarantined_at", DataTypes.TimestampType, false));
    }

    private void writeQuarantine(SourceSpec source, String batch, String tag, Dataset<Row> rows, long n, Timestamp at) {
        if (committed.has(lake.quarantine(), tag) || n == 0) {
            return;
        }
        List<Column> recordParts = new ArrayList<>();
        for (ColumnSpec c : source.columns()) {
            recordParts.add(lit(c.header()));
            recordParts.add(col("_raw_" + c.name()));
        }
        Dataset<Row> q = rows.select(
                lit(source.id()).as("source"), lit(batch).as("batch_id"), col("_source_file").as("source_file"),
                col("_row_number").as("row_number"), col("_line_number").as("line_number"),
                expr("_violations[0].rule_id").as("rule_id"), expr("_violations[0].field").as("field"),
                expr("_violations[0].value").as("value"), expr("_violations[0].message").as("message"),
                col("_violations").as("violations"),
                org.apache.spark.sql.functions.map(recordParts.toArray(new Column[0])).as("record"),
                lit(at).as("quarantined_at"));
        DeltaTables.append(q, lake.quarantine(), tag);
        CrashPoint.reached("refine:quarantine:" + source.id());
    }

    public static StructType duplicatesSchema() {
        return withOrigin(
                DataTypes.createStructField("reason", DataTypes.StringType, false),
                DataTypes.createStructField("natural_key", DataTypes.StringType, false),
                DataTypes.createStructField("kept_batch_id", DataTypes.StringType, true),
                DataTypes.createStructField("kept_source_file", DataTypes.StringType, true),
                DataTypes.createStructField("kept_row_number", DataTypes.LongType, true),
                DataTypes.createStructField("recorded_at", DataTypes.TimestampType, false));
    }

    private void writeDuplicates(SourceSpec source, String batch, String tag, Dataset<Row> repeated,
                                 Dataset<Row> unchanged, long n, Timestamp at) {
        if (committed.has(lake.duplicates(), tag) || n == 0) {
            return;
        }
        Column key = concat_ws("|", source.key().stream().map(k -> col(k).cast(DataTypes.StringType)).toArray(Column[]::new));
        Column[] cols = {lit(source.id()).as("source"), lit(batch).as("batch_id"), col("_source_file").as("source_file"),
            col("_row_number").as("row_number"), col("_line_number").as("line_number"), col("_reason").as("reason"),
            key.as("natural_key"), col("_kept_batch").as("kept_batch_id"), col("_kept_file").as("kept_source_file"),
            col("_kept_row").as("kept_row_number"), lit(at).as("recorded_at")};
        DeltaTables.append(repeated.select(cols).unionByName(unchanged.select(cols)), lake.duplicates(), tag);
        CrashPoint.reached("refine:duplicates:" + source.id());
    }
}
