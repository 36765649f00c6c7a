package io.debugproxy.cli;

import io.debugproxy.config.route.HostPort;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code proxy health}: exits 0 when a running proxy's {@code /health} answers ok, 1 otherwise.
 * Made for a container {@code HEALTHCHECK} in an image without curl, so it speaks HTTP/1.1 over
 * a plain socket and starts nothing else.
 */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = "Exit 0 when a running 'proxy serve' answers ok on its admin API's /health, else 1.")
public final class HealthCommand implements Runnable {

    private static final int MAX_RESPONSE = 64 * 1024;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    AdminOption admin;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "3s", converter = DurationText.class,
            description = "How long connecting and answering may take (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing when healthy.")
    boolean quiet;

    @Override
    public void run() {
        HostPort address;
        try {
            address = HostPort.parse(admin.address());
        } catch (IllegalArgumentException e) {
            throw new UserError(admin.source() + " '" + admin.address() + "' is not HOST:PORT: " + e.getMessage());
        }
        String response = get(address, "/health");
        int headerEnd = response.indexOf("\r\n\r\n");
        String statusLine = response.lines().findFirst().orElse("");
        String body = headerEnd < 0 ? "" : response.substring(headerEnd + 4);
        if (!statusLine.matches("HTTP/1\\.[01] 200( .*)?") || !body.replace(" ", "").contains("\"status\":\"ok\"")) {
            throw new IllegalStateException("the proxy at " + address + " is not healthy: " + statusLine.strip()
                    + (body.isBlank() ? "" : " " + body.strip()));
        }
        if (!quiet) {
            spec.commandLine().getOut().println(body.strip());
            spec.commandLine().getOut().flush();
        }
    }

    private String get(HostPort address, String path) {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.host(), address.port()), millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + address + "\r\nConnection: close\r\n"
                    + "User-Agent: debugproxy-health\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) >= 0 && response.size() < MAX_RESPONSE) {
                response.write(buf, 0, n);
            }
            return response.toString(StandardCharsets.UTF_8);
        } catch (ConnectException e) {
            throw new IllegalStateException("no proxy is answering at " + address
                    + "; is 'proxy serve' running, with its admin API on this address (--admin, $" + AdminOption.ENV + ")?");
        } catch (SocketTimeoutException e) {
            throw new IllegalStateException("the proxy at " + address + " did not answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new IllegalStateException("could not ask " + address + " for " + path + ": " + e.getMessage(), e);
        }
    }
}
