package io.debugproxy.cli.ide;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GoLand's "Go Remote" run configuration of one route, as a shareable {@code .run/NAME.run.xml}
 * file, and the rule for replacing such a file.
 */
public final class GoLandRunConfig {

    static final String TYPE = "GoRemoteDebugConfigurationType";
    private static final Pattern CONFIGURATION = Pattern.compile("<configuration\\b[^>]*>");
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");

    private GoLandRunConfig() {
    }

    /** The whole file for {@code .run/}. */
    public static String xml(String name, String host, int port) {
        return "<component name=\"ProjectRunConfigurationManager\">\n"
                + "  <configuration default=\"false\" name=\"" + escape(name) + "\" type=\"" + TYPE
                + "\" factoryName=\"Go Remote\" host=\"" + escape(host) + "\" port=\"" + port + "\">\n"
                + "    <option name=\"disconnectOption\" value=\"LEAVE\" />\n"
                + "    <disconnect value=\"LEAVE\" />\n"
                + "    <method v=\"2\" />\n"
                + "  </configuration>\n"
                + "</component>\n";
    }

    /** {@code .run/} file name of a configuration: its name with anything but letters, digits, {@code -_.} as {@code _}. */
    public static String fileName(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]+", "_") + ".run.xml";
    }

    /**
     * Whether {@code existing} may be replaced by the configuration named {@code name}: only when it
     * is a Go Remote configuration of that same name.
     *
     * @throws IdeFileException naming what the file holds instead
     */
    public static void requireReplaceable(String existing, String name) {
        Matcher configuration = CONFIGURATION.matcher(existing);
        if (!configuration.find()) {
            throw new IdeFileException("it holds no run configuration");
        }
        String tag = configuration.group();
        Optional<String> existingName = Optional.of(NAME.matcher(tag)).filter(Matcher::find).map(m -> unescape(m.group(1)));
        if (!tag.contains("type=\"" + TYPE + "\"") || existingName.filter(name::equals).isEmpty()) {
            throw new IdeFileException("it holds another run configuration ("
                    + existingName.map(n -> "'" + n + "'").orElse("unnamed") + ")");
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String unescape(String s) {
        return s.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
