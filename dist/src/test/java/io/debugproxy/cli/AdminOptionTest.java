package io.debugproxy.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminOptionTest {

    @Test
    void theFlagWinsOverTheEnvironment() {
        AdminOption option = new AdminOption();
        option.flag = "127.0.0.1:1";

        assertEquals("127.0.0.1:1", option.address(Map.of(AdminOption.ENV, "127.0.0.1:2")));
        assertEquals("--admin", option.source(Map.of(AdminOption.ENV, "127.0.0.1:2")));
    }

    @Test
    void withoutTheFlagTheEnvironmentVariableIsTheAddress() {
        AdminOption option = new AdminOption();

        assertEquals("127.0.0.1:19180", option.address(Map.of(AdminOption.ENV, "127.0.0.1:19180")));
        assertEquals("$DEBUGPROXY_ADMIN", option.source(Map.of(AdminOption.ENV, "127.0.0.1:19180")));
    }

    @Test
    void withNeitherTheDefaultIsTheAddress() {
        AdminOption option = new AdminOption();

        assertEquals("127.0.0.1:9180", option.address(Map.of()));
        assertEquals("127.0.0.1:9180", option.address(Map.of(AdminOption.ENV, " ")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"routes", "health", "ide vscode", "ide goland"})
    void everyClientCommandDocumentsTheVariable(String command) {
        List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
        args.add("--help");

        CliRun run = CliRun.of(args.toArray(String[]::new));

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("$DEBUGPROXY_ADMIN"), run.out());
    }

    @Test
    void healthAsksTheAddressOfTheEnvironmentVariable() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answer = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.getInputStream().read(new byte[4096]);
                    s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 15\r\nConnection: close\r\n\r\n"
                            + "{\"status\":\"ok\"}").getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the exit code tells
                }
            }, "admin-test-server");
            answer.setDaemon(true);
            answer.start();

            // The variable is read from the real environment: only a process of its own can be given one.
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ProxyCommand.class.getName(), "health", "--quiet")
                    .redirectErrorStream(true);
            pb.environment().put(AdminOption.ENV, "127.0.0.1:" + server.getLocalPort());
            Process proxy = pb.start();
            String output = new String(proxy.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertTrue(proxy.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, proxy.exitValue(), output);
        }
    }
}
