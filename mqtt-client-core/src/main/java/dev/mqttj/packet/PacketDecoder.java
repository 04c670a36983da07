package dev.mqttj.packet;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Streaming packet decoder: one instance per connection, not thread-safe.
 *
 * <p>Framing comes first: the fixed header is read and checked (type, flags, remaining length against the
 * maximum packet size) before any memory is set aside for the body. When the whole packet is already in the
 * caller's buffer it is decoded straight from there. A packet split across calls is gathered into an array of
 * exactly its body's size, except a PUBLISH: its variable header is gathered first, and then its payload
 * straight into the array the message keeps, so a large message is copied once. Bytes may arrive in any
 * fragmentation, down to one byte per call.
 *
 * <p>After a {@link MalformedPacketException} the stream can no longer be trusted: close the connection.
 * The decoder itself is left ready for a fresh stream.
 */
public final class PacketDecoder {
    /** The default largest remaining length accepted: 8 MiB. */
    public static final int DEFAULT_MAX_PACKET_SIZE = 8 * 1024 * 1024;

    private static final int MAX_LENGTH_BYTES = 4;
    private static final int NO_HEADER = -1;
    /**
     * The remaining length of each fixed-size packet type by wire code, -1 where it varies: CONNACK, PUBACK,
     * PUBREC, PUBREL, PUBCOMP and UNSUBACK carry 2 bytes, PINGREQ, PINGRESP and DISCONNECT none. Indexed by
     * the code, since a switch on the type goes through the enum's ordinal map for every packet.
     */
    private static final int[] EXACT_REMAINING_LENGTH = {-1, -1, 2, -1, 2, 2, 2, 2, -1, -1, -1, 2, 0, 0, 0, -1};

    private final int maxPacketSize;
    /** Set for {@link #decode(byte[])}: the input is all there is, so a short body is truncation. */
    private final boolean wholeInput;
    private final BodyReader reader = new BodyReader();

    private int firstByte = NO_HEADER;
    private int remainingLength;
    private int lengthBytes;
    private boolean headerComplete;
    /**
     * A body split across calls. For a PUBLISH it first holds the 2-byte topic length, then the variable
     * header, or the whole body when the topic length leaves no payload or does not fit (decoding reports that).
     */
    private byte[] partialBody;
    private int partialFilled;
    /** The payload of a split PUBLISH, once its variable header is complete; it becomes the message's array. */
    private byte[] partialPayload;
    private int payloadFilled;

    /** Creates a decoder that accepts remaining lengths up to {@link #DEFAULT_MAX_PACKET_SIZE}. */
    public PacketDecoder() {
        this(DEFAULT_MAX_PACKET_SIZE);
    }

    /**
     * Creates a decoder that accepts remaining lengths up to {@code maxPacketSize}.
     *
     * @param maxPacketSize the largest remaining length accepted, 0..268,435,455
     * @throws IllegalArgumentException if {@code maxPacketSize} is out of that range
     */
    public PacketDecoder(int maxPacketSize) {
        this(maxPacketSize, false);
    }

    private PacketDecoder(int maxPacketSize, boolean wholeInput) {
        if (maxPacketSize < 0 || maxPacketSize > RemainingLength.MAX) {
            throw new IllegalArgumentException("maximum packet size must be 0.." + RemainingLength.MAX
                    + " but was " + maxPacketSize);
        }
        this.maxPacketSize = maxPacketSize;
        this.wholeInput = wholeInput;
    }

    /**
     * Decodes the next whole packet from {@code in}, consuming the bytes it used. Partial input is kept
     * between calls.
     *
     * @param in the received bytes, heap or direct; read from its position up to its limit
     * @return the next packet, or null when more bytes are needed (all of {@code in} was consumed then)
     * @throws MalformedPacketException if the bytes break a rule of the protocol or the maximum packet size
     */
    public Packet decode(ByteBuffer in) throws MalformedPacketException {
        if (firstByte == NO_HEADER) {
            Packet packet = decodeSmallWholePacket(in);
            if (packet != null) {
                return packet;
            }
        }
        if (!headerComplete && !readHeader(in)) {
            return null;
        }
        PacketType type = PacketType.of(firstByte >>> 4);
        int flags = firstByte & 0x0F;
        if (partialBody == null) {
            if (in.remaining() >= remainingLength) {
                int start = in.position();
                int end = start + remainingLength;
                Packet packet = decodeBody(type, flags, in, start, end, null);
                in.position(end);
                return packet;
            }
            if (wholeInput) {
                String detail = "packet is truncated: remaining length " + remainingLength + " but "
                        + in.remaining() + " bytes follow the fixed header";
                reset();
                throw new MalformedPacketException(type, detail);
            }
            // Header checks have passed and remainingLength <= maxPacketSize: only now may we allocate. A
            // PUBLISH gathers its topic length first, so its payload can go straight into the message's array.
            partialBody = new byte[type == PacketType.PUBLISH ? Math.min(2, remainingLength) : remainingLength];
            partialFilled = 0;
        }
        return continuePartial(in, type, flags);
    }

