package io.debugproxy.proxy.doctor;

import java.util.Objects;

/**
 * One finding of {@code proxy doctor}.
 *
 * @param subject what it is about
 * @param id      stable name of the check for tools, e.g. {@code target.listen}
 * @param verdict pass, warn, fail or skip
 * @param message what was found, one sentence naming the inputs at fault
 * @param fix     what to change, or null when there is nothing to do
 */
public record Check(Subject subject, String id, Verdict verdict, String message, String fix) {

    public Check {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(message, "message");
        if (fix != null && fix.isBlank()) {
            fix = null;
        }
    }

    public static Check pass(Subject subject, String id, String message) {
        return new Check(subject, id, Verdict.PASS, message, null);
    }

    public static Check warn(Subject subject, String id, String message, String fix) {
        return new Check(subject, id, Verdict.WARN, message, fix);
    }

    public static Check fail(Subject subject, String id, String message, String fix) {
        return new Check(subject, id, Verdict.FAIL, message, fix);
    }

    public static Check skip(Subject subject, String id, String message) {
        return new Check(subject, id, Verdict.SKIP, message, null);
    }
}
