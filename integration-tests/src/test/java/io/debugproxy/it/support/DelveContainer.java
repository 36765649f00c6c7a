package io.debugproxy.it.support;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.LogMessageWaitStrategy;

/**
 * A container running a Go program under headless Delve (by default the {@link SampleImage}).
 *
 * <ul>
 *   <li>Runs with {@code --cap-add SYS_PTRACE --security-opt seccomp=unconfined}.</li>
 *   <li>Publishes no port: reach it at {@link #ipAddress()} on its network (a user network
 *       set with {@link #withNetwork}, else the default bridge).</li>
 *   <li>Start-up waits for Delve's log line {@code API server listening at:} (with {@code --continue}
 *       also for the sample's {@code sample listening on}) and never
 *       connects to the Delve port (a single-client Delve would lose its only connection).</li>
 *   <li>Labelled {@code io.debugproxy.it=true} and {@code io.debugproxy.it.session=<id of this JVM>};
 *       containers not stopped by the test are removed by a JVM shutdown hook (Ryuk is off).</li>
 * </ul>
 *
 * <pre>{@code
 * try (Network net = Network.newNetwork();
 *      DelveContainer api = new DelveContainer().withNetwork(net).withName("api-it")) {
 *   api.start();
 *   DlvCli.connect(api.delveAddress()) ...
 *   HttpGet.get(api.httpUrl("/health"))
 * }
 * }</pre>
 */
public class DelveContainer extends GenericContainer<DelveContainer> {

  /** Delve prints this (on stdout) once its listener is up. */
  public static final String LISTENING_LINE = "API server listening at:";
  /** Label put on every container of these tests. */
  public static final String LABEL = "io.debugproxy.it";
  /** Label whose value identifies this JVM's containers. */
  public static final String SESSION_LABEL = "io.debugproxy.it.session";
  /** Value of {@link #SESSION_LABEL} for this JVM. */
  public static final String SESSION = UUID.randomUUID().toString();