    /**
     * Gathers a packet split across calls: the whole body, or for a PUBLISH its variable header and then its
     * payload, each into an array of exactly its size. Returns null when more bytes are needed.
     */
    private Packet continuePartial(ByteBuffer in, PacketType type, int flags) throws MalformedPacketException {
        while (true) {
            if (partialPayload != null) {
                payloadFilled = fill(in, partialPayload, payloadFilled);
                if (payloadFilled < partialPayload.length) {
                    return null;
                }
                byte[] variableHeader = partialBody;
                byte[] payload = partialPayload;
                partialBody = null;
                partialPayload = null;
                return decodeBody(type, flags, ByteBuffer.wrap(variableHeader), 0, variableHeader.length, payload);
            }
            partialFilled = fill(in, partialBody, partialFilled);
            if (partialFilled < partialBody.length) {
                return null;
            }
            if (partialBody.length == remainingLength) {
                byte[] body = partialBody;
                partialBody = null;
                return decodeBody(type, flags, ByteBuffer.wrap(body), 0, body.length, null);
            }
            // A PUBLISH with at least its topic length gathered.
            int topicLength = (partialBody[0] & 0xFF) << 8 | (partialBody[1] & 0xFF);
            int variableHeaderLength = 2 + topicLength + ((flags & 0b0110) != 0 ? 2 : 0);
            if (variableHeaderLength >= remainingLength) {
                // No payload, or a topic longer than the packet: the whole body decodes, or says what is wrong.
                partialBody = Arrays.copyOf(partialBody, remainingLength);
            } else if (partialFilled < variableHeaderLength) {
                partialBody = Arrays.copyOf(partialBody, variableHeaderLength);
            } else {
                partialPayload = new byte[remainingLength - variableHeaderLength];
                payloadFilled = 0;
            }
        }
    }

    /** Moves as many bytes as fit from {@code in} into {@code target} after its first {@code filled}. */
    private static int fill(ByteBuffer in, byte[] target, int filled) {
        int n = Math.min(in.remaining(), target.length - filled);
        in.get(target, filled, n);
        return filled + n;
    }

    /**
     * Decodes exactly one whole packet; no maximum packet size applies beyond the protocol's own.
     *
     * @param wholePacket one encoded packet, fixed header included, with nothing after it
     * @return the packet
     * @throws MalformedPacketException if the bytes are not exactly one valid packet
     */
    public static Packet decode(byte[] wholePacket) throws MalformedPacketException {
        PacketDecoder decoder = new PacketDecoder(RemainingLength.MAX, true);
        ByteBuffer in = ByteBuffer.wrap(wholePacket);
        Packet packet = decoder.decode(in);
        if (packet == null) {
            // With the whole input at hand, a complete fixed header either decodes or fails as truncated:
            // only the fixed header itself can be cut short here. Its first byte, when there, names the type.
            PacketType type = decoder.firstByte == NO_HEADER ? null : PacketType.of(decoder.firstByte >>> 4);
            throw new MalformedPacketException(type, "fixed header is truncated after " + wholePacket.length
                    + " bytes");
        }
        if (in.hasRemaining()) {
            throw new MalformedPacketException(packet.type(), in.remaining() + " trailing bytes after the packet");
        }
        return packet;
    }

    /** Forgets any partially received packet, e.g. before reading from a new connection. */
    public void reset() {
        firstByte = NO_HEADER;
        remainingLength = 0;
        lengthBytes = 0;
        headerComplete = false;
        partialBody = null;
        partialFilled = 0;
        partialPayload = null;
        payloadFilled = 0;
        reader.finish();
    }

