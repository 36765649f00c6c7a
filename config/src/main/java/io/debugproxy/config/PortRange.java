package io.debugproxy.config;

/** An inclusive range of TCP ports, such as the plain per-route listener ports {@code 40000-40099}. */
public record PortRange(int first, int last) {

    public PortRange {
        if (first < 1 || first > 65535 || last < 1 || last > 65535) {
            throw new IllegalArgumentException("ports must be between 1 and 65535, got " + first + "-" + last);
        }
        if (first > last) {
            throw new IllegalArgumentException("port range " + first + "-" + last + " ends before it starts");
        }
    }

    /**
     * Parses {@code first-last} or a single port.
     *
     * @throws IllegalArgumentException with a human message when the text is not a range
     */
    public static PortRange parse(String text) {
        String s = text.trim();
        int dash = s.indexOf('-');
        String a = dash < 0 ? s : s.substring(0, dash).trim();
        String b = dash < 0 ? s : s.substring(dash + 1).trim();
        int first;
        int last;
        try {
            first = Integer.parseInt(a);
            last = Integer.parseInt(b);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a port range like 40000-40099");
        }
        return new PortRange(first, last);
    }

    public int size() {
        return last - first + 1;
    }

    /** Ports in ascending order. */
    public java.util.stream.IntStream ports() {
        return java.util.stream.IntStream.rangeClosed(first, last);
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
