package io.zhibiao.jobs.serve;

import java.nio.charset.StandardCharsets;

/**
 * The sandboxed JDBC server with both SQL checks left out (the parser's and the statement gate's). Only tests run
 * it, to show that the sandbox by itself keeps a statement from reaching what the checks would refuse.
 */
public final class UncheckedSandboxedServer {

    private UncheckedSandboxedServer() {
    }

    public static void main(String[] args) throws Exception {
        ServeSettings settings = ServeSettings.fromJson(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
        System.in.close();
        SandboxedServer.run(settings, false);
    }
}
