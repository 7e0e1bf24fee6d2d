package io.zhibiao.lake;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * zhibiao's error vocabulary: one named factory method per condition the person running zhibiao can act on, each
 * with its exit code and a message that says what happened, why, and what to do. A malformed declaration file is
 * {@code io.zhibiao.transforms.source.CatalogException} (exit 2), a subclass of {@link ZhibiaoException}.
 *
 * <p>Not here: broken invariants of the code (an {@link IllegalStateException} or {@link IllegalArgumentException}
 * stays one and is reported with its stack trace, exit 1), and rejected delivery files (exit 3, counted by the run,
 * not thrown out of it). Messages name files, sources, releases and settings, never a delivered value: credit codes
 * and tax figures stay out of them. README.md ("Errors and exit codes") lists them by exit code.
 */
public final class ZhibiaoErrors {

    private ZhibiaoErrors() {
    }

    // ------------------------------------------------------------------ exit 2: the command line names nothing usable

    /** {@code run} (or another lake command) without --lake, and no ./lake. */
    public static ZhibiaoException noLakeGiven() {
        return usage("no lake given and none at ./lake: name it with --lake DIR (a directory or Hadoop URI), or try"
                + " the bundled sample with ./zhibiao run --sample");
    }

    /** A command that reads a lake ({@code status}) naming a directory that does not exist. */
    public static ZhibiaoException noLakeAt(String lakeRoot) {
        return usage("there is no lake at " + lakeRoot + ": name an existing lake with --lake DIR");
    }

    /** {@code run --sample} with a lake that is not a local directory. */
    public static ZhibiaoException sampleNeedsLocalLake(String lake) {
        return usage("--sample writes the sample into a local directory, not " + lake
                + ": generate it with zhibiao generate and copy it there");
    }

    /** {@code generate} into a lake whose landing folder holds files already. */
    public static ZhibiaoException sampleLakeNotEmpty(String landing) {
        return usage(landing + " already holds files; generate into an empty lake (another --lake DIR)");
    }

    /** {@code generate --scale} outside (0, 10]. */
    public static ZhibiaoException sampleScaleOutOfRange(double scale) {
        return usage("scale must be in (0, 10], got " + scale + ": 1.0 is the full sample (about 115,000 enterprises)");
    }

    /** {@code maintain --keep-releases} below 1. */
    public static ZhibiaoException keepAtLeastOneRelease(int given) {
        return usage("--keep-releases must be at least 1 (the current release is always kept), got " + given);
    }

    /** {@code --release N} naming a release whose tables {@code zhibiao maintain} no longer keeps. */
    public static ZhibiaoException releaseNoLongerKept(int n, int oldest) {
        return usage("release " + n + " is listed in published.releases, but its tables are no longer kept (zhibiao"
                + " maintain keeps releases " + oldest + " and later readable); read one of those, or export releases"
                + " before maintain removes them");
    }

    /** {@code --wait=DURATION} (or another duration option) that is not a duration. */
    public static ZhibiaoException badDuration(String given) {
        return usage("'" + given + "' is not a duration: write it as 90s, 30m, 2h, 1h30m, 1d or PT30M");
    }

    /** {@code --source ID} naming no source of the declarations in use. */
    public static ZhibiaoException unknownSource(String id, String file, Collection<String> known) {
        return usage("no source '" + id + "' in " + file + "; known sources: " + known
                + " (give one of them to --source, or declare it in a sources.yaml given with --sources)");
    }

    /** A command that reads a release ({@code report}, {@code export}, {@code sql --release}, {@code serve}) on a lake
     * that has published none. */
    public static ZhibiaoException noReleasePublished(String lakeRoot) {
        return usage("no release is published under " + lakeRoot + "/published yet: run `zhibiao run --lake "
                + lakeRoot + "` first (or name the lake that has them with --lake)");
    }

    /** {@code --release N} naming no release of the lake. */
    public static ZhibiaoException releaseDoesNotExist(int n, Collection<Integer> known) {
        return usage("release " + n + " does not exist; published releases: "
                + known.stream().map(String::valueOf).collect(Collectors.joining(", "))
                + " (see published.releases)");
    }

    /** A release published before the versions of its tables were recorded: it cannot be read as it was. */
    public static ZhibiaoException releaseWithoutTableVersions(int n) {
        return usage("release " + n + " does not record the versions of its tables (it was published before they were"
                + " recorded), so it cannot be read as published: choose a later release, or run `zhibiao run` to"
                + " publish one that does");
    }

    /** {@code export --format} naming no format. */
    public static ZhibiaoException unknownExportFormat(String given, Throwable cause) {
        return new ZhibiaoException(ExitCode.USAGE, "unknown export format '" + given + "': use xlsx, csv or arrow "
                + "(several separated by commas)", cause);
    }

    /** {@code export} without --out on a lake that is not on local disk. */
    public static ZhibiaoException exportNeedsOutFolder(String lakeRoot) {
        return usage("the lake at " + lakeRoot + " is not on local disk: give the export folder with --out DIR");
    }

    /** {@code serve --port} outside 0…65535. */
    public static ZhibiaoException notATcpPort(int port) {
        return usage("port " + port + " is not a TCP port (0 picks a free one)");
    }

    /** A serve setting (timeouts, caps, threads) that must be positive. */
    public static ZhibiaoException serveSettingNotPositive(String what, long value) {
        return usage(what + " must be positive, not " + value);
    }

    /** {@code serve} with TLS and no keystore. */
    public static ZhibiaoException tlsNeedsKeystore() {
        return usage("TLS needs a keystore (zhibiao serve tls-init makes one); plaintext only with --insecure");
    }

