package io.debugproxy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code proxy version}: prints the version of this build. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the debugproxy version.")
public final class VersionCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static String version() {
        String v = VersionCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
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
