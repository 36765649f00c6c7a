package io.debugproxy.it.support;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Tiny HTTP GET client (java.net.http, HTTP/1.1, no proxy, no redirects) with timeouts,
 * synchronous or asynchronous (for a handler that will block at a breakpoint).
 *
 * <p>A {@code Host} header may be passed: this class sets
 * {@code jdk.httpclient.allowRestrictedHeaders=host} before the JDK's HTTP client is first
 * used (unless the property is already set), so use this class before any other
 * java.net.http client in the JVM, or set the property on the command line.
 */
public final class HttpGet {

  /** Default total timeout of one request. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  static {
    if (System.getProperty("jdk.httpclient.allowRestrictedHeaders") == null) {
      System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }
  }

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .proxy(HttpClient.Builder.NO_PROXY)
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private HttpGet() {}

  /** A response: status, body (UTF-8) and headers. */
  public static final class Response {
    private final int status;
    private final String body;
    private final HttpHeaders headers;

    Response(int status, String body, HttpHeaders headers) {
      this.status = status;
      this.body = body;
      this.headers = headers;
    }

    public int status() {
      return status;
    }

    public String body() {
      return body;
    }

    public HttpHeaders headers() {
      return headers;
    }

    /** First value of header {@code name}, or null. */
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  /** GET {@code url} with the default timeout. */
  public static Response get(String url) {
    return get(url, DEFAULT_TIMEOUT, Map.of());
  }

  /** GET {@code url}; throws {@link java.io.UncheckedIOException} on I/O errors and timeouts. */
  public static Response get(String url, Duration timeout) {
    return get(url, timeout, Map.of());
  }

  /** GET {@code url} with extra request headers (e.g. {@code Host}). */
  public static Response get(String url, Duration timeout, Map<String, String> headers) {
    try {
      return async(url, timeout, headers).join();
    } catch (CompletionException e) {
      throw unchecked(url, e.getCause());
    }
  }

  /** Starts GET {@code url}; the future completes with the response or the failure. */
  public static CompletableFuture<Response> async(String url, Duration timeout) {
    return async(url, timeout, Map.of());
  }

  /** Starts GET {@code url} with extra request headers. */
  public static CompletableFuture<Response> async(String url, Duration timeout, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET().timeout(timeout);
    headers.forEach(b::header);
    return CLIENT.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> new Response(r.statusCode(), r.body(), r.headers()));
  }

  /**
   * GET {@code url}, retrying while the connection is refused (the server is not up yet),
   * until {@code overall} has passed; each attempt has {@code perAttempt} as timeout.
   */
  public static Response getWhenUp(String url, Duration overall, Duration perAttempt) {
    long deadline = System.nanoTime() + overall.toNanos();
    while (true) {
      try {
        return async(url, perAttempt, Map.of()).join();
      } catch (CompletionException e) {
        Throwable cause = e.getCause();
        boolean refused = cause instanceof ConnectException
            || (cause != null && cause.getCause() instanceof ConnectException);
        if (!refused || System.nanoTime() > deadline) {
          throw unchecked(url, cause);
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(ie);
      }
    }
  }

  /** As {@link #getWhenUp(String, Duration, Duration)}, asynchronously. */
  public static CompletableFuture<Response> asyncWhenUp(String url, Duration overall, Duration perAttempt) {
    return CompletableFuture.supplyAsync(() -> getWhenUp(url, overall, perAttempt), r -> {
      Thread t = new Thread(r, "http-get-when-up");
      t.setDaemon(true);
      t.start();
    });
  }

  private static RuntimeException unchecked(String url, Throwable t) {
    if (t instanceof IOException) {
      return new java.io.UncheckedIOException("GET " + url + ": " + t, (IOException) t);
    }
    if (t instanceof RuntimeException) {
      return (RuntimeException) t;
    }
    return new IllegalStateException("GET " + url + ": " + t, t);
  }
}
