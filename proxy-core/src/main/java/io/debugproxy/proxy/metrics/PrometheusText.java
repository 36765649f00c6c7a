package io.debugproxy.proxy.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Builds a Prometheus text exposition (format 0.0.4): {@code # HELP} and {@code # TYPE} once per
 * family, then one line per sample with its labels sorted by name and their values escaped.
 */
final class PrometheusText {

    static final String CONTENT_TYPE = ProxyMetrics.CONTENT_TYPE;
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private final StringBuilder text = new StringBuilder(4096);

    static String requireName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid Prometheus metric name");
        }
        return name;
    }

    void family(String name, String type, String help) {
        text.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    void sample(String name, Map<String, String> labels, double value) {
        text.append(name);
        if (!labels.isEmpty()) {
            text.append('{');
            boolean first = true;
            for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
                if (!first) {
                    text.append(',');
                }
                first = false;
                text.append(requireName(label.getKey())).append("=\"").append(escapeLabel(label.getValue())).append('"');
            }
            text.append('}');
        }
        text.append(' ').append(format(value)).append('\n');
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static String escapeLabel(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
