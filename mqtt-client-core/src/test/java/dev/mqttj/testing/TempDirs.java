package dev.mqttj.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** Temporary directories for brokers and certificates: created, opened up for other users, and deleted. */
final class TempDirs {

    private static final List<Path> ON_EXIT = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ON_EXIT.forEach(TempDirs::deleteQuietly),
                "mqttj-test-tempdir-cleanup"));
    }

    private TempDirs() {
    }

    /** Creates a temporary directory other users may traverse (Mosquitto drops root to its own user). */
    static Path create(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            setPermissions(dir, "rwxr-xr-x");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory " + prefix + "*", e);
        }
    }

    /** Creates a sub directory every user may write to (a broker's persistence location). */
    static Path createShared(Path parent, String name) {
        try {
            Path dir = Files.createDirectories(parent.resolve(name));
            setPermissions(dir, "rwxrwxrwx");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + parent.resolve(name), e);
        }
    }

    static void deleteOnExit(Path dir) {
        ON_EXIT.add(dir);
    }

    /** Makes every file below {@code dir} readable by everyone. */
    static void makeWorldReadable(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.forEach(file -> setPermissions(file, Files.isDirectory(file) ? "rwxr-xr-x" : "rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    static void setPermissions(Path file, String permissions) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to open up.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set permissions of " + file, e);
        }
    }

    /** Deletes {@code dir} recursively; files that vanish meanwhile are ignored. */
    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // Already gone.
        } catch (IOException e) {
            // Best effort: a leftover temp directory must not fail a test.
        }
    }
}
