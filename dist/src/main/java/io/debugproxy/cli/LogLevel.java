package io.debugproxy.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Set;

/**
 * Sets the root log level from {@code --log-level}; without the flag logback.xml's
 * {@code DEBUGPROXY_LOG_LEVEL} (default INFO) stays in force.
 */
final class LogLevel {

    private static final Set<String> NAMES = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    private LogLevel() {
    }

    /** @throws UserError when {@code name} is not a level */
    static void apply(String name) {
        String upper = name.trim().toUpperCase(Locale.ROOT);
        if (!NAMES.contains(upper)) {
            throw new UserError("--log-level '" + name + "' is not one of trace, debug, info, warn, error, off");
        }
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.toLevel(upper));
        }
    }
}
