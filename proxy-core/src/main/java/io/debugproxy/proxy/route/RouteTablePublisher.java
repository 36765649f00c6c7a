package io.debugproxy.proxy.route;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Holds the current route table and tells subscribers when it is replaced. Readers on the
 * data path call {@link #current()} per connection, so a route whose target moved (container
 * restart, new IP) is dialed at its new address without touching its listener.
 */
public final class RouteTablePublisher {

    private final AtomicReference<RouteTable> current = new AtomicReference<>(RouteTable.empty());
    private final List<Consumer<RouteTable>> subscribers = new CopyOnWriteArrayList<>();

    public RouteTable current() {
        return current.get();
    }

    /** Replaces the table; subscribers are told only when it differs from the previous one. */
    public void publish(RouteTable table) {
        RouteTable previous = current.getAndSet(table);
        if (!table.equals(previous)) {
            for (Consumer<RouteTable> subscriber : subscribers) {
                subscriber.accept(table);
            }
        }
    }

    /** Registers a subscriber and hands it the current table at once. */
    public void subscribe(Consumer<RouteTable> subscriber) {
        subscribers.add(subscriber);
        subscriber.accept(current.get());
    }
}
