package io.debugproxy.cli.ide;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IdeFilesTest {

    @TempDir
    Path dir;

    @Test
    void createsANewFileReadableByAll() throws Exception {
        Path file = dir.resolve(".run/debugproxy_api.run.xml");

        IdeFiles.replace(file, "<component/>\n");

        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("<component/>\n", Files.readString(file));
    }

    @Test
    void keepsTheModeOfTheFileItReplaces() throws Exception {
        Path file = dir.resolve("launch.json");
        Files.writeString(file, "{}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));

        IdeFiles.replace(file, "{\"version\": \"0.2.0\"}\n");

        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("{\"version\": \"0.2.0\"}\n", Files.readString(file));
    }

    @Test
    void keepsAPrivateFilePrivate() throws Exception {
        Path file = dir.resolve("launch.json");
        Files.writeString(file, "{}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        IdeFiles.replace(file, "{}\n");

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void backsUpAFileWithItsMode() throws Exception {
        Path file = dir.resolve("launch.json");
        Files.writeString(file, "// mine\n{}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        Path backup = IdeFiles.backup(file);

        assertEquals(dir.resolve("launch.json.bak"), backup);
        assertEquals("// mine\n{}", Files.readString(backup));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)));
    }
}
