package io.debugproxy.cli.ide;

import io.debugproxy.cli.CliRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code proxy ide vscode|goland --write} on a project directory, against a fake admin API. */
class IdeWriteTest {

    @TempDir
    Path project;

    private FakeAdmin admin;

    @BeforeEach
    void startAdmin() throws Exception {
        admin = FakeAdmin.withRoute("api", 40001);
    }

    @AfterEach
    void stopAdmin() {
        admin.close();
    }

    private CliRun write(String ide) {
        return CliRun.of("ide", ide, "api", "--admin", admin.address(), "--dir", project.toString(), "--write",
                "--no-probe");
    }

    private CliRun goland() {
        return CliRun.of("ide", "goland", "api", "--admin", admin.address(), "--dir", project.toString(), "--write");
    }

    @Test
    void vscodeKeepsTheModeOfAnExistingLaunchJson() throws Exception {
        Path launch = Files.createDirectories(project.resolve(".vscode")).resolve("launch.json");
        Files.writeString(launch, "{\"version\": \"0.2.0\", \"configurations\": []}\n");
        Files.setPosixFilePermissions(launch, PosixFilePermissions.fromString("rw-r--r--"));

        CliRun run = write("vscode");

        assertEquals(0, run.exit(), run.err());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(launch)));
        assertTrue(Files.readString(launch).contains("\"port\": 40001"), Files.readString(launch));
    }

    @Test
    void golandWritesANewRunConfigurationReadableByAll() throws Exception {
        CliRun run = goland();

        assertEquals(0, run.exit(), run.err());
        Path file = project.resolve(".run/debugproxy_api.run.xml");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void vscodeUpdatesTheLaunchJsonVsCodeGeneratedKeepingItsComments() throws Exception {
        Path launch = Files.createDirectories(project.resolve(".vscode")).resolve("launch.json");
        Files.writeString(launch, """
                {
                    // Use IntelliSense to learn about possible attributes.
                    "version": "0.2.0",
                    "configurations": [
                        {
                            "name": "Launch Package",
                            "type": "go",
                            "request": "launch",
                            "program": "${fileDirname}",
                        },
                    ]
                }
                """);

        CliRun run = write("vscode");

        assertEquals(0, run.exit(), run.err());
        String text = Files.readString(launch);
        assertTrue(text.contains("// Use IntelliSense to learn about possible attributes."), text);
        assertTrue(text.contains("\"name\": \"debugproxy: api\""), text);
        assertFalse(Files.exists(project.resolve(".vscode/launch.json.bak")), "nothing was lost, so no backup");
    }

    @Test
    void vscodeKeepsTheOriginalAsBakWhenItsCommentsCannotBeKept() throws Exception {
        Path launch = Files.createDirectories(project.resolve(".vscode")).resolve("launch.json");
        String original = """
                {
                    // two lists: which one to edit is unclear
                    "configurations": [],
                    "configurations": []
                }
                """;
        Files.writeString(launch, original);

        CliRun run = write("vscode");

        assertEquals(0, run.exit(), run.err());
        assertEquals(original, Files.readString(project.resolve(".vscode/launch.json.bak")));
        assertTrue(run.err().contains("launch.json.bak"), run.err());
        assertTrue(Files.readString(launch).contains("\"name\": \"debugproxy: api\""), Files.readString(launch));
    }
}
