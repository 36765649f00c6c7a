package io.debugproxy.config.route;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses IPv4 / IPv6 address literals without ever resolving a name. */
public final class IpLiteral {

    private static final Pattern V4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    // Only strings of these characters reach InetAddress: with a ':' and a hex digit or ':'
    // first, the JDK parses them as a literal and never falls back to a DNS lookup.
    private static final Pattern V6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpLiteral() {
    }

    /**
     * The address written in {@code text} ({@code [v6]} brackets allowed), or empty when the
     * text is not an IP literal. Octets with leading zeros are refused, as Go refuses them,
     * because some tools read them as octal.
     */
    public static Optional<InetAddress> parse(String text) {
        String s = text.trim();
        if (s.length() > 2 && s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        Matcher m = V4.matcher(s);
        if (m.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                String octet = m.group(i + 1);
                int value = Integer.parseInt(octet);
                if (value > 255 || (octet.length() > 1 && octet.charAt(0) == '0')) {
                    return Optional.empty();
                }
                bytes[i] = (byte) value;
            }
            return Optional.of(byAddress(bytes));
        }
        if (s.indexOf(':') >= 0 && V6_CHARS.matcher(s).matches()) {
            try {
                return Optional.of(InetAddress.getByName(s));
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    public static boolean isLiteral(String text) {
        return parse(text).isPresent();
    }

    private static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 bytes are always a valid IPv4 address", e);
        }
    }
}
