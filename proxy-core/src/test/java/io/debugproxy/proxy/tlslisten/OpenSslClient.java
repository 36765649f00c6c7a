package io.debugproxy.proxy.tlslisten;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code openssl s_client} as a TLS client: connects to 127.0.0.1 with an SNI name (and
 * whatever certificate and protocol options a test gives), verifying the proxy's certificate against
 * the CA, then writes one line. In {@code -quiet} mode it prints only what the server sends back.
 */
final class OpenSslClient implements AutoCloseable {

    static final Path OPENSSL = Path.of("/usr/bin/openssl");

    private final Process process;
    private final Path output;

    private OpenSslClient(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static boolean available() {
        return Files.isExecutable(OPENSSL);
    }

    /**
     * Starts {@code s_client} and sends {@code line}.
     *
     * @param sniName   null to send no server name
     * @param extraArgs e.g. {@code -cert c.pem -key k.pem}, or {@code -tls1_1}
     */
    static OpenSslClient start(int port, String sniName, Path caFile, String line, List<String> extraArgs)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(OPENSSL.toString(), "s_client", "-connect", "127.0.0.1:" + port,
                "-CAfile", caFile.toString(), "-verify_return_error", "-quiet"));
        if (sniName != null) {
            command.addAll(List.of("-servername", sniName));
        } else {
            command.add("-noservername");
        }
        command.addAll(extraArgs);
        Path output = Files.createTempFile("s_client", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        OutputStream stdin = process.getOutputStream();
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            // s_client already gave up; its output says why
        }
        return new OpenSslClient(process, output);
    }

    /** Waits for s_client to end (the server closing the session ends it); false if it is still running. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until s_client printed {@code line} on a line of its own (data the server sent). */
    boolean awaitLine(String line, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (printed().lines().anyMatch(l -> l.equals(line))) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Everything printed so far: the server's data, and s_client's own errors. */
    String printed() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        Files.deleteIfExists(output);
    }
}
