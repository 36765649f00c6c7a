package io.debugproxy.proxy.discovery;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The last lines a container printed (stdout and stderr), for the forwarders and doctor.
 *
 * <p>docker-java's own callback logs every failed log stream with its stack trace (a container
 * being removed answers 409); the callback here keeps the failure instead, so the caller can say
 * it in one line, or not at all.
 */
public final class ContainerLogs {

    private ContainerLogs() {
    }

    /** What was read, and why reading stopped early (null when it did not). */
    public record Tail(String text, String error) {

        public Optional<String> failure() {
            return Optional.ofNullable(error);
        }
    }

    /** Up to {@code lines} last lines of container {@code id}; never throws for an engine error. */
    public static Tail tail(DockerClient api, String id, int lines, Duration timeout) {
        Collector collector = new Collector();
        try {
            api.logContainerCmd(id).withStdOut(true).withStdErr(true).withTail(lines).exec(collector)
                    .awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            collector.onError(e);
        } finally {
            try {
                collector.close();
            } catch (IOException e) {
                // nothing more to read
            }
        }
        return collector.result();
    }

    /** Collects frames; records an error instead of logging it. */
    static final class Collector extends ResultCallback.Adapter<Frame> {

        private final StringBuilder text = new StringBuilder();
        private final AtomicReference<Throwable> error = new AtomicReference<>();

        @Override
        public void onNext(Frame frame) {
            synchronized (text) {
                text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        }

        @Override
        public void onError(Throwable throwable) {
            error.compareAndSet(null, throwable);
            try {
                close();
            } catch (IOException e) {
                // closing a stream that already failed
            }
        }

        Tail result() {
            Throwable e = error.get();
            synchronized (text) {
                return new Tail(text.toString(), e == null ? null : LogFields.reason(e));
            }
        }
    }
}
