package dev.mqttj.session;

import dev.mqttj.packet.IdentifiedPacket;
import dev.mqttj.packet.Packet;
import dev.mqttj.packet.PacketDecoder;
import dev.mqttj.packet.PacketIds;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Rebuilds a session's state from its log. A record cut short at the end of the file (a torn write)
 * ends the replay; {@link #validEnd()} then tells where to truncate. Damage followed by more data is a
 * {@link CorruptSessionException}.
 */
final class LogReplay {

    private final Path file;
    private final PacketStore incoming;
    private final PacketStore outgoing;
    private final IdCounter counter;
    private long validEnd;
    private long liveBytes = LogFormat.FILE_HEADER_SIZE;

    private LogReplay(Path file, PacketStore incoming, PacketStore outgoing, IdCounter counter) {
        this.file = file;
        this.incoming = incoming;
        this.outgoing = outgoing;
        this.counter = counter;
    }

    /** Replays {@code channel} (the log at {@code file}) into the given empty stores and counter. */
    static LogReplay replay(Path file, FileChannel channel, PacketStore incoming, PacketStore outgoing,
            IdCounter counter) throws IOException {
        LogReplay replay = new LogReplay(file, incoming, outgoing, counter);
        replay.run(channel);
        return replay;
    }

    /** The offset after the last intact record; the file's size unless its tail was torn. */
    long validEnd() {
        return validEnd;
    }

    /** The bytes a compacted log of the replayed state would take, roughly. */
    long liveBytes() {
        return liveBytes;
    }

    private void run(FileChannel channel) throws IOException {
        long size = channel.size();
        channel.position(0);
        // The stream is not closed: closing it would close the channel the session keeps using.
        DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 65_536));
        readFileHeader(in, size);
        long position = LogFormat.FILE_HEADER_SIZE;
        while (position < size) {
            long remaining = size - position;
            if (remaining < LogFormat.RECORD_HEADER_SIZE) {
                break; // torn record header
            }
            int length = in.readInt();
            int inverted = in.readInt();
            int crc = in.readInt();
            if (length != ~inverted || length < LogFormat.BODY_HEADER_SIZE || length > LogFormat.MAX_BODY_SIZE) {
                if (length == 0 && inverted == 0 && crc == 0 && restIsZero(in)) {
                    break; // the file system extended the file but the record never landed
                }
                throw new CorruptSessionException(file, position, "damaged record header");
            }
            if (remaining - LogFormat.RECORD_HEADER_SIZE < length) {
                break; // torn record body
            }
            byte[] body = in.readNBytes(length);
            long end = position + LogFormat.RECORD_HEADER_SIZE + length;
            if (LogFormat.crc(ByteBuffer.wrap(body)) != crc) {
                if (end == size) {
                    break; // the last record was only partly written
                }
                throw new CorruptSessionException(file, position, "record checksum mismatch");
            }
            apply(body, position);
            position = end;
        }
        validEnd = position;
    }

    private void readFileHeader(DataInputStream in, long size) throws IOException {
        if (size < LogFormat.FILE_HEADER_SIZE) {
            throw new CorruptSessionException(file, 0, "file shorter than its header");
        }
        int magic = in.readInt();
        if (magic != LogFormat.MAGIC) {
            throw new CorruptSessionException(file, 0, "not a session log (bad magic)");
        }
        int version = in.readUnsignedByte();
        if (version != LogFormat.VERSION) {
            throw new CorruptSessionException(file, 4, "unsupported session log version " + version);
        }
        in.skipNBytes(3);
    }

    private void apply(byte[] body, long position) throws CorruptSessionException {
        int type = body[0];
        Direction direction = LogFormat.direction(body[1]);
        if (direction == null) {
            throw new CorruptSessionException(file, position, "unknown direction code " + body[1]);
        }
        PacketStore store = direction == Direction.INCOMING ? incoming : outgoing;
        int nextId = ((body[2] & 0xFF) << 8) | (body[3] & 0xFF);
        switch (type) {
            case LogFormat.TYPE_SAVE:
                IdentifiedPacket packet = decode(body, position);
                IdentifiedPacket replaced = store.save(packet);
                liveBytes += LogFormat.RECORD_HEADER_SIZE + body.length;
                if (replaced != null) {
                    liveBytes -= LogFormat.saveRecordSize(replaced);
                }
                break;
            case LogFormat.TYPE_DELETE:
                if (body.length != LogFormat.BODY_HEADER_SIZE + 2) {
                    throw new CorruptSessionException(file, position, "delete record of " + body.length + " bytes");
                }
                IdentifiedPacket deleted = store.delete(((body[4] & 0xFF) << 8) | (body[5] & 0xFF));
                if (deleted != null) {
                    liveBytes -= LogFormat.saveRecordSize(deleted);
                }
                break;
            case LogFormat.TYPE_COUNTER:
                break;
            default:
                throw new CorruptSessionException(file, position, "unknown record type " + type);
        }
        counter.resumeAt(nextId);
    }

    private IdentifiedPacket decode(byte[] body, long position) throws CorruptSessionException {
        byte[] encoded = new byte[body.length - LogFormat.BODY_HEADER_SIZE];
        System.arraycopy(body, LogFormat.BODY_HEADER_SIZE, encoded, 0, encoded.length);
        Packet packet;
        try {
            packet = PacketDecoder.decode(encoded);
        } catch (IOException | RuntimeException e) {
            throw new CorruptSessionException(file, position, "undecodable packet", e);
        }
        if (!(packet instanceof IdentifiedPacket)) {
            throw new CorruptSessionException(file, position,
                    "stored " + packet.getClass().getSimpleName() + " has no packet id");
        }
        IdentifiedPacket identified = (IdentifiedPacket) packet;
        // Two bytes on the wire cannot exceed PacketIds.MAX; only a QoS 0 PUBLISH decodes with id 0.
        if (identified.id() < PacketIds.MIN) {
            throw new CorruptSessionException(file, position, "stored packet id " + identified.id() + " out of range");
        }
        return identified;
    }

    private static boolean restIsZero(InputStream in) throws IOException {
        byte[] chunk = new byte[8192];
        int read;
        while ((read = in.read(chunk)) > 0) {
            for (int i = 0; i < read; i++) {
                if (chunk[i] != 0) {
                    return false;
                }
            }
        }
        return true;
    }
}
