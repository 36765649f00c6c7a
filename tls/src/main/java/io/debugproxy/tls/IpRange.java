package io.debugproxy.tls;

import java.net.InetAddress;
import java.util.Arrays;

/** An IPv4 or IPv6 network in CIDR form, as used in the CA's name constraints. */
public record IpRange(InetAddress network, int prefixLength) {

    public IpRange {
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new TlsSetupException("prefix length /" + prefixLength + " is out of range for "
                    + Names.ipString(network) + " (0.." + bits + ")");
        }
        byte[] masked = mask(network.getAddress(), prefixLength);
        if (!Arrays.equals(masked, network.getAddress())) {
            throw new TlsSetupException(Names.ipString(network) + "/" + prefixLength + " has host bits set; did you mean "
                    + Names.ipString(Names.fromBytes(masked)) + "/" + prefixLength + "?");
        }
    }

    /** Parses {@code 10.0.0.0/8}, {@code fc00::/7}, or a single address (a /32 or /128). */
    public static IpRange parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        if (slash < 0) {
            InetAddress address = Names.ipAddress(trimmed, "address");
            return new IpRange(address, address.getAddress().length * 8);
        }
        InetAddress address = Names.ipAddress(trimmed.substring(0, slash), "network");
        int prefix;
        try {
            prefix = Integer.parseInt(trimmed.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new TlsSetupException("'" + text + "' has no valid prefix length after '/' (expected e.g. 10.0.0.0/8)", e);
        }
        return new IpRange(address, prefix);
    }

    /** Decodes the name-constraints form: address bytes followed by mask bytes. */
    static IpRange fromConstraintBytes(byte[] addressAndMask) {
        int half = addressAndMask.length / 2;
        if (half != 4 && half != 16 || addressAndMask.length % 2 != 0) {
            throw new TlsSetupException("the CA has an iPAddress name constraint of " + addressAndMask.length
                    + " bytes; expected 8 (IPv4) or 32 (IPv6)");
        }
        byte[] address = Arrays.copyOfRange(addressAndMask, 0, half);
        int prefix = 0;
        for (int i = half; i < addressAndMask.length; i++) {
            prefix += Integer.bitCount(addressAndMask[i] & 0xff);
        }
        return new IpRange(Names.fromBytes(address), prefix);
    }

    /** The name-constraints encoding: address bytes followed by mask bytes (RFC 5280, 4.2.1.10). */
    byte[] toConstraintBytes() {
        byte[] address = network.getAddress();
        byte[] result = Arrays.copyOf(address, address.length * 2);
        byte[] mask = mask(filled(address.length), prefixLength);
        System.arraycopy(mask, 0, result, address.length, mask.length);
        return result;
    }

    boolean isIpv4() {
        return network.getAddress().length == 4;
    }

    /** True when {@code address} is of the same family and inside this network. */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == network.getAddress().length && Arrays.equals(mask(bytes, prefixLength), network.getAddress());
    }

    /** True when every address of {@code inner} is inside this network. */
    public boolean encloses(IpRange inner) {
        return inner.prefixLength >= prefixLength && contains(inner.network);
    }

    @Override
    public String toString() {
        return Names.ipString(network) + "/" + prefixLength;
    }

    private static byte[] filled(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 0xff);
        return bytes;
    }

    private static byte[] mask(byte[] address, int prefixLength) {
        byte[] result = address.clone();
        for (int i = 0; i < result.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
            result[i] = (byte) (result[i] & (0xff << (8 - keep)));
        }
        return result;
    }
}
