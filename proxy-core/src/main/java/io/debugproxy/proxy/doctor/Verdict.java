package io.debugproxy.proxy.doctor;

import java.util.Locale;

/** Outcome of one check. Only {@link #FAIL} makes {@code proxy doctor} exit non-zero. */
public enum Verdict {
    PASS,
    WARN,
    FAIL,
    /** The check could not be made (e.g. asking Delve would have taken its only connection). */
    SKIP;

    /** {@code pass}, {@code warn}, {@code fail} or {@code skip}, as printed. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
