package io.debugproxy.it.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import io.debugproxy.it.support.DelveContainer;
import io.debugproxy.it.support.ProxyProcess;
import io.debugproxy.it.support.SampleImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/**
 * How long a real {@code proxy serve} takes to follow Docker: from {@code docker start} returning
 * to the container's route being live in the admin API ({@code status} ok, {@code listen} set),
 * and from {@code docker stop} returning to the route being gone. A measurement, not a test: it
 * prints median, p90, p99 and max and fails only if a route never shows up or never goes.
 *
 * <p>Not part of {@code mvn verify}; run it with {@code mvn -B install -DskipTests} (the other modules'
 * jars), then {@code mvn -pl integration-tests -Pbench verify} ({@code -Dbench.containers=N}, default 40;
 * {@code -Dbench.pollMillis=P}, default 2).
 * The report goes to stdout and to {@code integration-tests/target/bench/discovery-latency.txt}, the
 * proxy's log next to it.
 *
 * <p>The containers run the sample program without Delve, labelled {@code debugproxy.enable=true}:
 * discovery sees the same route, and forty of them stay light. The admin API is polled every
 * {@code pollMillis}, so a figure is late by at most that plus one poll. The machine's load average
 * is printed too: on a busy machine the figures measure the machine.
 */
class DiscoveryLatencyBench {

  private static final int CONTAINERS = Integer.getInteger("bench.containers", 40);
  /** Pause between two polls of the admin API: polling back to back would take a CPU from the proxy. */
  private static final long POLL_PAUSE_MILLIS = Long.getLong("bench.pollMillis", 2);
  private static final Duration ROUTE_WAIT = Duration.ofSeconds(30);
  private static final int BURST_THREADS = 8;

  private final DockerClient docker = DockerClientFactory.instance().client();
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path work;

  @Test
  void measure() throws Exception {
    String image = SampleImage.tag();
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String network = "dp-bench-" + suffix;
    docker.createNetworkCmd().withName(network).withDriver("bridge")
        .withLabels(Map.of(DelveContainer.LABEL, "true", DelveContainer.SESSION_LABEL, DelveContainer.SESSION)).exec();
    List<String> names = new ArrayList<>();
    ProxyProcess proxy = null;
    Poller poller = null;
    String loadBefore = loadAverage();
    try {
      for (int i = 0; i < CONTAINERS; i++) {
        String name = String.format(Locale.ROOT, "dp-bench-%s-%02d", suffix, i);
        docker.createContainerCmd(image).withName(name)
            .withEntrypoint("/app")
            .withLabels(Map.of("debugproxy.enable", "true", DelveContainer.LABEL, "true",
                DelveContainer.SESSION_LABEL, DelveContainer.SESSION))
            .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network))
            .exec();
        names.add(name);
      }
      proxy = ProxyProcess.configure(work, "", "", CONTAINERS + 10).start();
      awaitFollowingDocker(proxy);
      poller = new Poller(URI.create("http://" + proxy.adminAddress() + "/routes"), Set.copyOf(names));
      poller.start();

      // One round not counted: the proxy's first route pays for class loading and a cold JIT.
      String warmUp = names.get(0);
      docker.startContainerCmd(warmUp).exec();
      poller.awaitLive(warmUp);
      docker.stopContainerCmd(warmUp).withTimeout(1).exec();
      poller.awaitGone(warmUp);

      Series sequential = new Series("sequential, one container at a time (after one round not counted)");
      for (String name : names) {
        sequential.started(name, timed(() -> docker.startContainerCmd(name).exec()));
        sequential.live(name, poller.awaitLive(name));
        sequential.stopped(name, timed(() -> docker.stopContainerCmd(name).withTimeout(1).exec()));
        sequential.gone(name, poller.awaitGone(name));
      }

