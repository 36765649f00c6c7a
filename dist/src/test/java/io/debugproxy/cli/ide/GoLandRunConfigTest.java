package io.debugproxy.cli.ide;

import org.junit.jupiter.api.Test;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.w3c.dom.Element;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoLandRunConfigTest {

    @Test
    void isAGoRemoteConfigurationWithHostAndPort() throws Exception {
        Element configuration = configurationOf(GoLandRunConfig.xml("debugproxy: api", "127.0.0.1", 40001));

        assertEquals("GoRemoteDebugConfigurationType", configuration.getAttribute("type"));
        assertEquals("Go Remote", configuration.getAttribute("factoryName"));
        assertEquals("debugproxy: api", configuration.getAttribute("name"));
        assertEquals("127.0.0.1", configuration.getAttribute("host"));
        assertEquals("40001", configuration.getAttribute("port"));
    }

    @Test
    void escapesTheNameForXml() throws Exception {
        Element configuration = configurationOf(GoLandRunConfig.xml("a \"<b>\" & c", "127.0.0.1", 1));

        assertEquals("a \"<b>\" & c", configuration.getAttribute("name"));
    }

    @Test
    void derivesASafeFileName() {
        assertEquals("debugproxy_api.run.xml", GoLandRunConfig.fileName("debugproxy: api"));
        assertEquals("a_b.c-d.run.xml", GoLandRunConfig.fileName("a/b.c-d"));
    }

    @Test
    void replacesItsOwnConfiguration() {
        String mine = GoLandRunConfig.xml("debugproxy: api", "127.0.0.1", 40000);

        assertDoesNotThrow(() -> GoLandRunConfig.requireReplaceable(mine, "debugproxy: api"));
    }

    @Test
    void refusesToReplaceAnotherConfigurationOfTheSameFileName() {
        String other = GoLandRunConfig.xml("debugproxy/api", "127.0.0.1", 40000);

        IdeFileException e = assertThrows(IdeFileException.class,
                () -> GoLandRunConfig.requireReplaceable(other, "debugproxy: api"));
        assertTrue(e.getMessage().contains("'debugproxy/api'"), e.getMessage());
    }

    @Test
    void refusesToReplaceAConfigurationOfAnotherType() {
        String app = """
                <component name="ProjectRunConfigurationManager">
                  <configuration default="false" name="debugproxy: api" type="GoApplicationRunConfiguration" factoryName="Go Application">
                  </configuration>
                </component>
                """;

        assertThrows(IdeFileException.class, () -> GoLandRunConfig.requireReplaceable(app, "debugproxy: api"));
    }

    @Test
    void refusesToReplaceAFileWithoutAConfiguration() {
        assertThrows(IdeFileException.class, () -> GoLandRunConfig.requireReplaceable("hello", "x"));
    }

    private static Element configurationOf(String xml) throws Exception {
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        return (Element) doc.getElementsByTagName("configuration").item(0);
    }
}
