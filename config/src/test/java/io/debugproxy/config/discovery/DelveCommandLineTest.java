package io.debugproxy.config.discovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class DelveCommandLineTest {

    /**
     * What a row expects: subcommand, --headless, the listen address as HostPort prints it
     * ({@code -} when it is not a TCP address), whether --listen was given, --accept-multiclient,
     * --api-version.
     */
    private record Expect(String subcommand, boolean headless, String listen, boolean listenGiven, boolean multi, int api) {
    }

    private static Expect dlv(String subcommand, boolean headless, String listen, boolean multi, int api) {
        return new Expect(subcommand, headless, listen, true, multi, api);
    }

    private static Expect dlvDefaultListen(String subcommand, boolean headless) {
        return new Expect(subcommand, headless, "127.0.0.1:0", false, false, 1);
    }

    static Stream<Arguments> delveCommandLines() {
        return Stream.of(
                arguments(List.of("dlv", "exec", "/app/server", "--headless", "--listen=:2345", "--api-version=2",
                        "--accept-multiclient"), dlv("exec", true, ":2345", true, 2)),
                arguments(List.of("/go/bin/dlv", "--listen=:40000", "--headless=true", "--api-version=2",
                        "--accept-multiclient", "exec", "/server"), dlv("exec", true, ":40000", true, 2)),
                arguments(List.of("/usr/bin/dlv", "debug", "--headless", "--listen", "0.0.0.0:2345", "--api-version", "2",
                        "./cmd/api"), dlv("debug", true, "0.0.0.0:2345", false, 2)),
                arguments(List.of("dlv", "exec", "-l", ":2345", "--headless", "/app"), dlv("exec", true, ":2345", false, 1)),
                arguments(List.of("dlv", "exec", "-l=:2345", "--headless", "/app"), dlv("exec", true, ":2345", false, 1)),
                arguments(List.of("dlv", "exec", "-l:2345", "--headless", "/app"), dlv("exec", true, ":2345", false, 1)),
                arguments(List.of("dlv", "--listen=[::]:2345", "--headless", "exec", "/app"),
                        dlv("exec", true, "[::]:2345", false, 1)),
                arguments(List.of("dlv", "--listen=127.0.0.1:2345", "--headless", "exec", "/app"),
                        dlv("exec", true, "127.0.0.1:2345", false, 1)),
                arguments(List.of("dlv", "--listen", "localhost:2345", "--headless", "exec", "/app"),
                        dlv("exec", true, "localhost:2345", false, 1)),
                arguments(List.of("dlv", "--listen=unix:/tmp/dlv.sock", "--headless", "exec", "/app"),
                        dlv("exec", true, "-", false, 1)),
                arguments(List.of("dlv", "exec", "/app", "--headless"), dlvDefaultListen("exec", true)),
                arguments(List.of("dlv", "exec", "/app", "--headless=false", "--listen=:2345"),
                        dlv("exec", false, ":2345", false, 1)),
                arguments(List.of("dlv", "exec", "/app", "--", "--listen=:8080", "--headless", "--api-version=2"),
                        dlvDefaultListen("exec", false)),
                arguments(List.of("dlv", "exec", "/app", "--headless", "--listen=:2345", "--", "-port", "8080"),
                        dlv("exec", true, ":2345", false, 1)),
                arguments(List.of("dlv", "--log", "--log-output=debugger,rpc", "--headless", "--listen=:2345", "exec", "/app"),
                        dlv("exec", true, ":2345", false, 1)),
                arguments(List.of("dlv", "--log-dest", "/tmp/dlv.log", "--headless", "--listen=:2345", "exec", "/app"),
                        dlv("exec", true, ":2345", false, 1)),
                arguments(List.of("dlv", "--log-output", "rpc", "--headless", "--listen=:2345", "exec", "/app"),
                        dlv("exec", true, ":2345", false, 1)),
                arguments(List.of("dlv", "--wd", "/src", "--build-flags", "-tags=dev", "debug", "--headless", "--listen=:2345"),
                        dlv("debug", true, ":2345", false, 1)),
                arguments(List.of("dlv", "--init", "/init.txt", "--backend", "native", "exec", "/app", "--headless",
                        "--listen=:2345"), dlv("exec", true, ":2345", false, 1)),
                arguments(List.of("dlv", "-r", "stdout:/tmp/out", "exec", "/app", "--headless", "--listen=:2345"),
                        dlv("exec", true, ":2345", false, 1)),
                arguments(List.of("dlv", "--redirect", "stdin:/dev/null", "exec", "/app", "--headless", "--listen=:2345"),
                        dlv("exec", true, ":2345", false, 1)),
                arguments(List.of("dlv", "debug", "-o", "/tmp/bin", "--headless", "--listen=:2345", "./cmd"),
                        dlv("debug", true, ":2345", false, 1)),
                arguments(List.of("dlv", "debug", "--output", "/tmp/bin", "--headless", "--listen=:2345", "./cmd"),
                        dlv("debug", true, ":2345", false, 1)),
                arguments(List.of("dlv", "exec", "--tty", "/dev/pts/0", "/app", "--headless", "--listen=:2345"),
                        dlv("exec", true, ":2345", false, 1)),
                arguments(List.of("dlv", "--check-go-version=false", "--disable-aslr", "exec", "/app", "--headless",
                        "--listen=:2345"), dlv("exec", true, ":2345", false, 1)),
                arguments(List.of("dlv", "--allow-non-terminal-interactive=true", "exec", "/app", "--headless",
                        "--listen=:2345"), dlv("exec", true, ":2345", false, 1)),
                arguments(List.of("dlv", "--unknown-flag=5", "exec", "/app", "--headless", "--listen=:2345"),
                        dlv("exec", true, ":2345", false, 1)),
                arguments(List.of("dlv", "attach", "1", "--headless", "--listen=:2345", "--continue", "--accept-multiclient"),
                        dlv("attach", true, ":2345", true, 1)),
                arguments(List.of("dlv", "dap", "--listen=:2345"), dlv("dap", false, ":2345", false, 1)),
                arguments(List.of("dlv", "dap", "--listen", "0.0.0.0:4000", "--client-addr", "10.0.0.2:5000"),
                        dlv("dap", false, "0.0.0.0:4000", false, 1)),
                arguments(List.of("dlv", "test", "./pkg/...", "--headless", "--listen=:2345", "--", "-test.run", "TestX"),
                        dlv("test", true, ":2345", false, 1)),
                arguments(List.of("dlv", "core", "/app", "/tmp/core", "--headless", "--listen=:2345"),
                        dlv("core", true, ":2345", false, 1)),
                arguments(List.of("dlv", "connect", "10.0.0.5:2345"), dlvDefaultListen("connect", false)),
                arguments(List.of("dlv", "version"), dlvDefaultListen("version", false)),
                // Wrappers.
                arguments(List.of("sh", "-c", "dlv exec /app --headless --listen=:2345 --api-version=2"),
                        dlv("exec", true, ":2345", false, 2)),
                arguments(List.of("/bin/sh", "-c", "exec /go/bin/dlv --listen=:2345 --headless=true --api-version=2 exec /app/server"),
                        dlv("exec", true, ":2345", false, 2)),
                arguments(List.of("bash", "-c", "cd /src && go build -gcflags='all=-N -l' -o /app . && dlv exec /app --headless --listen=:2345"),
                        dlv("exec", true, ":2345", false, 1)),
                arguments(List.of("/bin/bash", "-lc", "dlv --listen=':2345' --headless exec /app --log-dest \"/tmp/log file\""),
                        dlv("exec", true, ":2345", false, 1)),
                arguments(List.of("sh", "-ec", "dlv exec /app \\\n  --headless \\\n  --listen=:2345 \\\n  --accept-multiclient"),
                        dlv("exec", true, ":2345", true, 1)),
                arguments(List.of("sh", "-c", "dlv exec /app --headless --listen=:2345 2>&1 | tee /tmp/dlv.log"),
                        dlv("exec", true, ":2345", false, 1)),
                arguments(List.of("sh", "-c", "dlv version; dlv exec /app --headless --listen=:2345"),
                        dlv("exec", true, ":2345", false, 1)),
                arguments(List.of("sh", "-c", "DLV_PORT=2345 exec dlv --listen=:2345 --headless exec /app"),
                        dlv("exec", true, ":2345", false, 1)),
                arguments(List.of("/bin/sh", "-o", "pipefail", "-c", "dlv exec /app --headless --listen=:2345"),
                        dlv("exec", true, ":2345", false, 1)),
                arguments(List.of("env", "GOTRACEBACK=all", "dlv", "exec", "/app", "--headless", "--listen=:2345"),
                        dlv("exec", true, ":2345", false, 1)),
                arguments(List.of("/usr/bin/env", "-i", "-u", "HOME", "A=1", "/go/bin/dlv", "exec", "/app", "--headless",
                        "--listen=:2345"), dlv("exec", true, ":2345", false, 1)),
                arguments(List.of("/sbin/tini", "--", "dlv", "exec", "/app", "--headless", "--listen=:2345"),
                        dlv("exec", true, ":2345", false, 1)),
                arguments(List.of("dumb-init", "--", "sh", "-c", "dlv exec /app --headless --listen=:2345"),
                        dlv("exec", true, ":2345", false, 1)),
                arguments(List.of("gosu", "app:app", "dlv", "exec", "/app", "--headless", "--listen=:2345"),
                        dlv("exec", true, ":2345", false, 1)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("delveCommandLines")
    void readsDelveInvocation(List<String> command, Expect expect) {
        DelveInvocation d = DelveCommandLine.parse(command).orElseThrow(() -> new AssertionError("no dlv found"));
        Expect actual = new Expect(d.subcommand(), d.headless(), d.listen() == null ? "-" : d.listen().toString(),
                d.listenGiven(), d.acceptMulticlient(), d.apiVersion());
        assertEquals(expect, actual);
    }

    static Stream<List<String>> commandsWithoutDelve() {
        return Stream.of(
                List.of(),
                List.of("/app/server"),
                List.of("go", "run", "."),
                List.of("air", "-c", ".air.toml"),
                List.of("dlvx", "exec", "/app", "--headless"),
                List.of("/usr/bin/dlv"),
                List.of("dlv", "--headless", "--listen=:2345"),
                List.of("node", "dlv", "exec"),
                List.of("sh", "/start-dlv.sh"),
                List.of("sh", "-c", "echo dlv exec /app --headless"),
                List.of("sh", "-c", "./server --dlv"),
                List.of("sh", "-c", "# dlv exec /app --headless\n./server"),
                List.of("/app/server", "dlv", "exec", "--headless"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("commandsWithoutDelve")
    void findsNoDelveWhereNoneRuns(List<String> command) {
        assertEquals(Optional.empty(), DelveCommandLine.parse(command));
    }

    @Test
    void keepsListenArgumentAsWritten() {
        DelveInvocation d = DelveCommandLine.parse(List.of("dlv", "--listen=unix:/tmp/dlv.sock", "--headless", "exec", "/a"))
                .orElseThrow();
        assertNull(d.listen());
        assertTrue(d.listenGiven());
        assertEquals("unix:/tmp/dlv.sock", d.listenArgument());
    }

    @Test
    void onlySameUserIsOnByDefaultAsInDelve() {
        assertTrue(DelveCommandLine.parse(List.of("dlv", "exec", "/a", "--headless")).orElseThrow().onlySameUser());
    }

    @Test
    void readsOnlySameUserFalse() {
        assertFalse(DelveCommandLine.parse(List.of("dlv", "--only-same-user=false", "exec", "/a", "--headless"))
                .orElseThrow().onlySameUser());
    }

    @Test
    void readsContinue() {
        assertTrue(DelveCommandLine.parse(List.of("dlv", "exec", "/a", "--headless", "--continue", "--accept-multiclient"))
                .orElseThrow().continueAfterStart());
    }

    @Test
    void continueIsOffByDefault() {
        assertFalse(DelveCommandLine.parse(List.of("dlv", "exec", "/a", "--headless")).orElseThrow().continueAfterStart());
    }

    @Test
    void boolFlagDoesNotConsumeFollowingWordAsValue() {
        // pflag: "--headless false" is --headless plus a positional "false".
        DelveInvocation d = DelveCommandLine.parse(List.of("dlv", "--headless", "exec", "/a")).orElseThrow();
        assertEquals("exec", d.subcommand());
        assertTrue(d.headless());
    }

    @Test
    void acceptsGoBoolSpellings() {
        assertTrue(DelveCommandLine.parse(List.of("dlv", "--headless=TRUE", "exec", "/a")).orElseThrow().headless());
        assertTrue(DelveCommandLine.parse(List.of("dlv", "--headless=1", "exec", "/a")).orElseThrow().headless());
        assertFalse(DelveCommandLine.parse(List.of("dlv", "--headless=f", "exec", "/a")).orElseThrow().headless());
    }

    @Test
    void laterFlagOverridesEarlierOne() {
        DelveInvocation d = DelveCommandLine.parse(List.of("dlv", "--listen=:1111", "exec", "/a", "--listen=:2222"))
                .orElseThrow();
        assertEquals(2222, d.listen().port());
    }

    static Stream<Arguments> servingCases() {
        return Stream.of(
                arguments(List.of("dlv", "exec", "/a", "--headless", "--listen=:2345"), true),
                arguments(List.of("dlv", "debug", "--headless"), true),
                arguments(List.of("dlv", "attach", "1", "--headless"), true),
                arguments(List.of("dlv", "dap", "--listen=:2345"), true),
                arguments(List.of("dlv", "exec", "/a", "--listen=:2345"), false),
                arguments(List.of("dlv", "connect", "1.2.3.4:2345", "--headless"), false),
                arguments(List.of("dlv", "version"), false),
                arguments(List.of("dlv", "trace", "--headless", "main.main"), false));
    }

    @ParameterizedTest(name = "[{index}] {0} serves={1}")
    @MethodSource("servingCases")
    void servesDebugApiOnlyForHeadlessServersAndDap(List<String> command, boolean serves) {
        assertEquals(serves, DelveCommandLine.parse(command).orElseThrow().servesDebugApi());
    }

    static Stream<Arguments> loopbackCases() {
        return Stream.of(
                arguments("--listen=127.0.0.1:2345", true),
                arguments("--listen=localhost:2345", true),
                arguments("--listen=[::1]:2345", true),
                arguments("--listen=127.0.0.2:2345", true),
                arguments("--listen=:2345", false),
                arguments("--listen=0.0.0.0:2345", false),
                arguments("--listen=[::]:2345", false),
                arguments("--listen=172.18.0.5:2345", false));
    }

    @ParameterizedTest(name = "[{index}] {0} loopback={1}")
    @MethodSource("loopbackCases")
    void detectsLoopbackOnlyListen(String flag, boolean loopback) {
        assertEquals(loopback, DelveCommandLine.parse(List.of("dlv", flag, "--headless", "exec", "/a")).orElseThrow()
                .listensOnLoopbackOnly());
    }

    @Test
    void delveDefaultListenIsLoopbackOnly() {
        assertTrue(DelveCommandLine.parse(List.of("dlv", "exec", "/a", "--headless")).orElseThrow().listensOnLoopbackOnly());
    }
}
