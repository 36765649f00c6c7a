package io.debugproxy.cli.ide;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SubstitutePathTest {

    @TempDir
    Path tmp;

    @Test
    void findsTheBuildDirectoryFromTheModulesFiles() {
        List<String> remote = List.of(
                "/usr/local/go/src/fmt/print.go",
                "/build/main.go",
                "/build/internal/api/handler.go",
                "/go/pkg/mod/github.com/x/y@v1.0.0/y.go");

        assertEquals(Optional.of("/build"),
                SubstitutePath.remoteRoot(remote, Set.of("main.go", "internal/api/handler.go")));
    }

    @Test
    void prefersTheLongestMatchingSuffix() {
        // handler.go alone would match /build/internal/api; the whole relative path says /build.
        List<String> remote = List.of("/build/internal/api/handler.go");

        assertEquals(Optional.of("/build"),
                SubstitutePath.remoteRoot(remote, Set.of("handler.go", "internal/api/handler.go")));
    }

    @Test
    void takesThePrefixMostFilesAgreeOn() {
        List<String> remote = List.of(
                "/src/app/main.go", "/src/app/a/a.go", "/src/app/b/b.go",
                "/go/pkg/mod/example.com/tool@v1/main.go");

        assertEquals(Optional.of("/src/app"),
                SubstitutePath.remoteRoot(remote, Set.of("main.go", "a/a.go", "b/b.go")));
    }

    @Test
    void findsNothingWhenNoFileMatches() {
        assertEquals(Optional.empty(),
                SubstitutePath.remoteRoot(List.of("/usr/local/go/src/fmt/print.go"), Set.of("main.go")));
    }

    @Test
    void handlesABinaryBuiltAtTheRoot() {
        assertEquals(Optional.of("/"), SubstitutePath.remoteRoot(List.of("/main.go"), Set.of("main.go")));
    }

    @Test
    void readsWindowsStylePaths() {
        assertEquals(Optional.of("C:/work/app"),
                SubstitutePath.remoteRoot(List.of("C:\\work\\app\\cmd\\main.go"), Set.of("cmd/main.go")));
    }

    @Test
    void moduleRootIsTheNearestDirectoryWithGoMod() throws Exception {
        Path module = Files.createDirectories(tmp.resolve("svc"));
        Files.writeString(module.resolve("go.mod"), "module example.com/svc\n");
        Path deep = Files.createDirectories(module.resolve("internal/api"));

        assertEquals(module, SubstitutePath.moduleRoot(deep));
        assertEquals(tmp.resolve("elsewhere").toAbsolutePath(),
                SubstitutePath.moduleRoot(Files.createDirectories(tmp.resolve("elsewhere"))));
    }

    @Test
    void listsGoFilesButNotHiddenOrVendoredOnes() throws Exception {
        Files.writeString(tmp.resolve("main.go"), "package main\n");
        Files.createDirectories(tmp.resolve("internal/api"));
        Files.writeString(tmp.resolve("internal/api/handler.go"), "package api\n");
        Files.writeString(tmp.resolve("README.md"), "x\n");
        Files.createDirectories(tmp.resolve("vendor/x"));
        Files.writeString(tmp.resolve("vendor/x/x.go"), "package x\n");
        Files.createDirectories(tmp.resolve(".git/y"));
        Files.writeString(tmp.resolve(".git/y/y.go"), "package y\n");

        assertEquals(Set.of("main.go", "internal/api/handler.go"), SubstitutePath.localGoFiles(tmp));
    }
}
