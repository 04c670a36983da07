package dev.mqttj.session;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

/** Runs the shared contract against {@link FileSession}; page-cache writes keep the 65535-packet tests fast. */
class FileSessionContractTest extends SessionContractTest {

    @TempDir
    Path directory;

    @Override
    Session newSession() throws IOException {
        return FileSession.open(directory, SyncMode.OS_BUFFERED);
    }
}
