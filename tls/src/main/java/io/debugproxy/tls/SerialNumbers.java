package io.debugproxy.tls;

import java.math.BigInteger;

/** How certificate serials are written for people: one form in lists, inspect, messages and logs. */
public final class SerialNumbers {
    /** Our serials are 128 bits: 32 hex digits, so every one in {@code certs list} has the same width. */
    private static final int WIDTH = 32;

    private SerialNumbers() {
    }

    /**
     * Lower-case hex with leading zeros kept, as openssl keeps them (whole bytes), padded to the width of
     * a 128-bit serial; {@code certs revoke} accepts this form, upper case, and colons.
     */
    public static String hex(BigInteger serial) {
        String digits = serial.toString(16);
        int width = Math.max(WIDTH, digits.length() + digits.length() % 2);
        return "0".repeat(width - digits.length()) + digits;
    }
}
