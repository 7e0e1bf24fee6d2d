package io.zhibiao.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sample lake: landing files for a city, generated deterministically. The same profile, scale and seed
 * give byte-identical files on any machine; {@code sample-manifest.json} beside landing/ lists them with
 * their SHA-256.
 */
public final class SampleLake {

    public static final long DEFAULT_SEED = 20210301L;
    public static final double DEFAULT_SCALE = 1.0;
    public static final String MANIFEST = "sample-manifest.json";

    /** One generated file: path relative to the lake root, data rows, SHA-256. */
    public record GeneratedFile(String path, long rows, String sha256) {
    }

    public record Summary(String city, double scale, long seed, List<GeneratedFile> files, long firms, long millis) {
        public long rows() {
            return files.stream().mapToLong(GeneratedFile::rows).sum();
        }
    }

    private SampleLake() {
    }

    /** Generates the Luoyang sample into {@code lakeRoot}/landing. Fails if landing/ already has files. */
    public static Summary generate(Path lakeRoot, double scale, long seed) throws IOException {
        return generate(CityProfile.luoyang(), lakeRoot, scale, seed);
    }

    public static Summary generate(CityProfile profile, Path lakeRoot, double scale, long seed) throws IOException {
        long started = System.nanoTime();
        Path landing = lakeRoot.resolve("landing");
        if (Files.isDirectory(landing)) {
            try (var entries = Files.list(landing)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalStateException(landing + " already holds files; generate into an empty lake");
                }
            }
        }
        SampleWorld world = new SampleWorld(profile, scale, seed);
        List<LandingWriter.Written> written = new LandingWriter(world, landing).writeAll();
        List<GeneratedFile> files = new ArrayList<>();
        for (LandingWriter.Written w : written) {
            files.add(new GeneratedFile(lakeRoot.relativize(w.path()).toString().replace('\\', '/'), w.rows(),
                    sha256(w.path())));
        }
        Summary summary = new Summary(profile.city().name(), scale, seed, files, world.firms.size(),
                (System.nanoTime() - started) / 1_000_000);
        writeManifest(lakeRoot.resolve(MANIFEST), summary);
        return summary;
    }

    private static void writeManifest(Path path, Summary s) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("city", s.city());
        m.put("scale", s.scale());
        m.put("seed", s.seed());
        m.put("generator", "io.zhibiao.sample.SampleLake");
        m.put("files", s.files());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(path.toFile(), m);
    }

    static String sha256(Path p) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(p), md)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code java io.zhibiao.sample.SampleLake <lake dir> [scale] [seed]} */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: SampleLake <lake dir> [scale] [seed]");
            System.exit(2);
        }
        double scale = args.length > 1 ? Double.parseDouble(args[1]) : DEFAULT_SCALE;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : DEFAULT_SEED;
        Summary s = generate(Path.of(args[0]), scale, seed);
        System.out.printf("generated %d files, %d rows, %d enterprises in %d ms%n", s.files().size(), s.rows(), s.firms(),
                s.millis());
    }
}
