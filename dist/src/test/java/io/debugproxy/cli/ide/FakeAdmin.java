package io.debugproxy.cli.ide;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A proxy's admin API that answers {@code GET /routes} with a fixed table, for the {@code proxy ide} commands. */
final class FakeAdmin implements AutoCloseable {

    private final HttpServer server;

    private FakeAdmin(HttpServer server) {
        this.server = server;
    }

    /** Serves one usable route {@code api}, listening on {@code 127.0.0.1:port}, without a container. */
    static FakeAdmin withRoute(String name, int port) throws IOException {
        String routes = "[{\"name\":\"" + name + "\",\"status\":\"ok\",\"listen\":\"127.0.0.1:" + port + "\"}]";
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/routes", exchange -> {
            byte[] body = routes.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new FakeAdmin(server);
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
