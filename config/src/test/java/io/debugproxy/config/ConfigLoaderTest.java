package io.debugproxy.config;

import io.debugproxy.config.discovery.DiscoverySettings;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.config.route.Upstream;
import io.debugproxy.config.traefik.RuleSyntax;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ConfigLoaderTest {

    private static final Map<String, String> ENV = Map.of("ADMIN_PORT", "9999", "EMPTY", "", "DOMAIN", "dev.localhost");
    private static final ConfigLoader LOADER = new ConfigLoader(ENV::get);

    private static ProxyConfig parse(String yaml) {
        return LOADER.parse(yaml, "proxy.yaml");
    }

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void emptyFileGivesDefaults() {
        assertEquals(ConfigLoader.defaults(ENV::get), parse(""));
    }

    @Test
    void commentOnlyFileGivesDefaults() {
        assertEquals(ConfigLoader.defaults(ENV::get), parse("# nothing configured yet\n"));
    }

    @Test
    void defaultsAreTheDesignDefaults() {
        ProxyConfig d = ConfigLoader.defaults(name -> null);
        assertEquals(new DockerSettings("unix:///var/run/docker.sock", "", false), d.docker());
        assertEquals(new RoutesListener("127.0.0.1", new PortRange(40000, 40099), false), d.listeners().routes());
        assertEquals(new HostPort("127.0.0.1", 2345), d.listeners().mux().address());
        assertEquals(new HostPort("0.0.0.0", 2346), d.listeners().tls().address());
        assertFalse(d.listeners().tls().configured(), "nobody asked for it");
        assertEquals(new HostPort("127.0.0.1", 9180), d.admin().address());
        assertEquals(Path.of("./certs"), d.certs().dir());
        assertEquals("debugproxy", d.certs().clientName());
        assertEquals(Path.of("./.debugproxy"), d.state().dir());
        assertEquals(List.of(), d.http().trustedProxies());
        assertEquals(new TraefikSettings("", "websecure", "debug.localhost", RuleSyntax.V3), d.traefik());
        assertEquals(List.of(), d.routes());
    }

    @Test
    void dockerHostDefaultsToDockerHostVariable() {
        assertEquals("tcp://docker:2375",
                ConfigLoader.defaults(Map.of("DOCKER_HOST", "tcp://docker:2375")::get).docker().host());
    }

    @Test
    void fileDockerHostBeatsDockerHostVariable() {
        ProxyConfig c = new ConfigLoader(Map.of("DOCKER_HOST", "tcp://docker:2375")::get)
                .parse("docker:\n  host: unix:///run/docker.sock\n", "proxy.yaml");
        assertEquals("unix:///run/docker.sock", c.docker().host());
    }

    @Test
    void readsEveryKey() {
        ProxyConfig c = parse("""
                docker:
                  host: tcp://127.0.0.1:2375
                  network: shop_default
                  forwarders: true
                listeners:
                  routes: { address: 127.0.0.1, ports: 41000-41009 }
                  mux: { address: "127.0.0.1:3345" }
                  tls: { address: "0.0.0.0:3346" }
                admin: { address: "[::1]:9190" }
                certs: { dir: /etc/debugproxy/certs }
                state: { dir: /var/lib/debugproxy }
                http: { trustedProxies: [172.18.0.0/16, "fd00::/8"] }
                traefik: { dynamicConfig: /traefik/dynamic/debugproxy.yml, entryPoint: debug, domain: Debug.Test, ruleSyntax: V2 }
                routes:
                  - name: api
                    delve: localhost:2345
                    hosts: [API.example.test]
                    http: localhost:8080
                    clients: [alice, bob]
                """);
        assertEquals(new DockerSettings("tcp://127.0.0.1:2375", "shop_default", true), c.docker());
        assertEquals(new PortRange(41000, 41009), c.listeners().routes().ports());
        assertEquals(new HostPort("127.0.0.1", 3345), c.listeners().mux().address());
        assertEquals(new HostPort("0.0.0.0", 3346), c.listeners().tls().address());
        assertTrue(c.listeners().tls().configured(), "the file asked for the TLS listener");
        assertEquals(new HostPort("::1", 9190), c.admin().address());
        assertEquals(Path.of("/etc/debugproxy/certs"), c.certs().dir());
        assertEquals("debugproxy", c.certs().clientName(), "the default name when the file does not give one");
        assertEquals(Path.of("/var/lib/debugproxy"), c.state().dir());
        assertEquals(List.of(Cidr.parse("172.18.0.0/16"), Cidr.parse("fd00::/8")), c.http().trustedProxies());
        assertEquals(new TraefikSettings("/traefik/dynamic/debugproxy.yml", "debug", "debug.test", RuleSyntax.V2),
                c.traefik());
        assertEquals(List.of(new StaticRoute("api", new HostPort("localhost", 2345), List.of("api.example.test"),
                new HostPort("localhost", 8080), List.of("alice", "bob"))), c.routes());
    }

    @Test
    void traefikRuleSyntaxIsHowDiscoveryReadsRulesWithoutTheirOwn() {
        ProxyConfig c = parse("traefik:\n  ruleSyntax: v2\n");
        assertEquals(RuleSyntax.V2, DiscoverySettings.of(c, Set.of()).ruleSyntax());
        assertEquals(RuleSyntax.V3, DiscoverySettings.of(parse(""), Set.of()).ruleSyntax(), "Traefik v3's default");
    }

    @Test
    void emptySectionMeansDefaults() {
        ProxyConfig c = parse("docker:\nlisteners:\n  routes:\nroutes:\n");
        assertEquals(ConfigLoader.defaults(ENV::get), c);
    }

    @Test
    void rejectsUnknownKeyWithFileAndLine() {
        String yaml = "docker:\n  network: x\n\n\n\n\nlistners:\n  routes: {}\n";
        assertEquals("proxy.yaml:7: unknown key 'listners' at the top level; known keys: docker, listeners, admin, certs,"
                + " state, http, traefik, routes; did you mean 'listeners'?", error(yaml));
    }

    @Test
    void rejectsUnknownNestedKeyNamingSection() {
        assertEquals("proxy.yaml:3: unknown key 'adress' under listeners.routes; known keys: address, ports,"
                + " unsafeNonLoopback; did you mean 'address'?", error("listeners:\n  routes:\n    adress: 127.0.0.1\n"));
    }

    @Test
    void suggestsKeyThatDiffersOnlyInCase() {
        assertTrue(error("http:\n  trustedproxies: []\n").endsWith("did you mean 'trustedProxies'?"));
    }

    @Test
    void suggestsNothingForUnrelatedKey() {
        assertEquals("proxy.yaml:1: unknown key 'kubernetes' at the top level; known keys: docker, listeners, admin, certs,"
                + " state, http, traefik, routes", error("kubernetes: {}\n"));
    }

    @Test
    void tlsListenerHasNoUnsafeNonLoopbackKey() {
        assertTrue(error("listeners:\n  tls: { address: '0.0.0.0:2346', unsafeNonLoopback: true }\n")
                .startsWith("proxy.yaml:2: unknown key 'unsafeNonLoopback' under listeners.tls"));
    }

    @Test
    void rejectsDuplicateKeyNamingFirstLine() {
        assertEquals("proxy.yaml:3: key 'admin' appears twice at the top level (first on line 1); keep one",
                error("admin: { address: '127.0.0.1:1' }\ncerts: { dir: x }\nadmin: { address: '127.0.0.1:2' }\n"));
    }

    @Test
    void rejectsMergeKeys() {
        assertTrue(error("base: &b { dir: x }\n").contains("unknown key 'base'"));
        assertTrue(error("certs:\n  <<: { dir: x }\n").startsWith("proxy.yaml:2: YAML merge keys ('<<') are not supported"));
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                arguments("listeners: 5\n", "proxy.yaml:1: listeners must be a mapping of keys to values, not the single value '5'"),
                arguments("- a\n- b\n", "proxy.yaml:1: the top level must be a mapping of keys to values, not a list"),
                arguments("docker:\n  forwarders: yes\n", "proxy.yaml:2: docker.forwarders: must be true or false, not 'yes'"),
                arguments("docker:\n  host: /var/run/docker.sock\n", "proxy.yaml:2: docker.host: '/var/run/docker.sock' is not a Docker endpoint"),
                arguments("docker:\n  network: [a, b]\n", "proxy.yaml:2: docker.network must be a single value, not a list"),
                arguments("listeners:\n  routes:\n    ports: 40100-40000\n", "proxy.yaml:3: listeners.routes.ports: port range 40100-40000 ends before it starts"),
                arguments("listeners:\n  routes:\n    ports: 0-10\n", "proxy.yaml:3: listeners.routes.ports: ports must be between 1 and 65535"),
                arguments("listeners:\n  routes:\n    ports: 40000-70000\n", "proxy.yaml:3: listeners.routes.ports: ports must be between 1 and 65535"),
                arguments("listeners:\n  routes:\n    ports: many\n", "proxy.yaml:3: listeners.routes.ports: 'many' is not a port range like 40000-40099"),
                arguments("listeners:\n  routes:\n    address: '127.0.0.1:40000'\n", "proxy.yaml:3: listeners.routes.address: '127.0.0.1:40000' is not a bind address"),
                arguments("listeners:\n  mux:\n    address: 2345\n", "proxy.yaml:3: listeners.mux.address: not a host:port address: '2345'"),
                arguments("admin:\n  address: 127.0.0.1:99999\n", "proxy.yaml:2: admin.address: port out of range 0-65535"),
                arguments("admin:\n  address: 127.0.0.1:http\n", "proxy.yaml:2: admin.address: port is not a number"),
                arguments("certs:\n  dir: ''\n", "proxy.yaml:2: certs.dir: is empty"),
                arguments("http:\n  trustedProxies: 10.0.0.0/8\n", "proxy.yaml:2: http.trustedProxies must be a list"),
                arguments("http:\n  trustedProxies:\n    - 10.0.0.0/8\n    - 10.0.0.0/33\n", "proxy.yaml:4: http.trustedProxies[1]: '10.0.0.0/33' has prefix length /33, outside 0-32"),
                arguments("http:\n  trustedProxies: [traefik]\n", "proxy.yaml:2: http.trustedProxies[0]: 'traefik' is not a CIDR block"),
                arguments("http:\n  trustedProxies: [300.1.1.1/8]\n", "proxy.yaml:2: http.trustedProxies[0]: '300.1.1.1/8' is not a CIDR block"),
                arguments("http:\n  trustedProxies: [\"fd00::/129\"]\n", "proxy.yaml:2: http.trustedProxies[0]: 'fd00::/129' has prefix length /129"),
                arguments("http:\n  trustedProxies:\n    -\n", "proxy.yaml:3: http.trustedProxies[0] is empty"),
                arguments("traefik:\n  domain: debug_localhost\n", "proxy.yaml:2: traefik.domain: 'debug_localhost' is not a valid hostname"),
                arguments("traefik:\n  entryPoint: 'web secure'\n", "proxy.yaml:2: traefik.entryPoint: 'web secure' is not a Traefik entry point name"),
                arguments("traefik:\n  ruleSyntax: v4\n", "proxy.yaml:2: traefik.ruleSyntax: 'v4' is not a Traefik rule syntax; use v3"),
                arguments("routes: {}\n", "proxy.yaml:1: routes must be a list"),
                arguments("routes:\n  - api\n", "proxy.yaml:2: routes[0] must be a mapping of keys to values, not the single value 'api'"),
                arguments("routes:\n  - delve: localhost:2345\n", "proxy.yaml:2: routes[0].name is missing"),
                arguments("routes:\n  - name: My API\n    delve: localhost:2345\n", "proxy.yaml:2: routes[0].name: 'My API' is not a valid route name"),
                arguments("routes:\n  - name: api\n", "proxy.yaml:2: routes[0].delve is missing"),
                arguments("routes:\n  - name: api\n    delve: 2345\n", "proxy.yaml:3: routes[0].delve: not a host:port address: '2345'"),
                arguments("routes:\n  - name: api\n    delve: ':2345'\n", "proxy.yaml:3: routes[0].delve: ':2345' has no host to dial"),
                arguments("routes:\n  - name: api\n    delve: localhost:0\n", "proxy.yaml:3: routes[0].delve: 'localhost:0' has port 0"),
                arguments("routes:\n  - name: api\n    delve: localhost:2345\n    hosts: [a.localhost, 'b c']\n", "proxy.yaml:4: routes[0].hosts[1]: 'b c' is not a valid hostname"),
                arguments("routes:\n  - name: api\n    delve: localhost:2345\n    hosts: api.localhost\n", "proxy.yaml:4: routes[0].hosts must be a list"),
                arguments("routes:\n  - name: api\n    delve: localhost:2345\n    clients: ['alice smith']\n", "proxy.yaml:4: routes[0].clients[0]: 'alice smith' is not a client certificate name"),
                arguments("routes:\n  - name: api\n    delve: localhost:2345\n    port: 1\n", "proxy.yaml:4: unknown key 'port' under routes[0]"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("badValues")
    void rejectsBadValueWithFileLineAndKey(String yaml, String messageStart) {
        String message = error(yaml);
        assertTrue(message.startsWith(messageStart), () -> "got: " + message);
    }

    @Test
    void rejectsDuplicateStaticRouteNamesNamingBothLines() {
        String message = error("""
                routes:
                  - name: api
                    delve: localhost:2345
                  - name: web
                    delve: localhost:2346
                  - name: api
                    delve: localhost:2347
                """);
        assertEquals("proxy.yaml:6: routes[2].name 'api' is already the name of routes[0] (proxy.yaml:2);"
                + " route names must be unique", message);
    }

    @Test
    void acceptsSinglePortAsRange() {
        assertEquals(new PortRange(40000, 40000), parse("listeners:\n  routes: { ports: 40000 }\n").listeners().routes().ports());
    }

    @Test
    void acceptsBareAddressAsTrustedProxy() {
        assertEquals(List.of(Cidr.parse("172.18.0.2/32")), parse("http: { trustedProxies: [172.18.0.2] }\n").http().trustedProxies());
    }

    static Stream<Arguments> nonLoopbackPlainListeners() {
        return Stream.of(
                arguments("listeners:\n  routes:\n    address: 0.0.0.0\n", "proxy.yaml:3: listeners.routes.address 0.0.0.0",
                        "add 'unsafeNonLoopback: true' under listeners.routes"),
                arguments("listeners:\n  mux:\n    address: '0.0.0.0:2345'\n", "proxy.yaml:3: listeners.mux.address 0.0.0.0:2345",
                        "add 'unsafeNonLoopback: true' under listeners.mux"),
                arguments("listeners:\n  mux:\n    address: ':2345'\n", "proxy.yaml:3: listeners.mux.address :2345",
                        "add 'unsafeNonLoopback: true' under listeners.mux"),
                arguments("admin:\n  address: '192.168.1.10:9180'\n", "proxy.yaml:2: admin.address 192.168.1.10:9180",
                        "add 'unsafeNonLoopback: true' under admin"),
                arguments("admin:\n  address: 'myhost:9180'\n", "proxy.yaml:2: admin.address myhost:9180",
                        "add 'unsafeNonLoopback: true' under admin"),
                arguments("admin:\n  unsafeNonLoopback: false\n  address: '[::]:9180'\n", "proxy.yaml:3: admin.address [::]:9180",
                        "add 'unsafeNonLoopback: true' under admin"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("nonLoopbackPlainListeners")
    void rejectsNonLoopbackPlainListenerWithoutAcknowledgement(String yaml, String start, String fix) {
        String message = error(yaml);
        assertTrue(message.startsWith(start + " is not a loopback address"), () -> "got: " + message);
        assertTrue(message.contains(fix), () -> "got: " + message);
    }

    @Test
    void acceptsNonLoopbackPlainListenersWhenAcknowledged() {
        ProxyConfig c = parse("""
                listeners:
                  routes: { address: 0.0.0.0, unsafeNonLoopback: true }
                  mux: { address: ':2345', unsafeNonLoopback: true }
                admin: { address: '0.0.0.0:9180', unsafeNonLoopback: true }
                """);
        assertEquals("0.0.0.0", c.listeners().routes().address());
        assertTrue(c.admin().unsafeNonLoopback());
    }

    @Test
    void acceptsLoopbackSpellings() {
        ProxyConfig c = parse("""
                listeners:
                  routes: { address: '[::1]' }
                  mux: { address: 'localhost:2345' }
                admin: { address: '127.0.0.2:9180' }
                """);
        assertEquals("::1", c.listeners().routes().address());
    }

    @Test
    void theProxysClientCertificateNameCanBeSet() {
        assertEquals("edge-1", parse("certs: { dir: c, clientName: edge-1 }\n").certs().clientName());
        assertTrue(error("certs: { clientName: 'two words' }\n").startsWith("proxy.yaml:1: certs.clientName:"),
                error("certs: { clientName: 'two words' }\n"));
    }

    @Test
    void tlsListenerMayBindAllInterfacesWithoutAcknowledgement() {
        assertEquals(new HostPort("", 2346), parse("listeners:\n  tls: { address: ':2346' }\n").listeners().tls().address());
    }

    @Test
    void expandsEnvironmentVariables() {
        assertEquals(new HostPort("127.0.0.1", 9999), parse("admin:\n  address: 127.0.0.1:${ADMIN_PORT}\n").admin().address());
    }

    @Test
    void expandsDefaultWhenVariableUnset() {
        assertEquals("shop_default", parse("docker:\n  network: ${NETWORK:-shop_default}\n").docker().network());
    }

    @Test
    void expandsDefaultWhenVariableEmpty() {
        assertEquals("x", parse("docker:\n  network: ${EMPTY:-x}\n").docker().network());
    }

    @Test
    void expandsVariablesInListItems() {
        assertEquals("dev.localhost", parse("traefik:\n  domain: ${DOMAIN}\n").traefik().domain());
        assertEquals(List.of("api.dev.localhost"),
                parse("routes:\n  - name: api\n    delve: localhost:2345\n    hosts:\n      - api.${DOMAIN}\n").routes().get(0).hosts());
    }

    @Test
    void doubleDollarIsLiteralDollar() {
        assertEquals("net$1", parse("docker:\n  network: net$$1\n").docker().network());
    }

    @Test
    void rejectsUnsetVariableNamingItAndLine() {
        assertEquals("proxy.yaml:3: certs.dir: environment variable CERTS_DIR is not set and ${CERTS_DIR} has no default;"
                + " set it or write ${CERTS_DIR:-default}", error("docker: {}\ncerts:\n  dir: ${CERTS_DIR}/x\n"));
    }

    @Test
    void rejectsMalformedVariableReference() {
        assertTrue(error("certs:\n  dir: ${CERTS DIR}\n").startsWith("proxy.yaml:2: certs.dir: '${CERTS DIR}' is not a variable reference"));
        assertTrue(error("certs:\n  dir: ${CERTS\n").startsWith("proxy.yaml:2: certs.dir: '${CERTS' has '${' without a closing '}'"));
    }

    @Test
    void doesNotExpandVariablesInComments() {
        assertEquals(ConfigLoader.defaults(ENV::get), parse("# uses ${UNSET_VARIABLE}\n"));
    }

    @Test
    void rejectsInvalidYamlWithLine() {
        String message = error("docker:\n  host: tcp://x:1\n  network: [a\nadmin: {}\n");
        assertTrue(message.startsWith("proxy.yaml:4: invalid YAML"), () -> "got: " + message);
    }

    @Test
    void anUnclosedFlowSequenceAtTheEndNamesTheLineWhereItOpened() {
        assertEquals("proxy.yaml:2: invalid YAML: the file ends inside a flow sequence that starts at column 9"
                + " (expected ',' or ']', but got <stream end>)", error("docker:\n  host: [unclosed\n"));
    }

    @Test
    void anUnclosedQuoteAtTheEndNamesTheLineWhereItOpened() {
        assertEquals("proxy.yaml:2: invalid YAML: the file ends inside a quoted scalar that starts at column 9"
                + " (found unexpected end of stream)", error("docker:\n  host: \"unclosed\n"));
    }

    @Test
    void rejectsTabIndentationWithLine() {
        String message = error("docker:\n\thost: tcp://x:1\n");
        assertTrue(message.startsWith("proxy.yaml:2: invalid YAML"), () -> "got: " + message);
    }

    @Test
    void rejectsSeveralDocuments() {
        assertEquals("proxy.yaml:2: invalid YAML at column 1: expected a single document in the stream but found another document",
                error("docker: {}\n---\nadmin: {}\n"));
    }

    @Test
    void loadsFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("proxy.yaml");
        Files.writeString(file, "state:\n  dir: /tmp/state\n");
        assertEquals(Path.of("/tmp/state"), LOADER.load(file).state().dir());
    }

    @Test
    void errorsNameTheFileAsGiven(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("proxy.yaml");
        Files.writeString(file, "\nstate:\n  directory: x\n");
        ConfigException e = assertThrows(ConfigException.class, () -> LOADER.load(file));
        assertTrue(e.getMessage().startsWith(file + ":3: unknown key 'directory' under state"), e.getMessage());
    }

    @Test
    void rejectsMissingFile(@TempDir Path dir) {
        Path file = dir.resolve("missing.yaml");
        assertEquals(file + ": config file does not exist",
                assertThrows(ConfigException.class, () -> LOADER.load(file)).getMessage());
    }

    @Test
    void rejectsDirectory(@TempDir Path dir) {
        assertEquals(dir + ": is a directory, not a config file",
                assertThrows(ConfigException.class, () -> LOADER.load(dir)).getMessage());
    }

    @Test
    void rejectsNonUtf8File(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, "docker:\n  network: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(file + ": config file is not UTF-8 text",
                assertThrows(ConfigException.class, () -> LOADER.load(file)).getMessage());
    }

    @Test
    void staticRouteAnswersToDefaultHostAndItsHosts() {
        StaticRoute r = parse("routes:\n  - name: api\n    delve: localhost:2345\n    hosts: [api.localhost]\n").routes().get(0);
        assertEquals(List.of("api.debug.localhost", "api.localhost"), r.toRouteSpec("debug.localhost").hosts());
    }

    @Test
    void staticRouteIsDialedOverPlainTcpByDefault() {
        StaticRoute r = parse("routes:\n  - name: api\n    delve: localhost:2345\n").routes().get(0);
        assertEquals(Upstream.PLAIN, r.toRouteSpec("debug.localhost").upstream());
    }

    @Test
    void staticRouteWithTlsUpstreamVerifiesItsFirstHostUnlessAServerNameIsGiven() {
        ProxyConfig c = parse("""
                routes:
                  - name: edge
                    delve: 127.0.0.1:2346
                    upstream: { tls: true }
                  - name: chained
                    delve: 127.0.0.1:2346
                    upstream: { tls: true, serverName: API.Debug.Localhost }
                """);
        RouteSpec edge = c.routes().get(0).toRouteSpec("debug.localhost");
        RouteSpec chained = c.routes().get(1).toRouteSpec("debug.localhost");
        assertEquals(Optional.of("edge.debug.localhost"), edge.upstream().serverNameFor(edge.hosts()));
        assertEquals(Optional.of("api.debug.localhost"), chained.upstream().serverNameFor(chained.hosts()));
    }

    @Test
    void rejectsUpstreamServerNameWithoutTls() {
        assertEquals("proxy.yaml:5: routes[0].upstream.serverName only applies to a TLS upstream; add routes[0].upstream.tls:"
                + " true, or remove it", error("routes:\n  - name: api\n    delve: localhost:2345\n    upstream:\n"
                + "      serverName: b.localhost\n"));
    }

    @Test
    void rejectsUnknownUpstreamKeyListingTheKnownOnes() {
        assertTrue(error("routes:\n  - name: api\n    delve: localhost:2345\n    upstream: { mtls: true }\n")
                .startsWith("proxy.yaml:4: unknown key 'mtls' under routes[0].upstream; known keys: tls, serverName"));
    }

    @Test
    void rejectsUpstreamTlsThatIsNotABoolean() {
        assertTrue(error("routes:\n  - name: api\n    delve: localhost:2345\n    upstream: { tls: yes please }\n")
                .startsWith("proxy.yaml:4: routes[0].upstream.tls: must be true or false"));
    }

    @Test
    void staticRouteWithoutHttpHasNone() {
        StaticRoute r = parse("routes:\n  - name: api\n    delve: localhost:2345\n").routes().get(0);
        assertNull(r.http());
        assertNull(r.toRouteSpec("debug.localhost").container());
    }

    @Test
    void flagOverridesReplaceFileValues() {
        ProxyConfig c = parse("admin: { address: '127.0.0.1:9180' }\n")
                .withDockerHost("tcp://other:2375")
                .withAdminAddress(new HostPort("127.0.0.1", 9999))
                .withRoutesAddress("::1")
                .withPorts(PortRange.parse("50000-50010"))
                .withStateDir(Path.of("/state"))
                .withCertsDir(Path.of("/certs"));
        assertEquals("tcp://other:2375", c.docker().host());
        assertEquals(new HostPort("127.0.0.1", 9999), c.admin().address());
        assertEquals(new RoutesListener("::1", new PortRange(50000, 50010), false), c.listeners().routes());
        assertEquals(Path.of("/state"), c.state().dir());
        assertEquals(Path.of("/certs"), c.certs().dir());
    }

    @Test
    void flagOverrideToNonLoopbackNeedsAcknowledgementInFile() {
        ProxyConfig c = ConfigLoader.defaults(ENV::get);
        ConfigException e = assertThrows(ConfigException.class, () -> c.withAdminAddress(new HostPort("0.0.0.0", 9180)));
        assertTrue(e.getMessage().startsWith("admin.address 0.0.0.0:9180 is not a loopback address"), e.getMessage());
        ProxyConfig acknowledged = parse("admin: { unsafeNonLoopback: true }\n");
        assertFalse(acknowledged.withAdminAddress(new HostPort("0.0.0.0", 9180)).admin().address().isLoopback());
    }
}
