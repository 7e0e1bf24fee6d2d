package io.zhibiao.transforms.ingest;

import io.zhibiao.transforms.source.ColumnSpec;
import io.zhibiao.transforms.source.SourceSpec;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one delivered CSV file of a source: decodes it strictly in the declared (or detected) encoding,
 * matches the header to the declared columns by text, and hands each record over with its row and line.
 * A file that cannot be decoded, has no header or lacks a required column is rejected whole, and so is one that
 * cannot be shown complete: a record (the last one too) without the line break after it, or a row with fewer
 * fields than the header. A row with more fields is handed over with its problem, to be quarantined alone.
 */
public final class DeliveryReader {

    /** Opens the file's bytes from the start; called once per pass. */
    @FunctionalInterface
    public interface ByteSource {
        InputStream open() throws IOException;
    }

    /** One data row: declared columns in declaration order (null where the file has no such column). */
    public record Row(long rowNumber, long lineNumber, String[] values, Map<String, String> extra, int fieldCount,
                      String problem) {
    }

    @FunctionalInterface
    public interface RowSink {
        void accept(Row row) throws IOException;
    }

    /** What the header told us, for the audit of the file. */
    public record Header(Charset charset, List<String> missingOptional, List<String> extraHeaders, int width) {
    }

    private static final Charset GB18030 = Charset.forName("GB18030");
    private static final int SNIFF_BYTES = 1 << 20;

    private final SourceSpec source;

    public DeliveryReader(SourceSpec source) {
        this.source = source;
    }

    /** Reads the whole file, passing every data row to {@code sink}; returns the header description. */
    public Header read(String fileName, ByteSource bytes, RowSink sink) throws FileRejected, IOException {
        try (Cursor cursor = open(fileName, bytes)) {
            Row r;
            while ((r = cursor.next()) != null) {
                sink.accept(r);
            }
            return cursor.header();
        }
    }

