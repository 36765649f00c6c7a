package io.debugproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.debugproxy.it.support.DelveContainer;
import io.debugproxy.it.support.DlvCli;
import io.debugproxy.it.support.ProxyProcess;
import io.debugproxy.it.support.SampleImage;
import io.debugproxy.it.support.Transcript.StopLocation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Network;

/**
 * The multiplexed port end to end, against the sample Go service under Delve in a container: curl
 * and a browser-like client speak HTTP to it (forwarded headers, spoofing, trusted proxies,
 * redirect rewriting, WebSocket), {@code dlv connect} speaks Delve JSON-RPC to it, and a Java
 * socket opens a {@code CONNECT} tunnel to Delve through it.
 *
 * <p>Routes are static (the proxy's Docker host points nowhere), so that containers of other
 * tests on the same engine never add routes: "exactly one route" stays exactly one.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class MuxHttpIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration ROUTE_WAIT = Duration.ofSeconds(20);
  private static final String HOST = "api.debug.localhost";
  private static final String NO_DOCKER = "docker: { host: \"unix:///nonexistent/debugproxy-it-no-docker.sock\" }\n";

  private static Network network;
  private static DelveContainer sample;

  @TempDir
  Path work;

  private final List<ProxyProcess> proxies = new ArrayList<>();

  @BeforeAll
  static void startSample() {
    network = Network.newNetwork();
    sample = new DelveContainer().withNetwork(network)
        .withName("dp-it-mux-" + UUID.randomUUID().toString().substring(0, 8));
    sample.start();
    sample.awaitLog("sample listening on", Duration.ofSeconds(30));
  }

  @AfterAll
  static void stopSample() {
    if (sample != null) {
      sample.stop();
    }
    if (network != null) {
      network.close();
    }
  }

  @AfterEach
  void stopProxies() {
    for (ProxyProcess p : proxies) {
      p.close();
      String log = p.log();
      assertFalse(log.contains("LEAK:"), "a buffer was leaked:\n" + log);
      assertFalse(log.contains("event=http_client_error") || log.contains("event=relay_error")
          || log.contains("event=backend_error"), "an unexpected (non-I/O) failure was logged:\n" + log);
    }
  }

  /** A proxy whose only routes are {@code api} (and {@code names}, all to the sample), plus {@code extraYaml}. */
  private ProxyProcess proxy(String dir, String extraYaml, String... names) {
    StringBuilder yaml = new StringBuilder(NO_DOCKER).append(extraYaml).append("routes:\n");
    List<String> all = new ArrayList<>(List.of("api"));
    all.addAll(List.of(names));
    for (String name : all) {
      yaml.append("  - name: ").append(name).append('\n')
          .append("    delve: ").append(sample.ipAddress()).append(':').append(SampleImage.DELVE_PORT).append('\n')
          .append("    http: ").append(sample.ipAddress()).append(':').append(SampleImage.HTTP_PORT).append('\n');
    }
    ProxyProcess proxy = ProxyProcess.configure(work.resolve(dir), yaml.toString()).start();
    proxies.add(proxy);
    for (String name : all) {
      awaitListening(proxy, name);
    }
    return proxy;
  }

  private ProxyProcess proxy() {
    return proxy("proxy", "");
  }

  @Test
  void curlThroughTheMuxPort_serviceSeesEveryForwardedHeader() {
    ProxyProcess proxy = proxy();
    String authority = HOST + ":" + proxy.muxPort();
    JsonNode seen = echoHeaders(proxy);
    assertEquals(authority, seen.path("host").asText(), "Host passes unchanged: " + seen);
    JsonNode h = seen.path("headers");
    assertEquals(List.of(authority), values(h, "X-Forwarded-Host"), seen.toString());
    assertEquals(List.of("http"), values(h, "X-Forwarded-Proto"), seen.toString());
    assertEquals(List.of(String.valueOf(proxy.muxPort())), values(h, "X-Forwarded-Port"), seen.toString());
    assertEquals(List.of("127.0.0.1"), values(h, "X-Forwarded-For"), seen.toString());
    assertEquals(List.of("127.0.0.1"), values(h, "X-Real-Ip"), seen.toString());
    assertEquals(List.of("for=127.0.0.1;host=\"" + authority + "\";proto=http"), values(h, "Forwarded"), seen.toString());
  }

  @Test
  void spoofedForwardedHeadersFromAnUntrustedPeerAreReplaced() {
    ProxyProcess proxy = proxy();
    String authority = HOST + ":" + proxy.muxPort();
    JsonNode seen = echoHeaders(proxy, spoofedHeaders());
    JsonNode h = seen.path("headers");
    assertFalse(seen.toString().contains("6.6.6.6"), seen.toString());
    assertFalse(seen.toString().contains("evil.example"), seen.toString());
    assertEquals(List.of(authority), values(h, "X-Forwarded-Host"), seen.toString());
    assertEquals(List.of("http"), values(h, "X-Forwarded-Proto"), seen.toString());
    assertEquals(List.of(String.valueOf(proxy.muxPort())), values(h, "X-Forwarded-Port"), seen.toString());
    assertEquals(List.of("127.0.0.1"), values(h, "X-Forwarded-For"), seen.toString());
    assertEquals(List.of("127.0.0.1"), values(h, "X-Real-Ip"), seen.toString());
    assertTrue(values(h, "X-Forwarded-Prefix").isEmpty(), seen.toString());
  }

  @Test
  void forwardedHeadersOfATrustedProxyAreKept() {
    ProxyProcess proxy = proxy("trusting", "http: { trustedProxies: [127.0.0.1/32] }\n");
    JsonNode seen = echoHeaders(proxy, spoofedHeaders());
    JsonNode h = seen.path("headers");
    assertEquals(List.of("6.6.6.6, 127.0.0.1"), values(h, "X-Forwarded-For"), seen.toString());
    assertEquals(List.of("evil.example"), values(h, "X-Forwarded-Host"), seen.toString());
    assertEquals(List.of("https"), values(h, "X-Forwarded-Proto"), seen.toString());
    assertEquals(List.of("443"), values(h, "X-Forwarded-Port"), seen.toString());
    assertEquals(List.of("6.6.6.6"), values(h, "X-Real-Ip"), seen.toString());
    assertEquals(List.of("/admin"), values(h, "X-Forwarded-Prefix"), seen.toString());
    assertEquals(List.of("for=6.6.6.6, for=127.0.0.1;host=\"" + HOST + ":" + proxy.muxPort() + "\";proto=http"),
        values(h, "Forwarded"), seen.toString());
  }

  @Test
  void redirectToTheServicesLocalhostComesBackAsThePublicHost() {
    ProxyProcess proxy = proxy();
    String publicLogin = "http://" + HOST + ":" + proxy.muxPort() + "/login";
    Curl head = curl(proxy, "-o", "/dev/null", "-D", "-", url(proxy, "/login-redirect"));
    Map<String, String> headers = head.headers();
    assertTrue(head.stdout().startsWith("HTTP/1.1 302"), head.stdout());
    assertEquals(publicLogin, headers.get("location"), head.stdout());
    assertEquals(publicLogin, headers.get("content-location"), head.stdout());
    assertEquals("5; url=" + publicLogin, headers.get("refresh"), head.stdout());
    String body = curl(proxy, url(proxy, "/login-redirect")).stdout();
    assertTrue(body.contains("http://localhost:8080/login"), "bodies are never rewritten: " + body);
  }

  @Test
  void redirectBehindATrustedHttpsProxyGoesToThePublicSchemeAndHost() {
    ProxyProcess proxy = proxy("trusting-redirect", "http: { trustedProxies: [127.0.0.1/32] }\n");
    Curl head = curl(proxy, "-o", "/dev/null", "-D", "-", "-H", "X-Forwarded-Proto: https",
        "-H", "X-Forwarded-Host: public.example", url(proxy, "/login-redirect"));
    Map<String, String> headers = head.headers();
    assertEquals("https://public.example/login", headers.get("location"), head.stdout());
    assertEquals("5; url=https://public.example/login", headers.get("refresh"), head.stdout());
  }

  @Test
  void unknownHostGets404FromTheProxy() {
    ProxyProcess proxy = proxy();
    Curl result = curl(proxy, "-H", "Host: nobody.debug.localhost", "-w", "\n%{http_code}",
        "http://127.0.0.1:" + proxy.muxPort() + "/echo-headers");
    assertEquals("404 Not Found: no service answers to this host name.\n\n404", result.stdout());
  }

  @Test
  void aClientThatHalfClosesAfterItsRequestGetsTheServicesAnswer() throws IOException {
    ProxyProcess proxy = proxy();
    for (String version : List.of("HTTP/1.1", "HTTP/1.0")) {
      // What `printf 'GET ...' | nc -N` does: the request, then the end of what the client sends.
      String response = halfClosedExchange(proxy, "GET /hello?name=pipe " + version + "\r\nHost: " + HOST
          + "\r\nConnection: close\r\n\r\n");
      assertTrue(response.startsWith("HTTP/1.1 200"), version + ": " + response + "\n" + proxy.log());
      assertTrue(response.endsWith("\r\n\r\nhello, pipe\n"), version + ": " + response);
    }
  }

  @Test
  void malformedAndOversizedRequestsGetHttpErrorsNotADroppedConnection() throws IOException {
    ProxyProcess proxy = proxy();
    Curl tooLong = curl(proxy, "-o", "/dev/null", "-w", "%{http_code}", url(proxy, "/" + "a".repeat(70_000)));
    assertEquals("414", tooLong.stdout());
    String malformed = halfClosedExchange(proxy, "GET /x y z HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n");
    assertTrue(malformed.startsWith("HTTP/1.1 400 Bad Request\r\n"), malformed);
    assertTrue(malformed.endsWith("400 Bad Request: the request is not valid HTTP/1.1.\n"), malformed);
    String connect = halfClosedExchange(proxy, "CONNECT " + HOST + " HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n");
    assertTrue(connect.startsWith("HTTP/1.1 400 Bad Request\r\n"), connect);
    assertTrue(connect.contains("CONNECT needs host:port"), connect);
    assertTrue(proxy.log().contains("event=http_error status=414"), proxy.log());
    assertFalse(proxy.log().contains("reason=unknown_protocol"), proxy.log());
  }

  @Test
  void metricsCountHttpRequestsAndResponsesByRoute() {
    ProxyProcess proxy = proxy();
    curl(proxy, "-o", "/dev/null", url(proxy, "/hello?name=metrics"));
    curl(proxy, "-o", "/dev/null", "-H", "Host: nobody.debug.localhost", "http://127.0.0.1:" + proxy.muxPort() + "/");
    String metrics = curl(proxy, "http://" + proxy.adminAddress() + "/metrics").stdout();
    assertTrue(metrics.contains("debugproxy_http_requests_total{route=\"api\"} 1\n"), metrics);
    assertTrue(metrics.contains("debugproxy_http_responses_total{code=\"200\",route=\"api\"} 1\n"), metrics);
    assertTrue(metrics.contains("debugproxy_http_responses_total{code=\"404\",route=\"-\"} 1\n"), metrics);
  }

  @Test
  void webSocketEchoWorksThroughTheMuxPort() throws IOException {
    ProxyProcess proxy = proxy();
    try (Socket socket = connect(proxy.muxPort())) {
      String key = Base64.getEncoder().encodeToString(UUID.randomUUID().toString().substring(0, 16)
          .getBytes(StandardCharsets.US_ASCII));
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(("GET /ws-echo HTTP/1.1\r\nHost: " + HOST + ":" + proxy.muxPort() + "\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String head = readHead(in);
      assertTrue(head.startsWith("HTTP/1.1 101"), head);
      assertTrue(head.toLowerCase(Locale.ROOT).contains("upgrade: websocket"), head);
      assertTrue(head.contains("Sec-WebSocket-Accept: " + accept(key)), head);
      for (String message : List.of("hello through debugproxy", "x".repeat(70_000))) {
        out.write(clientFrame(0x1, message.getBytes(StandardCharsets.UTF_8)));
        out.flush();
        assertEquals(message, new String(readServerFrame(in, 0x1), StandardCharsets.UTF_8));
      }
      out.write(clientFrame(0x8, new byte[] {0x03, (byte) 0xe8}));
      out.flush();
      readServerFrame(in, 0x8);
    }
  }

  @Test
  void dlvConnectThroughTheMuxPort_reachesTheOnlyRoute() throws Exception {
    ProxyProcess proxy = proxy();
    try (DlvCli dlv = DlvCli.connect(proxy.muxAddress())) {
      dlv.awaitPrompt();
      String set = dlv.command("break " + SampleImage.greetingBreakpoint());
      assertTrue(set.contains("set at"), set + "\n" + dlv.transcript().log());
      dlv.send("continue");
      // The request that hits the breakpoint goes through the same port, as HTTP.
      CompletableFuture<Curl> hello = CompletableFuture.supplyAsync(() -> curl(proxy, url(proxy, "/hello?name=mux")));
      StopLocation at = StopLocation.require(dlv.awaitPrompt());
      assertEquals("main.helloHandler", at.function(), at.toString());
      assertEquals("\"hello, mux\"", dlv.command("print greeting"));
      dlv.command("clearall");
      dlv.send("continue");
      assertEquals("hello, mux\n", hello.get(30, TimeUnit.SECONDS).stdout());
      assertEquals(0, dlv.quitLeavingTargetRunning(), dlv.transcript().log());
    }
    assertTrue(proxy.log().contains("event=mux_default_route protocol=delve-json-rpc route=api"), proxy.log());
  }

  @Test
  void connectTunnelCarriesDelveJsonRpc() throws IOException {
    ProxyProcess proxy = proxy("two-routes", "", "web");
    try (Socket socket = connect(proxy.muxPort())) {
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(("CONNECT " + HOST + ":2345 HTTP/1.1\r\nHost: " + HOST + ":2345\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String head = readHead(in);
      assertTrue(head.startsWith("HTTP/1.1 200 Connection Established\r\n"), head);
      out.write("{\"method\":\"RPCServer.GetVersion\",\"params\":[{}],\"id\":1}".getBytes(StandardCharsets.US_ASCII));
      JsonNode reply = JSON.readTree(readLine(in));
      assertEquals(1, reply.path("id").asInt(), reply.toString());
      assertTrue(reply.path("error").isNull(), reply.toString());
      assertTrue(reply.path("result").path("DelveVersion").asText().contains("Version"), reply.toString());
      assertEquals(2, reply.path("result").path("APIVersion").asInt(), reply.toString());
    }
  }

  @Test
  void delveClientGetsTheRoutesAndTheirPortsWhenSeveralExist() throws IOException {
    ProxyProcess proxy = proxy("two-routes", "", "web");
    String apiPort = route(proxy, "api").path("listen").asText();
    String webPort = route(proxy, "web").path("listen").asText();
    try (Socket socket = connect(proxy.muxPort())) {
      socket.getOutputStream().write("{\"method\":\"RPCServer.SetApiVersion\",\"params\":[{\"APIVersion\":2}],\"id\":0}"
          .getBytes(StandardCharsets.US_ASCII));
      JsonNode reply = JSON.readTree(readLine(socket.getInputStream()));
      assertEquals(0, reply.path("id").asInt(), reply.toString());
      String error = reply.path("error").asText();
      assertTrue(error.contains("api at " + apiPort), error);
      assertTrue(error.contains("web at " + webPort), error);
    }
    try (DlvCli dlv = DlvCli.connect(proxy.muxAddress())) {
      // dlv ignores the failure of its first calls; the first command it runs shows the reason.
      dlv.awaitPrompt();
      dlv.command("breakpoints");
      // "Command failed: ..." goes to stderr, which may trail the prompt on stdout.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!dlv.transcript().contains("api at " + apiPort) && System.nanoTime() < deadline) {
        sleep(50);
      }
      dlv.transcript().assertContains("Command failed: debugproxy: 2 debug routes are available");
      dlv.transcript().assertContains("api at " + apiPort);
    }
  }

  @Test
  void aTakenMuxPortIsLoggedAndTheProxyRunsWithoutIt() throws IOException {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      ProxyProcess proxy = ProxyProcess.configure(work.resolve("taken"),
          "  mux: { address: 127.0.0.1:" + taken.getLocalPort() + " }\n", NO_DOCKER).start();
      proxies.add(proxy);
      // A warning, not an error: the proxy goes on without the mux port.
      assertTrue(proxy.log().contains("level=WARN logger=ProxyAssembly event=mux_listener_unavailable listen=127.0.0.1:"
          + taken.getLocalPort()), proxy.log());
    }
  }

  // ------------------------------------------------------------------ helpers

  private static String[] spoofedHeaders() {
    return new String[] {"-H", "X-Forwarded-For: 6.6.6.6", "-H", "X-Forwarded-Host: evil.example",
        "-H", "X-Forwarded-Proto: https", "-H", "X-Forwarded-Port: 443", "-H", "X-Real-IP: 6.6.6.6",
        "-H", "X-Forwarded-Prefix: /admin", "-H", "Forwarded: for=6.6.6.6"};
  }

  private static JsonNode echoHeaders(ProxyProcess proxy, String... curlArgs) {
    List<String> args = new ArrayList<>(List.of(curlArgs));
    args.add(url(proxy, "/echo-headers"));
    Curl result = curl(proxy, args.toArray(new String[0]));
    try {
      return JSON.readTree(result.stdout());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + result.stdout() + "\n" + proxy.log(), e);
    }
  }

  private static String url(ProxyProcess proxy, String path) {
    return "http://" + HOST + ":" + proxy.muxPort() + path;
  }

  private static List<String> values(JsonNode headers, String name) {
    List<String> values = new ArrayList<>();
    headers.path(name).forEach(v -> values.add(v.asText()));
    return values;
  }

  /** One curl run: what it printed. */
  private record Curl(int exitCode, String stdout, String stderr) {
    /** Header lines of a {@code -D -} dump, names lower case. */
    Map<String, String> headers() {
      Map<String, String> headers = new TreeMap<>();
      for (String line : stdout.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && !line.startsWith("HTTP/")) {
          headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
      }
      return headers;
    }
  }

  /** curl with {@code HOST} resolved to the proxy's loopback address, never through a proxy of the environment. */
  private static Curl curl(ProxyProcess proxy, String... args) {
    List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--noproxy", "*", "--max-time", "90",
        "--resolve", HOST + ":" + proxy.muxPort() + ":127.0.0.1"));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).start();
      CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
      String out = new String(readAll(p.getInputStream()), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("curl did not finish: " + cmd);
      }
      Curl result = new Curl(p.exitValue(), out, new String(err.join(), StandardCharsets.UTF_8));
      if (result.exitCode() != 0) {
        throw new AssertionError("curl failed (" + result.exitCode() + "): " + result.stderr() + "\n" + proxy.log());
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static byte[] readAll(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The route named {@code name} from the admin API. */
  private static JsonNode route(ProxyProcess proxy, String name) {
    for (JsonNode route : proxy.routes()) {
      if (name.equals(route.path("name").asText())) {
        return route;
      }
    }
    throw new AssertionError("no route " + name + " in " + proxy.routes());
  }

  private static void awaitListening(ProxyProcess proxy, String name) {
    long deadline = System.nanoTime() + ROUTE_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode route : proxy.routes()) {
        if (name.equals(route.path("name").asText()) && route.path("status").asText().equals("ok")
            && route.path("listen").isTextual()) {
          return;
        }
      }
      sleep(50);
    }
    throw new AssertionError("route " + name + " not listening within " + ROUTE_WAIT + ": " + proxy.routes() + "\n" + proxy.log());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(30_000);
    return socket;
  }

  /** Sends {@code request} on a new connection to the mux port, half-closes, and reads until the proxy closes. */
  private static String halfClosedExchange(ProxyProcess proxy, String request) throws IOException {
    try (Socket socket = connect(proxy.muxPort())) {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.shutdownOutput();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed in the response head: " + head);
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      line.write(b);
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  private static String accept(String key) {
    try {
      byte[] sha = MessageDigest.getInstance("SHA-1")
          .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(sha);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A masked client frame with FIN set (RFC 6455 §5.2). */
  private static byte[] clientFrame(int opcode, byte[] payload) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x80 | opcode);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else if (payload.length <= 0xFFFF) {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xFF);
    } else {
      frame.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) payload.length >>> shift) & 0xFF);
      }
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.writeBytes(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    return frame.toByteArray();
  }

  /** Reads one unmasked server frame, checking its opcode; returns its payload. */
  private static byte[] readServerFrame(InputStream in, int expectedOpcode) throws IOException {
    int b0 = in.read();
    int b1 = in.read();
    if (b0 < 0 || b1 < 0) {
      throw new IOException("connection closed before a frame");
    }
    assertEquals(expectedOpcode, b0 & 0x0F, "opcode");
    assertEquals(0, b1 & 0x80, "server frames are not masked");
    long length = b1 & 0x7F;
    if (length == 126) {
      length = (in.read() << 8) | in.read();
    } else if (length == 127) {
      length = 0;
      for (int i = 0; i < 8; i++) {
        length = (length << 8) | in.read();
      }
    }
    return in.readNBytes((int) length);
  }
}
