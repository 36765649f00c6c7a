package io.debugproxy.proxy.doctor;

/** IPv4 CIDR arithmetic for telling which Docker network an address of a static route is on. */
final class Ipv4Subnet {

    private Ipv4Subnet() {
    }

    /** True when {@code ip} is an IPv4 address inside {@code cidr} ({@code 172.18.0.0/16}). */
    static boolean contains(String cidr, String ip) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return false;
        }
        Long net = parse(cidr.substring(0, slash));
        Long addr = parse(ip);
        if (net == null || addr == null) {
            return false;
        }
        int bits;
        try {
            bits = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        if (bits < 0 || bits > 32) {
            return false;
        }
        long mask = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
        return (net & mask) == (addr & mask);
    }

    private static Long parse(String dotted) {
        String[] parts = dotted.trim().split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return null;
            }
            int octet = Integer.parseInt(p);
            if (octet > 255) {
                return null;
            }
            v = (v << 8) | octet;
        }
        return v;
    }
}
