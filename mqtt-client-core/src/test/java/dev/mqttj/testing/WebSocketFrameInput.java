package dev.mqttj.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The payload bytes of websocket data frames as one stream; control frames are skipped. Reads a server's
 * unmasked frames, or with {@link #fromClient(InputStream)} a client's masked ones, as a test server must.
 */
public final class WebSocketFrameInput extends InputStream {

    private final DataInputStream frames;
    private final boolean masked;
    private final byte[] mask = new byte[4];
    private long maskIndex;
    private long remaining;

    WebSocketFrameInput(InputStream raw) {
        this(raw, false);
    }

    private WebSocketFrameInput(InputStream raw, boolean masked) {
        this.frames = new DataInputStream(raw);
        this.masked = masked;
    }

    /**
     * Reads the frames a websocket client sends, which must all be masked.
     *
     * @param raw the bytes after the HTTP upgrade
     * @return the unmasked payload stream
     */
    public static WebSocketFrameInput fromClient(InputStream raw) {
        return new WebSocketFrameInput(raw, true);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        while (remaining == 0) {
            if (!nextFrame()) {
                return -1;
            }
        }
        int n = frames.read(buffer, offset, (int) Math.min(length, remaining));
        if (n > 0) {
            remaining -= n;
            if (masked) {
                for (int i = 0; i < n; i++) {
                    buffer[offset + i] ^= mask[(int) (maskIndex++ & 3)];
                }
            }
        }
        return n;
    }

    private boolean nextFrame() throws IOException {
        int first = frames.read();
        if (first < 0) {
            return false;
        }
        int opcode = first & 0x0F;
        int second = frames.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = frames.readUnsignedShort();
        } else if (length == 127) {
            length = frames.readLong();
        }
        if (((second & 0x80) != 0) != masked) {
            throw new IOException(masked ? "client websocket frames must be masked"
                    : "server websocket frames must not be masked");
        }
        if (masked) {
            frames.readFully(mask);
        }
        if (opcode == 0x8) {
            return false; // close frame
        }
        if (opcode >= 0x8) {
            frames.skipNBytes(length); // ping/pong
            return true;
        }
        remaining = length;
        maskIndex = 0;
        return true;
    }

    /**
     * Wraps bytes in one unmasked frame, as a websocket server sends them.
     *
     * @param opcode 0x2 for a binary frame, 0x0 for a continuation
     * @param fin whether this frame ends the message
     * @param payload the frame's payload
     * @return the frame's bytes
     */
    public static byte[] serverFrame(int opcode, boolean fin, byte[] payload) {
        int headerLength = payload.length < 126 ? 2 : payload.length < 65536 ? 4 : 10;
        byte[] frame = new byte[headerLength + payload.length];
        frame[0] = (byte) ((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            frame[1] = (byte) payload.length;
        } else if (payload.length < 65536) {
            frame[1] = (byte) 126;
            frame[2] = (byte) (payload.length >> 8);
            frame[3] = (byte) payload.length;
        } else {
            frame[1] = (byte) 127;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) payload.length >> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, headerLength, payload.length);
        return frame;
    }

    /** Wraps bytes in one masked binary frame, as a websocket client must send them. */
    static byte[] maskedBinaryFrame(byte[] payload) {
        int headerLength = payload.length < 126 ? 2 : payload.length < 65536 ? 4 : 10;
        byte[] frame = new byte[headerLength + 4 + payload.length];
        frame[0] = (byte) 0x82;
        if (payload.length < 126) {
            frame[1] = (byte) (0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (payload.length >> 8);
            frame[3] = (byte) payload.length;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) payload.length >> (56 - 8 * i));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        System.arraycopy(mask, 0, frame, headerLength, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[headerLength + 4 + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        return frame;
    }
}
