package io.debugproxy.config;

import io.debugproxy.config.route.IpLiteral;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * A block of IP addresses ({@code 10.0.0.0/8}, {@code fd00::/8}); a bare address is a block of one.
 *
 * @param network      the first address of the block (host bits cleared)
 * @param prefixLength number of leading bits that are fixed
 */
public record Cidr(InetAddress network, int prefixLength) {

    public Cidr {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length /" + prefixLength + " is outside 0-" + bits);
        }
        network = masked(network, prefixLength);
    }

    /**
     * Parses {@code address/prefix} or a bare address. Host bits are cleared, as Traefik and
     * Go's {@code net.ParseCIDR} do, so {@code 10.1.2.3/8} means {@code 10.0.0.0/8}.
     *
     * @throws IllegalArgumentException with a human message when the text is not a CIDR
     */
    public static Cidr parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String addressText = slash < 0 ? s : s.substring(0, slash);
        InetAddress address = IpLiteral.parse(addressText).orElseThrow(() -> new IllegalArgumentException(
                "'" + text + "' is not a CIDR block like 10.0.0.0/8 or fd00::/8 ("
                        + (addressText.isBlank() ? "no IP address before the '/'"
                                : "'" + addressText + "' is not a valid IP address") + ")"));
        int bits = address.getAddress().length * 8;
        if (slash < 0) {
            return new Cidr(address, bits);
        }
        String prefixText = s.substring(slash + 1);
        int prefix;
        try {
            prefix = Integer.parseInt(prefixText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has a prefix length that is not a number");
        }
        if (prefix < 0 || prefix > bits || !prefixText.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("'" + text + "' has prefix length /" + prefixText + ", outside 0-" + bits);
        }
        return new Cidr(address, prefix);
    }

    /** True for {@code 0.0.0.0/0} and {@code ::/0}: every address of its family. */
    public boolean coversEveryAddress() {
        return prefixLength == 0;
    }

    /** True when {@code address} lies in this block; IPv4 and IPv6 blocks never contain each other. */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        return masked(address, prefixLength).equals(network);
    }

    private static InetAddress masked(InetAddress address, int prefixLength) {
        byte[] bytes = address.getAddress();
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
            bytes[i] = (byte) (bytes[i] & (0xff << (8 - keep)));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError("the address came from an InetAddress", e);
        }
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
