package io.debugproxy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** {@code proxy version}: prints the version of this build. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the debugproxy version.")
public final class VersionCommand implements Runnable {

    /** Written by the build (Maven resource filtering); absent when the classes were compiled some other way. */
    private static final String BUILD_INFO = "build.properties";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The Maven project version of this build, {@code dev} when the build did not say. */
    static String version() {
        String filtered = buildInfo().getProperty("version", "");
        if (!filtered.isBlank() && !filtered.startsWith("${")) {
            return filtered;
        }
        String manifest = VersionCommand.class.getPackage().getImplementationVersion();
        return manifest == null ? "dev" : manifest;
    }

    private static Properties buildInfo() {
        Properties info = new Properties();
        try (InputStream in = VersionCommand.class.getResourceAsStream(BUILD_INFO)) {
            if (in != null) {
                info.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUILD_INFO + " from the jar: " + e.getMessage(), e);
        }
        return info;
    }

    @Override
    public void run() {
        spec.commandLine().getOut().println("debugproxy " + version());
    }

    /** Supplies {@code proxy --version}. */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"debugproxy " + version()};
        }
    }
}
