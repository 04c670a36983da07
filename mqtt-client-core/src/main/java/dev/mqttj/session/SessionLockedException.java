package dev.mqttj.session;

import java.io.IOException;
import java.nio.file.Path;

/** Thrown by {@link FileSession#open(Path)} when another client already holds the session directory. */
public final class SessionLockedException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The lock file; transient because {@link Path} is not serializable. */
    private final transient Path lockFile;

    SessionLockedException(Path lockFile, String reason) {
        super("session directory is locked (" + reason + "): " + lockFile);
        this.lockFile = lockFile;
    }

    /**
     * Returns the lock file that could not be locked.
     *
     * @return the path of the lock file inside the session directory
     */
    public Path lockFile() {
        return lockFile;
    }
}