    /**
     * Opens the file and reads its header; the data rows then come one at a time from {@link Cursor#next()}, so a
     * task can stream a large file. A rejection can come from any row, the last one too: whoever needs the file
     * whole reads it to the end first ({@link #read}).
     */
    public Cursor open(String fileName, ByteSource bytes) throws FileRejected, IOException {
        Charset charset = charsetFor(fileName, bytes);
        InputStream raw = new BufferedInputStream(bytes.open());
        try {
            skipBom(raw, charset);
            CharsetDecoder decoder = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            CsvParser parser = new CsvParser(new InputStreamReader(raw, decoder));
            CsvParser.Record header;
            try {
                header = parser.next();
            } catch (CharacterCodingException e) {
                throw notDecodable(fileName, charset, bytes, 1);
            }
            if (header == null) {
                throw new FileRejected(fileName, "is empty: not even a header line. Re-deliver the export with its header.");
            }
            requireWhole(fileName, header, 0);
            Mapping mapping = map(fileName, header.fields(), charset, bytes);
            return new Cursor(fileName, bytes, charset, raw, parser, mapping);
        } catch (Throwable e) {
            try {
                raw.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** The data rows of one opened file, in file order; close it when done. */
    public final class Cursor implements java.io.Closeable {
        private final String fileName;
        private final ByteSource bytes;
        private final Charset charset;
        private final InputStream raw;
        private final CsvParser parser;
        private final Mapping mapping;
        private long line = 1;
        private long row;

        private Cursor(String fileName, ByteSource bytes, Charset charset, InputStream raw, CsvParser parser,
                       Mapping mapping) {
            this.fileName = fileName;
            this.bytes = bytes;
            this.charset = charset;
            this.raw = raw;
            this.parser = parser;
            this.mapping = mapping;
        }

        public Header header() {
            return new Header(charset, mapping.missingOptional, mapping.extraHeaders, mapping.width);
        }

        /** The next data row, or null at the end of the file. */
        public Row next() throws FileRejected, IOException {
            try {
                CsvParser.Record r;
                while ((r = parser.next()) != null) {
                    line = r.line();
                    if (r.fields().size() == 1 && r.fields().get(0).isEmpty() && r.problem() == null) {
                        continue;
                    }
                    row++;
                    requireWhole(fileName, r, row);
                    if (r.fields().size() < mapping.width) {
                        throw new FileRejected(fileName, "line " + r.line() + " (row " + row + ") has " + r.fields().size()
                                + " fields, the header " + mapping.width + ": a row with fields missing is the mark of an export cut off or corrupted,"
                                + " so none of the file is taken in. Re-deliver the whole export.");
                    }
                    return mapping.row(row, r);
                }
                return null;
            } catch (CharacterCodingException e) {
                throw notDecodable(fileName, charset, bytes, line);
            }
        }

        @Override
        public void close() throws IOException {
            raw.close();
        }
    }

    private FileRejected notDecodable(String fileName, Charset charset, ByteSource bytes, long line) {
        return new FileRejected(fileName, "is not valid " + charset.name() + " after line " + line
                + " (declared for source '" + source.id() + "' in sources.yaml)" + otherEncodingHint(bytes, charset)
                + ". Re-export the file in " + charset.name() + " or correct the declaration.");
    }

    /**
     * A record is whole only when a line break follows it. Without one, the last record may have been cut off in
     * transfer (103 arriving as 1) and nothing in the file can show otherwise, so the file is not taken in.
     * {@code row} 0 is the header.
     */
    private static void requireWhole(String fileName, CsvParser.Record r, long row) throws FileRejected {
        String where = row == 0 ? "its header (line " + r.line() + ")" : "line " + r.line() + " (row " + row + ")";
        switch (r.end()) {
            case LINE_BREAK -> {
            }
            case INSIDE_QUOTES -> throw new FileRejected(fileName, "ends inside a quoted field " + (row == 0 ? "of " : "that opens on ")
                    + where + ": its closing quote never comes, so the file was cut off or its quoting is broken."
                    + " Re-deliver the whole export.");
            case END_OF_INPUT -> throw new FileRejected(fileName, "ends without a line break after "
                    + (row == 0 ? where : "its last record (" + where.replace(" (row", ", row"))
                    + ", so the record may have been cut off in transfer: every record, the last one too, must end with"
                    + " a line break. Re-deliver the whole export.");
        }
    }

    private Charset charsetFor(String fileName, ByteSource bytes) throws IOException, FileRejected {
        byte[] head = sniff(bytes);
        boolean utf8Bom = head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF;
        Optional<Charset> declared = source.charset();
        if (declared.isEmpty()) {
            if (utf8Bom || decodes(bytes, StandardCharsets.UTF_8)) {
                return StandardCharsets.UTF_8;
            }
            return GB18030;
        }
        Charset cs = declared.get();
        if (utf8Bom && !cs.equals(StandardCharsets.UTF_8)) {
            throw new FileRejected(fileName, "starts with a UTF-8 byte-order mark, but source '" + source.id()
                    + "' is declared " + cs.name() + " in sources.yaml. Re-export the file in " + cs.name()
                    + " or correct the declaration.");
        }
        return cs;
    }

    private String otherEncodingHint(ByteSource bytes, Charset tried) {
        try {
            Charset other = tried.equals(StandardCharsets.UTF_8) ? GB18030 : StandardCharsets.UTF_8;
            if (decodes(bytes, other)) {
                return "; it decodes as " + (other.equals(GB18030) ? "GBK/GB18030" : "UTF-8");
            }
        } catch (IOException ignored) {
            // The hint is a courtesy; the rejection stands without it.
        }
        return "";
    }

    private static byte[] sniff(ByteSource bytes) throws IOException {
        try (InputStream in = bytes.open()) {
            return in.readNBytes(SNIFF_BYTES);
        }
    }

    private static boolean decodes(ByteSource bytes, Charset cs) throws IOException {
        CharsetDecoder d = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = bytes.open(); Reader r = new InputStreamReader(in, d)) {
            char[] buf = new char[8192];
            while (r.read(buf) >= 0) {
                // decoding is the test
            }
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static void skipBom(InputStream in, Charset cs) throws IOException {
        if (!cs.equals(StandardCharsets.UTF_8)) {
            return;
        }
        in.mark(3);
        byte[] b = in.readNBytes(3);
        if (!(b.length == 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF)) {
            in.reset();
        }
    }

    /** Header text as compared: NFKC (full-width brackets become ASCII), no spaces, no BOM. */
    static String normaliseHeader(String h) {
        String n = Normalizer.normalize(h, Normalizer.Form.NFKC).replace("\uFEFF", "");
        return n.replaceAll("\\s+", "");
    }

    private final class Mapping {
        final int[] positionOf;          // declared column index → field position, -1 if absent
        final Map<Integer, String> extra = new LinkedHashMap<>();
        final List<String> missingOptional = new ArrayList<>();
        final List<String> extraHeaders = new ArrayList<>();
        final int width;

        Mapping(int[] positionOf, int width) {
            this.positionOf = positionOf;
            this.width = width;
        }

        Row row(long rowNumber, CsvParser.Record r) {
            List<ColumnSpec> cols = source.columns();
            String[] values = new String[cols.size()];
            for (int i = 0; i < values.length; i++) {
                int p = positionOf[i];
                values[i] = p >= 0 && p < r.fields().size() ? r.fields().get(p) : null;
            }
            Map<String, String> extras = new LinkedHashMap<>();
            for (Map.Entry<Integer, String> e : extra.entrySet()) {
                if (e.getKey() < r.fields().size()) {
                    extras.put(e.getValue(), r.fields().get(e.getKey()));
                }
            }
            String problem = r.problem();
            if (problem == null && r.fields().size() != width) {
                problem = "该行有 " + r.fields().size() + " 个字段，表头有 " + width + " 个";
            }
            return new Row(rowNumber, r.line(), values, extras, r.fields().size(), problem);
        }
    }

    private Mapping map(String fileName, List<String> headerFields, Charset charset, ByteSource bytes)
            throws FileRejected {
        List<String> normalised = headerFields.stream().map(DeliveryReader::normaliseHeader).toList();
        List<ColumnSpec> cols = source.columns();
        int[] positionOf = new int[cols.size()];
        List<String> missingRequired = new ArrayList<>();
        Mapping m;
        boolean[] used = new boolean[normalised.size()];
        for (int i = 0; i < cols.size(); i++) {
            String want = normaliseHeader(cols.get(i).header());
            int found = normalised.indexOf(want);
            if (found >= 0 && normalised.lastIndexOf(want) != found) {
                throw new FileRejected(fileName, "header '" + cols.get(i).header() + "' appears twice; a column can be delivered once.");
            }
            positionOf[i] = found;
            if (found >= 0) {
                used[found] = true;
            } else if (cols.get(i).required()) {
                missingRequired.add(cols.get(i).header());
            }
        }
        if (!missingRequired.isEmpty()) {
            boolean noneMatch = true;
            for (boolean u : used) {
                noneMatch &= !u;
            }
            String hint = noneMatch ? " None of the header matches: the file may be of another source, or not in "
                    + charset.name() + otherEncodingHint(bytes, charset) + "." : "";
            throw new FileRejected(fileName, "lacks required column" + (missingRequired.size() > 1 ? "s " : " ")
                    + String.join("、", missingRequired) + " (source '" + source.id() + "')." + hint
                    + " Re-deliver the file with the columns listed in sources.yaml.");
        }
        m = new Mapping(positionOf, headerFields.size());
        for (int i = 0; i < cols.size(); i++) {
            if (positionOf[i] < 0) {
                m.missingOptional.add(cols.get(i).header());
            }
        }
        for (int p = 0; p < used.length; p++) {
            if (!used[p]) {
                String name = headerFields.get(p).replace("\uFEFF", "").trim();
                m.extra.put(p, name.isEmpty() ? "column " + (p + 1) : name);
                m.extraHeaders.add(name);
            }
        }
        return m;
    }
}
