package io.debugproxy.proxy.traefik;

import io.debugproxy.config.ConfigException;
import io.debugproxy.config.TraefikSettings;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.config.traefik.RuleKind;
import io.debugproxy.config.traefik.RuleParser;
import io.debugproxy.config.traefik.RuleSyntax;
import io.debugproxy.proxy.route.HostClaims;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Writes Traefik's side of the debug routes as a file-provider dynamic configuration, and
 * rewrites it whenever the route table changes (subscribe it to the route table publisher).
 * Each usable route gets a TCP router on the configured entry point that matches the route's
 * debug hostnames ({@link RouteSpec#debugHosts()}) by SNI and passes the TLS stream through
 * untouched to the proxy's TLS listener: Traefik cannot route plain TCP by name, and the proxy's
 * mutual TLS must reach the proxy intact. A hostname goes to the one route the proxy itself
 * routes it to ({@link HostClaims}), so no two routers claim it. The service's own hostnames
 * (from its Traefik HTTP routers) are never written: Traefik tries TCP routers before HTTP ones
 * on an entry point, so a passthrough router for such a name would take the service's HTTPS.
 *
 * <p>Without a TLS listener (no CA yet) there is nothing for Traefik to pass through to: the
 * file then has no TCP part at all, only the headers middleware, which routers of the user's
 * own may reference and which must therefore always be there.
 *
 * <p>The file is replaced atomically (temporary file in the same directory, then rename), so
 * Traefik's file watcher never reads half a file; a table that renders to the same text does
 * not touch the file at all.
 */
public final class TraefikConfigWriter implements Consumer<RouteTable> {

    /** The TCP service every generated router forwards to: the proxy's TLS listener. */
    public static final String SERVICE = "debugproxy-tls";
    /**
     * The headers middleware a user may add to the HTTP router of a service while debugging it
     * ({@code traefik.http.routers.<r>.middlewares=debugproxy-headers@file}).
     */
    public static final String MIDDLEWARE = "debugproxy-headers";
    /** Prefix of generated router names, so they cannot collide with the user's own routers. */
    public static final String ROUTER_PREFIX = "debugproxy-";

    private static final Logger log = LoggerFactory.getLogger(TraefikConfigWriter.class);
    private static final String HEADER = "# Written by debugproxy for Traefik's file provider; rewritten whenever"
            + " debug routes change.\n# Edits are overwritten: change debugproxy's configuration instead.\n";
    private static final String NO_TLS_HEADER = "# No debug routers: the proxy has no CA, so its TLS listener is off."
            + " Run 'proxy certs init' and restart the proxy.\n";

    private final Path file;
    private final String entryPoint;
    /** Where Traefik reaches the proxy's TLS listener; null when that listener is off, so no router is written. */
    private final HostPort proxyTlsAddress;

    /**
     * @param file            the dynamic configuration file Traefik's file provider watches
     * @param entryPoint      Traefik entry point the routers attach to (e.g. {@code websecure})
     * @param proxyTlsAddress where Traefik reaches the proxy's TLS listener, e.g. {@code debugproxy:2346};
     *                        not the listener's bind address, which may be 0.0.0.0. Null when the proxy
     *                        has no TLS listener: the file then has no routers
     */
    TraefikConfigWriter(Path file, String entryPoint, HostPort proxyTlsAddress) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
        this.entryPoint = Objects.requireNonNull(entryPoint, "entryPoint");
        this.proxyTlsAddress = proxyTlsAddress;
        if (entryPoint.isBlank()) {
            throw new ConfigException("traefik.entryPoint is empty; name the Traefik entry point the debug routers use,"
                    + " e.g. websecure");
        }
    }

    /**
     * A writer for {@code traefik.dynamicConfig} and {@code traefik.entryPoint}.
     *
     * @throws ConfigException when {@code traefik.dynamicConfig} is not set
     */
    public static TraefikConfigWriter of(TraefikSettings settings, HostPort proxyTlsAddress) {
        return new TraefikConfigWriter(fileOf(settings), settings.entryPoint(),
                Objects.requireNonNull(proxyTlsAddress, "proxyTlsAddress"));
    }

    /**
     * A writer for a proxy without a TLS listener: its file has no routers (Traefik would pass
     * debug connections to a closed port), only the headers middleware.
     *
     * @throws ConfigException when {@code traefik.dynamicConfig} is not set
     */
    public static TraefikConfigWriter withoutTlsListener(TraefikSettings settings) {
        return new TraefikConfigWriter(fileOf(settings), settings.entryPoint(), null);
    }

    private static Path fileOf(TraefikSettings settings) {
        return settings.dynamicConfigFile().orElseThrow(() -> new ConfigException(
                "traefik.dynamicConfig is not set, so there is no file to write Traefik's configuration to"));
    }

    public Path file() {
        return file;
    }

    /** Rewrites the file for {@code table}; a failure is logged, since the route table must go on. */
    @Override
    public void accept(RouteTable table) {
        try {
            if (write(table)) {
                log.info("event=traefik_config_written file={} routers={}", file, routerCount(table));
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
        if (proxyTlsAddress != null) {
            Map<String, Object> tcp = new LinkedHashMap<>();
            Map<String, Object> routers = routers(table);
            if (!routers.isEmpty()) {
                tcp.put("routers", routers);
            }
            tcp.put("services", Map.of(SERVICE, Map.of("loadBalancer",
                    Map.of("servers", List.of(Map.of("address", proxyTlsAddress.toString()))))));
            root.put("tcp", tcp);
        }
        root.put("http", Map.of("middlewares", Map.of(MIDDLEWARE, headersMiddleware())));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(Integer.MAX_VALUE);
        return HEADER + (proxyTlsAddress == null ? NO_TLS_HEADER : "") + new Yaml(options).dump(root);
    }

    /** How many TCP routers the file for {@code table} has. */
    public int routerCount(RouteTable table) {
        return proxyTlsAddress == null ? 0 : routers(table).size();
    }

    /**
     * For the HTTP router of a service under a debugger: {@code Cache-Control: no-store} on every
     * response, so that neither the browser nor a cache in between answers a request the service
     * never sees (its breakpoint would silently not hit), and a response made while stepping
     * through odd states is not kept for later.
     */
    private static Map<String, Object> headersMiddleware() {
        Map<String, Object> responseHeaders = new LinkedHashMap<>();
        responseHeaders.put("Cache-Control", "no-store");
        return Map.of("headers", Map.of("customResponseHeaders", responseHeaders));
    }

    private Map<String, Object> routers(RouteTable table) {
        Map<String, RouteSpec> owners = HostClaims.owners(table);
        Map<String, Object> routers = new LinkedHashMap<>();
        for (RouteSpec route : table.routes()) {
            if (!route.usable()) {
                continue;
            }
            // Only the names the proxy routes to this very route: one router per name, never two.
            List<String> hosts = route.debugHosts().stream().map(h -> h.toLowerCase(Locale.ROOT)).distinct()
                    .filter(h -> owners.get(h) == route).toList();
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
