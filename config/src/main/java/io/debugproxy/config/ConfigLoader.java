package io.debugproxy.config;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.Hostnames;
import io.debugproxy.config.route.RouteNames;
import io.debugproxy.config.route.Upstream;
import io.debugproxy.config.traefik.RuleSyntax;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads {@code proxy.yaml} into a {@link ProxyConfig}. Every problem is a {@link ConfigException}
 * whose message starts with {@code file:line:} of the offending key or value.
 */
public final class ConfigLoader {

    static final List<String> TOP_KEYS =
            List.of("docker", "listeners", "admin", "certs", "state", "http", "traefik", "routes");
    private static final List<String> DOCKER_KEYS = List.of("host", "network", "forwarders", "forwarderImage");
    private static final List<String> LISTENER_KEYS = List.of("routes", "mux", "tls");
    private static final List<String> ROUTES_LISTENER_KEYS = List.of("address", "ports", "unsafeNonLoopback");
    private static final List<String> PLAIN_LISTENER_KEYS = List.of("address", "unsafeNonLoopback");
    private static final List<String> TLS_LISTENER_KEYS = List.of("address");
    private static final List<String> DIR_KEYS = List.of("dir");
    private static final List<String> CERTS_KEYS = List.of("dir", "clientName");
    private static final List<String> HTTP_KEYS = List.of("trustedProxies");
    private static final List<String> TRAEFIK_KEYS = List.of("dynamicConfig", "entryPoint", "domain", "ruleSyntax");
    private static final List<String> ROUTE_KEYS = List.of("name", "delve", "hosts", "http", "clients", "upstream");
    private static final List<String> UPSTREAM_KEYS = List.of("tls", "serverName");

    private static final Pattern DOCKER_HOST = Pattern.compile("(unix|tcp|npipe|ssh|http|https)://.+");
    private static final Pattern WORD = Pattern.compile("\\S+");

    private final Function<String, String> env;

