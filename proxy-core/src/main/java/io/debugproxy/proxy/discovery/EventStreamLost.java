package io.debugproxy.proxy.discovery;

import java.io.IOException;

/** The engine's event stream ended while discovery was following it. */
final class EventStreamLost extends IOException {

    EventStreamLost(Throwable cause) {
        super(cause == null ? "event stream closed by the engine" : "event stream lost: " + LogFields.reason(cause), cause);
    }
}