    /** {@code serve} pointing at a keystore that is not there. */
    public static ZhibiaoException noKeystore(String keystore) {
        return usage("no TLS keystore at " + keystore + "; make a self-signed one for a trial with: zhibiao serve"
                + " tls-init (or serve plaintext on this machine with --insecure)");
    }

    /** A keystore whose password file is missing. */
    public static ZhibiaoException keystorePasswordMissing(String keystore, String passwordFile) {
        return usage("the TLS keystore " + keystore + " needs its password in " + passwordFile);
    }

    /** {@code serve tls-init} over an existing keystore. */
    public static ZhibiaoException keystoreExists(String keystore, String passwordFile) {
        return usage(keystore + " exists already; remove it (and " + passwordFile + ") to make a new key");
    }

    /** {@code serve passwd NAME} with a name users cannot log in with. */
    public static ZhibiaoException badUserName(String name) {
        return usage("user name '" + name + "': a name is a letter followed by up to 63 letters, digits, '_', '.' or '-'");
    }

    /** {@code serve passwd} with a password shorter than 8 characters. */
    public static ZhibiaoException passwordTooShort() {
        return usage("the password must have at least 8 characters");
    }

    /** {@code serve passwd} without a terminal and nothing on standard input. */
    public static ZhibiaoException noPasswordOnStandardInput() {
        return usage("no password on standard input: pipe one line to zhibiao serve passwd, or run it in a terminal");
    }

    /** {@code serve passwd}'s two typed passwords differ. */
    public static ZhibiaoException passwordsDiffer() {
        return usage("the two passwords differ; nothing was saved: run zhibiao serve passwd again");
    }

    /** An indicator under disclosure control whose numerator query lacks the two largest contributions. */
    public static ZhibiaoException disclosureNeedsTopContributions(String indicatorId, String confidentiality) {
        return usage("indicator '" + indicatorId + "' is subject to disclosure control (" + confidentiality + "), so its"
                + " numerator query must also return largest and second_largest: the two largest single contributions"
                + " of each cell");
    }

    /** A source with no column telling which city delivered its rows, needed by the delivery-coverage check. */
    public static ZhibiaoException sourceWithoutPlace(String sourceId, String file) {
        return usage("source " + sourceId + " has no region, credit-code or referencing column to tell which city"
                + " delivered its rows; declare one in " + file);
    }

    // ------------------------------------------------------------------ exit 1: the lake lacks what the command needs

    /** The lake has no landing folder (a --lake naming the wrong place, or nothing delivered yet). */
    public static ZhibiaoException noLandingFolder(String landing) {
        return failed("there is no landing folder at " + landing + ": deliver files to landing/<source>/<period>/, or"
                + " try the bundled sample with `zhibiao run --sample`");
    }

    /** The lake's landing folder holds no delivered file. */
    public static ZhibiaoException noDeliveredFiles(String landing) {
        return failed("there are no delivered files under " + landing + ": deliver files to landing/<source>/<period>/"
                + " (e.g. landing/county_stats/2024/), or try the bundled sample with `zhibiao run --sample`");
    }

    /**
     * A landing file whose bytes changed between the check that read it to its end and the read that took its rows
     * (an upload still under way, a file corrected in place during the run); the source's append commits nothing.
     */
    public static ZhibiaoException landingFileChanged(String file, String what, Throwable cause) {
        return new ZhibiaoException(ExitCode.FAILED, file + " changed while it was being ingested (" + what
                + "), so nothing of its source was taken in this run: wait until the delivery is complete, then run"
                + " again", cause);
    }

    /** Sources with region codes are refined before the region list itself. */
    public static ZhibiaoException regionListNotRefined(String regionTable, String landingFolder) {
        return failed("silver." + regionTable + " is empty: deliver the region list to landing/" + landingFolder
                + "/ before sources with region codes");
    }

    /** Indicators computed on a lake without silver.region. */
    public static ZhibiaoException regionsMissingForIndicators() {
        return failed("silver.region is missing: refine the region list before computing indicators (zhibiao run, or"
                + " zhibiao refine)");
    }

    /** An indicator's query parses but fails on this lake (a table or column it reads is missing). */
    public static ZhibiaoException indicatorQueryFails(String file, String indicatorId, String part, String why,
            Throwable cause) {
        return new ZhibiaoException(ExitCode.FAILED, file + ": indicator '" + indicatorId + "', " + part
                + ": the query fails on this lake: " + why + " (check the tables it reads are refined, or fix the"
                + " query)", cause);
    }

    /** {@code serve} where the sandbox cannot run (no bubblewrap, no sandbox user …). */
    public static ZhibiaoException sandboxUnavailable(String why) {
        return failed("zhibiao serve runs the JDBC server in a sandbox, and " + why);
    }

    // ------------------------------------------------------------------ exit 6: another writer holds the lake

    /** A writing command on a lake whose writer lock another live process holds (after --wait, if given, ran out). */
    public static ZhibiaoException lakeLocked(String lakeRoot, String holder, java.time.Duration waited) {
        return new ZhibiaoException(ExitCode.LOCKED, "the lake " + lakeRoot + " is being written by " + holder
                + (waited == null || waited.isZero() ? "" : "; waited " + waited.toSeconds() + " s")
                + ": nothing was done; run again when it ends, or add --wait[=DURATION] to wait for it");
    }

    private static ZhibiaoException usage(String message) {
        return new ZhibiaoException(ExitCode.USAGE, message);
    }

    private static ZhibiaoException failed(String message) {
        return new ZhibiaoException(ExitCode.FAILED, message);
    }
}
