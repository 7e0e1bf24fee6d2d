package io.zhibiao.jobs.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.zhibiao.transforms.source.CatalogException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Who may connect to {@code zhibiao serve}: a YAML file of user names and password hashes (PBKDF2 with
 * HMAC-SHA256, a random salt per user). The file never holds a password; {@code zhibiao serve passwd NAME}
 * adds or changes an entry.
 *
 * <pre>
 * users:
 *   - name: finebi
 *     password_hash: "pbkdf2-sha256$600000$&lt;salt, base64&gt;$&lt;hash, base64&gt;"
 * </pre>
 */
public final class ServeUsers {

    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; stored in each hash, so it can be raised later. */
    public static final int ITERATIONS = 600_000;
    static final int MIN_ITERATIONS = 100_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9_.-]{0,63}$");
    private static final SecureRandom RANDOM = new SecureRandom();
    // A hash to spend the same time on for an unknown name, so timing does not tell which names exist.
    private static final String DECOY = hash("zhibiao-decoy", new byte[SALT_BYTES], ITERATIONS);

    private final String file;
    private final Map<String, String> hashes;

    private ServeUsers(String file, Map<String, String> hashes) {
        this.file = file;
        this.hashes = Collections.unmodifiableMap(new LinkedHashMap<>(hashes));
    }

    record Entry(String name, String passwordHash) {
    }

    record Document(List<Entry> users) {
    }

    /** Reads and checks the file; a malformed one stops the server before it listens, naming file, entry and reason. */
    public static ServeUsers load(Path path) {
        String file = path.toString();
        if (!Files.isRegularFile(path)) {
            throw new CatalogException(file, null, "no such user file; create one with: zhibiao serve passwd NAME --users "
                    + file);
        }
        Document doc;
        try {
            doc = mapper().readValue(Files.readString(path, StandardCharsets.UTF_8), Document.class);
        } catch (JsonProcessingException e) {
            throw new CatalogException(file, null, "not a users file (" + e.getOriginalMessage()
                    + "); expected 'users:' with a list of 'name' and 'password_hash'", e);
        } catch (IOException e) {
            throw new CatalogException(file, null, "cannot be read: " + e.getMessage(), e);
        }
        if (doc == null || doc.users() == null || doc.users().isEmpty()) {
            throw new CatalogException(file, null, "lists no users, so nobody could connect; add one with: "
                    + "zhibiao serve passwd NAME --users " + file);
        }
        Map<String, String> hashes = new LinkedHashMap<>();
        for (int i = 0; i < doc.users().size(); i++) {
            Entry e = doc.users().get(i);
            String where = "users[" + i + "]" + (e != null && e.name() != null ? " (" + e.name() + ")" : "");
            if (e == null || e.name() == null || !NAME.matcher(e.name()).matches()) {
                throw new CatalogException(file, where, "a name is a letter followed by up to 63 letters, digits, '_', "
                        + "'.' or '-'");
            }
            String problem = hashProblem(e.passwordHash());
            if (problem != null) {
                throw new CatalogException(file, where, problem + "; make one with: zhibiao serve passwd " + e.name()
                        + " --users " + file);
            }
            if (hashes.put(e.name(), e.passwordHash()) != null) {
                throw new CatalogException(file, where, "the name is listed twice");
            }
        }
        return new ServeUsers(file, hashes);
    }

    /**
     * The users as the sandboxed server receives them from the process that read the file (the file itself is
     * not in the sandbox); the entries were checked when the file was loaded.
     */
    static ServeUsers of(String file, Map<String, String> hashes) {
        return new ServeUsers(file, hashes);
    }

    /** Name to stored hash, for handing to the sandboxed server. */
    Map<String, String> hashes() {
        return hashes;
    }

    public String file() {
        return file;
    }

    public Set<String> names() {
        return hashes.keySet();
    }

    /** True when the password matches the user's stored hash; false for a wrong password or an unknown user. */
    public boolean verify(String user, String password) {
        String stored = user == null ? null : hashes.get(user);
        String[] p = (stored != null ? stored : DECOY).split("\\$");
        byte[] salt = Base64.getDecoder().decode(p[2]);
        byte[] expected = Base64.getDecoder().decode(p[3]);
        byte[] actual = derive(password == null ? "" : password, salt, Integer.parseInt(p[1]));
        return MessageDigest.isEqual(expected, actual) && stored != null;
    }

    /** A new hash of the password with a fresh random salt, in the form the users file holds. */
    public static String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return hash(password, salt, ITERATIONS);
    }

    /**
     * Adds the user to the file, or gives an existing one the new password; creates the file (readable by its
     * owner only, where the file system allows) when there is none.
     */
    public static void put(Path path, String user, String password) {
        if (user == null || !NAME.matcher(user).matches()) {
            throw io.zhibiao.lake.ZhibiaoErrors.badUserName(String.valueOf(user));
        }
        if (password == null || password.length() < 8) {
            throw io.zhibiao.lake.ZhibiaoErrors.passwordTooShort();
        }
        Map<String, String> hashes = new LinkedHashMap<>();
        if (Files.exists(path)) {
            hashes.putAll(load(path).hashes);
        }
        hashes.put(user, hash(password));
        StringBuilder yaml = new StringBuilder()
                .append("# Users of `zhibiao serve` (JDBC). Passwords are kept as PBKDF2-HMAC-SHA256 hashes only.\n")
                .append("# Add a user or change a password with: zhibiao serve passwd NAME --users ").append(path)
                .append("\nusers:\n");
        hashes.forEach((name, h) -> yaml.append("  - name: \"").append(name).append("\"\n")
                .append("    password_hash: \"").append(h).append("\"\n"));
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(path, yaml, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file keeps its folder's access rules.
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the users file " + path + ": " + e.getMessage(), e);
        }
    }

    private static String hashProblem(String h) {
        if (h == null || h.isBlank()) {
            return "password_hash is missing";
        }
        String[] p = h.split("\\$");
        if (p.length != 4 || !p[0].equals(SCHEME)) {
            return "password_hash is not of the form " + SCHEME + "$ITERATIONS$SALT$HASH (a plain password is never "
                    + "accepted here)";
        }
        try {
            int iterations = Integer.parseInt(p[1]);
            if (iterations < MIN_ITERATIONS) {
                return "password_hash uses " + iterations + " iterations, fewer than the " + MIN_ITERATIONS + " accepted";
            }
            if (Base64.getDecoder().decode(p[2]).length < SALT_BYTES || Base64.getDecoder().decode(p[3]).length != HASH_BYTES) {
                return "password_hash has a salt shorter than " + SALT_BYTES + " bytes or a hash that is not " + HASH_BYTES
                        + " bytes";
            }
        } catch (IllegalArgumentException e) {
            return "password_hash has an unreadable number or base64 part";
        }
        return null;
    }

    private static String hash(String password, byte[] salt, int iterations) {
        Base64.Encoder b64 = Base64.getEncoder();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(derive(password, salt, iterations));
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this Java runtime", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static ObjectMapper mapper() {
        return JsonMapper.builder(new YAMLFactory())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }
}
