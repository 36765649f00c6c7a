package io.debugproxy.proxy.doctor;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoBuildInfoTest {

    private static final String SENTINEL = "0123456789abcdef";

    /** The .go.buildinfo layout of Go 1.18+: magic, pointer size, flags, padding to 32, then two strings. */
    private static byte[] binary(String version, String modinfo, byte[] before) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(before);
        out.write("\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1));
        out.write(8);
        out.write(2);
        out.write(new byte[16]);
        writeString(out, version);
        writeString(out, SENTINEL + modinfo + SENTINEL);
        out.write(new byte[100]);
        return out.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int n = b.length;
        while (n >= 0x80) {
            out.write((n & 0x7f) | 0x80);
            n >>>= 7;
        }
        out.write(n);
        out.write(b, 0, b.length);
    }

    @Test
    void readsGoVersionAndBuildSettings() throws IOException {
        String modinfo = "path\texample.com/sample\nbuild\t-compiler=gc\nbuild\t-gcflags=\"all=-N -l\"\n"
                + "build\tCGO_ENABLED=0\n";
        Optional<GoBuildInfo> info = GoBuildInfo.scan(new ByteArrayInputStream(binary("go1.19.8", modinfo, new byte[5000])));
        assertEquals("go1.19.8", info.orElseThrow().goVersion());
        assertEquals("all=-N -l", info.get().setting("-gcflags").orElseThrow());
        assertTrue(info.get().builtForDebugging());
        assertFalse(info.get().stripped());
    }

    @Test
    void recognisesStrippedBuild() throws IOException {
        Optional<GoBuildInfo> info = GoBuildInfo.scan(new ByteArrayInputStream(
                binary("go1.21.0", "build\t-ldflags=\"-s -w\"\n", new byte[3])));
        assertTrue(info.orElseThrow().stripped());
        assertFalse(info.get().builtForDebugging());
    }

    @Test
    void skipsAFalseMagicAndFindsTheRealOne() throws IOException {
        byte[] decoy = "xx\u00ff Go buildinf:\u0001\u0000 not it".getBytes(StandardCharsets.ISO_8859_1);
        Optional<GoBuildInfo> info = GoBuildInfo.scan(new ByteArrayInputStream(
                binary("go1.20.3", "build\t-gcflags=-N -l\n", decoy)));
        assertEquals("go1.20.3", info.orElseThrow().goVersion());
        assertTrue(info.get().builtForDebugging());
    }

    @Test
    void noBuildInfoIsEmpty() throws IOException {
        assertTrue(GoBuildInfo.scan(new ByteArrayInputStream(new byte[10_000])).isEmpty());
    }

    @Test
    void onlyMainPackageFlagsStillCountAsDebugBuild() {
        assertTrue(new GoBuildInfo("go1.19", Map.of("-gcflags", "-N -l")).builtForDebugging());
        assertFalse(new GoBuildInfo("go1.19", Map.of("-gcflags", "all=-N")).builtForDebugging());
    }

    @Test
    void goVersionsCompareByMinor() {
        assertEquals(new GoVersion(1, 19), GoVersion.find("Go cmd/compile go1.19.8").orElseThrow());
        assertEquals(new GoVersion(1, 20), GoVersion.find("1.20.0").orElseThrow());
        assertTrue(new GoVersion(1, 9).compareTo(new GoVersion(1, 18)) < 0);
    }
}
