package io.debugproxy.proxy.listen;

import java.util.stream.IntStream;

/** An inclusive range of TCP ports route listeners are given ports from, e.g. {@code 40000-40099}. */
public record PortRange(int first, int last) {

    public PortRange {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("port range must be FIRST-LAST within 1-65535 with FIRST <= LAST, got "
                    + first + "-" + last);
        }
    }

    public static PortRange defaults() {
        return new PortRange(40000, 40099);
    }

    /**
     * Parses {@code FIRST-LAST} or a single port.
     *
     * @throws IllegalArgumentException naming the text when it is not a range
     */
    public static PortRange parse(String text) {
        String s = text.trim();
        int dash = s.indexOf('-');
        try {
            if (dash < 0) {
                int port = Integer.parseInt(s);
                return new PortRange(port, port);
            }
            return new PortRange(Integer.parseInt(s.substring(0, dash).trim()),
                    Integer.parseInt(s.substring(dash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port range (expected e.g. 40000-40099): '" + text + "'", e);
        }
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    public int size() {
        return last - first + 1;
    }

    /** Ports in ascending order. */
    public IntStream ports() {
        return IntStream.rangeClosed(first, last);
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
