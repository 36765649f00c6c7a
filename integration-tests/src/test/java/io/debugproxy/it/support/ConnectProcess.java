package io.debugproxy.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code dist/bin/proxy connect} process, as a developer starts it on the laptop: started
 * with {@code --listen 127.0.0.1:0} unless told otherwise, it reports the port it bound on stdout.
 */
public final class ConnectProcess implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("listening on (\\S+) \u2192 route");

  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final String localAddress;

  private ConnectProcess(Process process, Path stdout, Path stderr, String localAddress) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.localAddress = localAddress;
  }

  /** Starts {@code proxy connect ARGS} in {@code workDir} and waits for its "listening on" line. */
  public static ConnectProcess start(Path workDir, String... args) {
    List<String> command = new ArrayList<>();
    command.add(SampleImage.repoRoot().resolve("dist/bin/proxy").toString());
    command.add("connect");
    command.addAll(List.of(args));
    try {
      Files.createDirectories(workDir);
      Path out = Files.createTempFile(workDir, "connect", ".out");
      Path err = Files.createTempFile(workDir, "connect", ".err");
      Process process = new ProcessBuilder(command).directory(workDir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        Matcher m = LISTENING.matcher(Files.readString(out, StandardCharsets.UTF_8));
        if (m.find()) {
          return new ConnectProcess(process, out, err, m.group(1));
        }
        if (!process.isAlive()) {
          throw new AssertionError("proxy connect exited with " + process.exitValue() + ":\n"
              + Files.readString(out) + Files.readString(err));
        }
        Thread.sleep(50);
      }
      process.destroyForcibly();
      throw new AssertionError("proxy connect did not report its port within 30 s:\n"
          + Files.readString(out) + Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** {@code 127.0.0.1:PORT}: what the IDE or {@code dlv connect} is pointed at. */
  public String localAddress() {
    return localAddress;
  }

  public String stdout() {
    return read(stdout);
  }

  /** Its log: one line per event, the reasons of refusals among them. */
  public String stderr() {
    return read(stderr);
  }

  /** Polls stderr until it contains {@code text}; returns it. */
  public String awaitStderr(String text, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String err = stderr();
      if (err.contains(text)) {
        return err;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("proxy connect never logged '" + text + "':\n" + stderr());
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