      Series burst = new Series("burst, " + CONTAINERS + " containers from " + BURST_THREADS + " threads");
      ExecutorService pool = Executors.newFixedThreadPool(BURST_THREADS);
      try {
        List<Future<?>> starts = new ArrayList<>();
        for (String name : names) {
          starts.add(pool.submit(() -> burst.started(name, timed(() -> docker.startContainerCmd(name).exec()))));
        }
        for (Future<?> f : starts) {
          f.get();
        }
        for (String name : names) {
          burst.live(name, poller.awaitLive(name));
        }
        List<Future<?>> stops = new ArrayList<>();
        for (String name : names) {
          stops.add(pool.submit(() -> burst.stopped(name,
              timed(() -> docker.stopContainerCmd(name).withTimeout(1).exec()))));
        }
        for (Future<?> f : stops) {
          f.get();
        }
        for (String name : names) {
          burst.gone(name, poller.awaitGone(name));
        }
      } finally {
        pool.shutdownNow();
      }

      String report = "discovery latency, " + CONTAINERS + " containers, admin API polled every "
          + POLL_PAUSE_MILLIS + " ms (" + poller.polls() + " polls, mean " + poller.meanPollMicros() + " us);"
          + " load average before " + loadBefore + ", after " + loadAverage() + "\n"
          + sequential.report() + burst.report();
      System.out.print(report);
      Path out = Path.of("target", "bench", "discovery-latency.txt");
      Files.createDirectories(out.getParent());
      Files.writeString(out, report);
      // With DEBUGPROXY_LOG_LEVEL=DEBUG the proxy's log shows when each event was applied.
      Files.writeString(out.resolveSibling("proxy.log"), proxy.log());
    } finally {
      if (poller != null) {
        poller.interrupt();
      }
      if (proxy != null) {
        proxy.close();
      }
      for (String name : names) {
        try {
          docker.removeContainerCmd(name).withForce(true).exec();
        } catch (NotFoundException e) {
          // never created
        }
      }
      docker.removeNetworkCmd(network).exec();
    }
  }

  /** The admin API answers before discovery has listed the engine; measuring starts after that. */
  private static void awaitFollowingDocker(ProxyProcess proxy) throws InterruptedException {
    long deadline = System.nanoTime() + ROUTE_WAIT.toNanos();
    while (!proxy.log().contains("event=docker_connected")) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the proxy did not connect to Docker within " + ROUTE_WAIT + ":\n" + proxy.log());
      }
      Thread.sleep(20);
    }
  }

  /** The 1, 5 and 15 minute load averages, and the number of CPUs. */
  private static String loadAverage() {
    try {
      String[] avg = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return avg[0] + " " + avg[1] + " " + avg[2] + " on " + Runtime.getRuntime().availableProcessors() + " CPUs";
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Runs {@code call} and returns {@link System#nanoTime()} when it has returned. */
  private static long timed(Runnable call) {
    call.run();
    return System.nanoTime();
  }

  /** Start and stop times of each container in one phase, and the latencies they give. */
  private static final class Series {
    private final String title;
    private final Map<String, long[]> times = new ConcurrentHashMap<>();

    Series(String title) {
      this.title = title;
    }

    private long[] of(String name) {
      return times.computeIfAbsent(name, n -> new long[4]);
    }

    void started(String name, long at) {
      of(name)[0] = at;
    }

    void live(String name, long at) {
      of(name)[1] = at;
    }

    void stopped(String name, long at) {
      of(name)[2] = at;
    }

    void gone(String name, long at) {
      of(name)[3] = at;
    }

    String report() {
      return "  " + title + "\n"
          + line("docker start -> route live", t -> t[1] - t[0])
          + line("docker stop  -> route gone", t -> t[3] - t[2]);
    }

    // A change the admin API showed before the Docker call returned counts as 0 ms.
    private String line(String what, ToLongFunction<long[]> latency) {
      List<Long> micros = new ArrayList<>();
      int early = 0;
      String slowest = "";
      long slowestMicros = Long.MIN_VALUE;
      for (Map.Entry<String, long[]> e : times.entrySet()) {
        long nanos = latency.applyAsLong(e.getValue());
        if (nanos <= 0) {
          early++;
        }
        micros.add(Math.max(0, nanos) / 1000);
        if (nanos / 1000 > slowestMicros) {
          slowestMicros = nanos / 1000;
          slowest = e.getKey();
        }
      }
      micros.sort(null);
      return String.format(Locale.ROOT, "    %-27s n=%d  median %s  p90 %s  p99 %s  max %s  (already done when the call"
              + " returned: %d; slowest: %s)%n", what, micros.size(), ms(percentile(micros, 50)),
          ms(percentile(micros, 90)), ms(percentile(micros, 99)), ms(micros.get(micros.size() - 1)), early, slowest);
    }

    /** Nearest-rank percentile. */
    private static long percentile(List<Long> sorted, int p) {
      int rank = (int) Math.ceil(p / 100.0 * sorted.size());
      return sorted.get(Math.max(0, rank - 1));
    }

    private static String ms(long micros) {
      return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }
  }

  /**
   * Polls {@code GET /routes} back to back and notes, for each container, when its route was last
   * seen turning live and turning gone (the time the answer arrived).
   */
  private final class Poller extends Thread {
    private final URI routes;
    private final Set<String> tracked;
    private final Map<String, Long> liveSince = new ConcurrentHashMap<>();
    private final Map<String, Long> goneSince = new ConcurrentHashMap<>();
    private volatile long polls;
    private volatile String last = "nothing yet";
    private volatile long pollNanos;

    Poller(URI routes, Set<String> tracked) {
      super("bench-admin-poller");
      setDaemon(true);
      this.routes = routes;
      this.tracked = tracked;
      tracked.forEach(name -> goneSince.put(name, 0L));
    }

    @Override
    public void run() {
      HttpRequest request = HttpRequest.newBuilder(routes).timeout(Duration.ofSeconds(5)).GET().build();
      while (!isInterrupted()) {
        try {
          Thread.sleep(POLL_PAUSE_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
        long sent = System.nanoTime();
        JsonNode table;
        try {
          HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
          last = "HTTP " + response.statusCode() + " " + response.body();
          table = json.readTree(response.body());
        } catch (IOException e) {
          last = e.toString();
          continue;
        } catch (InterruptedException e) {
          return;
        }
        long now = System.nanoTime();
        polls++;
        pollNanos += now - sent;
        Set<String> live = new HashSet<>();
        for (JsonNode route : table) {
          if (route.path("status").asText().equals("ok") && route.path("listen").isTextual()) {
            live.add(route.path("container").asText());
          }
        }
        Set<String> present = new HashSet<>();
        table.forEach(route -> present.add(route.path("container").asText()));
        for (String name : tracked) {
          if (live.contains(name)) {
            liveSince.putIfAbsent(name, now);
          }
          if (present.contains(name)) {
            goneSince.remove(name);
          } else {
            goneSince.putIfAbsent(name, now);
            liveSince.remove(name);
          }
        }
      }
    }

    long awaitLive(String name) throws InterruptedException {
      return await(liveSince, name, "live");
    }

    long awaitGone(String name) throws InterruptedException {
      return await(goneSince, name, "gone");
    }

    private long await(Map<String, Long> since, String name, String what) throws InterruptedException {
      long deadline = System.nanoTime() + ROUTE_WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        Long at = since.get(name);
        if (at != null) {
          return at;
        }
        Thread.sleep(1);
      }
      throw new AssertionError("the route of " + name + " was not " + what + " within " + ROUTE_WAIT
          + "; last answer of the admin API: " + last);
    }

    long polls() {
      return polls;
    }

    long meanPollMicros() {
      return polls == 0 ? 0 : pollNanos / polls / 1000;
    }
  }
}
