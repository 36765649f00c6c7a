package io.debugproxy.proxy.discovery;

import com.github.dockerjava.api.exception.DockerException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Values for key=value log lines and status reasons: one line, quoted when free text (also for forward and doctor). */
public final class LogFields {

    private static final int MAX_REASON = 200;
    private static final Pattern STATUS_PREFIX = Pattern.compile("Status \\d+: ");
    private static final Pattern JSON_MESSAGE = Pattern.compile("\\{\\s*\"message\"\\s*:\\s*\"(.*)\"\\s*}");

    private LogFields() {
    }

    /** Why something failed, in one line: the engine's answer, or the innermost cause. */
    public static String reason(Throwable e) {
        if (e instanceof EventStreamLost) {
            return e.getMessage();
        }
        Throwable t = e;
        while (true) {
            if (t instanceof DockerException d) {
                return "engine answered HTTP " + d.getHttpStatus() + ": " + engineMessage(d.getMessage());
            }
            if (t.getCause() == null || t.getCause() == t) {
                break;
            }
            t = t.getCause();
        }
        String message = firstLine(t.getMessage());
        return message.isEmpty() ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + message;
    }

    static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Comma-separated values, or {@code none}. */
    static String list(Iterable<String> values) {
        String joined = String.join(",", values);
        return joined.isEmpty() ? "none" : joined;
    }

    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    // docker-java reports 'Status 404: {"message":"No such container: x"}'; keep the engine's words.
    private static String engineMessage(String raw) {
        String line = firstLine(raw);
        Matcher status = STATUS_PREFIX.matcher(line);
        if (status.lookingAt()) {
            line = line.substring(status.end());
        }
        Matcher json = JSON_MESSAGE.matcher(line);
        return json.matches() ? json.group(1).replace("\\\"", "\"") : line;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() > MAX_REASON ? line.substring(0, MAX_REASON) + "..." : line;
    }
}
