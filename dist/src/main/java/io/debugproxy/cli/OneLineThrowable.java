package io.debugproxy.cli;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;

/**
 * Logback conversion word {@code %exline}: an exception logged with an event (ours or a library's)
 * as {@code  error="Type: message <- Cause: message"} on the event's own line, so that the log
 * stays one line per event.
 */
public final class OneLineThrowable extends ThrowableHandlingConverter {

    private static final int MAX_CAUSES = 4;

    @Override
    public String convert(ILoggingEvent event) {
        IThrowableProxy t = event.getThrowableProxy();
        if (t == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause()) {
            if (i > 0) {
                sb.append(" <- ");
            }
            String type = t.getClassName().substring(t.getClassName().lastIndexOf('.') + 1);
            sb.append(type);
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                sb.append(": ").append(t.getMessage().strip());
            }
        }
        return " error=\"" + sb.toString().replaceAll("\\s*[\\r\\n]+\\s*", " ").replace('"', '\'') + "\"";
    }
}
