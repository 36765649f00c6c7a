package io.debugproxy.proxy.traefik;

import io.debugproxy.config.ConfigException;
import io.debugproxy.config.TraefikSettings;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteNames;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.config.traefik.RuleKind;
import io.debugproxy.config.traefik.RuleParser;
import io.debugproxy.config.traefik.RuleSyntax;
import io.debugproxy.proxy.route.RouteTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Writes Traefik's side of the debug routes as a file-provider dynamic configuration, and
 * rewrites it whenever the route table changes (subscribe it to the route table publisher).
 * Each usable route gets a TCP router on the configured entry point that matches the route's
 * hostnames by SNI and passes the TLS stream through untouched to the proxy's TLS listener:
 * Traefik cannot route plain TCP by name, and the proxy's mutual TLS must reach the proxy
 * intact. An HTTP headers middleware is written alongside for HTTP routers to use.
 *
 * <p>The file is replaced atomically (temporary file in the same directory, then rename), so
 * Traefik's file watcher never reads half a file; a table that renders to the same text does
 * not touch the file at all.
 */
public final class TraefikConfigWriter implements Consumer<RouteTable> {

    /** The TCP service every generated router forwards to: the proxy's TLS listener. */
    public static final String SERVICE = "debugproxy-tls";
    /** The headers middleware HTTP routers of debugged services can reference ({@code debugproxy-headers@file}). */
    public static final String MIDDLEWARE = "debugproxy-headers";
    /** Prefix of generated router names, so they cannot collide with the user's own routers. */
    public static final String ROUTER_PREFIX = "debugproxy-";

    private static final Logger log = LoggerFactory.getLogger(TraefikConfigWriter.class);
    private static final String HEADER = "# Written by debugproxy for Traefik's file provider; rewritten whenever"
            + " debug routes change.\n# Edits are overwritten: change debugproxy's configuration instead.\n";

    private final Path file;
    private final String entryPoint;
    private final String domain;
    private final HostPort proxyTlsAddress;

    /**
     * @param file            the dynamic configuration file Traefik's file provider watches
     * @param entryPoint      Traefik entry point the routers attach to (e.g. {@code websecure})
     * @param domain          debug domain: a route without hostnames answers to {@code <route>.<domain>}
     * @param proxyTlsAddress where Traefik reaches the proxy's TLS listener, e.g. {@code debugproxy:2346};
     *                        not the listener's bind address, which may be 0.0.0.0
     */
    public TraefikConfigWriter(Path file, String entryPoint, String domain, HostPort proxyTlsAddress) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
        this.entryPoint = Objects.requireNonNull(entryPoint, "entryPoint");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.proxyTlsAddress = Objects.requireNonNull(proxyTlsAddress, "proxyTlsAddress");
        if (entryPoint.isBlank()) {
            throw new ConfigException("traefik.entryPoint is empty; name the Traefik entry point the debug routers use,"
                    + " e.g. websecure");
        }
    }

    /**
     * A writer for {@code traefik.dynamicConfig}, {@code traefik.entryPoint} and {@code traefik.domain}.
     *
     * @throws ConfigException when {@code traefik.dynamicConfig} is not set
     */
    public static TraefikConfigWriter of(TraefikSettings settings, HostPort proxyTlsAddress) {
        Path path = settings.dynamicConfigFile().orElseThrow(() -> new ConfigException(
                "traefik.dynamicConfig is not set, so there is no file to write Traefik's configuration to"));
        return new TraefikConfigWriter(path, settings.entryPoint(), settings.domain(), proxyTlsAddress);
    }

    public Path file() {
        return file;
    }

    /** Rewrites the file for {@code table}; a failure is logged, since the route table must go on. */
    @Override
    public void accept(RouteTable table) {
        try {
            if (write(table)) {
                log.info("event=traefik_config_written file={} routers={}", file, routers(table).size());
            }
        } catch (IOException e) {
            log.error("event=traefik_config_write_failed file={} error=\"{}\"", file, e.getMessage());
        }
    }

    /**
     * Writes the configuration for {@code table} unless the file already holds exactly that text.
     *
     * @return true when the file was (re)written
     */
    public synchronized boolean write(RouteTable table) throws IOException {
        String content = render(table);
        if (content.equals(current())) {
            return false;
        }
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(StandardCharsets.UTF_8.encode(content));
                ch.force(true);
            }
            // Traefik often runs as another user; the file holds no secret, so let it be read.
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return true;
    }

    /** The YAML for {@code table}: deterministic, so equal tables give equal text. */
    public String render(RouteTable table) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> tcp = new LinkedHashMap<>();
        Map<String, Object> routers = routers(table);
        if (!routers.isEmpty()) {
            tcp.put("routers", routers);
        }
        tcp.put("services", Map.of(SERVICE, Map.of("loadBalancer",
                Map.of("servers", List.of(Map.of("address", proxyTlsAddress.toString()))))));
        root.put("tcp", tcp);
        root.put("http", Map.of("middlewares", Map.of(MIDDLEWARE, headersMiddleware())));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(Integer.MAX_VALUE);
        return HEADER + new Yaml(options).dump(root);
    }

    /**
     * Responses of a service under a debugger are not representative (it may be paused mid-request),
     * so nothing between the browser and Traefik should keep them.
     */
    private static Map<String, Object> headersMiddleware() {
        Map<String, Object> responseHeaders = new LinkedHashMap<>();
        responseHeaders.put("Cache-Control", "no-store");
        return Map.of("headers", Map.of("customResponseHeaders", responseHeaders));
    }

    private Map<String, Object> routers(RouteTable table) {
        Map<String, Object> routers = new LinkedHashMap<>();
        for (RouteSpec route : table.routes()) {
            if (!route.usable()) {
                continue;
            }
            List<String> hosts = new ArrayList<>(route.hosts());
            if (hosts.isEmpty()) {
                RouteNames.defaultHost(route.name(), domain).ifPresent(hosts::add);
            }
            String rule = hosts.stream().map(h -> "HostSNI(`" + h + "`)").collect(Collectors.joining(" || "));
            if (rule.isEmpty() || !valid(route, rule)) {
                continue;
            }
            Map<String, Object> router = new LinkedHashMap<>();
            router.put("entryPoints", List.of(entryPoint));
            router.put("rule", rule);
            router.put("service", SERVICE);
            router.put("tls", Map.of("passthrough", true));
            routers.put(ROUTER_PREFIX + route.name(), router);
        }
        return routers;
    }

    /** Route hostnames are validated when routes are built; this guards the file against a bad one. */
    private boolean valid(RouteSpec route, String rule) {
        try {
            RuleParser.parse(rule, RuleKind.TCP, RuleSyntax.V3, "route " + route.name());
            return true;
        } catch (ConfigException e) {
            log.warn("event=traefik_router_skipped route={} error=\"{}\"", route.name(), e.getMessage());
            return false;
        }
    }

    private String current() throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException | CharacterCodingException e) {
            // No file yet, or not one we wrote: either way it is replaced.
            return null;
        }
    }
}
