package dev.mqttj.session;

import dev.mqttj.packet.IdentifiedPacket;
import dev.mqttj.packet.PacketIds;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Session} kept in a directory, safe against crashes: once {@link #savePacket}, {@link #deletePacket}
 * or {@link #reset} has returned, a new {@code FileSession} opened on the same directory after the process
 * died (even by {@code kill -9}) sees that state. With {@link SyncMode#EVERY_WRITE} (the default) this also
 * holds across a power loss.
 *
 * <p>The directory holds {@code session.log}, a write-ahead, append-only log of checksummed records
 * (each packet stored as its MQTT encoding), and {@code session.lock}, locked exclusively while the session
 * is open so that two clients cannot share one directory. A record cut short by a crash is detected on
 * open and cut off. When the log is past its compaction threshold and mostly holds dead records, the live
 * packets are written to {@code session.log.tmp}, flushed, and renamed over the log in one atomic step;
 * a crash at any point leaves either the old or the new log, and a leftover temporary file is deleted on
 * open.
 *
 * <p>Reads are served from memory; every packet is also held on the heap. Thread-safe: every method takes
 * one lock, and writes happen under it so the log order is the call order. Interrupting a thread inside a
 * write makes that call fail with {@link ClosedByInterruptException}, leaves nothing of it behind, and the
 * session stays usable.
 *
 * <p>An {@link IOException} from {@code savePacket} or {@code deletePacket} may also come from a compaction
 * that ran after the write itself succeeded; repeating the call is harmless.
 */
public final class FileSession implements Session, Closeable {

    static final String LOG_FILE = "session.log";
    static final String TEMP_FILE = "session.log.tmp";
    static final String LOCK_FILE = "session.lock";
    static final long DEFAULT_COMPACTION_THRESHOLD = 1L << 20;
    private static final int KEPT_BUFFER_LIMIT = 1 << 20;
    private static final int SNAPSHOT_BUFFER_SIZE = 64 * 1024;

    private final Object lock = new Object();
    private final Path directory;
    private final Path logFile;
    private final Path tempFile;
    private final SyncMode syncMode;
    private final long compactionThreshold;
    private final FileChannel lockChannel;
    private final FileLock fileLock;
    private final PacketStore incoming = new PacketStore();
    private final PacketStore outgoing = new PacketStore();
    private final IdCounter counter = new IdCounter();
    private ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
    private FileChannel log;
    private long logSize;
    private long liveBytes;
    private IOException failure;
    private boolean closed;

    private FileSession(Path directory, SyncMode syncMode, long compactionThreshold, FileChannel lockChannel,
            FileLock fileLock) {
        this.directory = directory;
        this.logFile = directory.resolve(LOG_FILE);
        this.tempFile = directory.resolve(TEMP_FILE);
        this.syncMode = syncMode;
        this.compactionThreshold = compactionThreshold;
        this.lockChannel = lockChannel;
        this.fileLock = fileLock;
    }

    /**
     * Opens (creating when absent) the session stored in {@code directory}, flushing every write to disk
     * ({@link SyncMode#EVERY_WRITE}).
     *
     * @param directory the session directory; created with its parents when missing
     * @return the open session, holding the directory's lock until {@link #close()}
     * @throws SessionLockedException when another open session holds the directory
     * @throws CorruptSessionException when the log is damaged other than by a torn final record
     * @throws IOException when the directory or its files cannot be created, read or written
     */
    public static FileSession open(Path directory) throws IOException {
        return open(directory, SyncMode.EVERY_WRITE);
    }

    /**
     * Opens (creating when absent) the session stored in {@code directory}.
     *
     * @param directory the session directory; created with its parents when missing
     * @param syncMode whether each write is flushed to disk or left in the operating system's cache
     * @return the open session, holding the directory's lock until {@link #close()}
     * @throws SessionLockedException when another open session holds the directory
     * @throws CorruptSessionException when the log is damaged other than by a torn final record
     * @throws IOException when the directory or its files cannot be created, read or written
     */
    public static FileSession open(Path directory, SyncMode syncMode) throws IOException {
        return open(directory, syncMode, DEFAULT_COMPACTION_THRESHOLD);
    }

    static FileSession open(Path directory, SyncMode syncMode, long compactionThreshold) throws IOException {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(syncMode, "syncMode");
        Files.createDirectories(directory);
        Path lockPath = directory.resolve(LOCK_FILE);
        FileChannel lockChannel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock fileLock;
            try {
                fileLock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                throw new SessionLockedException(lockPath, "already open in this process");
            }
            if (fileLock == null) {
                throw new SessionLockedException(lockPath, "held by another process");
            }
            FileSession session = new FileSession(directory, syncMode, compactionThreshold, lockChannel, fileLock);
            session.load();
            return session;
        } catch (IOException | RuntimeException e) {
            try {
                lockChannel.close(); // also releases the lock
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private void load() throws IOException {
        // A leftover temporary file is a compaction that crashed before its rename: the log is still whole.
        Files.deleteIfExists(tempFile);
        if (Files.notExists(logFile)) {
            writeSnapshot(List.of(), List.of(), PacketIds.MIN);
            return;
        }
        log = FileChannel.open(logFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            LogReplay replay = LogReplay.replay(logFile, log, incoming, outgoing, counter);
            if (replay.validEnd() < log.size()) {
                log.truncate(replay.validEnd());
                log.force(false);
            }
            logSize = replay.validEnd();
            liveBytes = replay.liveBytes();
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
    }

    /** {@inheritDoc} Costs no disk access; the counter is stored with every record written. */
    @Override
    public int nextId() {
        synchronized (lock) {
            return counter.nextFree(outgoing);
        }
    }

    /** {@inheritDoc} */
    @Override
    public void savePacket(Direction direction, IdentifiedPacket packet) throws IOException {
        Objects.requireNonNull(direction, "direction");
        PacketStore.requireValidId(packet);
        int recordSize = LogFormat.saveRecordSize(packet);
        synchronized (lock) {
            requireWritable();
            ByteBuffer record = buffer(recordSize);
            LogFormat.putSave(record, direction, packet, counter.peek());
            append(record.flip());
            IdentifiedPacket replaced = store(direction).save(packet);
            liveBytes += recordSize - (replaced == null ? 0 : LogFormat.saveRecordSize(replaced));
            compactIfWorthIt();
        }
    }

    /** {@inheritDoc} */
    @Override
    public IdentifiedPacket lookupPacket(Direction direction, int id) throws IOException {
        PacketStore store = store(direction);
        synchronized (lock) {
            requireOpen();
            return store.lookup(id);
        }
    }

    /** {@inheritDoc} An id with no stored packet writes nothing. */
    @Override
    public void deletePacket(Direction direction, int id) throws IOException {
        PacketStore store = store(direction);
        synchronized (lock) {
            requireWritable();
            IdentifiedPacket existing = store.lookup(id);
            if (existing == null) {
                return;
            }
            ByteBuffer record = buffer(LogFormat.RECORD_HEADER_SIZE + LogFormat.BODY_HEADER_SIZE + 2);
            LogFormat.putDelete(record, direction, id, counter.peek());
            append(record.flip());
            store.delete(id);
            liveBytes -= LogFormat.saveRecordSize(existing);
            compactIfWorthIt();
        }
    }

    /** {@inheritDoc} */
    @Override
    public List<IdentifiedPacket> allPackets(Direction direction) throws IOException {
        PacketStore store = store(direction);
        synchronized (lock) {
            requireOpen();
            return store.all();
        }
    }

    /** {@inheritDoc} Replaces the log with an empty one in one atomic rename, flushed to disk. */
    @Override
    public void reset() throws IOException {
        synchronized (lock) {
            requireOpen();
            writeSnapshot(List.of(), List.of(), PacketIds.MIN);
            incoming.clear();
            outgoing.clear();
            counter.reset();
            failure = null;
        }
    }

    /**
     * Closes the log and releases the directory's lock. Further calls other than {@code nextId} and
     * {@code close} throw an {@link IOException}. Closing twice does nothing.
     *
     * @throws IOException when a file cannot be closed
     */
    @Override
    public void close() throws IOException {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (log != null) {
                    log.close();
                }
            } finally {
                try {
                    fileLock.release();
                } finally {
                    lockChannel.close();
                }
            }
        }
    }

    /** Returns a description naming the session directory. */
    @Override
    public String toString() {
        return "FileSession[" + directory + ", " + syncMode + "]";
    }

    /** The current size of the log in bytes; for tests. */
    long logSize() {
        synchronized (lock) {
            return logSize;
        }
    }

    private void append(ByteBuffer record) throws IOException {
        long start = logSize;
        try {
            long position = writeFully(log, record, start);
            if (syncMode == SyncMode.EVERY_WRITE) {
                log.force(false);
            }
            logSize = position;
        } catch (ClosedByInterruptException e) {
            // The interrupt closed the channel; reopen it so one interrupted caller does not break the session.
            // The flag is cleared meanwhile, or the truncate would be interrupted too, and then restored.
            boolean interrupted = Thread.interrupted();
            try {
                log = FileChannel.open(logFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
                log.truncate(start);
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
                log.truncate(start);
            } catch (IOException truncateFailure) {
                e.addSuppressed(truncateFailure);
                failure = e;
            }
            throw e;
        }
    }

    private void compactIfWorthIt() throws IOException {
        // Rewriting only once dead records outweigh live ones keeps the cost amortised per write.
        if (logSize > compactionThreshold && logSize > 2 * liveBytes) {
            writeSnapshot(outgoing.all(), incoming.all(), counter.peek());
        }
    }

    /** Replaces the log with one holding exactly the given packets, via a flushed temporary file and a rename. */
    private void writeSnapshot(List<IdentifiedPacket> outgoingPackets, List<IdentifiedPacket> incomingPackets,
            int nextId) throws IOException {
        long size;
        try (FileChannel temp = FileChannel.open(tempFile, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer batch = buffer(SNAPSHOT_BUFFER_SIZE);
            LogFormat.putFileHeader(batch);
            LogFormat.putCounter(batch, nextId);
            size = 0;
            size = writeRecords(temp, batch, Direction.OUTGOING, outgoingPackets, nextId, size);
            size = writeRecords(temp, batch, Direction.INCOMING, incomingPackets, nextId, size);
            size = writeFully(temp, batch.flip(), size);
            temp.force(true);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tempFile);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        if (log != null) {
            log.close(); // some platforms refuse to replace an open file
            log = null;
        }
        try {
            Files.move(tempFile, logFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            logSize = size;
            liveBytes = size;
            syncDirectory();
        } finally {
            try {
                log = FileChannel.open(logFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
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

    private PacketStore store(Direction direction) {
        Objects.requireNonNull(direction, "direction");
        return direction == Direction.INCOMING ? incoming : outgoing;
    }

    private void requireOpen() throws IOException {
        if (closed) {
            throw new IOException("session is closed: " + directory);
        }
    }

    private void requireWritable() throws IOException {
        requireOpen();
        if (failure != null) {
            throw new IOException("session log is unusable after an earlier write failure: " + logFile, failure);
        }
    }
}
