package io.debugproxy.proxy.route;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteProblemLogTest {

    private final RouteProblemLog problems = new RouteProblemLog();
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void capture() {
        lines.start();
        ((Logger) LoggerFactory.getLogger(RouteProblemLog.class)).addAppender(lines);
    }

    @AfterEach
    void release() {
        ((Logger) LoggerFactory.getLogger(RouteProblemLog.class)).detachAppender(lines);
    }

    private static RouteSpec warned(String warning) {
        return RouteSpec.ok("api", "shop-api-1", "c1", new HostPort("10.9.0.2", 2345), List.of(), null, List.of())
                .withWarnings(List.of(warning));
    }

    private List<String> logged() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void logsAWarningOnceWhileItStays() {
        problems.accept(RouteTable.of(List.of(warned("network 'backend' missing"))));
        problems.accept(RouteTable.of(List.of(warned("network 'backend' missing"))));

        assertEquals(List.of("event=route_warning route=api container=shop-api-1 warning=\"network 'backend' missing\""),
                logged());
    }

    @Test
    void logsAnErrorOnce() {
        RouteSpec broken = RouteSpec.failed("worker", "shop-worker-1", "c2", "label debugproxy.delve.port is 'abc'");

        problems.accept(RouteTable.of(List.of(broken)));
        problems.accept(RouteTable.of(List.of(broken)));

        assertEquals(1, logged().size(), logged().toString());
        assertTrue(logged().get(0).startsWith("event=route_error route=worker container=shop-worker-1 error="), logged().get(0));
    }

    @Test
    void logsAWarningOnceWhenItsContainerRestarts() {
        // die: the route leaves the table; start: it comes back with the same warning.
        problems.accept(RouteTable.of(List.of(warned("w"))));
        problems.accept(RouteTable.of(List.of()));
        problems.accept(RouteTable.of(List.of(warned("w"))));

        assertEquals(1, logged().size(), logged().toString());
    }

    @Test
    void logsEachNewWarningOfARoute() {
        problems.accept(RouteTable.of(List.of(warned("w1"))));
        problems.accept(RouteTable.of(List.of(warned("w2"))));
        problems.accept(RouteTable.of(List.of(warned("w1"))));

        assertEquals(3, logged().size(), logged().toString());
    }

    @Test
    void logsAgainAWarningThatWasFixedAndCameBack() {
        RouteSpec fixed = RouteSpec.ok("api", "shop-api-1", "c1", new HostPort("10.9.0.2", 2345), List.of(), null, List.of());

        problems.accept(RouteTable.of(List.of(warned("w"))));
        problems.accept(RouteTable.of(List.of(fixed)));
        problems.accept(RouteTable.of(List.of(warned("w"))));

        assertEquals(2, logged().size(), logged().toString());
    }
}
