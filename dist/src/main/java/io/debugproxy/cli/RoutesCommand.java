package io.debugproxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code proxy routes}: prints the live route table of a running {@code proxy serve}. */
@Command(name = "routes", mixinStandardHelpOptions = true,
        description = "Print the live route table of a running 'proxy serve' (from its admin API).")
public final class RoutesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    AdminOption admin;

    @Option(names = "--json", description = "Print the table as a JSON array.")
    boolean json;

    @Override
    public void run() {
        String body = fetch("/routes");
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(body.strip());
            out.flush();
            return;
        }
        JsonNode routes;
        try {
            routes = new ObjectMapper().readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("the admin API at " + admin.address() + " answered something that is not JSON", e);
        }
        out.print(new RouteTableText(routes).render());
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        routeWarnings(routes).forEach(err::println);
        discoveryWarning().ifPresent(err::println);
        err.flush();
    }

    /** A line per warning a route carries (unknown labels, names taken by another container, ...). */
    static List<String> routeWarnings(JsonNode routes) {
        List<String> lines = new ArrayList<>();
        for (JsonNode route : routes) {
            for (JsonNode warning : route.path("warnings")) {
                lines.add("warning: route " + route.path("name").asText("?") + ": " + warning.asText());
            }
        }
        return lines;
    }

    /** Best effort: a proxy too old to say, or an answer that is not JSON, gives no warning. */
    private Optional<String> discoveryWarning() {
        try {
            return DiscoveryWarning.from(new ObjectMapper().readTree(fetch("/health")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private String fetch(String path) {
        URI uri;
        String address = admin.address();
        try {
            io.debugproxy.config.route.HostPort.parse(address);
            uri = URI.create("http://" + address + path);
        } catch (IllegalArgumentException e) {
            throw new UserError(admin.source() + " '" + address + "' is not a HOST:PORT address");
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the admin API at " + address + " answered HTTP "
                        + response.statusCode() + " for " + path);
            }
            return response.body();
        } catch (ConnectException e) {
            throw new IllegalStateException("no proxy is answering at " + address
                    + "; start one with 'proxy serve', or pass --admin HOST:PORT (or set $" + AdminOption.ENV + ")");
        } catch (IOException e) {
            throw new IllegalStateException("could not read " + path + " from the admin API at " + address + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Renders the JSON route table as an aligned text table for humans. */
    static final class RouteTableText {
        private final JsonNode routes;

        RouteTableText(JsonNode routes) {
            this.routes = routes;
        }

        String render() {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"NAME", "STATUS", "LISTEN", "TARGET", "CONTAINER", "HOSTS / ERROR"});
            for (JsonNode r : routes) {
                String detail = r.path("status").asText().equals("ok")
                        ? join(r.path("hosts"))
                        : text(r.path("error"));
                detail = detail + access(r);
                if (r.path("note").isTextual()) {
                    detail = detail + " (" + r.path("note").asText() + ")";
                }
                rows.add(new String[] {
                        text(r.path("name")), text(r.path("status")), text(r.path("listen")),
                        text(r.path("target")), text(r.path("container")), detail});
            }
            if (rows.size() == 1) {
                return "no routes: no running container is a debug target and no static route is configured\n";
            }
            int[] widths = new int[rows.get(0).length];
            for (String[] row : rows) {
                for (int i = 0; i < row.length - 1; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            StringBuilder sb = new StringBuilder();
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    sb.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
                }
                sb.append('\n');
            }
            return sb.toString();
        }

        /**
         * {@code clients=a,b} and {@code upstream=tls(name)} when they differ from the default (any client,
         * plain TCP), so that a restricted or TLS route does not read exactly like a plain one.
         */
        private static String access(JsonNode r) {
            StringBuilder sb = new StringBuilder();
            if (r.path("clients").size() > 0) {
                sb.append(" clients=").append(join(r.path("clients")));
            }
            JsonNode upstream = r.path("upstream");
            if (upstream.path("tls").asBoolean(false)) {
                sb.append(" upstream=tls");
                if (upstream.path("serverName").isTextual()) {
                    sb.append('(').append(upstream.path("serverName").asText()).append(')');
                }
            }
            return sb.toString();
        }

        private static String text(JsonNode node) {
            return node.isMissingNode() || node.isNull() ? "-" : node.asText();
        }

        private static String join(JsonNode array) {
            List<String> parts = new ArrayList<>();
            array.forEach(n -> parts.add(n.asText()));
            return parts.isEmpty() ? "-" : String.join(",", parts);
        }
    }
}
