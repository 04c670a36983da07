package dev.mqttj.session;

/** How hard a {@link FileSession} pushes each write towards the disk before the call returns. */
public enum SyncMode {

    /**
     * Every {@code savePacket}, {@code deletePacket} and {@code reset} calls {@code FileChannel.force(false)}
     * (fdatasync) before returning. A returned call survives a process crash, a kernel panic and a power
     * loss. Costs one disk flush per call.
     */
    EVERY_WRITE,

    /**
     * Each call returns once its {@code write} system call completed, so the record sits in the
     * operating system's page cache. A returned call survives the process being killed (even with
     * {@code kill -9}) or crashing, because the kernel still writes the page cache out; it can be lost
     * on a power loss or kernel crash. Compactions and resets are still flushed to disk.
     */
    OS_BUFFERED
}
