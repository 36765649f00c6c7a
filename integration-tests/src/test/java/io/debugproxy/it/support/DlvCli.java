package io.debugproxy.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real Delve terminal client, {@code dlv connect HOST:PORT}, driven through its stdin
 * step by step: send a command, wait for what it prints, then act (fire an HTTP request,
 * send the next command...).
 *
 * <p>Delve behaves like this with a pipe as stdin (Delve 1.20):
 * <ul>
 *   <li>Every command ends with the prompt {@code "(dlv) "} (no newline); input is not echoed.
 *       Output is coloured (ANSI); this class removes the escape sequences.</li>
 *   <li>{@code continue} prints nothing until the target stops again: while the target runs,
 *       the client reads no input. {@link #interrupt()} (SIGINT, as Ctrl-C) gets it back:
 *       against a {@code --accept-multiclient} server it asks
 *       {@code "Would you like to [p]ause the target (returning to Delve's prompt) or [q]uit this client (leaving the target running) [p/q]? "};
 *       against a single-client server it halts the target
 *       ({@code "received SIGINT, stopping process (will not forward signal)"}) and prompts.</li>
 *   <li>{@code exit} against a multiclient server asks
 *       {@code "Would you like to kill the headless instance? [Y/n] "}: {@code n} disconnects and
 *       leaves the target <em>as it is</em> — still halted if it was stopped at a breakpoint.
 *       {@code exit -c} (no question) resumes the target, then disconnects.</li>
 *   <li>{@code exit} against a single-client server asks nothing and kills the target
 *       (and so the headless server and its container).</li>
 *   <li>Breakpoints belong to the server: they outlive a multiclient client's disconnection.</li>
 * </ul>
 *
 * <p>Every wait is bounded; the process is destroyed forcibly after its hard timeout (default
 * 3 minutes), on {@link #close()}, and at JVM exit. Failures throw {@link AssertionError}
 * carrying the whole transcript.
 *
 * <pre>{@code
 * try (DlvCli dlv = DlvCli.connect(c.delveAddress())) {
 *   dlv.awaitPrompt();
 *   dlv.command("break " + SampleImage.greetingBreakpoint());
 *   dlv.send("continue");
 *   var resp = HttpGet.async(c.httpUrl("/hello?name=x"), Duration.ofSeconds(60));
 *   StopLocation at = StopLocation.require(dlv.awaitPrompt());
 *   String greeting = dlv.command("print greeting");   // "\"hello, x\""
 *   dlv.command("clearall");
 *   dlv.send("continue");
 *   resp.join();
 *   dlv.quitLeavingTargetRunning();                     // SIGINT, then "q"
 * }
 * }</pre>
 */
public final class DlvCli implements AutoCloseable {

  /** Delve's prompt. */
  public static final String PROMPT = "(dlv) ";
  /** Question of {@code exit} against a multiclient server. */
  public static final String KILL_HEADLESS_QUESTION = "Would you like to kill the headless instance? [Y/n] ";
  /** Question after SIGINT while the target runs, against a multiclient server. */
  public static final String PAUSE_OR_QUIT_QUESTION = "[p/q]? ";

  /** Default wait for one step. */
  public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(30);
  /** Default lifetime of the process. */
  public static final Duration DEFAULT_HARD_TIMEOUT = Duration.ofMinutes(3);

  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "dlv-cli-watchdog");
    t.setDaemon(true);
    return t;
  });

  private final Process process;
  private final Path configHome;
  private final Recorder transcript;
  private final Object lock = new Object();
  private final StringBuilder out = new StringBuilder();  // stdout, ANSI removed
  private final StringBuilder err = new StringBuilder();
  private int cursor;                                     // index in out of what was consumed
  private boolean stdoutClosed;
  private boolean stderrClosed;
  private Duration stepTimeout = DEFAULT_STEP_TIMEOUT;
  private final Thread shutdownHook;

  private DlvCli(Process process, Path configHome, String target, Duration hardTimeout) {
    this.process = process;
    this.configHome = configHome;
    this.transcript = new Recorder(target);
    pump(process.getInputStream(), true);
    pump(process.getErrorStream(), false);
    WATCHDOG.schedule(() -> {
      if (process.isAlive()) {
        transcript.note("hard timeout " + hardTimeout + ": killing dlv");
        destroyTree();
      }
    }, hardTimeout.toMillis(), TimeUnit.MILLISECONDS);
    shutdownHook = new Thread(this::destroyTree, "dlv-cli-kill");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts {@code dlv connect hostPort} with the default hard timeout. */
  public static DlvCli connect(String hostPort) {
    return connect(hostPort, DEFAULT_HARD_TIMEOUT);
  }

  /**
   * Starts {@code dlv connect hostPort}. The binary is system property {@code debugproxy.dlv},
   * else env {@code DLV}, else {@code dlv} on the PATH. It runs with a fresh
   * {@code XDG_CONFIG_HOME} (no user config, aliases or history) and {@code TERM=dumb}.
   */
  public static DlvCli connect(String hostPort, Duration hardTimeout) {
    String dlv = System.getProperty("debugproxy.dlv",
        System.getenv().getOrDefault("DLV", "dlv"));
    try {
      Path config = Files.createTempDirectory("debugproxy-dlvcli");
      ProcessBuilder pb = new ProcessBuilder(dlv, "connect", hostPort).directory(config.toFile());
      Map<String, String> env = pb.environment();
      env.put("XDG_CONFIG_HOME", config.toString());
      env.put("TERM", "dumb");
      return new DlvCli(pb.start(), config, hostPort, hardTimeout);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start '" + dlv + " connect " + hostPort + "'", e);
    }
  }

  /**
   * Runs a plain command list: connects, waits for the prompt, sends each command and waits
   * for the next prompt; a command starting with {@code exit} or {@code quit} must be last and
   * is followed by waiting for the client to exit (an {@code exit} that asks a question needs
   * the answer as the next element, e.g. {@code "exit", "n"}). Without such an ending the
   * client is killed. Returns the transcript; throws {@link AssertionError} on a timeout.
   * For anything interactive (HTTP while stopped, SIGINT) use the step methods.
   */
  public static Transcript script(String hostPort, List<String> commands) {
    try (DlvCli dlv = connect(hostPort)) {
      dlv.awaitPrompt();
      for (int i = 0; i < commands.size(); i++) {
        String c = commands.get(i).strip();
        if (c.equals("exit") || c.startsWith("exit ") || c.equals("quit") || c.startsWith("quit ")) {
          dlv.send(c);
          for (String answer : commands.subList(i + 1, commands.size())) {
            dlv.send(answer);
          }
          dlv.awaitExit(dlv.stepTimeout);
          break;
        }
        dlv.command(c);
      }
      dlv.close();
      return dlv.transcript();
    }
  }

  /** Sets the default timeout of the waiting methods (default 30 s). */
  public DlvCli stepTimeout(Duration timeout) {
    this.stepTimeout = timeout;
    return this;
  }

  /** The process id of the client. */
  public long pid() {
    return process.pid();
  }

  // ---------------------------------------------------------------- input

  /** Writes {@code line} and a newline to the client's stdin; waits for nothing. */
  public DlvCli send(String line) {
    transcript.input(line);
    try {
      OutputStream in = process.getOutputStream();
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      throw fail("cannot write '" + line + "' to dlv (it has exited?): " + e);
    }
    return this;
  }

  /** Sends SIGINT to the client, as Ctrl-C in a terminal. */
  public DlvCli interrupt() {
    transcript.note("SIGINT");
    try {
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
          .redirectErrorStream(true).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw fail("kill -INT " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail("interrupted");
    }
    return this;
  }

  // ---------------------------------------------------------------- output

  /**
   * Waits for the next prompt and returns the output printed since the previous wait
   * (without the prompt). Use after {@code connect}, and after {@code send("continue")}
   * to get the stop location.
   */
  public String awaitPrompt() {
    return awaitPrompt(stepTimeout);
  }

  /** As {@link #awaitPrompt()} with an explicit timeout. */
  public String awaitPrompt(Duration timeout) {
    return consumeUntil(Pattern.compile(Pattern.quote(PROMPT)), timeout, "the prompt").before;
  }

  /** Sends {@code cmd}, waits for the next prompt, returns the command's output (trimmed). */
  public String command(String cmd) {
    return command(cmd, stepTimeout);
  }

  /** As {@link #command(String)} with an explicit timeout. */
  public String command(String cmd, Duration timeout) {
    send(cmd);
    return awaitPrompt(timeout).strip();
  }

  /**
   * Waits until the output not yet consumed contains a match of {@code regex}; consumes it
   * up to the end of the match and returns the text consumed.
   */
  public String expect(String regex) {
    return expect(Pattern.compile(regex), stepTimeout);
  }

  /** As {@link #expect(String)} with a compiled pattern and a timeout. */
  public String expect(Pattern regex, Duration timeout) {
    return consumeUntil(regex, timeout, "/" + regex + "/").all();
  }

  /** Waits until the output not yet consumed contains {@code text}; consumes through it. */
  public String expectText(String text) {
    return consumeUntil(Pattern.compile(Pattern.quote(text)), stepTimeout, "'" + text + "'").all();
  }

  /** Output printed and not yet consumed by a wait. */
  public String pendingOutput() {
    synchronized (lock) {
      return out.substring(cursor);
    }
  }

  // ---------------------------------------------------------------- endings

  /** {@code exit -c}: resume the target and disconnect (multiclient server). Returns the exit code. */
  public int exitContinue() {
    send("exit -c");
    return awaitExit(stepTimeout);
  }

  /**
   * {@code exit}, then answers Delve's "kill the headless instance?" question with
   * {@code answer} ("n" keeps the server and the target, in whatever state it is).
   */
  public int exitAnswering(String answer) {
    send("exit");
    expectText(KILL_HEADLESS_QUESTION);
    send(answer);
    return awaitExit(stepTimeout);
  }

  /**
   * While a {@code continue} is running against a multiclient server: SIGINT, then
   * {@code q} ("quit this client, leaving the target running"). Returns the exit code.
   */
  public int quitLeavingTargetRunning() {
    interrupt();
    expectText(PAUSE_OR_QUIT_QUESTION);
    send("q");
    return awaitExit(stepTimeout);
  }

  /**
   * While a {@code continue} is running: SIGINT and come back to the prompt with the target
   * halted (answers {@code p} if a multiclient server asks). Returns the output up to the prompt.
   */
  public String pause() {
    interrupt();
    Consumed got = consumeUntil(Pattern.compile(Pattern.quote(PROMPT) + "|"
        + Pattern.quote(PAUSE_OR_QUIT_QUESTION)), stepTimeout, "the prompt or the [p/q] question");
    if (got.match.equals(PAUSE_OR_QUIT_QUESTION)) {
      send("p");
      return got.all() + awaitPrompt();
    }
    return got.before;
  }

  /** Waits for the client to exit; returns its exit code. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw fail("dlv did not exit within " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail("interrupted");
    }
    drain();
    transcript.exited(process.exitValue());
    return process.exitValue();
  }

  /** Whether the client process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** What happened so far (a snapshot; complete after exit or close). */
  public Transcript transcript() {
    synchronized (lock) {
      return transcript.snapshot(out.toString(), err.toString());
    }
  }

  /** Closes stdin, and kills the client if it is still running. */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // already gone
    }
    if (process.isAlive()) {
      transcript.note("close: killing dlv");
      destroyTree();
    }
    drain();
    if (!process.isAlive()) {
      transcript.exited(process.exitValue());
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException ignored) {
      // JVM shutting down
    }
    deleteConfigHome();
  }

  // ---------------------------------------------------------------- internals

  private static final class Consumed {
    final String before;
    final String match;

    Consumed(String before, String match) {
      this.before = before;
      this.match = match;
    }

    String all() {
      return before + match;
    }
  }

  private Consumed consumeUntil(Pattern pattern, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (true) {
        Matcher m = pattern.matcher(out);
        if (m.find(cursor)) {
          Consumed got = new Consumed(out.substring(cursor, m.start()), m.group());
          cursor = m.end();
          return got;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw fail("timed out after " + timeout + " waiting for " + what);
        }
        if (stdoutClosed) {
          break;
        }
        try {
          lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw fail("interrupted while waiting for " + what);
        }
      }
    }
    // stdout closed: let the process end and stderr drain, so the message says why
    try {
      process.waitFor(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    drain();
    if (!process.isAlive()) {
      transcript.exited(process.exitValue());
    }
    boolean silent;
    synchronized (lock) {
      silent = out.length() == 0 && err.length() == 0;
    }
    throw fail("dlv closed its output (exit " + exitCodeOrNull() + ") while waiting for " + what
        + (silent && Integer.valueOf(1).equals(exitCodeOrNull())
        ? " (dlv 1.20 exits 1 without a word when it cannot connect)" : ""));
  }

  private AssertionError fail(String message) {
    return new AssertionError("dlv connect " + transcript.target() + ": " + message + "\n"
        + transcript().log());
  }

  private Integer exitCodeOrNull() {
    return process.isAlive() ? null : process.exitValue();
  }

  private void pump(InputStream stream, boolean isStdout) {
    Thread t = new Thread(() -> {
      AnsiStripper strip = new AnsiStripper();
      try (Reader r = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
        char[] buf = new char[4096];
        int n;
        while ((n = r.read(buf)) >= 0) {
          String text = strip.feed(buf, n);
          synchronized (lock) {
            (isStdout ? out : err).append(text);
            transcript.output(isStdout, text);
            lock.notifyAll();
          }
        }
      } catch (IOException ignored) {
        // process killed
      } finally {
        synchronized (lock) {
          if (isStdout) {
            stdoutClosed = true;
          } else {
            stderrClosed = true;
          }
          lock.notifyAll();
        }
      }
    }, "dlv-cli-" + (isStdout ? "stdout" : "stderr"));
    t.setDaemon(true);
    t.start();
  }

  /** Waits briefly for the pump threads to reach end of stream. */
  private void drain() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    synchronized (lock) {
      while (!(stdoutClosed && stderrClosed) && System.nanoTime() < deadline) {
        try {
          lock.wait(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void destroyTree() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void deleteConfigHome() {
    try (Stream<Path> s = Files.walk(configHome)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temp dir
    }
  }

  /** Interleaved record of input, output and events, for failure messages. */
  private static final class Recorder {
    private final String target;
    private final StringBuilder log = new StringBuilder();
    private Integer exitCode;
    private boolean lastWasOutput;

    Recorder(String target) {
      this.target = target;
    }

    String target() {
      return target;
    }

    synchronized void input(String line) {
      line("<<< " + line);
    }

    synchronized void note(String event) {
      line("*** " + event);
    }

    synchronized void output(boolean stdout, String text) {
      if (!stdout) {
        line("[stderr] " + text.stripTrailing());
        return;
      }
      log.append(text);
      lastWasOutput = !text.endsWith("\n");
    }

    synchronized void exited(int code) {
      if (exitCode == null) {
        exitCode = code;
        line("*** exit " + code);
      }
    }

    private void line(String s) {
      if (lastWasOutput) {
        log.append('\n');
      }
      log.append(s).append('\n');
      lastWasOutput = false;
    }

    synchronized Transcript snapshot(String stdout, String stderr) {
      return new Transcript(target, stdout, stderr, log.toString(), exitCode);
    }
  }

  /** Removes ANSI CSI sequences (ESC [ ... final byte) from a character stream. */
  static final class AnsiStripper {
    private int state; // 0 text, 1 after ESC, 2 inside CSI

    String feed(char[] buf, int n) {
      StringBuilder sb = new StringBuilder(n);
      for (int i = 0; i < n; i++) {
        char c = buf[i];
        switch (state) {
          case 0:
            if (c == '\u001b') {
              state = 1;
            } else {
              sb.append(c);
            }
            break;
          case 1:
            state = c == '[' ? 2 : 0;
            break;
          default:
            if (c >= 0x40 && c <= 0x7e) {
              state = 0;
            }
        }
      }
      return sb.toString();
    }
  }
}
