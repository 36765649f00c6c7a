package io.debugproxy.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A set of file writes and deletions that all happen or none do. Every new content is first written
 * and synced to a temporary file beside its target (created with its final mode, so a secret is never
 * readable by others, not even briefly); {@link #commit()} then renames each into place. If a step
 * fails, the steps already done are undone: new files removed, replaced or deleted files restored.
 * Not safe for concurrent use; not a lock against other processes.
 */
final class FileTransaction implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileTransaction.class);

    /** Moves a staged file into place; replaceable so tests can make the n-th move fail. */
    @FunctionalInterface
    interface Mover {
        void move(Path source, Path target) throws IOException;
    }

    static final Mover ATOMIC_RENAME =
            (source, target) -> Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

    /** Final mode of a written file. */
    enum Mode { SECRET, PUBLIC }

    private record Step(Path target, Path staged, Previous previous) {
    }

    /** What a target held before the transaction, so it can be put back. */
    private record Previous(byte[] content, Set<PosixFilePermission> permissions) {
    }

    private final Mover mover;
    private final List<Step> steps = new ArrayList<>();
    private final List<Path> createdDirectories = new ArrayList<>();
    private final List<Step> done = new ArrayList<>();
    private boolean committed;

    FileTransaction(Mover mover) {
        this.mover = mover;
    }

    /** Stages {@code content} for {@code target}, creating missing parent directories. */
    void write(Path target, byte[] content, Mode mode) {
        Path directory = target.toAbsolutePath().getParent();
        ensureDirectory(directory);
        Previous previous = previousOf(target);
        Path staged = stage(directory, target.getFileName().toString(), content, mode);
        steps.add(new Step(target, staged, previous));
    }

    /** Stages the deletion of {@code target}, if it exists. */
    void delete(Path target) {
        Previous previous = previousOf(target);
        if (previous != null) {
            steps.add(new Step(target, null, previous));
        }
    }

    /** Applies every staged step in order, or none of them. */
    void commit() {
        try {
            for (Step step : steps) {
                if (step.staged() == null) {
                    Files.delete(step.target());
                } else {
                    mover.move(step.staged(), step.target());
                }
                done.add(step);
            }
            committed = true;
        } catch (IOException | RuntimeException e) {
            TlsSetupException failure = new TlsSetupException("could not write " + currentTarget() + ": " + describe(e)
                    + "; nothing was changed", e);
            rollBack(failure);
            throw failure;
        }
    }

    /** Removes staged temporary files and, if nothing was committed, directories this transaction created. */
    @Override
    public void close() {
        for (Step step : steps) {
            if (step.staged() != null) {
                deleteLeftover(step.staged());
            }
        }
        if (!committed) {
            for (int i = createdDirectories.size() - 1; i >= 0; i--) {
                deleteLeftover(createdDirectories.get(i));
            }
        }
    }

    private Path currentTarget() {
        return done.size() < steps.size() ? steps.get(done.size()).target() : steps.get(steps.size() - 1).target();
    }

    private void rollBack(TlsSetupException failure) {
        for (int i = done.size() - 1; i >= 0; i--) {
            Step step = done.get(i);
            try {
                if (step.previous() == null) {
                    Files.deleteIfExists(step.target());
                } else {
                    Path restored = stage(step.target().toAbsolutePath().getParent(), step.target().getFileName().toString(),
                            step.previous().content(), null);
                    if (step.previous().permissions() != null) {
                        Files.setPosixFilePermissions(restored, step.previous().permissions());
                    }
                    ATOMIC_RENAME.move(restored, step.target());
                }
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        if (failure.getSuppressed().length > 0) {
            throw new TlsSetupException(failure.getMessage().replace("; nothing was changed", "")
                    + ", and restoring the previous files failed too; check " + currentTarget().getParent(), failure);
        }
    }

    private void ensureDirectory(Path directory) {
        if (Files.isDirectory(directory)) {
            return;
        }
        List<Path> missing = new ArrayList<>();
        for (Path p = directory; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            try {
                if (FilePermissions.posix(p)) {
                    Files.createDirectory(p, PosixFilePermissions.asFileAttribute(FilePermissions.DIRECTORY));
                } else {
                    Files.createDirectory(p);
                }
                createdDirectories.add(p);
            } catch (IOException e) {
                throw new TlsSetupException("cannot create directory " + p + ": " + describe(e), e);
            }
        }
    }

    private static Previous previousOf(Path target) {
        if (Files.isDirectory(target)) {
            throw new TlsSetupException(target + " is a directory; move it out of the way and try again");
        }
        if (!Files.exists(target)) {
            return null;
        }
        try {
            Set<PosixFilePermission> permissions = FilePermissions.posix(target) ? Files.getPosixFilePermissions(target) : null;
            return new Previous(Files.readAllBytes(target), permissions);
        } catch (IOException e) {
            throw new TlsSetupException("cannot read " + target + ": " + describe(e), e);
        }
    }

    private static Path stage(Path directory, String name, byte[] content, Mode mode) {
        Path staged = null;
        try {
            if (FilePermissions.posix(directory)) {
                Set<PosixFilePermission> permissions = mode == Mode.PUBLIC ? FilePermissions.WORLD_READABLE : FilePermissions.OWNER_ONLY;
                FileAttribute<?> attribute = PosixFilePermissions.asFileAttribute(permissions);
                staged = Files.createTempFile(directory, "." + name + ".", ".tmp", attribute);
                // The umask may have narrowed the creation mode; public files must end up 0644 regardless.
                Files.setPosixFilePermissions(staged, permissions);
            } else {
                staged = Files.createTempFile(directory, "." + name + ".", ".tmp");
            }
            try (FileChannel channel = FileChannel.open(staged, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            return staged;
        } catch (IOException e) {
            if (staged != null) {
                deleteLeftover(staged);
            }
            throw new TlsSetupException("cannot write in " + directory + ": " + describe(e), e);
        }
    }

    private static void deleteLeftover(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (DirectoryNotEmptyException e) {
            // A directory that gained other files is no longer ours to remove.
        } catch (IOException e) {
            LOG.warn("event=leftover_not_removed path={} error=\"{}\"", path, describe(e));
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " " + message;
    }
}
