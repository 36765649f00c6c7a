package io.debugproxy.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code --help} and {@code version} print, as a user reads them. */
class HelpTextTest {

    @Test
    void everyCommandSummaryIsAWholeSentence() {
        // A parent's command list shows only the first line of each description: it must not stop mid-sentence.
        List<String> cut = new ArrayList<>();
        collect(new CommandLine(new ProxyCommand()), cut);

        assertEquals(List.of(), cut);
    }

    private static void collect(CommandLine command, List<String> cut) {
        String[] description = command.getCommandSpec().usageMessage().description();
        if (description.length > 0 && !description[0].strip().endsWith(".")) {
            cut.add(command.getCommandSpec().qualifiedName() + ": " + description[0]);
        }
        command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, cut));
    }

    @Test
    void ideListsItsCommandsWithWholeSummaries() {
        CliRun run = CliRun.of("ide", "--help");

        String text = run.out().replaceAll("\\s+", " ");
        assertTrue(text.contains("for a route, or merge it into DIR/.vscode/launch.json with --write."), run.out());
        assertTrue(text.contains("for a route, or write it to DIR/.run/NAME.run.xml with --write."), run.out());
        assertTrue(run.out().lines().noneMatch(l -> l.strip().endsWith(",")), run.out());
    }

    @Test
    void serveNamesEveryLogLevelItAccepts() {
        CliRun run = CliRun.of("serve", "--help");

        assertTrue(run.out().replaceAll("\\s+", " ").contains("trace, debug, info, warn, error or off"), run.out());
    }

    @Test
    void versionIsTheProjectVersion() {
        CliRun run = CliRun.of("version");

        assertEquals(0, run.exit(), run.err());
        assertTrue(Pattern.matches("debugproxy \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n", run.out()), run.out());
    }
}
