package io.debugproxy.proxy.discovery;

import com.github.dockerjava.api.model.Event;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventStreamTest {

    private static final Duration QUIET = Duration.ofMillis(100);
    private static final Duration LIMIT = Duration.ofMillis(400);

    private final EventStream stream = new EventStream();

    private static Event event(String id) {
        return new Event().withId(id).withAction("start");
    }

    /** Feeds {@code count} events from another thread, {@code gapMillis} apart. */
    private Thread feed(int count, long gapMillis) {
        Thread t = new Thread(() -> {
            for (int i = 0; i < count; i++) {
                stream.onNext(event("c" + i));
                try {
                    Thread.sleep(gapMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        t.start();
        return t;
    }

    @Test
    void takesEventsThatComeCloseTogetherAsOneBurst() throws InterruptedException {
        Thread feeder = feed(5, 5);
        List<EventStream.Signal> burst = new ArrayList<>();

        stream.awaitBurst(1000, QUIET, LIMIT, burst);

        feeder.join();
        assertEquals(5, burst.size(), burst.toString());
    }

    @Test
    void aSignalAfterAQuietGapStartsTheNextBurst() throws InterruptedException {
        Thread feeder = new Thread(() -> {
            try {
                stream.onNext(event("a"));
                Thread.sleep(5);
                stream.onNext(event("b"));
                Thread.sleep(QUIET.toMillis() * 5);
                stream.onNext(event("c"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        feeder.start();
        List<EventStream.Signal> first = new ArrayList<>();
        List<EventStream.Signal> second = new ArrayList<>();

        stream.awaitBurst(1000, QUIET, LIMIT, first);
        stream.awaitBurst(1000, QUIET, LIMIT, second);

        feeder.join();
        assertEquals(2, first.size(), first.toString());
        assertEquals(1, second.size(), second.toString());
    }

    @Test
    void neverWaitsLongerThanTheLimitWhileEventsKeepComing() throws InterruptedException {
        Thread feeder = feed(200, 10);
        List<EventStream.Signal> burst = new ArrayList<>();
        long start = System.nanoTime();

        stream.awaitBurst(1000, QUIET, LIMIT, burst);

        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        feeder.interrupt();
        feeder.join();
        assertTrue(tookMillis < LIMIT.toMillis() + 200, "waited " + tookMillis + " ms");
        assertTrue(burst.size() < 200, "a steady stream still yields updates: " + burst.size());
    }

    @Test
    void stopsWaitingWhenTheStreamEnds() throws InterruptedException {
        stream.onNext(event("last"));
        stream.onError(new java.io.IOException("reset"));
        List<EventStream.Signal> burst = new ArrayList<>();
        long start = System.nanoTime();

        stream.awaitBurst(1000, Duration.ofSeconds(5), Duration.ofSeconds(10), burst);

        assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos());
        assertEquals(2, burst.size(), burst.toString());
        assertInstanceOf(EventStream.Received.class, burst.get(0));
        assertInstanceOf(EventStream.Ended.class, burst.get(1));
    }

    @Test
    void returnsNothingWhenNoSignalComesInTime() throws InterruptedException {
        List<EventStream.Signal> burst = new ArrayList<>();

        stream.awaitBurst(20, QUIET, LIMIT, burst);

        assertTrue(burst.isEmpty());
    }
}
