package dev.mqttj.session;

/**
 * How hard a {@link FileSession} pushes each write towards the disk before the call returns.
 *
 * <p>Measured on a virtual machine with ext4 on a virtual disk, for a 100-byte QoS 1 PUBLISH saved and then
 * deleted: {@link #EVERY_WRITE} about 3–4 ms per call, {@link #OS_BUFFERED} about 5 µs per call, and
 * {@link MemorySession} about 0.3 µs per call. A local NVMe disk flushes in tens to hundreds of
 * microseconds. A QoS 1 publish costs a save and a delete, so with {@code EVERY_WRITE} the flush time sets
 * a client's publish rate.
 *
 * <p>{@code EVERY_WRITE} is the default because a file session exists to not lose messages, and the
 * devices MQTT clients run on lose power more often than servers do. A silent loss is worse than a slow
 * default that shows in the first measurement and is changed with one argument. Choose
 * {@code OS_BUFFERED} when process crashes and restarts are the failures to survive.
 */
public enum SyncMode {

    /**
     * Every {@code savePacket}, {@code deletePacket} and {@code reset} calls {@code FileChannel.force(false)}
     * (fdatasync, which includes the file length) before returning. A returned call survives a process
     * crash, a kernel panic and a power loss.
     */
    EVERY_WRITE,

    /**
     * Each call returns once its {@code write} system call completed, so the record sits in the
     * operating system's page cache. A returned call survives the process being killed (even with
     * {@code kill -9}) or crashing, because the kernel still writes the page cache out; it can be lost
     * on a power loss or kernel crash. After a power loss the log usually just ends early (the torn tail
     * is cut off on open); if the file system wrote later pages before earlier ones, the log has a hole
     * and {@link FileSession#open} throws {@link CorruptSessionException} rather than guess. Compactions
     * and resets are still flushed to disk.
     */
    OS_BUFFERED
}
