package io.zhibiao.jobs;

import io.zhibiao.transforms.ingest.SyntheticMarker;
import java.util.Arrays;
import org.apache.spark.sql.Row;

/**
 * Whether a release was built from generated sample data, as its published.releases row says. Releases published
 * before the {@code synthetic} column existed, and real ones, are not: missing or null reads false.
 */
public final class SyntheticRelease {

    /** The line every reader of a synthetic release shows (dashboard banner, workbook cover, table comments). */
    public static final String NOTE = SyntheticMarker.DATA_NOTE;

    private SyntheticRelease() {
    }

    /** Whether the releases row says synthetic. */
    public static boolean of(Row release) {
        int at = Arrays.asList(release.schema().fieldNames()).indexOf("synthetic");
        return at >= 0 && !release.isNullAt(at) && release.getBoolean(at);
    }

    /** The note a synthetic release carries (its data_note, or {@link #NOTE}); null for any other release. */
    public static String noteOf(Row release) {
        if (!of(release)) {
            return null;
        }
        int at = Arrays.asList(release.schema().fieldNames()).indexOf("data_note");
        return at >= 0 && !release.isNullAt(at) ? release.getString(at) : NOTE;
    }
}
