package dev.mqttj.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Decides whether a test that needs an external broker binary runs, skips or fails.
 *
 * <p>Locally a missing binary skips the test (a JUnit assumption). When the environment variable
 * {@code CI} is {@code true} a missing binary fails the test, so a CI image without Mosquitto cannot
 * silently turn the broker tests green.
 */
public final class BrokerRequirements {

    private static final String MOSQUITTO = "mosquitto";

    private BrokerRequirements() {
    }

    /**
     * Returns the path of the {@code mosquitto} executable, searching {@code PATH}, {@code /usr/sbin},
     * {@code /usr/local/sbin} and {@code /sbin}.
     *
     * @return the executable's path
     * @throws org.opentest4j.TestAbortedException if it is missing and {@code CI} is not {@code true}
     * @throws AssertionError if it is missing and {@code CI} is {@code true}
     */
    public static Path requireMosquitto() {
        return requireMosquitto(findMosquitto(), isCi());
    }

    static Path requireMosquitto(Optional<Path> found, boolean ci) {
        if (found.isPresent()) {
            return found.get();
        }
        String message = "the mosquitto broker binary was not found on PATH or in /usr/sbin, /usr/local/sbin, /sbin;"
                + " install it (Debian: apt-get install mosquitto)";
        if (ci) {
            throw new AssertionError(message + " - CI=true, so this test fails instead of skipping");
        }
        Assumptions.abort(message + " - skipping (set CI=true to fail instead)");
        throw new AssertionError("unreachable");
    }

    /**
     * Looks for the {@code mosquitto} executable without deciding anything.
     *
     * @return its path, or empty when it is not installed
     */
    public static Optional<Path> findMosquitto() {
        List<Path> directories = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(java.io.File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    directories.add(Path.of(entry));
                }
            }
        }
        directories.add(Path.of("/usr/sbin"));
        directories.add(Path.of("/usr/local/sbin"));
        directories.add(Path.of("/sbin"));
        for (Path directory : directories) {
            Path candidate = directory.resolve(MOSQUITTO);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Tells whether the build runs on CI, where missing brokers are failures.
     *
     * @return true when the environment variable {@code CI} equals {@code true} (ignoring case)
     */
    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
