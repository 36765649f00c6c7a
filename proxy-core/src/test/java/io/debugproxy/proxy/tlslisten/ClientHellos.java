package io.debugproxy.proxy.tlslisten;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/** Hand-made ClientHello records, for what no well-behaved TLS library will send. */
final class ClientHellos {

    private ClientHellos() {
    }

    /** A TLS 1.1 ClientHello (legacy version 3.2, no supported_versions) naming {@code sniName}. */
    static byte[] tls11(String sniName) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x03);
        body.write(0x02);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        body.writeBytes(random);
        body.write(0); // no session id
        int[] suites = {0xc013, 0xc009, 0x002f, 0x0035};
        u16(body, suites.length * 2);
        for (int suite : suites) {
            u16(body, suite);
        }
        body.write(1);
        body.write(0); // null compression
        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        byte[] name = sniName.getBytes(StandardCharsets.US_ASCII);
        u16(extensions, 0x0000); // server_name
        u16(extensions, name.length + 5);
        u16(extensions, name.length + 3);
        extensions.write(0); // host_name
        u16(extensions, name.length);
        extensions.writeBytes(name);
        u16(extensions, 0x000a); // supported_groups: secp256r1
        u16(extensions, 4);
        u16(extensions, 2);
        u16(extensions, 0x0017);
        u16(extensions, 0x000b); // ec_point_formats: uncompressed
        u16(extensions, 2);
        extensions.write(1);
        extensions.write(0);
        u16(body, extensions.size());
        body.writeBytes(extensions.toByteArray());
        return record(0x03, 0x01, handshake(1, body.toByteArray()));
    }

    /** One full 16 KiB record starting a ClientHello that claims {@code claimedLength} bytes. */
    static byte[] claimingLength(int claimedLength) {
        byte[] fragment = new byte[16 * 1024];
        fragment[0] = 1; // client_hello
        fragment[1] = (byte) (claimedLength >>> 16);
        fragment[2] = (byte) (claimedLength >>> 8);
        fragment[3] = (byte) claimedLength;
        fragment[4] = 0x03;
        fragment[5] = 0x03;
        return record(0x03, 0x01, fragment);
    }

    private static byte[] handshake(int type, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        out.write(body.length >>> 16);
        out.write(body.length >>> 8);
        out.write(body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] record(int major, int minor, byte[] fragment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(22);
        out.write(major);
        out.write(minor);
        u16(out, fragment.length);
        out.writeBytes(fragment);
        return out.toByteArray();
    }

    private static void u16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value);
    }
}