    /** @param env environment lookup for {@code ${NAME}} and {@code DOCKER_HOST}, e.g. {@code System::getenv} */
    public ConfigLoader(Function<String, String> env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /** The configuration without any file, taking {@code DOCKER_HOST} from the process environment. */
    public static ProxyConfig defaults() {
        return defaults(System::getenv);
    }

    /** The configuration without any file, taking {@code DOCKER_HOST} from {@code env}. */
    public static ProxyConfig defaults(Function<String, String> env) {
        String dockerHost = env.apply("DOCKER_HOST");
        return new ProxyConfig(
                new DockerSettings(dockerHost == null || dockerHost.isBlank() ? DockerSettings.DEFAULT_HOST : dockerHost,
                        "", false),
                new ListenerSettings(
                        new RoutesListener("127.0.0.1", new PortRange(40000, 40099), false),
                        new MuxListener(new HostPort("127.0.0.1", 2345), false),
                        new TlsListener(new HostPort("0.0.0.0", 2346))),
                new AdminSettings(new HostPort("127.0.0.1", 9180), false),
                new CertsSettings(Path.of("./certs")),
                new StateSettings(Path.of("./.debugproxy")),
                new HttpSettings(List.of()),
                new TraefikSettings("", "websecure", "debug.localhost", RuleSyntax.V3),
                List.of());
    }

    /** Reads and validates a config file; an empty file gives {@link #defaults(Function)}. */
    public ProxyConfig load(Path file) {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw new ConfigException(source + ": is a directory, not a config file");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(source + ": config file does not exist", e);
        } catch (AccessDeniedException e) {
            throw new ConfigException(source + ": config file is not readable (permission denied)", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(source + ": config file is not UTF-8 text", e);
        } catch (IOException e) {
            throw new ConfigException(source + ": cannot read the config file: " + e.getMessage(), e);
        }
        return parse(text, source);
    }

    /**
     * Parses config text.
     *
     * @param source the name errors give for the text, usually its file name
     */
    public ProxyConfig parse(String yamlText, String source) {
        Node root = compose(yamlText, source);
        ProxyConfig d = defaults(env);
        YamlSection top = YamlSection.root(source, new EnvExpander(env), root, TOP_KEYS);
        return new ProxyConfig(
                docker(top.section("docker", DOCKER_KEYS), d.docker()),
                listeners(top.section("listeners", LISTENER_KEYS), d.listeners()),
                admin(top.section("admin", PLAIN_LISTENER_KEYS), d.admin()),
                certs(top.section("certs", CERTS_KEYS), d.certs()),
                new StateSettings(dir(top.section("state", DIR_KEYS), d.state().dir())),
                http(top.section("http", HTTP_KEYS)),
                traefik(top.section("traefik", TRAEFIK_KEYS), d.traefik()),
                routes(top));
    }

    private static Node compose(String text, String source) {
        LoaderOptions options = new LoaderOptions();
        try {
            return new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            if (mark != null && e.getContextMark() != null && e.getContext() != null
                    && mark.getIndex() >= text.codePointCount(0, text.length())) {
                // The end of the file is past its last line: point at where the unclosed thing began.
                Mark opened = e.getContextMark();
                String what = e.getContext().replaceFirst("^while (parsing|scanning) ", "");
                throw new ConfigException(source + ":" + (opened.getLine() + 1) + ": invalid YAML: the file ends inside "
                        + what + " that starts at column " + (opened.getColumn() + 1) + " (" + e.getProblem() + ")", e);
            }
            String where = mark == null ? source : source + ":" + (mark.getLine() + 1);
            String column = mark == null ? "" : " at column " + (mark.getColumn() + 1);
            // Some problems only make sense after their context ("expected a single document
            // in the stream" + "but found another document").
            String problem = e.getContext() != null && e.getProblem().startsWith("but ")
                    ? e.getContext() + " " + e.getProblem() : e.getProblem();
            throw new ConfigException(where + ": invalid YAML" + column + ": " + problem, e);
        } catch (YAMLException e) {
            throw new ConfigException(source + ": invalid YAML: " + e.getMessage(), e);
        }
    }

    private static DockerSettings docker(YamlSection s, DockerSettings d) {
        String host = s.get("host", d.host(), text -> {
            String h = text.trim();
            if (!DOCKER_HOST.matcher(h).matches()) {
                throw new IllegalArgumentException("'" + text + "' is not a Docker endpoint; write it as"
                        + " unix:///var/run/docker.sock or tcp://host:2375");
            }
            return h;
        });
        return new DockerSettings(host, s.string("network", d.network()).trim(), s.bool("forwarders", d.forwarders()),
                s.string("forwarderImage", d.forwarderImage()));
    }

    private static ListenerSettings listeners(YamlSection s, ListenerSettings d) {
        YamlSection r = s.section("routes", ROUTES_LISTENER_KEYS);
        String address = r.get("address", d.routes().address(), RoutesListener::normalizeAddress);
        PortRange ports = r.get("ports", d.routes().ports(), PortRange::parse);
        boolean rAck = r.bool("unsafeNonLoopback", false);
        RoutesListener routes = r.build("address", () -> new RoutesListener(address, ports, rAck));

        YamlSection m = s.section("mux", PLAIN_LISTENER_KEYS);
        HostPort muxAddress = m.get("address", d.mux().address(), HostPort::parse);
        boolean mAck = m.bool("unsafeNonLoopback", false);
        MuxListener mux = m.build("address", () -> new MuxListener(muxAddress, mAck));

        YamlSection t = s.section("tls", TLS_LISTENER_KEYS);
        TlsListener tls = new TlsListener(t.get("address", d.tls().address(), HostPort::parse),
                t.value("address").isPresent());
        return new ListenerSettings(routes, mux, tls);
    }

    private static AdminSettings admin(YamlSection s, AdminSettings d) {
        HostPort address = s.get("address", d.address(), HostPort::parse);
        boolean ack = s.bool("unsafeNonLoopback", false);
        return s.build("address", () -> new AdminSettings(address, ack));
    }

    private static CertsSettings certs(YamlSection s, CertsSettings d) {
        return new CertsSettings(dir(s, d.dir()), s.get("clientName", d.clientName(), ConfigLoader::clientName));
    }

    private static Path dir(YamlSection s, Path d) {
        return s.get("dir", d, text -> {
            if (text.isBlank()) {
                throw new IllegalArgumentException("is empty; give a directory, e.g. " + d);
            }
            try {
                return Path.of(text);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("'" + text + "' is not a valid path: " + e.getReason());
            }
        });
    }

    private static HttpSettings http(YamlSection s) {
        List<Cidr> trusted = new ArrayList<>();
        for (YamlSection.Value v : s.values("trustedProxies")) {
            trusted.add(v.as(Cidr::parse));
        }
        return new HttpSettings(trusted);
    }

    private static TraefikSettings traefik(YamlSection s, TraefikSettings d) {
        String dynamicConfig = s.string("dynamicConfig", d.dynamicConfig()).trim();
        String entryPoint = s.get("entryPoint", d.entryPoint(), text -> {
            if (!WORD.matcher(text).matches()) {
                throw new IllegalArgumentException("'" + text + "' is not a Traefik entry point name (one word, e.g. websecure)");
            }
            return text;
        });
        String domain = s.get("domain", d.domain(), Hostnames::normalize);
        RuleSyntax ruleSyntax = s.get("ruleSyntax", d.ruleSyntax(), text -> RuleSyntax.parse(text).orElseThrow(() ->
                new IllegalArgumentException("'" + text + "' is not a Traefik rule syntax; use v3 (Traefik v3's default)"
                        + " or v2 (as core.defaultRuleSyntax of the Traefik that reads the labels)")));
        return new TraefikSettings(dynamicConfig, entryPoint, domain, ruleSyntax);
    }

    private static List<StaticRoute> routes(YamlSection top) {
        List<StaticRoute> out = new ArrayList<>();
        Map<String, YamlSection.Value> seen = new HashMap<>();
        for (YamlSection r : top.sections("routes", ROUTE_KEYS)) {
            YamlSection.Value nameValue = r.value("name").orElseThrow(() -> r.error(r.node(),
                    r.keyPath("name") + " is missing; every static route needs a name"));
            String name = nameValue.as(text -> {
                if (!RouteNames.isValid(text)) {
                    throw new IllegalArgumentException("'" + text + "' is not a valid route name; use lower-case letters,"
                            + " digits, '-', '_' and '.', starting with a letter or digit");
                }
                return text;
            });
            YamlSection.Value previous = seen.putIfAbsent(name, nameValue);
            if (previous != null) {
                throw r.error(nameValue.node(), nameValue.path() + " '" + name + "' is already the name of "
                        + previous.path().replaceFirst("\\.name$", "") + " (" + r.where(previous.node())
                        + "); route names must be unique");
            }
            HostPort delve = r.value("delve").orElseThrow(() -> r.error(r.node(), r.keyPath("delve")
                    + " is missing; give the host:port Delve listens on, e.g. localhost:2345")).as(ConfigLoader::dialable);
            HostPort http = r.get("http", null, ConfigLoader::dialable);
            List<String> hosts = r.values("hosts").stream().map(v -> v.as(Hostnames::normalize)).toList();
            List<String> clients = r.values("clients").stream().map(v -> v.as(ConfigLoader::clientName)).toList();
            Upstream upstream = upstream(r.section("upstream", UPSTREAM_KEYS));
            out.add(new StaticRoute(name, delve, hosts, http, clients, upstream));
        }
        return out;
    }

    /** {@code upstream: {tls: true, serverName: b.debug.localhost}}; absent means plain TCP. */
    private static Upstream upstream(YamlSection s) {
        boolean tls = s.bool("tls", false);
        YamlSection.Value serverName = s.value("serverName").orElse(null);
        if (serverName == null) {
            return tls ? Upstream.mutualTls() : Upstream.PLAIN;
        }
        if (!tls) {
            throw s.error(serverName.node(), serverName.path() + " only applies to a TLS upstream; add "
                    + s.keyPath("tls") + ": true, or remove it");
        }
        return Upstream.mutualTls(serverName.as(Hostnames::normalize));
    }

    private static HostPort dialable(String text) {
        HostPort address = HostPort.parse(text);
        StaticRoute.requireDialable(address);
        return address;
    }

    private static String clientName(String text) {
        String name = text.trim();
        if (!WORD.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a client certificate name (one word, no spaces)");
        }
        return name;
    }
}
