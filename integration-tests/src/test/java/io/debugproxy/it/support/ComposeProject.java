package io.debugproxy.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code docker-compose} (Debian's v1) project of a compose file, with its own project name and
 * environment, so a test's stack never meets a developer's. {@link #close()} takes everything down,
 * volumes included.
 */
public final class ComposeProject implements AutoCloseable {

  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);

  private final Path file;
  private final String name;
  private final Map<String, String> env;

  public ComposeProject(Path file, String name, Map<String, String> env) {
    this.file = file;
    this.name = name;
    this.env = new LinkedHashMap<>(env);
  }

  /** Whether {@code docker-compose} is on the PATH. */
  public static boolean available() {
    try {
      Process p = new ProcessBuilder("docker-compose", "version").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public String name() {
    return name;
  }

  /** {@code up -d SERVICES}, without pulling: every image must be local. */
  public Result up(String... services) {
    List<String> args = new ArrayList<>(List.of("up", "-d", "--no-build"));
    args.addAll(List.of(services));
    return require(run(args));
  }

  /** {@code docker-compose ARGS} to completion. */
  public Result run(List<String> args) {
    List<String> cmd = new ArrayList<>(List.of("docker-compose", "--ansi", "never", "-f", file.toString(), "-p", name));
    cmd.addAll(args);
    try {
      Path out = Files.createTempFile("compose", ".out");
      Path err = Files.createTempFile("compose", ".err");
      try {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
            .directory(file.getParent().toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
          throw new AssertionError(String.join(" ", cmd) + " did not finish within " + COMMAND_TIMEOUT
              + ":\n" + Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Result(String.join(" ", args), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Id of the (first) container of {@code service}. */
  public String containerId(String service) {
    String id = require(run(List.of("ps", "-q", service))).stdout().strip();
    if (id.isEmpty()) {
      throw new AssertionError("service " + service + " of " + name + " has no container");
    }
    return id.lines().findFirst().orElseThrow();
  }

  /** Every service's logs, for failure messages. */
  public String logs() {
    return run(List.of("logs", "--no-color", "--tail", "200")).output();
  }

  /** {@code down -v --remove-orphans}: containers, networks and volumes of the project. */
  @Override
  public void close() {
    run(List.of("down", "-v", "--remove-orphans", "--timeout", "15"));
  }

  private Result require(Result r) {
    if (r.exitCode() != 0) {
      throw new AssertionError("docker-compose " + r.command() + " failed (exit " + r.exitCode() + "):\n" + r.output());
    }
    return r;
  }

  /** Exit code and output of one command. */
  public record Result(String command, int exitCode, String stdout, String stderr) {

    /** Both streams, for messages. */
    public String output() {
      return stdout + stderr;
    }
  }
}
