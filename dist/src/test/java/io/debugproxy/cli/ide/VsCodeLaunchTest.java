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
        JsonNode root = json.readTree(VsCodeLaunch.merge(Optional.empty(), api));

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

        JsonNode root = json.readTree(VsCodeLaunch.merge(Optional.of(existing), api));

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

        JsonNode root = json.readTree(VsCodeLaunch.merge(Optional.of(existing), api));

        assertEquals(2, root.get("configurations").size());
        assertEquals(api, root.get("configurations").get(0));
        assertEquals("Other", root.get("configurations").get(1).get("name").asText());
    }

    @Test
    void mergingTwiceGivesTheSameFile() {
        String once = VsCodeLaunch.merge(Optional.empty(), api);

        assertEquals(once, VsCodeLaunch.merge(Optional.of(once), api));
    }

    @Test
    void writesFourSpaceIndentedJsonEndingInANewline() {
        String text = VsCodeLaunch.merge(Optional.empty(), api);

        assertTrue(text.contains("\n    \"version\": \"0.2.0\""), text);
        assertTrue(text.endsWith("}\n"), text);
    }

    @Test
    void addsConfigurationsToAFileWithoutThem() throws Exception {
        JsonNode root = json.readTree(VsCodeLaunch.merge(Optional.of("{\"version\": \"0.2.0\"}"), api));

        assertEquals(api, root.get("configurations").get(0));
    }

    @Test
    void refusesAFileWithCommentsRatherThanLoseThem() {
        String withComments = """
                {
                    // Use IntelliSense to learn about possible attributes.
                    "version": "0.2.0",
                    "configurations": []
                }
                """;

        IdeFileException e = assertThrows(IdeFileException.class, () -> VsCodeLaunch.merge(Optional.of(withComments), api));
        assertTrue(e.getMessage().contains("comments"), e.getMessage());
    }

    @Test
    void refusesAFileWithTrailingCommas() {
        assertThrows(IdeFileException.class, () -> VsCodeLaunch.merge(Optional.of("{\"configurations\": [],}"), api));
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
        JsonNode root = json.readTree(VsCodeLaunch.merge(Optional.of("  \n"), api));

        assertEquals(api, root.get("configurations").get(0));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
