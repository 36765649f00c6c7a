package io.debugproxy.proxy.doctor;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Go release as far as Delve's compatibility goes: major and minor ({@code 1.19} of
 * {@code go1.19.8}). Read from {@code go1.19.8}, {@code 1.20.0} or Delve's
 * {@code Go cmd/compile go1.19.8}.
 */
public record GoVersion(int major, int minor) implements Comparable<GoVersion> {

    private static final Pattern VERSION = Pattern.compile("(?:^|[^0-9.])(?:go)?(\\d+)\\.(\\d+)(?:\\.\\d+)?");

    /** The first version in {@code text}, or empty when it names none. */
    public static Optional<GoVersion> find(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = VERSION.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new GoVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public int compareTo(GoVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
