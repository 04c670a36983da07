package dev.mqttj.session;

import dev.mqttj.packet.IdentifiedPacket;
import dev.mqttj.packet.PacketIds;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * one lock, and writes happen under it so the log order is the call order; a read therefore waits while
 * another thread's write is being flushed. Interrupting a thread inside a
 * write makes that call fail with {@link ClosedByInterruptException}, leaves nothing of it behind, and the
 * session stays usable.
 *
 * <p>Every record also stores the id counter, so {@link #nextId()} continues after a reopen where it stood
 * at the last write; ids handed out after that write and never saved may be handed out again.
 *
 * <p>An {@link IOException} from {@code savePacket} or {@code deletePacket} may also come from a compaction
 * that ran after the write itself succeeded; repeating the call is harmless.
 */
public final class FileSession implements Session, Closeable {

    static final String LOG_FILE = LogFile.LOG_FILE;
    static final String TEMP_FILE = LogFile.TEMP_FILE;
    static final String LOCK_FILE = "session.lock";
    static final long DEFAULT_COMPACTION_THRESHOLD = 1L << 20;

    private final Object lock = new Object();
    private final Path directory;
    private final SyncMode syncMode;
    private final long compactionThreshold;
    private final FileChannel lockChannel;
    private final PacketStore incoming = new PacketStore();
    private final PacketStore outgoing = new PacketStore();
    private final IdCounter counter = new IdCounter();
    private final LogFile log;
    private long liveBytes;
    private boolean closed;

    private FileSession(Path directory, SyncMode syncMode, long compactionThreshold, FileChannel lockChannel) {
        this.directory = directory;
        this.log = new LogFile(directory, syncMode);
        this.syncMode = syncMode;
        this.compactionThreshold = compactionThreshold;
        this.lockChannel = lockChannel;
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
            // The lock lives as long as its channel: closing the channel releases it, so only the channel is kept.
            boolean locked;
            try {
                locked = lockChannel.tryLock() != null;
            } catch (OverlappingFileLockException e) {
                throw new SessionLockedException(lockPath, "already open in this process");
            }
            if (!locked) {
                throw new SessionLockedException(lockPath, "held by another process");
            }
            FileSession session = new FileSession(directory, syncMode, compactionThreshold, lockChannel);
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
        liveBytes = log.open(incoming, outgoing, counter);
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
            log.appendSave(direction, packet, recordSize, counter.peek());
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
            log.appendDelete(direction, id, counter.peek());
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
            log.rewrite(List.of(), List.of(), PacketIds.MIN);
            incoming.clear();
            outgoing.clear();
            counter.reset();
            liveBytes = log.size();
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
                log.close();
            } finally {
                lockChannel.close(); // also releases the directory's lock
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
            return log.size();
        }
    }

    private void compactIfWorthIt() throws IOException {
        // Rewriting only once dead records outweigh live ones keeps the cost amortised per write.
        long logSize = log.size();
        if (logSize > compactionThreshold && logSize > 2 * liveBytes) {
            log.rewrite(outgoing.all(), incoming.all(), counter.peek());
            liveBytes = log.size();
        }
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
        log.requireWritable();
    }
}
