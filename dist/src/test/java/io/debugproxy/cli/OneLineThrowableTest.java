package io.debugproxy.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OneLineThrowableTest {

    private static String render(Throwable t) {
        LoggerContext ctx = new LoggerContext();
        Logger logger = ctx.getLogger("x");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.ERROR, "Error during callback", t, null);
        return new OneLineThrowable().convert(event);
    }

    @Test
    void anExceptionWithCausesGoesOnTheEventsLine() {
        String line = render(new RuntimeException("outer\nsecond line",
                new IllegalStateException("Status 409: {\"message\":\"removal in progress\"}\n")));
        assertEquals(" error=\"RuntimeException: outer second line <- IllegalStateException: Status 409:"
                + " {'message':'removal in progress'}\"", line);
    }

    @Test
    void anEventWithoutExceptionAddsNothing() {
        assertEquals("", render(null));
    }
}
