package dev.mqttj.session;

import dev.mqttj.packet.IdentifiedPacket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The log file of a {@link FileSession}: appends records, rewrites the whole log atomically, and keeps the
 * file ending on a record boundary when a write fails. Not thread-safe: its owner guards it.
 */
final class LogFile {

    static final String LOG_FILE = "session.log";
    static final String TEMP_FILE = "session.log.tmp";
    private static final int KEPT_BUFFER_LIMIT = 1 << 20;
    private static final int SNAPSHOT_BUFFER_SIZE = 64 * 1024;
    /** Named after the public type, the one users know to configure. */
    private static final System.Logger LOGGER = System.getLogger(FileSession.class.getName());

    private final Path directory;
    private final Path logFile;
    private final Path tempFile;
    private final SyncMode syncMode;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
    private FileChannel channel;
    private long size;
    private IOException failure;

    LogFile(Path directory, SyncMode syncMode) {
        this.directory = directory;
        this.logFile = directory.resolve(LOG_FILE);
        this.tempFile = directory.resolve(TEMP_FILE);
        this.syncMode = syncMode;
    }

    /**
     * Opens the log, replaying it into the given empty stores and counter, or creates an empty one.
     * Returns the live bytes of the replayed state.
     */
    long open(PacketStore incoming, PacketStore outgoing, IdCounter counter) throws IOException {
        // A leftover temporary file is a compaction that crashed before its rename: the log is still whole.
        Files.deleteIfExists(tempFile);
        if (Files.notExists(logFile)) {
            rewrite(List.of(), List.of(), counter.peek());
            return size;
        }
        channel = FileChannel.open(logFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            LogReplay replay = LogReplay.replay(logFile, channel, incoming, outgoing, counter);
            long fileSize = channel.size();
            if (replay.validEnd() < fileSize) {
                // Dropping the last write of a crash is expected, but never without a word: it may hold a packet.
                LOGGER.log(System.Logger.Level.WARNING, "dropped a torn last record of " + (fileSize - replay.validEnd())
                        + " bytes at offset " + replay.validEnd() + " of " + logFile);
                channel.truncate(replay.validEnd());
                channel.force(false);
            }
            size = replay.validEnd();
            return replay.liveBytes();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    long size() {
        return size;
    }

    /** Throws when an earlier failure may have left the log unable to take more records. */
    void requireWritable() throws IOException {
        if (failure != null) {
            throw new IOException("session log is unusable after an earlier write failure: " + logFile, failure);
        }
    }

    void appendSave(Direction direction, IdentifiedPacket packet, int recordSize, int nextId) throws IOException {
        ByteBuffer record = buffer(recordSize);
        LogFormat.putSave(record, direction, packet, nextId);
        append(record.flip());
    }

    void appendDelete(Direction direction, int id, int nextId) throws IOException {
        ByteBuffer record = buffer(LogFormat.RECORD_HEADER_SIZE + LogFormat.BODY_HEADER_SIZE + 2);
        LogFormat.putDelete(record, direction, id, nextId);
        append(record.flip());
    }

    private void append(ByteBuffer record) throws IOException {
        long start = size;
        try {
            long end = writeFully(channel, record, start);
            if (syncMode == SyncMode.EVERY_WRITE) {
                channel.force(false);
            }
            size = end;
        } catch (ClosedByInterruptException e) {
            // The interrupt closed the channel; reopen it so one interrupted caller does not break the session.
            // The flag is cleared meanwhile, or the truncate would be interrupted too, and then restored.
            boolean interrupted = Thread.interrupted();
            try {
                channel = FileChannel.open(logFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
                channel.truncate(start);
            } catch (IOException reopenFailure) {
                e.addSuppressed(reopenFailure);
                failure = e;
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            throw e;
        } catch (IOException e) {
            // Cut off whatever part of the record landed so that the next record starts on a clean boundary.
            try {
                channel.truncate(start);
            } catch (IOException truncateFailure) {
                e.addSuppressed(truncateFailure);
                failure = e;
            }
            throw e;
        }
    }

    /**
     * Replaces the log with one holding exactly the given packets: written to a temporary file, flushed, and
     * renamed over the log, so a crash at any point leaves either the old or the new log.
     */
    void rewrite(List<IdentifiedPacket> outgoing, List<IdentifiedPacket> incoming, int nextId) throws IOException {
        long newSize;
        try (FileChannel temp = FileChannel.open(tempFile, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer batch = buffer(SNAPSHOT_BUFFER_SIZE);
            LogFormat.putFileHeader(batch);
            LogFormat.putCounter(batch, nextId);
            newSize = writeRecords(temp, batch, Direction.OUTGOING, outgoing, nextId, 0);
            newSize = writeRecords(temp, batch, Direction.INCOMING, incoming, nextId, newSize);
            newSize = writeFully(temp, batch.flip(), newSize);
            temp.force(true);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tempFile);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        if (channel != null) {
            channel.close(); // some platforms refuse to replace an open file
            channel = null;
        }
        try {
            Files.move(tempFile, logFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            size = newSize;
            failure = null;
            syncDirectory();
        } finally {
            try {
                channel = FileChannel.open(logFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }

    void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }

    /** Adds SAVE records to {@code batch}, writing the batch out whenever the next record does not fit. */
    private static long writeRecords(FileChannel channel, ByteBuffer batch, Direction direction,
            List<IdentifiedPacket> packets, int nextId, long position) throws IOException {
        for (IdentifiedPacket packet : packets) {
            int recordSize = LogFormat.saveRecordSize(packet);
            if (batch.remaining() < recordSize) {
                position = writeFully(channel, batch.flip(), position);
                batch.clear();
            }
            if (batch.remaining() < recordSize) {
                ByteBuffer single = ByteBuffer.allocate(recordSize); // larger than the whole batch
                LogFormat.putSave(single, direction, packet, nextId);
                position = writeFully(channel, single.flip(), position);
            } else {
                LogFormat.putSave(batch, direction, packet, nextId);
            }
        }
        return position;
    }

    private void syncDirectory() {
        // Makes the rename itself durable. Some platforms cannot open a directory; the rename is atomic anyway.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // best effort, see above
        }
    }

    private static long writeFully(FileChannel channel, ByteBuffer source, long position) throws IOException {
        while (source.hasRemaining()) {
            position += channel.write(source, position);
        }
        return position;
    }

    /** Returns the reusable write buffer, cleared and holding at least {@code size} bytes. */
    private ByteBuffer buffer(int size) {
        if (buffer.capacity() >= size) {
            return buffer.clear();
        }
        if (size > KEPT_BUFFER_LIMIT) {
            return ByteBuffer.allocate(size); // too big to keep around for the next record
        }
        buffer = ByteBuffer.allocateDirect(Math.max(size, Math.min(2 * buffer.capacity(), KEPT_BUFFER_LIMIT)));
        return buffer;
    }
}
