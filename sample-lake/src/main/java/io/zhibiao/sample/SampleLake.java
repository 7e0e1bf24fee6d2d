package io.zhibiao.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.zhibiao.transforms.ingest.SyntheticMarker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sample lake: landing files for one or more cities, generated deterministically. The same profiles, scale
 * and seed give byte-identical files on any machine; {@code sample-manifest.json} beside landing/ lists them
 * with their SHA-256, and {@code landing/_synthetic.json} ({@link SyntheticMarker}) marks them as invented for ingest. The bundled sample holds the cities listed in {@code zhibiao/sample/sample.yaml}.
 */
public final class SampleLake {

    public static final long DEFAULT_SEED = 20210301L;
    public static final double DEFAULT_SCALE = 1.0;
    public static final String MANIFEST = "sample-manifest.json";
    public static final String BUNDLED = "zhibiao/sample/sample.yaml";
    public static final String GENERATOR = "io.zhibiao.sample.SampleLake";

    /** One generated file: path relative to the lake root, data rows, SHA-256. */
    public record GeneratedFile(String path, long rows, String sha256) {
    }

    public record Summary(List<String> cities, double scale, long seed, List<GeneratedFile> files, long firms, long millis) {
        public long rows() {
            return files.stream().mapToLong(GeneratedFile::rows).sum();
        }
    }

    private SampleLake() {
    }

    /**
     * Generates the bundled sample (Luoyang 2015–2025 and Xinxiang 2016–2021) into {@code lakeRoot}/landing.
     * Fails if landing/ already has files.
     */
    public static Summary generate(Path lakeRoot, double scale, long seed) throws IOException {
        return generate(bundledProfiles(), lakeRoot, scale, seed);
    }

    public static Summary generate(CityProfile profile, Path lakeRoot, double scale, long seed) throws IOException {
        return generate(List.of(profile), lakeRoot, scale, seed);
    }

    private record Bundle(List<String> cities) {
    }

    /** The bundled cities, in the order of sample.yaml. */
    public static List<CityProfile> bundledProfiles() {
        try (InputStream in = SampleLake.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("no " + BUNDLED + " on the class path");
            }
            Bundle b = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readValue(in, Bundle.class);
            String dir = BUNDLED.substring(0, BUNDLED.lastIndexOf('/') + 1);
            return b.cities().stream().map(c -> CityProfile.load(dir + c)).toList();
        } catch (IOException e) {
            throw new IllegalStateException(BUNDLED + " is not a valid list of sample cities: " + e.getMessage(), e);
        }
    }

    /** Generates the cities one after another into one lake; each city's random streams are its own. */
    public static Summary generate(List<CityProfile> profiles, Path lakeRoot, double scale, long seed) throws IOException {
        long started = System.nanoTime();
        Path landing = lakeRoot.resolve("landing");
        if (Files.isDirectory(landing)) {
            try (var entries = Files.list(landing)) {
                if (entries.findAny().isPresent()) {
                    throw io.zhibiao.lake.ZhibiaoErrors.sampleLakeNotEmpty(landing.toString());
                }
            }
        }
        Set<String> tags = new HashSet<>();
        for (CityProfile p : profiles) {
            if (!tags.add(String.valueOf(p.tag()))) {
                throw new IllegalArgumentException("two sample cities share the tag " + p.tag()
                        + "; their files would collide (give every city but one a distinct tag)");
            }
        }
        List<GeneratedFile> files = new ArrayList<>();
        List<String> cities = new ArrayList<>();
        long firms = 0;
        for (CityProfile profile : profiles) {
            SampleWorld world = new SampleWorld(profile, scale, seed);
            List<LandingWriter.Written> written = new LandingWriter(world, landing).writeAll();
            for (LandingWriter.Written w : written) {
                files.add(new GeneratedFile(lakeRoot.relativize(w.path()).toString().replace('\\', '/'), w.rows(),
                        sha256(w.path())));
            }
            cities.add(profile.city().name());
            firms += world.firms.size();
        }
        Summary summary = new Summary(cities, scale, seed, files, firms, (System.nanoTime() - started) / 1_000_000);
        writeManifest(lakeRoot.resolve(MANIFEST), summary);
        // The provenance ingest reads: inside landing/, so it travels with the files when the folder is copied.
        Map<String, String> generated = new LinkedHashMap<>();
        for (GeneratedFile f : files) {
            generated.put(landing.relativize(lakeRoot.resolve(f.path())).toString().replace('\\', '/'), f.sha256());
        }
        new SyntheticMarker(GENERATOR, seed, scale, cities, generated).write(landing);
        return summary;
    }

    private static void writeManifest(Path path, Summary s) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cities", s.cities());
        m.put("scale", s.scale());
        m.put("seed", s.seed());
        m.put("generator", GENERATOR);
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
