package io.debugproxy.proxy.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against a fake Delve on loopback that answers as the real one does (JSON values, matched by id). */
class DelveRpcTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Serves one connection: for each request, writes what {@code answer} returns for it. */
    private static CompletableFuture<List<String>> fakeDelve(ServerSocket server, Function<JsonNode, String> answer) {
        return CompletableFuture.supplyAsync(() -> {
            List<String> methods = new ArrayList<>();
            try (Socket s = server.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
                OutputStream out = s.getOutputStream();
                String line;
                while ((line = in.readLine()) != null) {
                    JsonNode request = JSON.readTree(line);
                    methods.add(request.path("method").asText());
                    out.write(answer.apply(request).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return methods;
        });
    }

    private static String result(JsonNode request, String result) {
        return "{\"id\":" + request.path("id").asLong() + ",\"result\":" + result + ",\"error\":null}\n";
    }

    @Test
    void runningProgram_isAskedOnlyWhatDelveAnswersWhileItRuns() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<String>> served = fakeDelve(server, r -> switch (r.path("method").asText()) {
                case "RPCServer.GetVersion" -> result(r, "{\"DelveVersion\":\"Version: 1.20.2\\nBuild: x\","
                        + "\"APIVersion\":2,\"TargetGoVersion\":\"\",\"MinSupportedVersionOfGo\":\"1.18.0\","
                        + "\"MaxSupportedVersionOfGo\":\"1.20.0\"}");
                case "RPCServer.State" -> result(r, "{\"State\":{\"Running\":true}}");
                default -> throw new AssertionError("asked " + r + " while the program runs");
            });
            DelveFacts facts;
            try (DelveRpc rpc = DelveRpc.connect("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(5))) {
                facts = rpc.facts("127.0.0.1:" + server.getLocalPort());
            }
            assertEquals("1.20.2", facts.delveVersion());
            assertEquals(new GoVersion(1, 18), facts.minGo().orElseThrow());
            assertEquals(new GoVersion(1, 20), facts.maxGo().orElseThrow());
            assertTrue(facts.running());
            assertTrue(facts.targetGo().isEmpty() && facts.mainOptimized().isEmpty(), facts.toString());
            assertEquals(List.of("RPCServer.GetVersion", "RPCServer.State"), served.get());
        }
    }

    @Test
    void stoppedProgram_tellsItsGoVersionAndWhetherMainIsOptimized() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            fakeDelve(server, r -> switch (r.path("method").asText()) {
                case "RPCServer.GetVersion" -> result(r, "{\"DelveVersion\":\"Version: 1.20.2\",\"APIVersion\":2,"
                        + "\"TargetGoVersion\":\"Go cmd/compile go1.19.8\",\"MinSupportedVersionOfGo\":\"1.18.0\","
                        + "\"MaxSupportedVersionOfGo\":\"1.20.0\"}");
                case "RPCServer.State" -> result(r, "{\"State\":{\"Running\":false,\"exited\":false}}");
                case "RPCServer.FindLocation" -> result(r, "{\"Locations\":[{\"function\":{\"name\":\"main.main\","
                        + "\"optimized\":true}}]}");
                default -> throw new AssertionError(r.toString());
            });
            try (DelveRpc rpc = DelveRpc.connect("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(5))) {
                DelveFacts facts = rpc.facts("x");
                assertEquals(new GoVersion(1, 19), facts.targetGo().orElseThrow());
                assertEquals(Boolean.TRUE, facts.mainOptimized().orElseThrow());
            }
        }
    }

    @Test
    void answersAreMatchedById_evenWhenAnotherComesFirst() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // A late answer to an earlier call arrives before the one asked for.
            fakeDelve(server, r -> "{\"id\":999,\"result\":{\"late\":true},\"error\":null}"
                    + result(r, "{\"IsMulticlient\":true}"));
            try (DelveRpc rpc = DelveRpc.connect("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(5))) {
                assertTrue(rpc.call("IsMulticlient", DelveRpc.args()).path("IsMulticlient").asBoolean());
            }
        }
    }

    @Test
    void delvesErrorIsAnIoException() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            fakeDelve(server, r -> "{\"id\":" + r.path("id").asLong() + ",\"result\":null,\"error\":\"boom\"}\n");
            try (DelveRpc rpc = DelveRpc.connect("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(5))) {
                IOException e = assertThrows(IOException.class, () -> rpc.call("GetVersion", DelveRpc.args()));
                assertTrue(e.getMessage().contains("boom"), e.getMessage());
            }
        }
    }
}
