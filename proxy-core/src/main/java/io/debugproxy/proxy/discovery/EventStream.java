package io.debugproxy.proxy.discovery;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One subscription to the engine's event stream. docker-java calls it on its own stream thread;
 * it only queues what it is told, so all inventory work stays on the discovery thread.
 */
final class EventStream implements ResultCallback<Event> {

    /** What the stream thread reports, in order. */
    sealed interface Signal permits Started, Received, Ended {
    }

    /** The engine accepted the subscription. */
    record Started() implements Signal {
    }

    record Received(Event event) implements Signal {
    }

    /** The stream is over; {@code error} is null when the engine closed it cleanly. */
    record Ended(Throwable error) implements Signal {
    }

    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    private volatile Closeable connection;
    private volatile boolean closed;

    @Override
    public void onStart(Closeable connection) {
        this.connection = connection;
        if (closed) {
            closeConnection();
        }
        signals.add(new Started());
    }

    @Override
    public void onNext(Event event) {
        signals.add(new Received(event));
    }

    @Override
    public void onError(Throwable error) {
        signals.add(new Ended(error));
    }

    @Override
    public void onComplete() {
        signals.add(new Ended(null));
    }

    /**
     * Waits up to {@code timeoutMillis} for the next signal, then goes on taking signals for as long as
     * they come less than {@code quiet} apart, but no longer than {@code limit} after the first, or until
     * the stream ends. A burst (a compose project starting, a container's die + disconnect) is then
     * applied once, while a steady stream of events still yields an update every {@code limit}.
     */
    void awaitBurst(long timeoutMillis, Duration quiet, Duration limit, List<Signal> into) throws InterruptedException {
        Signal first = signals.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (first == null) {
            return;
        }
        into.add(first);
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            signals.drainTo(into);
            if (into.get(into.size() - 1) instanceof Ended) {
                return;
            }
            long wait = Math.min(quiet.toNanos(), deadline - System.nanoTime());
            if (wait <= 0) {
                return;
            }
            Signal next = signals.poll(wait, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            into.add(next);
        }
    }

    @Override
    public void close() {
        closed = true;
        closeConnection();
    }

    private void closeConnection() {
        Closeable c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // The stream is being abandoned; a failure to close it changes nothing for us.
                signals.add(new Ended(e));
            }
        }
    }
}
