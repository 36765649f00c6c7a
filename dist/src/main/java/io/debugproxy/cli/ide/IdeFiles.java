package io.debugproxy.cli.ide;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/** Reading and atomically replacing a project's IDE files. */
final class IdeFiles {

    /** IDE configurations hold no secret: a new one is readable by all, as an editor would create it. */
    static final Set<PosixFilePermission> NEW_FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");

    private IdeFiles() {
    }

    static Optional<String> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code text} next to {@code file}, then moves it over {@code file}: readers never see half a file.
     * The file keeps its permissions; a new one gets {@link #NEW_FILE_MODE}.
     */
    static void replace(Path file, String text) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            // The temporary file is created 0600; it becomes the file, so it takes the file's mode first.
            Set<PosixFilePermission> mode = Files.exists(file) ? permissions(file) : NEW_FILE_MODE;
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                if (mode != null && Files.getFileAttributeView(tmp, PosixFileAttributeView.class) != null) {
                    Files.setPosixFilePermissions(tmp, mode);
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Copies {@code file} to {@code file.bak} (same mode, replacing an older backup) and returns the copy's path. */
    static Path backup(Path file) {
        Path backup = file.resolveSibling(file.getFileName() + ".bak");
        try {
            Path tmp = Files.createTempFile(backup.toAbsolutePath().getParent(), "." + backup.getFileName(), ".tmp");
            try {
                Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                Files.move(tmp, backup, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + file + " to " + backup + ": " + e.getMessage(), e);
        }
        return backup;
    }

    /** The file's POSIX permissions; null where the file system has none (then the default applies). */
    private static Set<PosixFilePermission> permissions(Path file) throws IOException {
        return Files.getFileAttributeView(file, PosixFileAttributeView.class) == null
                ? null : Files.getPosixFilePermissions(file);
    }
}
