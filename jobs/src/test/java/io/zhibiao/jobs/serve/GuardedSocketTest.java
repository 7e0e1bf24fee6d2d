package io.zhibiao.jobs.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.thrift.transport.TTransportException;
import org.junit.jupiter.api.Test;

/** The size limits on what a client announces, over a real loopback socket. */
class GuardedSocketTest {

    interface Client {
        void send(OutputStream out) throws Exception;
    }

    /** Server side of a loopback connection whose client sent {@code client}'s bytes. */
    static GuardedSocket connected(Client client, int maxFrame) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
            client.send(c.getOutputStream());
            c.getOutputStream().flush();
            Socket s = server.accept();
            s.setSoTimeout(2000);
            return new GuardedSocket(s, maxFrame);
        }
    }

    static byte[] message(int status, byte[] payload) {
        return ByteBuffer.allocate(5 + payload.length).put((byte) status).putInt(payload.length).put(payload).array();
    }

    @Test
    void aLoginAnnouncingAHundredMegabytesIsRefusedBeforeAnythingIsAllocated() throws Exception {
        GuardedSocket s = connected(out -> out.write(ByteBuffer.allocate(5).put((byte) 1).putInt(100 << 20).array()),
                1 << 20);
        assertThatThrownBy(s::readLogin).isInstanceOf(TTransportException.class)
                .hasMessage("a login message of 104857600 bytes was announced; at most 65536 are accepted");
    }

    @Test
    void theLoginIsReplayedAndFramesOverTheLimitAreRefused() throws Exception {
        byte[] start = message(1, "PLAIN".getBytes(StandardCharsets.US_ASCII));
        byte[] login = message(5, "\0finebi\0secret".getBytes(StandardCharsets.US_ASCII));
        GuardedSocket s = connected(out -> {
            out.write(start);
            out.write(login);
            out.write(ByteBuffer.allocate(4 + 3).putInt(3).put(new byte[] {7, 8, 9}).array());
            out.write(ByteBuffer.allocate(4).putInt(1025).array());
        }, 1024);
        s.readLogin();
        byte[] replay = new byte[start.length + login.length];
        s.readAll(replay, 0, replay.length);
        assertThat(replay).startsWith(start).endsWith(login);
        byte[] frame = new byte[7];
        s.readAll(frame, 0, 7); // a 3-byte frame: within the limit
        assertThat(frame).containsExactly(0, 0, 0, 3, 7, 8, 9);
        byte[] header = new byte[4];
        assertThatThrownBy(() -> s.readAll(header, 0, 4)).isInstanceOf(TTransportException.class)
                .hasMessage("a request of 1025 bytes was announced; at most 1024 are accepted");
    }
}