    /**
     * Decodes the body {@code buf[start, end)}; {@code payload}, when not null, is a PUBLISH payload gathered
     * separately, and the body then holds only the variable header.
     */
    private Packet decodeBody(PacketType type, int flags, ByteBuffer buf, int start, int end, byte[] payload)
            throws MalformedPacketException {
        // Ready for the next header; partialBody was cleared when the body was taken.
        firstByte = NO_HEADER;
        remainingLength = 0;
        lengthBytes = 0;
        headerComplete = false;
        reader.start(type, buf, start, end);
        try {
            return BodyDecoders.decode(reader, flags, payload);
        } finally {
            reader.finish();
        }
    }

    /**
     * The common case on a busy connection, taken without touching the buffer's position until the end: a
     * whole packet with a one-byte remaining length (under 128 bytes) at the position. Returns null, having
     * read nothing, for anything else. When it throws, the position is still at the packet's first byte,
     * where the general path would have consumed its fixed header; the stream is unusable either way.
     */
    private Packet decodeSmallWholePacket(ByteBuffer in) throws MalformedPacketException {
        int start = in.position();
        int available = in.limit() - start;
        if (available < 2) {
            return null;
        }
        int length = in.get(start + 1); // negative when the remaining length takes more than one byte
        if (length < 0 || length > available - 2) {
            return null;
        }
        int b = in.get(start) & 0xFF;
        checkTypeAndFlags(b);
        firstByte = b;
        remainingLength = length;
        checkLength();
        int end = start + 2 + length;
        Packet packet = decodeBody(PacketType.of(b >>> 4), b & 0x0F, in, start + 2, end, null);
        in.position(end);
        return packet;
    }

    /** Reads the fixed header; returns false when more bytes are needed. */
    private boolean readHeader(ByteBuffer in) throws MalformedPacketException {
        if (firstByte == NO_HEADER) {
            if (!in.hasRemaining()) {
                return false;
            }
            int b = in.get() & 0xFF;
            checkTypeAndFlags(b);
            firstByte = b;
        }
        while (in.hasRemaining()) {
            int b = in.get() & 0xFF;
            remainingLength |= (b & 0x7F) << (7 * lengthBytes);
            lengthBytes++;
            if ((b & 0x80) == 0) {
                checkLength();
                headerComplete = true;
                return true;
            }
            if (lengthBytes == MAX_LENGTH_BYTES) {
                PacketType type = PacketType.of(firstByte >>> 4);
                reset();
                throw new MalformedPacketException(type, "remaining length is longer than 4 bytes");
            }
        }
        return false;
    }

    private void checkTypeAndFlags(int b) throws MalformedPacketException {
        int code = b >>> 4;
        if (code == 0 || code == 15) {
            throw new MalformedPacketException(null, "fixed header: packet type " + code + " is reserved");
        }
        PacketType type = PacketType.of(code);
        int flags = b & 0x0F;
        if (type == PacketType.PUBLISH) {
            int qos = (flags >> 1) & 3;
            if (qos == 3) {
                throw new MalformedPacketException(type, "fixed header QoS must be 0..2 but was 3");
            }
            if (qos == 0 && (flags & 0b1000) != 0) {
                throw new MalformedPacketException(type, "fixed header DUP flag must be 0 for QoS 0");
            }
            return;
        }
        int expected = type == PacketType.PUBREL || type == PacketType.SUBSCRIBE
                || type == PacketType.UNSUBSCRIBE ? 0b0010 : 0;
        if (flags != expected) {
            throw new MalformedPacketException(type, "fixed header flags must be " + binary(expected)
                    + " but were " + binary(flags));
        }
    }

    private void checkLength() throws MalformedPacketException {
        PacketType type = PacketType.of(firstByte >>> 4);
        int length = remainingLength;
        if (length > maxPacketSize) {
            reset();
            throw new MalformedPacketException(type, "remaining length " + length
                    + " exceeds the maximum packet size " + maxPacketSize);
        }
        int exact = EXACT_REMAINING_LENGTH[firstByte >>> 4];
        if (exact >= 0 && length != exact) {
            reset();
            throw new MalformedPacketException(type, "remaining length must be " + exact + " but was " + length);
        }
    }

    private static String binary(int flags) {
        String bits = Integer.toBinaryString(flags | 0x10);
        return "0b" + bits.substring(1);
    }
}
