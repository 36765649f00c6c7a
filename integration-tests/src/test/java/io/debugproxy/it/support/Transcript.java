package io.debugproxy.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@link DlvCli} session printed: stdout (ANSI colours removed), stderr, an interleaved
 * log with the lines sent ({@code <<< cmd}) and events ({@code *** SIGINT}), and the exit code.
 * {@link #toString()} is the log, for assertion messages.
 */
public final class Transcript {

  private final String target;
  private final String stdout;
  private final String stderr;
  private final String log;
  private final Integer exitCode;

  Transcript(String target, String stdout, String stderr, String log, Integer exitCode) {
    this.target = target;
    this.stdout = stdout;
    this.stderr = stderr;
    this.log = log;
    this.exitCode = exitCode;
  }

  /** The {@code HOST:PORT} given to {@code dlv connect}. */
  public String target() {
    return target;
  }

  /** Everything printed on stdout, colours removed. */
  public String stdout() {
    return stdout;
  }

  /** Everything printed on stderr. */
  public String stderr() {
    return stderr;
  }

  /** Input, output and events interleaved. */
  public String log() {
    return log;
  }

  /** The exit code, or null while the client runs (or if it was never observed). */
  public Integer exitCode() {
    return exitCode;
  }

  /** Whether stdout or stderr contains {@code text}. */
  public boolean contains(String text) {
    return stdout.contains(text) || stderr.contains(text);
  }

  /** Fails (with the transcript) unless stdout or stderr contains {@code text}. */
  public Transcript assertContains(String text) {
    if (!contains(text)) {
      throw new AssertionError("dlv output does not contain '" + text + "':\n" + log);
    }
    return this;
  }

  /** Fails (with the transcript) if stdout or stderr contains {@code text}. */
  public Transcript assertNotContains(String text) {
    if (contains(text)) {
      throw new AssertionError("dlv output contains '" + text + "':\n" + log);
    }
    return this;
  }

  /** Fails unless some part of stdout or stderr matches {@code regex} (find). */
  public Transcript assertMatches(String regex) {
    Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
    if (!p.matcher(stdout).find() && !p.matcher(stderr).find()) {
      throw new AssertionError("dlv output has no match for /" + regex + "/:\n" + log);
    }
    return this;
  }

  /** Fails unless the client exited with {@code code}. */
  public Transcript assertExitCode(int code) {
    if (exitCode == null || exitCode != code) {
      throw new AssertionError("dlv exit code " + exitCode + ", expected " + code + ":\n" + log);
    }
    return this;
  }

  /** Every stop location Delve printed ({@code > func() file:line ...}), in order. */
  public List<StopLocation> stops() {
    return StopLocation.all(stdout);
  }

  /** The last stop location Delve printed. */
  public Optional<StopLocation> lastStop() {
    List<StopLocation> all = stops();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  @Override
  public String toString() {
    return log;
  }

  /**
   * A line such as {@code > main.helloHandler() ./dist/sample/main.go:22 (hits goroutine(20):1 total:1) (PC: 0x73b655)}
   * or {@code > [Breakpoint 1] main.f() /src/main.go:9 (PC: ...)}.
   */
  public static final class StopLocation {
    private static final Pattern LINE = Pattern.compile(
        "^> (?:\\[[^\\]]*\\] )?(\\S+)\\(\\) (\\S+):(\\d+)(.*)$", Pattern.MULTILINE);

    private final String function;
    private final String file;
    private final int line;
    private final String rest;

    StopLocation(String function, String file, int line, String rest) {
      this.function = function;
      this.file = file;
      this.line = line;
      this.rest = rest;
    }

    /** All stop locations in {@code output}, in order. */
    public static List<StopLocation> all(String output) {
      List<StopLocation> out = new ArrayList<>();
      Matcher m = LINE.matcher(output);
      while (m.find()) {
        out.add(new StopLocation(m.group(1), m.group(2), Integer.parseInt(m.group(3)), m.group(4).strip()));
      }
      return out;
    }

    /** The first stop location in {@code output}, if any. */
    public static Optional<StopLocation> parse(String output) {
      List<StopLocation> all = all(output);
      return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** The first stop location in {@code output}; fails with the output if there is none. */
    public static StopLocation require(String output) {
      return parse(output).orElseThrow(
          () -> new AssertionError("no stop location ('> func() file:line') in dlv output:\n" + output));
    }

    /** Qualified function name, e.g. {@code main.helloHandler}. */
    public String function() {
      return function;
    }

    /** File as Delve printed it (relative to the client's directory when below it). */
    public String file() {
      return file;
    }

    /** Last path element of {@link #file()}. */
    public String fileName() {
      int i = file.lastIndexOf('/');
      return i < 0 ? file : file.substring(i + 1);
    }

    /** 1-based line. */
    public int line() {
      return line;
    }

    /** Whether Delve said this stop is a breakpoint hit ({@code (hits goroutine(N):...)}). */
    public boolean isBreakpointHit() {
      return rest.contains("(hits ");
    }

    @Override
    public String toString() {
      return function + "() " + file + ":" + line + (rest.isEmpty() ? "" : " " + rest);
    }
  }
}
