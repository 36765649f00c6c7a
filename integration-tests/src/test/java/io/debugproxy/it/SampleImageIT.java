package io.debugproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.debugproxy.it.support.DelveContainer;
import io.debugproxy.it.support.DlvCli;
import io.debugproxy.it.support.HttpGet;
import io.debugproxy.it.support.SampleImage;
import io.debugproxy.it.support.Transcript.StopLocation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.Network;

/**
 * Proves the test fixture itself: the sample image runs under Delve, and the real
 * {@code dlv connect} stops in the HTTP handler, prints locals and lets go, talking
 * straight to the container (no debugproxy in between).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SampleImageIT {

  private static final Duration BLOCKED = Duration.ofSeconds(90);
  private static Network network;

  @BeforeAll
  static void network() {
    SampleImage.tag();
    network = Network.newNetwork();
  }

  @AfterAll
  static void closeNetwork() {
    if (network != null) {
      network.close();
    }
  }

  @Test
  void breakpointInHandler_printsGreeting_thenDetachLeavesServiceRunning() throws Exception {
    try (DelveContainer sample = new DelveContainer().withNetwork(network)) {
      sample.start();
      assertTrue(sample.commandLine().contains("--accept-multiclient"), sample.commandLine().toString());
      assertEquals("ok\n", HttpGet.getWhenUp(sample.httpUrl("/health"), Duration.ofSeconds(20),
          Duration.ofSeconds(5)).body());

      CompletableFuture<HttpGet.Response> hello;
      try (DlvCli dlv = DlvCli.connect(sample.delveAddress())) {
        dlv.awaitPrompt();
        String set = dlv.command("break " + SampleImage.greetingBreakpoint());
        assertTrue(set.startsWith("Breakpoint 1 set at"), set);

        dlv.send("continue");
        hello = HttpGet.asyncWhenUp(sample.httpUrl("/hello?name=it"), Duration.ofSeconds(30), BLOCKED);
        StopLocation at = StopLocation.require(dlv.awaitPrompt());
        assertEquals("main.helloHandler", at.function(), at.toString());
        assertEquals("main.go", at.fileName(), at.toString());
        assertEquals(SampleImage.greetingLine(), at.line(), at.toString());
        assertTrue(at.isBreakpointHit(), at.toString());

        assertEquals("\"hello, it\"", dlv.command("print greeting"));
        String locals = dlv.command("locals");
        assertTrue(locals.contains("name = \"it\""), locals);
        Thread.sleep(300);
        assertFalse(hello.isDone(), "the handler is stopped at the breakpoint");

        dlv.command("clearall");
        dlv.send("continue");
        HttpGet.Response r = hello.get(30, TimeUnit.SECONDS);
        assertEquals(200, r.status());
        assertEquals("hello, it\n", r.body());

        assertEquals(0, dlv.quitLeavingTargetRunning(), dlv.transcript().log());
        dlv.transcript().assertContains("Breakpoint 1 cleared").assertExitCode(0);
      }

      assertEquals("hello, after\n", HttpGet.get(sample.httpUrl("/hello?name=after")).body());
      assertTrue(sample.runningNow());
    }
  }

  @Test
  void exitAnsweringNo_leavesTargetHalted_untilAnotherClientResumesIt() throws Exception {
    try (DelveContainer sample = new DelveContainer().withNetwork(network)) {
      sample.start();
      CompletableFuture<HttpGet.Response> hello;
      try (DlvCli dlv = DlvCli.connect(sample.delveAddress())) {
        dlv.awaitPrompt();
        dlv.command("break main.helloHandler");
        dlv.send("continue");
        hello = HttpGet.asyncWhenUp(sample.httpUrl("/hello?name=halted"), Duration.ofSeconds(30), BLOCKED);
        StopLocation at = StopLocation.require(dlv.awaitPrompt());
        assertEquals("main.helloHandler", at.function(), at.toString());
        assertEquals(0, dlv.exitAnswering("n"));
      }
      Thread.sleep(1000);
      assertFalse(hello.isDone(), "after 'exit' + 'n' the target stays halted at the breakpoint");
      assertTrue(sample.runningNow());

      // a second client finds the breakpoint (it belongs to the server), clears it and resumes
      DlvCli.script(sample.delveAddress(), List.of("breakpoints", "clearall", "exit -c"))
          .assertMatches("^Breakpoint 1 \\(enabled\\) at .* for main\\.helloHandler\\(\\)")
          .assertContains("Breakpoint 1 cleared")
          .assertExitCode(0);
      assertEquals("hello, halted\n", hello.get(30, TimeUnit.SECONDS).body());
      assertEquals("ok\n", HttpGet.get(sample.httpUrl("/health")).body());
    }
  }

  @Test
  void singleClientDelve_startsOnContinue_andExitKillsTheTarget() throws Exception {
    try (DelveContainer sample = new DelveContainer()
        .withNetwork(network)
        .withDlvArgs(SampleImage.SINGLE_CLIENT_ARGS)) {
      sample.start();
      assertFalse(sample.commandLine().contains("--accept-multiclient"), sample.commandLine().toString());

      try (DlvCli dlv = DlvCli.connect(sample.delveAddress())) {
        dlv.awaitPrompt();
        dlv.command("break " + SampleImage.greetingBreakpoint());
        dlv.send("continue");  // starts the program: no --continue without --accept-multiclient
        CompletableFuture<HttpGet.Response> hello =
            HttpGet.asyncWhenUp(sample.httpUrl("/hello?name=solo"), Duration.ofSeconds(30), BLOCKED);
        StopLocation at = StopLocation.require(dlv.awaitPrompt(Duration.ofSeconds(45)));
        assertEquals("main.helloHandler", at.function(), at.toString());
        assertEquals("\"hello, solo\"", dlv.command("print greeting"));

        dlv.command("clearall");
        dlv.send("continue");
        assertEquals("hello, solo\n", hello.get(30, TimeUnit.SECONDS).body());

        String paused = dlv.pause();
        assertTrue(paused.contains("received SIGINT, stopping process"), paused);
        dlv.send("exit");  // no question: a single-client server kills the target
        assertEquals(0, dlv.awaitExit(Duration.ofSeconds(30)), dlv.transcript().log());
      }
      assertEquals(0, sample.awaitStopped(Duration.ofSeconds(30)));
    }
  }
}
