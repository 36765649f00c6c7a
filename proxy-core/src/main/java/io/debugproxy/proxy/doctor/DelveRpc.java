package io.debugproxy.proxy.doctor;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal client of Delve's JSON-RPC API (what {@code dlv connect} speaks): requests
 * {@code {"method":"RPCServer.X","params":[{...}],"id":N}}, responses matched by id, since a
 * server may answer out of order.
 *
 * <p>Only for servers started with {@code --accept-multiclient}: a single-client Delve gives its
 * one connection to whoever comes first, and kills the program when that client leaves.
 * Only calls that never change the target are made.
 */
public final class DelveRpc implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper().configure(JsonParser.Feature.AUTO_CLOSE_SOURCE, false);
    private static final Pattern DELVE_VERSION = Pattern.compile("Version:\\s*(\\S+)");

    private final Socket socket;
    private final OutputStream out;
    // Created on the first read: Jackson reads the first token at once, and Delve speaks only when asked.
    private MappingIterator<JsonNode> in;
    private final Map<Long, JsonNode> early = new HashMap<>();
    private long nextId = 1;

    private DelveRpc(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    /** Connects to Delve at {@code host:port}; each answer must come within {@code timeout}. */
    public static DelveRpc connect(String host, int port, Duration timeout) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            return new DelveRpc(s);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Calls {@code RPCServer.<method>} with one argument object and returns its {@code result}.
     *
     * @throws IOException when the connection fails, times out, or Delve answers with an error
     */
    public JsonNode call(String method, ObjectNode argument) throws IOException {
        long id = nextId++;
        ObjectNode request = JSON.createObjectNode();
        request.put("method", "RPCServer." + method);
        request.putArray("params").add(argument);
        request.put("id", id);
        out.write(JSON.writeValueAsString(request).getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        out.flush();
        JsonNode response = early.remove(id);
        if (in == null) {
            in = JSON.readerFor(JsonNode.class).readValues(socket.getInputStream());
        }
        while (response == null) {
            if (!in.hasNextValue()) {
                throw new IOException("Delve closed the connection before answering " + method);
            }
            JsonNode next = in.nextValue();
            long got = next.path("id").asLong(-1);
            if (got == id) {
                response = next;
            } else {
                early.put(got, next);
            }
        }
        JsonNode error = response.path("error");
        if (!error.isMissingNode() && !error.isNull()) {
            throw new IOException("Delve answered " + method + " with an error: " + error.asText());
        }
        return response.path("result");
    }

    /** A fresh argument object. */
    public static ObjectNode args() {
        return JSON.createObjectNode();
    }

    /**
     * Asks what doctor wants to know: version and supported Go range always; the program's Go
     * version and whether {@code main.main} is optimized only when the program is stopped,
     * because Delve serves those calls only then (asking while it runs would wait for the next stop).
     */
    public DelveFacts facts(String address) throws IOException {
        JsonNode version = call("GetVersion", args());
        JsonNode state = call("State", args().put("NonBlocking", true)).path("State");
        boolean running = state.path("Running").asBoolean(false);
        Optional<GoVersion> targetGo = GoVersion.find(version.path("TargetGoVersion").asText(""));
        Optional<Boolean> optimized = Optional.empty();
        if (!running && !state.path("exited").asBoolean(false)) {
            ObjectNode find = args();
            find.putObject("Scope").put("GoroutineID", -1);
            find.put("Loc", "main.main");
            try {
                JsonNode fn = call("FindLocation", find).path("Locations").path(0).path("function");
                if (fn.has("optimized")) {
                    optimized = Optional.of(fn.path("optimized").asBoolean());
                }
            } catch (IOException e) {
                // No main.main (a test binary, a stripped one): leave it unknown.
            }
        }
        Matcher m = DELVE_VERSION.matcher(version.path("DelveVersion").asText(""));
        String delveVersion = m.find() ? m.group(1) : version.path("DelveVersion").asText("?").strip();
        return new DelveFacts(address, delveVersion, version.path("APIVersion").asInt(0),
                GoVersion.find(version.path("MinSupportedVersionOfGo").asText("")),
                GoVersion.find(version.path("MaxSupportedVersionOfGo").asText("")),
                targetGo, running, optimized);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
