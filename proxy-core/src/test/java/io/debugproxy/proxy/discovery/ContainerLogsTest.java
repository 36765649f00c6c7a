package io.debugproxy.proxy.discovery;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.dockerjava.api.async.ResultCallbackTemplate;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContainerLogsTest {

    @Test
    void aFailedLogStream_isKeptAsOneLineReason_andNotLoggedWithItsStackTrace() throws Exception {
        Logger dockerJava = (Logger) LoggerFactory.getLogger(ResultCallbackTemplate.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        dockerJava.addAppender(seen);
        try {
            ContainerLogs.Collector c = new ContainerLogs.Collector();
            c.onNext(new Frame(StreamType.STDERR, "listening\n".getBytes(StandardCharsets.UTF_8)));
            c.onError(new ConflictException("{\"message\":\"can not get logs from container which is dead"
                    + " or marked for removal\"}\n"));
            assertTrue(c.awaitCompletion(1, TimeUnit.SECONDS), "the stream counts as ended");
            ContainerLogs.Tail tail = c.result();
            assertEquals("listening\n", tail.text());
            assertEquals("engine answered HTTP 409: can not get logs from container which is dead or marked for removal",
                    tail.error());
            assertEquals(0, seen.list.size(), "docker-java logged: " + seen.list);
        } finally {
            dockerJava.detachAppender(seen);
        }
    }
}
