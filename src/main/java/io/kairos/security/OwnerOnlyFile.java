package io.kairos.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * A secret kept in a file only its owner may read (mode 0600): the embedded database's password, the first admin
 * token. Written to a temporary file made 0600 before a byte goes in, then moved into place, so that no other user
 * ever sees it half-written or readable.
 */
public final class OwnerOnlyFile {

    private OwnerOnlyFile() {
    }

    /** The file's content; made from {@code fresh} first when the file does not exist. */
    public static String readOrCreate(Path file, Supplier<String> fresh) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file).strip();
        }
        String value = fresh.get();
        write(file, value);
        return value;
    }

    public static void write(Path file, String value) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, value);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
