package io.zhibiao.transforms.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * What a department states about one delivered file, in a manifest beside it: {@code <file>.csv.manifest}, UTF-8,
 * {@code key=value} lines ({@code #} starts a comment). {@code rows} (data rows, header and blank lines not counted)
 * is required; {@code bytes} and {@code sha256} are optional. A file that does not match its manifest, or whose
 * manifest cannot be read, is rejected whole. A manifest is never data: only files ending {@code .csv} are read as
 * deliveries.
 */
public record DeliveryManifest(String name, long rows, OptionalLong bytes, Optional<String> sha256) {

    public static final String SUFFIX = ".manifest";
    public static final List<String> KEYS = List.of("rows", "bytes", "sha256");
    /** A manifest is a few lines; anything larger is not one. */
    public static final int MAX_BYTES = 4096;

    private static final Pattern WHOLE_NUMBER = Pattern.compile("^[0-9]{1,18}$");
    private static final Pattern SHA256 = Pattern.compile("^[0-9a-fA-F]{64}$");

    /** Whether {@code fileName} is a manifest of a CSV delivery ({@code x.csv.manifest}, any case). */
    public static boolean isManifest(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".csv" + SUFFIX);
    }

    /** The name of the file a manifest describes: {@code x.csv} for {@code x.csv.manifest}. */
    public static String describedFile(String manifestName) {
        return manifestName.substring(0, manifestName.length() - SUFFIX.length());
    }

    /**
     * Reads the manifest {@code name} of {@code file} (the delivery, as lineage names it).
     *
     * @throws FileRejected naming the delivery when the manifest is not one
     */
    public static DeliveryManifest parse(String file, String name, byte[] content) throws FileRejected {
        if (content.length > MAX_BYTES) {
            throw unreadable(file, name, "it is larger than " + MAX_BYTES + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw unreadable(file, name, "it is not UTF-8 text");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Map<String, String> values = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String at = "line " + (i + 1) + ": ";
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw unreadable(file, name, at + "'" + shorten(line) + "' is not key=value");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (!KEYS.contains(key)) {
                throw unreadable(file, name, at + "unknown key '" + shorten(key) + "' (the keys are " + String.join(", ", KEYS) + ")");
            }
            if (values.containsKey(key)) {
                throw unreadable(file, name, at + key + " is given twice");
            }
            boolean ok = key.equals("sha256") ? SHA256.matcher(value).matches() : WHOLE_NUMBER.matcher(value).matches();
            if (!ok) {
                throw unreadable(file, name, at + key + (key.equals("sha256") ? " must be 64 hexadecimal digits"
                        : " must be a whole number") + ", not '" + shorten(value) + "'");
            }
            values.put(key, value);
        }
        if (!values.containsKey("rows")) {
            throw unreadable(file, name, "it states no rows (rows=<number of data rows>)");
        }
        return new DeliveryManifest(name, Long.parseLong(values.get("rows")),
                values.containsKey("bytes") ? OptionalLong.of(Long.parseLong(values.get("bytes"))) : OptionalLong.empty(),
                Optional.ofNullable(values.get("sha256")).map(v -> v.toLowerCase(Locale.ROOT)));
    }

    /** Size and checksum, before the file is read. */
    public void checkFile(String file, long actualBytes, String actualSha256) throws FileRejected {
        if (bytes.isPresent() && bytes.getAsLong() != actualBytes) {
            throw new FileRejected(file, "is " + actualBytes + " bytes long, but its manifest " + name + " states "
                    + bytes.getAsLong() + ": " + (actualBytes < bytes.getAsLong() ? "the file is incomplete"
                    : "file and manifest do not agree") + ". Re-deliver the whole export with its manifest.");
        }
        if (sha256.isPresent() && !sha256.get().equalsIgnoreCase(actualSha256)) {
            throw new FileRejected(file, "has SHA-256 " + actualSha256 + ", but its manifest " + name + " states "
                    + sha256.get() + ": the file is not the one described. Re-deliver the whole export with its manifest.");
        }
    }

    /** The data rows read, after the file is read. */
    public void checkRows(String file, long actualRows) throws FileRejected {
        if (actualRows != rows) {
            throw new FileRejected(file, "has " + actualRows + " data rows, but its manifest " + name + " states " + rows
                    + ": " + (actualRows < rows ? "the file is incomplete" : "file and manifest do not agree")
                    + ". Re-deliver the whole export" + (actualRows < rows ? "." : " with its manifest."));
        }
    }

    private static FileRejected unreadable(String file, String name, String why) {
        return new FileRejected(file, "its manifest " + name + " cannot be read: " + why
                + ". Write the manifest as key=value lines (rows, bytes, sha256) and re-deliver both.");
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
