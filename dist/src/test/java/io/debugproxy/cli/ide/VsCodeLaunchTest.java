package io.debugproxy.cli.ide;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VsCodeLaunchTest {

    private final ObjectMapper json = new ObjectMapper();
    private final ObjectNode api = VsCodeLaunch.configuration("debugproxy: api", "127.0.0.1", 40001,
            "${workspaceFolder}", Optional.of("/build"));

    @Test
    void describesAnAttachToTheRoutePortWithSubstitutePath() {
        assertEquals("go", api.get("type").asText());
        assertEquals("attach", api.get("request").asText());
        assertEquals("remote", api.get("mode").asText());
        assertEquals("127.0.0.1", api.get("host").asText());
        assertEquals(40001, api.get("port").asInt());
        JsonNode mapping = api.get("substitutePath").get(0);
        assertEquals("${workspaceFolder}", mapping.get("from").asText());
        assertEquals("/build", mapping.get("to").asText());
    }

    @Test
    void leavesSubstitutePathOutWhenTheRemoteRootIsUnknown() {
        ObjectNode config = VsCodeLaunch.configuration("x", "127.0.0.1", 1, "${workspaceFolder}", Optional.empty());

        assertFalse(config.has("substitutePath"));
    }

    @Test
    void createsAFileWithVersionAndTheConfigurationWhenThereIsNone() throws Exception {
        JsonNode root = json.readTree(VsCodeLaunch.merge(Optional.empty(), api).text());

        assertEquals("0.2.0", root.get("version").asText());
        assertEquals(1, root.get("configurations").size());
        assertEquals(api, root.get("configurations").get(0));
    }

    @Test
    void appendsToOtherConfigurationsAndKeepsEveryOtherKey() throws Exception {
        String existing = """
                {
                    "version": "0.2.0",
                    "compounds": [{"name": "all", "configurations": ["Launch"]}],
                    "configurations": [
                        {"name": "Launch", "type": "go", "request": "launch", "program": "${workspaceFolder}", "env": {"A": "1"}}
                    ]
                }
                """;

        JsonNode root = json.readTree(VsCodeLaunch.merge(Optional.of(existing), api).text());

        assertEquals(List.of("version", "compounds", "configurations"), fieldNames(root));
        assertEquals("all", root.get("compounds").get(0).get("name").asText());
        assertEquals(2, root.get("configurations").size());
        assertEquals(json.readTree(existing).get("configurations").get(0), root.get("configurations").get(0));
        assertEquals(api, root.get("configurations").get(1));
    }

    @Test
    void replacesTheConfigurationOfTheSameNameInPlace() throws Exception {
        String existing = """
                {"version": "0.2.0", "configurations": [
                  {"name": "debugproxy: api", "type": "go", "request": "attach", "mode": "remote", "port": 40000},
                  {"name": "Other", "type": "node"}]}
                """;

        JsonNode root = json.readTree(VsCodeLaunch.merge(Optional.of(existing), api).text());

        assertEquals(2, root.get("configurations").size());
        assertEquals(api, root.get("configurations").get(0));
        assertEquals("Other", root.get("configurations").get(1).get("name").asText());
    }

    @Test
    void mergingTwiceGivesTheSameFile() {
        String once = VsCodeLaunch.merge(Optional.empty(), api).text();

        assertEquals(once, VsCodeLaunch.merge(Optional.of(once), api).text());
    }

    @Test
    void writesFourSpaceIndentedJsonEndingInANewline() {
        String text = VsCodeLaunch.merge(Optional.empty(), api).text();

        assertTrue(text.contains("\n    \"version\": \"0.2.0\""), text);
        assertTrue(text.endsWith("}\n"), text);
    }

    @Test
    void addsConfigurationsToAFileWithoutThem() throws Exception {
        JsonNode root = json.readTree(VsCodeLaunch.merge(Optional.of("{\"version\": \"0.2.0\"}"), api).text());

        assertEquals(api, root.get("configurations").get(0));
    }

    @Test
    void mergesIntoTheConfigurationOfTheSameNameKeepingFieldsTheUserAdded() throws Exception {
        String existing = """
                {"version": "0.2.0", "configurations": [
                  {"name": "debugproxy: api", "type": "go", "request": "attach", "mode": "remote", "port": 40000,
                   "showLog": true, "trace": "verbose"}]}
                """;

        JsonNode merged = json.readTree(VsCodeLaunch.merge(Optional.of(existing), api).text()).get("configurations").get(0);

        assertEquals(40001, merged.get("port").asInt());
        assertEquals("127.0.0.1", merged.get("host").asText());
        assertTrue(merged.get("showLog").asBoolean(), merged.toString());
        assertEquals("verbose", merged.get("trace").asText());
        assertEquals(api.get("substitutePath"), merged.get("substitutePath"));
    }

    @Test
    void keepsAnEarlierSubstitutePathWhenNoneWasLearnedThisTime() throws Exception {
        String earlier = VsCodeLaunch.merge(Optional.empty(), api).text();
        ObjectNode unlearned = VsCodeLaunch.configuration("debugproxy: api", "127.0.0.1", 40002, "${workspaceFolder}",
                Optional.empty());

        JsonNode merged = json.readTree(VsCodeLaunch.merge(Optional.of(earlier), unlearned).text())
                .get("configurations").get(0);

        assertEquals(40002, merged.get("port").asInt());
        assertEquals("/build", merged.get("substitutePath").get(0).get("to").asText(), merged.toString());
    }

    @Test
    void replacesAnEarlierSubstitutePathWithTheOneLearnedNow() throws Exception {
        String earlier = VsCodeLaunch.merge(Optional.empty(), api).text();
        ObjectNode relearned = VsCodeLaunch.configuration("debugproxy: api", "127.0.0.1", 40001, "${workspaceFolder}",
                Optional.of("/src/api"));

        JsonNode merged = json.readTree(VsCodeLaunch.merge(Optional.of(earlier), relearned).text())
                .get("configurations").get(0);

        assertEquals(1, merged.get("substitutePath").size(), merged.toString());
        assertEquals("/src/api", merged.get("substitutePath").get(0).get("to").asText());
    }

    @Test
    void addsToTheFileVsCodeGeneratesKeepingItsComments() {
        String generated = """
                {
                    // Use IntelliSense to learn about possible attributes.
                    // Hover to view descriptions of existing attributes.
                    // For more information, visit: https://go.microsoft.com/fwlink/?linkid=830387
                    "version": "0.2.0",
                    "configurations": [
                        {
                            "name": "Launch Package",
                            "type": "go",
                            "request": "launch",
                            "mode": "auto",
                            "program": "${fileDirname}"
                        }
                    ]
                }
                """;

        VsCodeLaunch.Merged merged = VsCodeLaunch.merge(Optional.of(generated), api);

        assertFalse(merged.commentsLost());
        assertEquals("""
                {
                    // Use IntelliSense to learn about possible attributes.
                    // Hover to view descriptions of existing attributes.
                    // For more information, visit: https://go.microsoft.com/fwlink/?linkid=830387
                    "version": "0.2.0",
                    "configurations": [
                        {
                            "name": "Launch Package",
                            "type": "go",
                            "request": "launch",
                            "mode": "auto",
                            "program": "${fileDirname}"
                        },
                        {
                            "name": "debugproxy: api",
                            "type": "go",
                            "request": "attach",
                            "mode": "remote",
                            "host": "127.0.0.1",
                            "port": 40001,
                            "substitutePath": [
                                {
                                    "from": "${workspaceFolder}",
                                    "to": "/build"
                                }
                            ]
                        }
                    ]
                }
                """, merged.text());
    }

    @Test
    void updatesTheConfigurationInPlaceKeepingCommentsAndTrailingCommas() {
        String existing = """
                {
                    "version": "0.2.0",
                    "configurations": [
                        /* attach through the proxy */
                        {
                            "name": "debugproxy: api",
                            "type": "go",
                            "request": "attach",
                            "mode": "remote",
                            "host": "127.0.0.1",
                            "port": 40000, // moved when the range changed
                            "showLog": true,
                        },
                    ],
                }
                """;
        ObjectNode unlearned = VsCodeLaunch.configuration("debugproxy: api", "127.0.0.1", 40001, "${workspaceFolder}",
                Optional.empty());

        VsCodeLaunch.Merged merged = VsCodeLaunch.merge(Optional.of(existing), unlearned);

        assertFalse(merged.commentsLost());
        assertEquals(existing.replace("40000", "40001"), merged.text());
    }

    @Test
    void addsMissingFieldsAfterTheLastOneAndItsComment() {
        String existing = """
                {
                    "configurations": [
                        {
                            "name": "debugproxy: api",
                            "showLog": true // for Delve's own log
                        }
                    ]
                }
                """;
        ObjectNode unlearned = VsCodeLaunch.configuration("debugproxy: api", "127.0.0.1", 40001, "${workspaceFolder}",
                Optional.empty());

        VsCodeLaunch.Merged merged = VsCodeLaunch.merge(Optional.of(existing), unlearned);

        assertEquals("""
                {
                    "configurations": [
                        {
                            "name": "debugproxy: api",
                            "showLog": true, // for Delve's own log
                            "type": "go",
                            "request": "attach",
                            "mode": "remote",
                            "host": "127.0.0.1",
                            "port": 40001
                        }
                    ]
                }
                """, merged.text());
    }

    @Test
    void addsTheConfigurationToAnEmptyListWithAComment() throws Exception {
        String existing = """
                {
                    "version": "0.2.0",
                    "configurations": [
                        // none yet
                    ]
                }
                """;

        VsCodeLaunch.Merged merged = VsCodeLaunch.merge(Optional.of(existing), api);

        assertTrue(merged.text().contains("// none yet"), merged.text());
        assertEquals(api, lenient(merged.text()).get("configurations").get(0));
    }

    @Test
    void addsConfigurationsAfterACommentedFileEndsItsMembers() throws Exception {
        String existing = """
                {
                    "version": "0.2.0" // no configurations yet
                }
                """;

        VsCodeLaunch.Merged merged = VsCodeLaunch.merge(Optional.of(existing), api);

        assertTrue(merged.text().contains("\"version\": \"0.2.0\", // no configurations yet\n"), merged.text());
        assertEquals(api, lenient(merged.text()).get("configurations").get(0));
    }

    @Test
    void addsLinesWithTheFilesLineEnds() {
        String existing = "{\r\n    // windows\r\n    \"configurations\": []\r\n}\r\n";

        String text = VsCodeLaunch.merge(Optional.of(existing), api).text();

        assertTrue(text.contains("// windows"), text);
        assertFalse(text.replace("\r\n", "").contains("\n"), text);
    }

    @Test
    void rewritesAndSaysCommentsAreLostWhenTheTextCannotBeEditedInPlace() throws Exception {
        // Two "configurations": JSON parsers keep the last, and which one a text edit should touch is unclear.
        String existing = """
                {
                    // old list
                    "configurations": [],
                    "configurations": [{"name": "Other", "type": "node"}]
                }
                """;

        VsCodeLaunch.Merged merged = VsCodeLaunch.merge(Optional.of(existing), api);

        assertTrue(merged.commentsLost());
        JsonNode root = json.readTree(merged.text());
        assertEquals(2, root.get("configurations").size(), merged.text());
        assertEquals(api, root.get("configurations").get(1));
    }

    @Test
    void rewritingAFileWithoutCommentsLosesNothing() {
        String existing = "{\"configurations\": [], \"configurations\": []}";

        assertFalse(VsCodeLaunch.merge(Optional.of(existing), api).commentsLost());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"configurations\": [", "not json", "[1, 2]", "{\"configurations\": {}}"})
    void refusesWhatIsNotALaunchFile(String text) {
        IdeFileException e = assertThrows(IdeFileException.class, () -> VsCodeLaunch.merge(Optional.of(text), api));
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void namesTheLineOfInvalidJson() {
        IdeFileException e = assertThrows(IdeFileException.class,
                () -> VsCodeLaunch.merge(Optional.of("{\n  \"version\": \"0.2.0\"\n  \"configurations\": []\n}"), api));

        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void treatsAnEmptyFileAsNoFile() throws Exception {
        JsonNode root = json.readTree(VsCodeLaunch.merge(Optional.of("  \n"), api).text());

        assertEquals(api, root.get("configurations").get(0));
    }

    private static JsonNode lenient(String text) throws Exception {
        return new ObjectMapper().enable(com.fasterxml.jackson.core.JsonParser.Feature.ALLOW_COMMENTS).readTree(text);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
