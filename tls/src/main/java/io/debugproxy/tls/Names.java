package io.debugproxy.tls;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Validation and normalization of DNS names, IP literals and certificate names. */
final class Names {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Names() {
    }

    /** Lower-cases and validates a DNS name; a leading {@code *.} is accepted only when {@code wildcard}. */
    static String dnsName(String raw, boolean wildcard, String what) {
        String name = raw.trim().toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        String checked = name;
        if (wildcard && name.startsWith("*.")) {
            checked = name.substring(2);
        }
        if (isIpLiteral(checked)) {
            throw new TlsSetupException(what + " '" + raw + "' is an IP address, not a DNS name; pass it with --ip");
        }
        if (checked.isEmpty() || checked.length() > 253) {
            throw new TlsSetupException(what + " '" + raw + "' is not a valid DNS name");
        }
        for (String label : checked.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new TlsSetupException(what + " '" + raw + "' is not a valid DNS name"
                        + " (labels are letters, digits and inner hyphens, separated by single dots)");
            }
        }
        return name;
    }

    /** Validates a client certificate name: it becomes the subject CN and a file name. */
    static String clientName(String raw) {
        String name = raw.trim();
        if (!CLIENT_NAME.matcher(name).matches()) {
            throw new TlsSetupException("client name '" + raw + "' is not allowed; use up to 64 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit");
        }
        checkNotKeySuffix(name, "client name");
        return name;
    }

    /** Server names are DNS names used as file names, so the key-file suffix is reserved. */
    static String serverName(String raw) {
        String name = raw.trim();
        if (isIpLiteral(name)) {
            throw new TlsSetupException("server name '" + raw + "' is an IP address; name the certificate after a host"
                    + " (for example 'localhost') and pass the address with --ip " + name);
        }
        String dns = dnsName(name, false, "server name");
        checkNotKeySuffix(dns, "server name");
        return dns;
    }

    private static void checkNotKeySuffix(String name, String what) {
        if (name.toLowerCase(Locale.ROOT).endsWith("-key")) {
            throw new TlsSetupException(what + " '" + name + "' ends in '-key', which is reserved for key files; choose another name");
        }
    }

    static boolean isIpLiteral(String text) {
        return NetUtil.isValidIpV4Address(text) || NetUtil.isValidIpV6Address(text);
    }

    /** Parses an IP literal without ever resolving a host name. */
    static InetAddress ipAddress(String raw, String what) {
        String text = raw.trim();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
        if (bytes == null) {
            throw new TlsSetupException(what + " '" + raw + "' is not an IP address (expected e.g. 127.0.0.1 or ::1)");
        }
        return fromBytes(bytes);
    }

    static InetAddress fromBytes(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("IP address of " + bytes.length + " bytes", e);
        }
    }

    static String ipString(InetAddress address) {
        return NetUtil.toAddressString(address);
    }
}
