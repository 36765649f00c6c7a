package io.debugproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.debugproxy.it.support.SampleImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The image build scripts' command line: help is help, and an option is never taken for the image tag. */
class BuildImageScriptsIT {

  @ParameterizedTest
  @ValueSource(strings = {"dist/image/build-image.sh", "dist/sample/build-image.sh"})
  void helpPrintsTheUsageAndBuildsNothing(String script) throws Exception {
    for (String flag : List.of("--help", "-h")) {
      Run run = run(script, flag);

      assertEquals(0, run.exit(), run.output());
      assertTrue(run.output().contains(script + " [TAG]"), run.output());
      assertFalse(run.output().contains("docker build"), run.output());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dist/image/build-image.sh", "dist/sample/build-image.sh"})
  void refusesATagThatLooksLikeAnOption(String script) throws Exception {
    Run run = run(script, "--tag");

    assertEquals(2, run.exit(), run.output());
    assertTrue(run.output().contains("unknown option '--tag'"), run.output());
    assertFalse(run.output().contains("docker build"), run.output());
  }

  private record Run(int exit, String output) {
  }

  private static Run run(String script, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", SampleImage.repoRoot().resolve(script).toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), script + " did not finish");
    return new Run(p.exitValue(), output);
  }
}