  private static final Set<String> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(DelveContainer::removeLeftovers,
        "delve-container-cleanup"));
  }

  private int delvePort = SampleImage.DELVE_PORT;
  private int httpPort = SampleImage.HTTP_PORT;
  /** The sample's own entrypoint ({@link SampleImage#DEFAULT_COMMAND}) runs with --continue. */
  private boolean continuesOnStart = SampleImage.DEFAULT_COMMAND.contains("--continue");

  /** The sample image (built on first use) with its default entrypoint. */
  public DelveContainer() {
    this(SampleImage.tag());
  }

  /** Any image whose entrypoint runs headless Delve. */
  public DelveContainer(String image) {
    super(image);
    withLabel(LABEL, "true");
    withLabel(SESSION_LABEL, SESSION);
    withCreateContainerCmdModifier(cmd -> {
      HostConfig hc = cmd.getHostConfig() != null ? cmd.getHostConfig() : HostConfig.newHostConfig();
      List<Capability> caps = new ArrayList<>();
      if (hc.getCapAdd() != null) {
        caps.addAll(List.of(hc.getCapAdd()));
      }
      caps.add(Capability.SYS_PTRACE);
      List<String> secOpts = new ArrayList<>();
      if (hc.getSecurityOpts() != null) {
        secOpts.addAll(hc.getSecurityOpts());
      }
      secOpts.add("seccomp=unconfined");
      cmd.withHostConfig(hc.withCapAdd(caps.toArray(new Capability[0])).withSecurityOpts(secOpts));
    });
    waitingFor(new LogMessageWaitStrategy()
        .withRegEx("(?s).*" + Pattern.quote(LISTENING_LINE) + ".*")
        .withTimes(1)
        .withStartupTimeout(Duration.ofSeconds(60)));
  }

  /**
   * Replaces the entrypoint by {@code /dlv ARGS...}, e.g. {@link SampleImage#SINGLE_CLIENT_ARGS}.
   * Docker then shows Path {@code /dlv} and these Args, as with a compose {@code command:}.
   * If the args contain {@code --listen=HOST:PORT} the Delve port follows it.
   */
  public DelveContainer withDlvArgs(List<String> args) {
    return withEntrypointAndArgs("/dlv", args);
  }

  /** Replaces the entrypoint by {@code entrypoint} and the command by {@code args}. */
  public DelveContainer withEntrypointAndArgs(String entrypoint, List<String> args) {
    for (String a : args) {
      if (a.startsWith("--listen=")) {
        String v = a.substring("--listen=".length());
        delvePort = Integer.parseInt(v.substring(v.lastIndexOf(':') + 1));
      }
    }
    continuesOnStart = args.contains("--continue");
    withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint(entrypoint));
    return withCommand(args.toArray(new String[0]));
  }

  /** Sets the container's name (must be unique on the engine). */
  public DelveContainer withName(String name) {
    return withCreateContainerCmdModifier(cmd -> cmd.withName(name));
  }

  /** Runs the container as {@code user} (e.g. "1000" for the sample's unprivileged user). */
  public DelveContainer withUser(String user) {
    return withCreateContainerCmdModifier(cmd -> cmd.withUser(user));
  }

  /** Declares the HTTP port of the program (default 8080); nothing is published. */
  public DelveContainer withHttpPort(int port) {
    this.httpPort = port;
    return self();
  }

  // ---------------------------------------------------------------- accessors

  /** The full container id. */
  public String id() {
    return getContainerId();
  }

  /** The container name without Docker's leading slash. */
  public String name() {
    String n = getContainerName();
    return n != null && n.startsWith("/") ? n.substring(1) : n;
  }

  /**
   * The container's IP on the network given to {@link #withNetwork} (else on its first
   * network), read from a fresh {@code inspect}.
   */
  public String ipAddress() {
    Network net = getNetwork();
    Map<String, ContainerNetwork> nets = networks();
    if (net != null) {
      String netId = net.getId();
      for (ContainerNetwork cn : nets.values()) {
        if (netId.equals(cn.getNetworkID())) {
          return requireIp(cn, netId);
        }
      }
      throw new IllegalStateException("container " + name() + " is not on network " + netId
          + " (networks: " + nets.keySet() + ")");
    }
    return nets.entrySet().stream().findFirst()
        .map(e -> requireIp(e.getValue(), e.getKey()))
        .orElseThrow(() -> new IllegalStateException("container " + name() + " has no network"));
  }

  /** The container's IP on the network named (or with id) {@code network}. */
  public String ipAddressOn(String network) {
    for (Map.Entry<String, ContainerNetwork> e : networks().entrySet()) {
      if (e.getKey().equals(network) || network.equals(e.getValue().getNetworkID())) {
        return requireIp(e.getValue(), network);
      }
    }
    throw new IllegalStateException("container " + name() + " is not on network " + network);
  }

  /** Delve's port inside the container (2345 unless {@code --listen} says otherwise). */
  public int delvePort() {
    return delvePort;
  }

  /** {@code IP:2345}: what {@code dlv connect} takes. */
  public String delveAddress() {
    return ipAddress() + ":" + delvePort;
  }

  /** {@code http://IP:8080} + {@code path}. */
  public String httpUrl(String path) {
    return "http://" + ipAddress() + ":" + httpPort + (path.startsWith("/") ? path : "/" + path);
  }

  /** The command Docker reports (Path followed by Args), as debugproxy's discovery sees it. */
  public List<String> commandLine() {
    InspectContainerResponse info = currentContainerInfo();
    List<String> out = new ArrayList<>();
    out.add(info.getPath());
    if (info.getArgs() != null) {
      out.addAll(List.of(info.getArgs()));
    }
    return out;
  }

  /** Whether the container is running now (fresh inspect). */
  public boolean runningNow() {
    Boolean r = currentContainerInfo().getState().getRunning();
    return Boolean.TRUE.equals(r);
  }

  /** Exit code of the container once it has stopped, else null. */
  public Long exitCodeIfStopped() {
    var state = currentContainerInfo().getState();
    return Boolean.TRUE.equals(state.getRunning()) ? null : state.getExitCodeLong();
  }

  /** Waits until the container is no longer running; returns its exit code. */
  public long awaitStopped(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Long code = exitCodeIfStopped();
      if (code != null) {
        return code;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("container " + name() + " still running after " + timeout
            + "; logs:\n" + getLogs());
      }
      sleep(100);
    }
  }

  /**
   * Waits until the container's logs (stdout + stderr) match {@code regex} somewhere
   * (find, not full match); returns the logs. Example: {@code awaitLog("sample listening on", ...)}.
   */
  public String awaitLog(String regex, Duration timeout) {
    Pattern p = Pattern.compile(regex);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String logs = getLogs();
      if (p.matcher(logs).find()) {
        return logs;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("container " + name() + ": no log line matching /" + regex
            + "/ within " + timeout + "; logs:\n" + logs);
      }
      sleep(100);
    }
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  protected void containerIsCreated(String containerId) {
    LIVE.add(containerId);
    super.containerIsCreated(containerId);
  }

  /**
   * With {@code --continue}, start-up also waits for the program's own "listening" line.
   * Delve 1.20 lists the target as halted for a moment after "API server listening", before
   * its --continue takes effect; a {@code dlv connect} in that window sees "halted", then
   * blocks forever in its start-up {@code Recorded} call once the target runs (1 in 3 runs
   * when connecting at once). Once the program logs, it runs and the window is over.
   */
  @Override
  protected void containerIsStarted(InspectContainerResponse info) {
    super.containerIsStarted(info);
    if (continuesOnStart) {
      awaitLog("sample listening on", Duration.ofSeconds(60));
    }
  }

  @Override
  public void stop() {
    String cid = getContainerId();
    try {
      super.stop();
    } finally {
      if (cid != null) {
        LIVE.remove(cid);
      }
    }
  }

  /** Removes (docker rm -f) every container this JVM created and did not stop. */
  public static void removeLeftovers() {
    for (String cid : List.copyOf(LIVE)) {
      try {
        Process p = new ProcessBuilder("docker", "rm", "-f", cid)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (Exception e) {
        // best effort at JVM exit
      } finally {
        LIVE.remove(cid);
      }
    }
  }

  private Map<String, ContainerNetwork> networks() {
    var settings = currentContainerInfo().getNetworkSettings();
    return settings == null || settings.getNetworks() == null ? Map.of() : settings.getNetworks();
  }

  private String requireIp(ContainerNetwork cn, String network) {
    String ip = cn.getIpAddress();
    if (ip == null || ip.isEmpty()) {
      throw new IllegalStateException("container " + name() + " has no IP on " + network);
    }
    return ip;
  }

  private InspectContainerResponse currentContainerInfo() {
    return getDockerClient().inspectContainerCmd(getContainerId()).exec();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
