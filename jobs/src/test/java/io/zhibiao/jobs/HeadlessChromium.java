package io.zhibiao.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, as `scripts/install-chromium.sh` installs it: the rendered DOM of a page and a
 * screenshot. Every start gets a fresh profile and the flags that keep it off the network; host names resolve to
 * nothing, so a page that needed the network would show it.
 */
final class HeadlessChromium {

    private final String executable;
    private final Path work;

    private HeadlessChromium(String executable, Path work) {
        this.executable = executable;
        this.work = work;
    }

    /** The browser at $ZHIBIAO_CHROMIUM, /usr/bin/chromium or on the PATH. */
    static HeadlessChromium find(Path work) {
        List<String> candidates = new ArrayList<>();
        if (System.getenv("ZHIBIAO_CHROMIUM") != null) {
            candidates.add(System.getenv("ZHIBIAO_CHROMIUM"));
        }
        candidates.add("/usr/bin/chromium");
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            candidates.add(dir + "/chromium");
        }
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c))) {
                return new HeadlessChromium(c, work);
            }
        }
        // like the other client tests: skipped, not failed, where the client is not installed
        return org.junit.jupiter.api.Assumptions.abort("no chromium found (tried " + String.join(", ", candidates.subList(0,
                Math.min(3, candidates.size()))) + "); install it with scripts/install-chromium.sh or set ZHIBIAO_CHROMIUM");
    }

    /** The DOM after the page's scripts ran, laid out in a window of the given width. */
    String dumpDom(String url, int width) {
        return run(List.of("--dump-dom", "--window-size=" + width + ",1200", url), "dom").stdout();
    }

    /** A PNG of the page at the given window size. */
    Path screenshot(String url, Path png, int width, int height) {
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, "--hide-scrollbars",
                "--force-device-scale-factor=1", url), "screenshot");
        if (!Files.isRegularFile(png)) {
            throw new IllegalStateException("chromium wrote no screenshot to " + png);
        }
        return png;
    }

    private record Output(String stdout, String stderr) {
    }

    private Output run(List<String> what, String label) {
        try {
            Path profile = Files.createTempDirectory(work, "chromium-profile");
            List<String> cmd = new ArrayList<>(List.of(executable, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--user-data-dir=" + profile, "--host-resolver-rules=MAP * ~NOTFOUND",
                    "--virtual-time-budget=5000"));
            cmd.addAll(what);
            Path out = work.resolve("chromium-" + label + ".out");
            Path err = work.resolve("chromium-" + label + ".err");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("chromium did not finish in 180 s: " + cmd);
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("chromium exited " + p.exitValue() + ": " + stderr);
            }
            return new Output(Files.readString(out, StandardCharsets.UTF_8), stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
