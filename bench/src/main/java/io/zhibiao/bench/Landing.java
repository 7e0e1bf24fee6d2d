package io.zhibiao.bench;

import io.zhibiao.transforms.ingest.CsvParser;
import io.zhibiao.transforms.source.SourceRegistry;
import io.zhibiao.transforms.source.SourceSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The delivered files of a lake's landing folder: landing/&lt;source&gt;/&lt;period&gt;/&lt;file&gt;.csv. */
final class Landing {

    static final Pattern PERIOD = Pattern.compile("\\d{4}(-\\d{2})?");
    static final Charset GB18030 = Charset.forName("GB18030");

    /** One delivered file. {@code relative} is its path under the lake root, as zhibiao's lineage columns spell it. */
    record Delivery(SourceSpec source, String period, Path file, String relative, long modifiedMillis) {
        int year() {
            return Integer.parseInt(period.substring(0, 4));
        }
    }

    private Landing() {
    }

    /** Every delivered CSV of a known source, by source (registry order), then period and name. */
    static List<Delivery> deliveries(Path lake, SourceRegistry registry) throws IOException {
        List<Delivery> out = new ArrayList<>();
        Path landing = lake.resolve("landing");
        for (SourceSpec s : registry.sources()) {
            Path dir = landing.resolve(s.landing());
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> periods;
            try (Stream<Path> p = Files.list(dir)) {
                periods = p.filter(Files::isDirectory).filter(x -> PERIOD.matcher(x.getFileName().toString()).matches())
                        .sorted().toList();
            }
            for (Path period : periods) {
                List<Path> files;
                try (Stream<Path> f = Files.list(period)) {
                    files = f.filter(Files::isRegularFile).filter(x -> {
                        String n = x.getFileName().toString();
                        return n.toLowerCase().endsWith(".csv") && !n.startsWith("_") && !n.startsWith(".");
                    }).sorted().toList();
                }
                for (Path file : files) {
                    out.add(new Delivery(s, period.getFileName().toString(), file,
                            lake.relativize(file).toString().replace('\\', '/'), Files.getLastModifiedTime(file).toMillis()));
                }
            }
        }
        return out;
    }

    /** The file's charset: the source's declared one, else UTF-8 when it decodes as such, else GB18030 (as ingest decides). */
    static Charset charset(Delivery d) throws IOException {
        if (d.source().charset().isPresent()) {
            return d.source().charset().get();
        }
        return decodes(d.file(), StandardCharsets.UTF_8) ? StandardCharsets.UTF_8 : GB18030;
    }

    private static boolean decodes(Path file, Charset cs) throws IOException {
        try (Reader r = strictReader(file, cs)) {
            char[] buf = new char[1 << 16];
            while (r.read(buf) >= 0) {
                // decoding is the test
            }
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    static Reader strictReader(Path file, Charset cs) throws IOException {
        CharsetDecoder d = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        InputStream in = Files.newInputStream(file);
        return new BufferedReader(new InputStreamReader(in, d), 1 << 16);
    }

    /** Copies a delivery into {@code target} as UTF-8, decoding it strictly in {@code cs}. */
    static void transcode(Path file, Charset cs, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (Reader r = strictReader(file, cs); Writer w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
            char[] buf = new char[1 << 16];
            int n;
            while ((n = r.read(buf)) >= 0) {
                w.write(buf, 0, n);
            }
        }
    }

    /** Header text as ingest compares it: NFKC (full-width brackets become ASCII), no white space, no BOM. */
    static String normalisedHeader(String h) {
        return Normalizer.normalize(h, Normalizer.Form.NFKC).replace("\uFEFF", "").replaceAll("\\s+", "");
    }

    /** The records of a delivery (header first), parsed as ingest parses them; blank lines left out. */
    static List<List<String>> records(Delivery d) throws IOException {
        List<List<String>> out = new ArrayList<>();
        try (Reader r = strictReader(d.file(), charset(d))) {
            CsvParser p = new CsvParser(r);
            CsvParser.Record rec;
            boolean first = true;
            while ((rec = p.next()) != null) {
                List<String> f = rec.fields();
                if (f.size() == 1 && f.get(0).isEmpty()) {
                    continue;
                }
                if (first && !f.isEmpty()) {
                    f = new ArrayList<>(f);
                    f.set(0, f.get(0).replace("\uFEFF", ""));
                }
                first = false;
                out.add(f);
            }
        }
        return out;
    }
}
