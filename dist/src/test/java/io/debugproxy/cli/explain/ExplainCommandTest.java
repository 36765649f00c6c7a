package io.debugproxy.cli.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.debugproxy.cli.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ExplainCommandTest {

    @TempDir
    Path dir;

    /** Exit code, stdout and stderr of one run. */
    private record Run(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(out);
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ExplainCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        // What the proxy command's handler does for bad input: one line, exit 2.
        cli.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof UserError) {
                line.getErr().println(line.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static final String STACK = """
            [
              {
                "Id": "aaaaaaaaaaaa1111111111111111111111111111111111111111111111111111",
                "Name": "/shop-api-1",
                "Path": "dlv",
                "Args": ["exec", "/app/api", "--headless", "--listen=:2345", "--accept-multiclient"],
                "State": {"Running": true},
                "Config": {
                  "Labels": {
                    "com.docker.compose.project": "shop",
                    "com.docker.compose.service": "api",
                    "traefik.http.routers.api.rule": "Host(`api.localhost`) && PathPrefix(`/v1`)",
                    "traefik.http.routers.api.entrypoints": "web",
                    "traefik.http.services.api.loadbalancer.server.port": "8080",
                    "traefik.docker.network": "backend"
                  },
                  "ExposedPorts": {"2345/tcp": {}, "8080/tcp": {}}
                },
                "HostConfig": {"NetworkMode": "shop_default"},
                "NetworkSettings": {
                  "Ports": {"2345/tcp": null, "8080/tcp": null},
                  "Networks": {
                    "shop_backend": {"IPAddress": "10.5.0.3", "GlobalIPv6Address": ""},
                    "shop_default": {"IPAddress": "172.18.0.5", "GlobalIPv6Address": ""}
                  }
                }
              },
              {
                "Id": "bbbbbbbbbbbb2222222222222222222222222222222222222222222222222222",
                "Name": "/shop-db-1",
                "Path": "docker-entrypoint.sh",
                "Args": ["postgres"],
                "State": {"Running": true},
                "Config": {
                  "Labels": {
                    "com.docker.compose.project": "shop",
                    "com.docker.compose.service": "db",
                    "traefik.tcp.routers.db.rule": "HostSNI(`db.localhost`)",
                    "traefik.tcp.routers.db.tls.passthrough": "true"
                  },
                  "ExposedPorts": {"5432/tcp": {}}
                },
                "HostConfig": {"NetworkMode": "shop_default"},
                "NetworkSettings": {"Networks": {"shop_default": {"IPAddress": "172.18.0.6"}}}
              }
            ]
            """;

    @Test
    void explainsAnInspectedStackInTraefiksShape() throws IOException {
        Path file = Files.writeString(dir.resolve("stack.json"), STACK);
        Run r = run("--inspect", file.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode json = r.json();
        JsonNode router = json.at("/traefik/http/routers/api");
        assertEquals("Host(`api.localhost`) && PathPrefix(`/v1`)", router.path("rule").asText());
        assertEquals("api", router.path("service").asText());
        assertEquals("web", router.path("entryPoints").get(0).asText());
        // traefik.docker.network=backend lacks the compose prefix: Traefik falls back to the first network.
        assertEquals("http://10.5.0.3:8080", json.at("/traefik/http/services/api/loadBalancer/servers/0/url").asText());
        assertTrue(json.at("/traefik/http/services/api/loadBalancer/passHostHeader").asBoolean());
        assertEquals("HostSNI(`db.localhost`)", json.at("/traefik/tcp/routers/db/rule").asText());
        assertEquals("db-shop", json.at("/traefik/tcp/routers/db/service").asText());
        assertTrue(json.at("/traefik/tcp/routers/db/tls/passthrough").asBoolean());
        assertEquals("172.18.0.6:5432", json.at("/traefik/tcp/services/db-shop/loadBalancer/servers/0/address").asText());
        assertTrue(json.at("/traefik/http/routers/db-shop").isMissingNode(), "TCP-only containers get no HTTP router");
    }

    @Test
    void writesMiddlewaresTlsDomainsAndUdpInTraefiksShape() throws IOException {
        JsonNode traefik = run("--expose", "8080", "--labels",
                "traefik.http.middlewares.auth.basicauth.users=u:$apr1$a,v:$apr1$b",
                "traefik.http.middlewares.strip.stripprefix.prefixes=/api",
                "traefik.http.routers.api.rule=Host(`api.localhost`)",
                "traefik.http.routers.api.tls.domains[0].main=example.com",
                "traefik.http.routers.api.tls.domains[0].sans=a.example.com,b.example.com",
                "traefik.udp.routers.dns.entrypoints=dns",
                "traefik.udp.services.dns.loadbalancer.server.port=53").json().path("traefik");
        assertEquals("{\"basicAuth\":{\"users\":[\"u:$apr1$a\",\"v:$apr1$b\"]}}",
                traefik.at("/http/middlewares/auth").toString());
        assertEquals("{\"stripPrefix\":{\"prefixes\":[\"/api\"]}}", traefik.at("/http/middlewares/strip").toString());
        assertEquals("{\"domains\":[{\"main\":\"example.com\",\"sans\":[\"a.example.com\",\"b.example.com\"]}]}",
                traefik.at("/http/routers/api/tls").toString());
        assertEquals("{\"routers\":{\"dns\":{\"entryPoints\":[\"dns\"],\"service\":\"dns\"}},"
                + "\"services\":{\"dns\":{\"loadBalancer\":{\"servers\":[{\"address\":\"172.17.0.2:53\"}]}}}}",
                traefik.path("udp").toString());
    }

    @Test
    void derivesTheDebugRoutesInTheRoutesJsonShape() throws IOException {
        Path file = Files.writeString(dir.resolve("stack.json"), STACK);
        JsonNode routes = run("--inspect", file.toString()).json().path("routes");
        assertEquals(1, routes.size(), routes::toString);
        JsonNode api = routes.get(0);
        List<String> fields = new ArrayList<>();
        api.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("name", "container", "target", "listen", "hosts", "http", "clients", "upstream", "status",
                "error", "note", "warnings"), fields);
        assertEquals("api", api.path("name").asText());
        assertEquals("shop-api-1", api.path("container").asText());
        assertTrue(api.path("listen").isNull());
        assertEquals("[\"api.debug.localhost\",\"api.localhost\"]", api.path("hosts").toString());
        assertEquals("ok", api.path("status").asText());
        assertEquals("[]", api.path("clients").toString());
        assertEquals("{\"tls\":false}", api.path("upstream").toString());
    }

    private static final String DLV = "dlv exec /app --headless --listen=:2345";

    @Test
    void routeGetsNoHostnameFromARouterTraefikDisables() throws IOException {
        JsonNode json = run("--command", DLV, "--expose", "8080",
                "--labels", "traefik.http.routers.api.rule=Host(`a.localhost`,`b.localhost`)").json();
        assertEquals("[\"explain.debug.localhost\"]", json.at("/routes/0/hosts").toString());
        assertTrue(json.path("warnings").toString().contains("Traefik keeps router api but disables it"), json::toString);
    }

    @Test
    void routeGetsNoHostnameFromAContainerTraefikIgnores() throws IOException {
        JsonNode json = run("--command", DLV, "--labels", "traefik.http.routers.api.rule=Host(`a.localhost`)").json();
        assertEquals("[\"explain.debug.localhost\"]", json.at("/routes/0/hosts").toString());
        assertTrue(json.path("warnings").toString().contains("exposes no port"), json::toString);
    }

    @Test
    void routeAnswersToTheServerNamesOfServedTcpRouters() throws IOException {
        JsonNode json = run("--command", DLV, "--expose", "5432",
                "--labels", "traefik.tcp.routers.db.rule=HostSNI(`db.localhost`)",
                "traefik.tcp.routers.db.tls.passthrough=true").json();
        assertEquals("[\"explain.debug.localhost\",\"db.localhost\"]", json.at("/routes/0/hosts").toString());
    }

    @Test
    void ruleWarningIsAlsoOnTheRoute() throws IOException {
        JsonNode json = run("--command", DLV, "--expose", "8080",
                "--labels", "traefik.http.routers.api.rule=Host(`a.localhost`,`b.localhost`)").json();
        assertEquals(1, json.path("warnings").size(), json::toString);
        assertEquals("ok", json.at("/routes/0/status").asText());
        assertEquals(json.at("/warnings/0/message").asText(), json.at("/routes/0/warnings/0").asText(), json::toString);
    }

    @Test
    void warningOnlyExplainKnowsIsAlsoOnTheRoute() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode stack = mapper.readTree(STACK);
        ((com.fasterxml.jackson.databind.node.ObjectNode) stack.get(0).path("State")).put("Running", false);
        Path file = Files.writeString(dir.resolve("stack.json"), mapper.writeValueAsString(stack));
        JsonNode route = run("--inspect", file.toString()).json().at("/routes/0");
        assertTrue(route.path("warnings").toString().contains("container shop-api-1 is not running"), route::toString);
    }

    @Test
    void problemOfSeveralContainersIsPrintedOnceAndOnEachRoute() throws IOException {
        String two = """
                [
                  {"Id": "a1", "Name": "/a", "Path": "dlv", "Args": ["exec", "/app", "--headless", "--listen=:2345"],
                   "Config": {"Labels": {"traefik.http.routers.web.rule": "Host(`a.localhost`)"},
                              "ExposedPorts": {"8080/tcp": {}}},
                   "NetworkSettings": {"Networks": {"n": {"IPAddress": "10.0.0.2"}}}},
                  {"Id": "b1", "Name": "/b", "Path": "dlv", "Args": ["exec", "/app", "--headless", "--listen=:2345"],
                   "Config": {"Labels": {"traefik.http.routers.web.rule": "Host(`b.localhost`)"},
                              "ExposedPorts": {"8080/tcp": {}}},
                   "NetworkSettings": {"Networks": {"n": {"IPAddress": "10.0.0.3"}}}}
                ]
                """;
        Path file = Files.writeString(dir.resolve("two.json"), two);
        JsonNode json = run("--inspect", file.toString()).json();
        assertEquals(1, json.path("warnings").size(), json::toString);
        String message = json.at("/warnings/0/message").asText();
        assertTrue(message.startsWith("HTTP router web is defined differently by containers a, b"), message);
        for (JsonNode route : json.path("routes")) {
            assertEquals(List.of(message), List.of(route.at("/warnings/0").asText()), route::toString);
            assertEquals(1, route.path("hosts").size(), "no hostname from the dropped router: " + route);
        }
    }

    @Test
    void namespaceOwnerMissingFromTheFileIsNotInTheInputNotStopped() throws IOException {
        String side = """
                [{"Id": "c1", "Name": "/side", "Path": "dlv", "Args": ["exec", "/app", "--headless", "--listen=:2345"],
                  "HostConfig": {"NetworkMode": "container:f00d"}}]
                """;
        Path file = Files.writeString(dir.resolve("side.json"), side);
        JsonNode json = run("--inspect", file.toString()).json();
        String error = json.at("/routes/0/error").asText();
        assertTrue(error.contains("container f00d (network mode 'container:f00d'), which is not in the given input"),
                error);
        assertTrue(!error.contains("not running"), error);
        assertTrue(json.path("warnings").toString().contains("which is not known here"), json::toString);
    }

    @Test
    void ruleSyntaxV2ReadsRulesAsATraefikWithDefaultRuleSyntaxV2Does() throws IOException {
        JsonNode json = run("--rule-syntax", "v2", "--command", DLV, "--expose", "8080",
                "--labels", "traefik.http.routers.api.rule=Host(`a.localhost`,`b.localhost`)").json();
        assertEquals("[\"explain.debug.localhost\",\"a.localhost\",\"b.localhost\"]",
                json.at("/routes/0/hosts").toString());
        assertEquals("[]", json.path("warnings").toString());
    }

    @Test
    void ruleSyntaxOtherThanV2OrV3IsRefused() {
        Run r = run("--rule-syntax", "v1", "--labels", "a=b");
        assertEquals(2, r.exit());
        assertEquals("explain: --rule-syntax 'v1' is neither v2 nor v3 (Traefik's core.defaultRuleSyntax)",
                r.err().strip());
    }

    @Test
    void showsTheTlsUpstreamAndTheAllowedClientsOfARoute() throws IOException {
        Run r = run("--labels", "debugproxy.enable=true", "--labels", "debugproxy.upstream.tls=true",
                "--labels", "debugproxy.clients=dev1,dev2");
        assertEquals(0, r.exit(), r.err());
        JsonNode route = r.json().at("/routes/0");
        assertEquals("[\"dev1\",\"dev2\"]", route.path("clients").toString());
        assertEquals("{\"tls\":true,\"serverName\":\"explain.debug.localhost\"}", route.path("upstream").toString());
    }

    @Test
    void showsTheUpstreamServerNameLabel() throws IOException {
        JsonNode json = run("--expose", "8080", "--labels", "debugproxy.enable=true", "debugproxy.upstream.tls=true",
                "debugproxy.upstream.servername=Sidecar.Example.Test").json();
        assertEquals("{\"tls\":true,\"serverName\":\"sidecar.example.test\"}", json.at("/routes/0/upstream").toString());
        assertEquals("[]", json.path("warnings").toString());
    }

    @Test
    void warnsAboutAnUnknownDebugproxyLabelWithASuggestion() throws IOException {
        JsonNode json = run("--expose", "8080", "--labels", "debugproxy.enable=true", "debugproxy.upstream.tls=true",
                "debugproxy.upstream.sevrername=x.test").json();
        String message = "label debugproxy.upstream.sevrername on container explain is ignored: debugproxy has no such"
                + " label; did you mean 'debugproxy.upstream.servername'?";
        assertEquals(1, json.path("warnings").size(), json::toString);
        JsonNode w = json.at("/warnings/0");
        assertEquals("explain", w.path("container").asText());
        assertEquals("debugproxy.upstream.sevrername", w.path("label").asText());
        assertEquals(message, w.path("message").asText());
        assertEquals(1, json.at("/routes/0/warnings").size(), json::toString);
        assertEquals(message, json.at("/routes/0/warnings/0").asText(), "the route carries it as 'proxy serve' shows it");
    }

    @Test
    void warnsAboutAMisspeltEnableLabelOnAContainerThatIsNoTarget() throws IOException {
        JsonNode json = run("--expose", "8080", "--labels", "debugproxy.enabel=true").json();
        assertEquals(0, json.path("routes").size());
        JsonNode w = json.at("/warnings/0");
        assertEquals("debugproxy.enabel", w.path("label").asText(), json::toString);
        assertTrue(w.path("message").asText().endsWith("did you mean 'debugproxy.enable'?"), w::toString);
    }

    static Stream<Arguments> badLabelValues() {
        return Stream.of(
                arguments("debugproxy.enable", List.of("debugproxy.enable=maybe")),
                arguments("debugproxy.route", List.of("debugproxy.route=---")),
                arguments("debugproxy.delve.port", List.of("debugproxy.delve.port=abc")),
                arguments("debugproxy.hosts", List.of("debugproxy.hosts=bad_host.localhost")),
                arguments("debugproxy.clients", List.of("debugproxy.clients=alice smith")),
                arguments("debugproxy.upstream.tls", List.of("debugproxy.upstream.tls=yes")),
                arguments("debugproxy.upstream.servername",
                        List.of("debugproxy.upstream.tls=true", "debugproxy.upstream.servername=10.0.0.7")),
                arguments("debugproxy.upstream.servername", List.of("debugproxy.upstream.servername=api.test")));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("badLabelValues")
    void warningAboutABadLabelValueNamesTheLabel(String label, List<String> labels) throws IOException {
        List<String> args = new ArrayList<>(List.of("--command", "dlv exec /app --headless --listen=:2345",
                "--expose", "8080", "--labels"));
        args.addAll(labels);
        JsonNode json = run(args.toArray(String[]::new)).json();
        assertEquals("error", json.at("/routes/0/status").asText(), json::toString);
        assertEquals(1, json.path("warnings").size(), json::toString);
        assertEquals(label, json.at("/warnings/0/label").asText(), json::toString);
        assertEquals(json.at("/routes/0/error").asText(), json.at("/warnings/0/message").asText());
    }

    @Test
    void warningsNameContainerAndLabel() throws IOException {
        Path file = Files.writeString(dir.resolve("stack.json"), STACK);
        JsonNode warnings = run("--inspect", file.toString()).json().path("warnings");
        JsonNode network = null;
        for (JsonNode w : warnings) {
            if (w.path("label").asText().equals("traefik.docker.network") && network == null) {
                network = w;
            }
        }
        assertTrue(network != null, warnings::toString);
        assertEquals("shop-api-1", network.path("container").asText());
        assertTrue(network.path("message").asText().contains("Did you mean 'shop_backend'?"), network::toString);
    }

    @Test
    void explainsSyntheticLabels() throws IOException {
        Run r = run("--labels", "traefik.http.routers.web.rule=Host(`web.localhost`) || PathPrefix(`/web`)",
                "--name", "web", "--command", "dlv exec /app --headless --listen=:2345", "--expose", "8080",
                "--network", "shop_default=172.18.0.9");
        assertEquals(0, r.exit(), r.err());
        JsonNode json = r.json();
        assertEquals("http://172.18.0.9:8080", json.at("/traefik/http/services/web/loadBalancer/servers/0/url").asText());
        assertEquals("172.18.0.9:2345", json.at("/routes/0/target").asText());
        assertEquals("172.18.0.9:8080", json.at("/routes/0/http").asText());
        String warnings = json.path("warnings").toString();
        assertTrue(warnings.contains("PathPrefix(`/web`) (column 26) does not name a hostname"), warnings);
        assertTrue(warnings.contains("\"label\":\"traefik.http.routers.web.rule\""), warnings);
    }

    @Test
    void syntheticContainerWithoutDelveSaysWhyThereIsNoRoute() throws IOException {
        JsonNode json = run("--labels", "traefik.enable=true", "--expose", "80").json();
        assertEquals(0, json.path("routes").size());
        assertTrue(json.path("warnings").toString().contains("is not a debug target"), json::toString);
    }

    @Test
    void ruleErrorsCarryTheLabelAndColumn() throws IOException {
        JsonNode json = run("--labels", "traefik.http.routers.api.rule=Host(`a`, `b`)", "--expose", "80").json();
        String warnings = json.path("warnings").toString();
        assertTrue(warnings.contains("label traefik.http.routers.api.rule: column 1: Host takes exactly one value"),
                warnings);
    }

    @Test
    void missingFileIsOneSentenceAndExitTwo() {
        Run r = run("--inspect", dir.resolve("nope.json").toString());
        assertEquals(2, r.exit());
        assertEquals("explain: --inspect " + dir.resolve("nope.json") + ": no such file", r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void badJsonIsOneSentenceAndExitTwo() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.json"), "[{\"Id\": \"x\",]");
        Run r = run("--inspect", file.toString());
        assertEquals(2, r.exit());
        assertEquals("explain: " + file + ": not valid JSON at line 1, column 13: unexpected character ']' where a field"
                + " name in double quotes was expected; expected the output of docker inspect (a JSON array)",
                r.err().strip());
    }

    /** What is wrong with the input, in one sentence without Jackson's internals. */
    static Stream<Arguments> unreadableInput() {
        String expected = "; expected the output of docker inspect (a JSON array)";
        return Stream.of(
                arguments("{\n", "standard input: not valid JSON at line 2, column 1: the input ends inside an object"
                        + " (a '}' is missing)" + expected),
                arguments("[{\"Id\": \"x\"}", "standard input: not valid JSON at line 1, column 13: the input ends inside"
                        + " an array (a ']' is missing)" + expected),
                arguments("[\"abc", "standard input: not valid JSON at line 1, column 6: the input ends inside a string"
                        + " (a '\"' is missing)" + expected),
                arguments("[1 2]", "standard input: not valid JSON at line 1, column 4: unexpected character '2' where a ','"
                        + " between elements or a ']' was expected" + expected),
                arguments("[\n  oops\n]", "standard input: not valid JSON at line 2, column 3: unrecognized token 'oops'"
                        + " where a JSON value was expected" + expected),
                arguments("[] []", "standard input: not valid JSON at line 1, column 4: more text follows the end of the"
                        + " JSON value" + expected),
                arguments("", "standard input: empty" + expected),
                arguments("\"x\"", "standard input: a JSON string" + expected),
                arguments("[]", "standard input: an empty array; 'docker inspect' prints one object per container"),
                arguments("{\"Name\": \"x\"}", "standard input: the object has no \"Id\", so it is not a container from"
                        + " 'docker inspect' (images and networks have other shapes)" + expected));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("unreadableInput")
    void unreadableInputIsOneClearSentence(String json, String message) {
        UserError e = assertThrows(UserError.class,
                () -> new DockerInspectJson("standard input").read(json));
        assertEquals(message, e.getMessage());
    }

    @Test
    void singleContainerObjectIsReadAsAnArrayOfOne() throws IOException {
        JsonNode array = new ObjectMapper().readTree(STACK);
        Path file = Files.writeString(dir.resolve("one.json"), array.get(0).toString());
        Run r = run("--inspect", file.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("shop-api-1", r.json().at("/routes/0/container").asText());
    }

    @Test
    void jsonThatIsNotInspectOutputIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("other.json"), "[{\"Name\": \"x\"}]");
        Run r = run("--inspect", file.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("element 1 has no \"Id\""), r.err());
    }

    @Test
    void labelWithoutEqualsIsRefused() {
        Run r = run("--labels", "traefik.enable");
        assertEquals(2, r.exit());
        assertEquals("explain: --labels 'traefik.enable' is not KEY=VALUE", r.err().strip());
    }

    @Test
    void inspectAndLabelsTogetherAreRefused() {
        Run r = run("--inspect", "x.json", "--labels", "a=b");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("mutually exclusive"), r.err());
    }

    @Test
    void syntheticOptionsWithInspectAreRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("stack.json"), STACK);
        Run r = run("--inspect", file.toString(), "--name", "x");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--name describes the container made from --labels"), r.err());
    }

    @Test
    void containersFailingTheirHealthCheckAreLeftOutAsTraefikDoes() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode stack = mapper.readTree(STACK);
        ((com.fasterxml.jackson.databind.node.ObjectNode) stack.get(1).path("State")).putObject("Health")
                .put("Status", "starting");
        String starting = mapper.writeValueAsString(stack);
        Path file = Files.writeString(dir.resolve("stack.json"), starting);
        JsonNode json = run("--inspect", file.toString()).json();
        assertTrue(json.at("/traefik/tcp/routers/db").isMissingNode(), json::toString);
        assertTrue(json.path("warnings").toString().contains("shop-db-1 is 'starting'"), json::toString);
    }

    @Test
    void containerTraefikIgnoresGetsNoHealthCheckWarning() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode stack = mapper.readTree(STACK);
        com.fasterxml.jackson.databind.node.ObjectNode db = (com.fasterxml.jackson.databind.node.ObjectNode) stack.get(1);
        ((com.fasterxml.jackson.databind.node.ObjectNode) db.path("State")).putObject("Health").put("Status", "starting");
        ((com.fasterxml.jackson.databind.node.ObjectNode) db.path("Config").path("Labels")).put("traefik.enable", "false");
        Path file = Files.writeString(dir.resolve("stack.json"), mapper.writeValueAsString(stack));
        JsonNode json = run("--inspect", file.toString()).json();
        assertTrue(!json.path("warnings").toString().contains("'starting'"), json::toString);
    }

    @Test
    void exposedByDefaultCanBeTurnedOff() throws IOException {
        JsonNode json = run("--labels", "a=b", "--expose", "80", "--no-exposed-by-default").json();
        assertTrue(json.at("/traefik/http/routers").isMissingNode(), json::toString);
    }
}
