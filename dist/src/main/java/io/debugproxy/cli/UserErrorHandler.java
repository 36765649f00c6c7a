package io.debugproxy.cli;

import io.debugproxy.config.ConfigException;
import picocli.CommandLine;

/**
 * Turns exceptions escaping a command into one clear line on stderr and an exit code:
 * 2 for bad input (flags, config, files), 1 for anything else.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {

    static final int BAD_INPUT = 2;
    static final int FAILURE = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, CommandLine.ParseResult parsed) {
        String command = cli.getCommandSpec().qualifiedName();
        if (isBadInput(ex)) {
            cli.getErr().println(command + ": " + ex.getMessage());
            return BAD_INPUT;
        }
        cli.getErr().println(command + ": " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
        if (System.getenv("DEBUGPROXY_TRACE") != null) {
            ex.printStackTrace(cli.getErr());
        }
        return FAILURE;
    }

    private static boolean isBadInput(Exception ex) {
        return ex instanceof UserError
                || ex instanceof ConfigException
                || ex.getClass().getSimpleName().equals("TlsSetupException");
    }
}
