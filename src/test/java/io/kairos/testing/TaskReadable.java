package io.kairos.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A folder the tests' process tasks can read (and, through {@link #writable}, write). An agent running as root runs them as {@code nobody}, who cannot read
 * what lies under {@code /root} (the Maven repository) and maybe not the checkout either: files a task must read, such
 * as Spark's jars and a test application, are put here, one folder per test JVM under {@code java.io.tmpdir},
 * removed when the JVM exits.
 */
public final class TaskReadable {

    private static Path dir;

    private TaskReadable() {
    }

    public static synchronized Path dir() {
        if (dir == null) {
            try {
                Path d = Files.createTempDirectory("kairos-test-readable-");
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(d)));
                dir = d;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    /** A folder in {@link #dir()} that tasks may also write to (a test's marks, say), made if absent. */
    public static Path writable(String name) {
        Path d = dir().resolve(name);
        try {
            Files.createDirectories(d);
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxrwxrwx"));
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code file} under {@code name} in {@link #dir()}: a hard link where the file system allows, else a copy. */
    public static Path place(Path file, String name) {
        Path target = dir().resolve(name);
        try {
            Files.createDirectories(target.getParent());
            Files.setPosixFilePermissions(target.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
            try {
                Files.createLink(target, file);
            } catch (FileAlreadyExistsException e) {
                return target;
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path d) {
        try (Stream<Path> all = Files.walk(d)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }
}
