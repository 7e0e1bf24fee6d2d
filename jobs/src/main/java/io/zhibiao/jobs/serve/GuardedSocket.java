package io.zhibiao.jobs.serve;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransportException;

/**
 * A client connection that reads the SASL login and every later frame with a size limit. Thrift's SASL transport
 * allocates whatever length a header announces (up to 100 MB for a login message, up to 2 GB for a frame) before
 * reading it; this socket sees each header as it passes and refuses a length over the limit before that happens.
 * The login messages are read here first, under the login timeout, and replayed to the SASL transport, so a client
 * that announces a login and sends nothing holds no lock and no memory.
 *
 * <p>It is a {@link TSocket} because HiveServer2 finds the client's address by unwrapping transports down to one.
 */
final class GuardedSocket extends TSocket {

    private static final int START = 0x01;
    /** The login message holds a user name and a password: 64 KiB is ample. */
    static final int MAX_LOGIN_MESSAGE = 64 << 10;

    private final int maxFrame;
    private byte[] replay = new byte[0];
    private int replayed;
    private boolean framing;
    private final byte[] header = new byte[4];
    private int headerRead;
    private long frameLeft;

    GuardedSocket(Socket socket, int maxFrame) throws TTransportException {
        super(socket);
        this.maxFrame = maxFrame;
    }

    /**
     * Reads the client's opening SASL messages (START with the mechanism, then the initial response that carries
     * the PLAIN login) into memory, checking each announced length.
     */
    void readLogin() throws TTransportException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        for (int message = 0; message < 2; message++) {
            byte[] h = new byte[5];
            super.readAll(h, 0, 5);
            int length = ((h[1] & 0xff) << 24) | ((h[2] & 0xff) << 16) | ((h[3] & 0xff) << 8) | (h[4] & 0xff);
            if (length < 0 || length > MAX_LOGIN_MESSAGE) {
                throw new TTransportException("a login message of " + Integer.toUnsignedString(length)
                        + " bytes was announced; at most " + MAX_LOGIN_MESSAGE + " are accepted");
            }
            byte[] payload = new byte[length];
            super.readAll(payload, 0, length);
            got.write(h, 0, 5);
            got.write(payload, 0, length);
            if (h[0] != START) {
                break;
            }
        }
        replay = got.toByteArray();
        replayed = 0;
        framing = true;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws TTransportException {
        if (replayed < replay.length) {
            int n = Math.min(len, replay.length - replayed);
            System.arraycopy(replay, replayed, buf, off, n);
            replayed += n;
            return n;
        }
        int n = super.read(buf, off, len);
        if (framing) {
            account(buf, off, n);
        }
        return n;
    }

    /** Follows the frames (4-byte big-endian length, then the data) and refuses one over the limit. */
    private void account(byte[] buf, int off, int n) throws TTransportException {
        int i = off;
        int end = off + n;
        while (i < end) {
            if (frameLeft > 0) {
                long take = Math.min(frameLeft, end - i);
                frameLeft -= take;
                i += (int) take;
                continue;
            }
            header[headerRead++] = buf[i++];
            if (headerRead == 4) {
                headerRead = 0;
                long length = ((header[0] & 0xffL) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8)
                        | (header[3] & 0xff);
                if (length > maxFrame) {
                    throw new TTransportException("a request of " + length + " bytes was announced; at most "
                            + maxFrame + " are accepted");
                }
                frameLeft = length;
            }
        }
    }
}
