package io.zhibiao.jobs.serve;

/**
 * The sandboxed JDBC server with both SQL checks left out (the parser's and the statement gate's). Only tests run
 * it, to show that the sandbox by itself keeps a statement from reaching what the checks would refuse.
 */
public final class UncheckedSandboxedServer {

    private UncheckedSandboxedServer() {
    }

    public static void main(String[] args) throws Exception {
        SandboxedServer.serve(false);
    }
}
