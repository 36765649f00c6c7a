package io.debugproxy.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Keeps a long-running command ({@code serve}, {@code connect}) alive until the process is asked
 * to stop, then closes what it runs and exits 0.
 */
public final class UntilStopped {

    private UntilStopped() {
    }

    /**
     * Blocks until SIGTERM or Ctrl-C. Register only once {@code running} has started: a failed
     * start must keep its non-zero exit code.
     */
    public static void run(AutoCloseable running) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                // Stopping anyway; what failed was logged by whoever closed it.
            }
            // SIGTERM is how docker stop and Ctrl-C ask us to finish: a clean stop exits 0, not 143.
            Runtime.getRuntime().halt(0);
        }, "shutdown"));
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
