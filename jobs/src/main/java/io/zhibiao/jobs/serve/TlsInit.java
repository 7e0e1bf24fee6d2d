package io.zhibiao.jobs.serve;

import io.zhibiao.lake.ExitCode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zhibiao serve tls-init}: a self-signed key and certificate for trying the server out, made with the JDK's
 * keytool. Writes the server's PKCS12 keystore (owner-only) and its password file (owner-only), the certificate in
 * PEM for clients that take one (Superset/PyHive, ODBC drivers) and a JKS trust store for the Hive JDBC driver
 * ({@code ssl=true;sslTrustStore=…;trustStorePassword=…}). For production, put a certificate from your own
 * authority into a PKCS12 keystore and its password in FILE.password.
 */
@Command(name = "tls-init", description = "Make a self-signed TLS key and certificate for zhibiao serve (for a trial; "
        + "use your own authority's certificate in production).")
final class TlsInit implements Callable<Integer> {

    static final String DEFAULT_KEYSTORE = "serve-tls.p12";
    /** The trust store holds only the public certificate; its password guards nothing secret. */
    static final String TRUSTSTORE_PASSWORD = "zhibiao-trust";
    private static final String ALIAS = "zhibiao-serve";

    @Option(names = "--tls-keystore", paramLabel = "FILE", defaultValue = DEFAULT_KEYSTORE,
            description = "Keystore to write (default: ${DEFAULT-VALUE}); also FILE.password, the certificate "
                    + "(.crt) and the clients' trust store (-truststore.jks) beside it.")
    Path keystore;

    @Option(names = "--name", paramLabel = "HOST",
            description = "Host names or addresses clients connect to (default: localhost, 127.0.0.1 and this "
                    + "machine's name); repeat for several.")
    List<String> names = new ArrayList<>();

    @Option(names = "--days", defaultValue = "365", description = "Validity in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (Files.exists(keystore)) {
            throw io.zhibiao.lake.ZhibiaoErrors.keystoreExists(keystore.toString(), passwordFile(keystore).toString());
        }
        Set<String> hosts = new LinkedHashSet<>(names);
        if (hosts.isEmpty()) {
            hosts.add("localhost");
            hosts.add("127.0.0.1");
            hosts.add(InetAddress.getLocalHost().getHostName());
        }
        List<String> san = new ArrayList<>();
        for (String h : hosts) {
            san.add((h.matches("[0-9.]+|.*:.*") ? "ip:" : "dns:") + h);
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path pw = passwordFile(keystore);
        Files.writeString(pw, password + "\n", StandardCharsets.UTF_8);
        ownerOnly(pw);
        String cn = hosts.iterator().next();
        keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "3072", "-sigalg", "SHA256withRSA",
                "-dname", "CN=" + cn + ", O=zhibiao serve (self-signed)", "-ext", "SAN=" + String.join(",", san),
                "-validity", String.valueOf(days), "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", password, "-keypass", password);
        ownerOnly(keystore);
        Path crt = certificate(keystore);
        keytool("-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keystore.toString(), "-storepass", password,
                "-file", crt.toString());
        Path trust = truststore(keystore);
        Files.deleteIfExists(trust);
        keytool("-importcert", "-noprompt", "-alias", ALIAS, "-file", crt.toString(), "-storetype", "JKS",
                "-keystore", trust.toString(), "-storepass", TRUSTSTORE_PASSWORD);
        System.out.printf("zhibiao serve: self-signed key for %s in %s (password in %s, owner-only)%n",
                String.join(", ", hosts), keystore, pw);
        System.out.printf("clients: certificate %s; Hive JDBC: ;ssl=true;sslTrustStore=%s;trustStorePassword=%s%n",
                crt, trust.toAbsolutePath(), TRUSTSTORE_PASSWORD);
        return ExitCode.OK;
    }

    static Path passwordFile(Path keystore) {
        return keystore.resolveSibling(keystore.getFileName() + ".password");
    }

    static Path certificate(Path keystore) {
        return keystore.resolveSibling(stem(keystore) + ".crt");
    }

    static Path truststore(Path keystore) {
        return keystore.toAbsolutePath().resolveSibling(stem(keystore) + "-truststore.jks");
    }

    private static String stem(Path keystore) {
        return keystore.getFileName().toString().replaceFirst("\\.(p12|pfx|pkcs12)$", "");
    }

    /** The keystore's password from FILE.password, the file it must be in. */
    static String password(Path keystore) throws IOException {
        if (!Files.isRegularFile(keystore)) {
            throw io.zhibiao.lake.ZhibiaoErrors.noKeystore(keystore.toString());
        }
        Path pw = passwordFile(keystore);
        if (!Files.isRegularFile(pw)) {
            throw io.zhibiao.lake.ZhibiaoErrors.keystorePasswordMissing(keystore.toString(), pw.toString());
        }
        return Files.readString(pw, StandardCharsets.UTF_8).strip();
    }

    private static void ownerOnly(Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed: " + out.strip());
        }
    }
}
