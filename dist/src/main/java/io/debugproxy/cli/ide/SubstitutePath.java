package io.debugproxy.cli.ide;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the directory a binary was built in that corresponds to the local module root, by matching
 * the binary's source files (from Delve) against the module's files: a remote
 * {@code /build/internal/api/handler.go} and a local {@code internal/api/handler.go} vote for
 * {@code /build}. The prefix with most votes wins.
 */
public final class SubstitutePath {

    /** More files than this under the module root are not read (a home directory by mistake). */
    static final int MAX_LOCAL_FILES = 50_000;
    private static final Set<String> SKIPPED_DIRS = Set.of("vendor", "node_modules", "testdata");

    private SubstitutePath() {
    }

    /**
     * @param remoteSources source paths as Delve lists them (absolute, {@code /} separated)
     * @param localFiles    the module's {@code .go} files, relative to its root, {@code /} separated
     * @return the remote directory that plays the module root's part, if any file matched
     */
    public static Optional<String> remoteRoot(Collection<String> remoteSources, Set<String> localFiles) {
        Map<String, Integer> votes = new HashMap<>();
        for (String source : remoteSources) {
            String remote = source.replace('\\', '/');
            // The longest suffix that is a local file decides; scanning from the left finds it first.
            for (int slash = remote.indexOf('/'); slash >= 0; slash = remote.indexOf('/', slash + 1)) {
                if (localFiles.contains(remote.substring(slash + 1))) {
                    String prefix = slash == 0 ? "/" : remote.substring(0, slash);
                    votes.merge(prefix, 1, Integer::sum);
                    break;
                }
            }
        }
        return votes.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue()
                        .thenComparing(e -> e.getKey().length()))
                .map(Map.Entry::getKey);
    }

    /** The directory at or above {@code dir} that holds {@code go.mod}, else {@code dir} itself. */
    public static Path moduleRoot(Path dir) {
        Path start = dir.toAbsolutePath().normalize();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("go.mod"))) {
                return p;
            }
        }
        return start;
    }

    /** The {@code .go} files under {@code root}, relative and {@code /} separated; hidden and vendored trees skipped. */
    public static Set<String> localGoFiles(Path root) {
        Set<String> files = new HashSet<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    boolean skip = !dir.equals(root) && (name.startsWith(".") || SKIPPED_DIRS.contains(name));
                    return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (file.getFileName().toString().endsWith(".go")) {
                        files.add(root.relativize(file).toString().replace('\\', '/'));
                    }
                    return files.size() >= MAX_LOCAL_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + ": " + e.getMessage(), e);
        }
        return files;
    }
}
