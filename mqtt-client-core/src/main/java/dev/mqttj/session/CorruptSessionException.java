package dev.mqttj.session;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Thrown by {@link FileSession#open(Path)} when the session log is damaged somewhere other than a torn
 * final record: a bad file header, or a record that fails its check but is followed by more data.
 * Skipping such a record could lose a saved packet or resurrect a deleted one, so the log is not
 * repaired silently; the caller decides (for example, moves the directory aside and starts clean).
 */
public final class CorruptSessionException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The damaged log; transient because {@link Path} is not serializable. */
    private final transient Path file;
    /** The byte offset of the first record that failed its check. */
    private final long offset;

    CorruptSessionException(Path file, long offset, String problem) {
        super(problem + " at offset " + offset + " of " + file);
        this.file = file;
        this.offset = offset;
    }

    CorruptSessionException(Path file, long offset, String problem, Throwable cause) {
        this(file, offset, problem);
        initCause(cause);
    }

    /**
     * Returns the damaged log file.
     *
     * @return the path of the session log
     */
    public Path file() {
        return file;
    }

    /**
     * Returns where the damage starts.
     *
     * @return the byte offset, from the start of the file, of the first record that failed its check
     */
    public long offset() {
        return offset;
    }
}
