package io.debugproxy.cli.ide;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal client of Delve's JSON-RPC API (the {@code net/rpc/jsonrpc} stream a headless
 * {@code dlv --api-version=2} speaks): enough to read the target's state and source list.
 * Open it only against a server started with {@code --accept-multiclient}: a single-client
 * Delve ends the debugged process when its one client goes away.
 */
final class DelveRpc implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(JsonParser.Feature.AUTO_CLOSE_SOURCE, false);

    private final Socket socket;
    private final OutputStream out;
    /** Reads one response at a time; creating it reads nothing (Delve speaks only when asked). */
    private final JsonParser in;
    private int nextId = 1;

    private DelveRpc(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        // A Reader, not the stream: for a stream Jackson sniffs the encoding, reading before we ask anything.
        this.in = JSON.getFactory().createParser(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    static DelveRpc connect(String host, int port, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            return new DelveRpc(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Whether the target is running now (asked without waiting for it to stop). */
    boolean running() throws IOException {
        ObjectNode args = JSON.createObjectNode().put("NonBlocking", true);
        return call("RPCServer.State", args).path("State").path("Running").asBoolean(false);
    }

    /** Stops the target (as Ctrl-C in {@code dlv connect}). */
    void halt() throws IOException {
        call("RPCServer.Command", JSON.createObjectNode().put("name", "halt"));
    }

    /** Every source file of the binary, as recorded at build time. */
    List<String> sources() throws IOException {
        JsonNode result = call("RPCServer.ListSources", JSON.createObjectNode().put("Filter", ""));
        List<String> sources = new ArrayList<>();
        result.path("Sources").forEach(s -> sources.add(s.asText()));
        return sources;
    }

    /** Resumes the target without waiting for it to stop again, as {@code exit -c} does. */
    void resume() throws IOException {
        send("RPCServer.Command", JSON.createObjectNode().put("name", "continue"));
    }

    private JsonNode call(String method, ObjectNode args) throws IOException {
        int id = send(method, args);
        if (in.nextToken() == null) {
            throw new IOException("Delve closed the connection instead of answering " + method);
        }
        JsonNode response = JSON.readTree(in);
        if (response.path("id").asInt(-1) != id) {
            throw new IOException("Delve answered request " + response.path("id") + " while " + id + " was expected");
        }
        JsonNode error = response.get("error");
        if (error != null && !error.isNull()) {
            throw new IOException("Delve refused " + method + ": " + error.asText());
        }
        return response.path("result");
    }

    private int send(String method, ObjectNode args) throws IOException {
        int id = nextId++;
        ObjectNode request = JSON.createObjectNode();
        request.put("method", method);
        request.putArray("params").add(args);
        request.put("id", id);
        out.write(JSON.writeValueAsBytes(request));
        out.write('\n');
        out.flush();
        return id;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
