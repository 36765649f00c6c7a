package io.debugproxy.proxy.discovery;

import com.github.dockerjava.api.exception.NotFoundException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogFieldsTest {

    @Test
    void reasonIsTheInnermostCause() {
        Exception wrapped = new RuntimeException(new IOException("wrapped", new ConnectException("Connection refused")));

        assertEquals("ConnectException: Connection refused", LogFields.reason(wrapped));
    }

    @Test
    void reasonShowsTheEnginesAnswer() {
        Exception e = new RuntimeException(new NotFoundException("{\"message\":\"page not found\"}\n"));

        assertEquals("engine answered HTTP 404: page not found", LogFields.reason(e));
    }

    @Test
    void reasonNamesTheExceptionWhenItHasNoMessage() {
        assertEquals("IOException", LogFields.reason(new IOException()));
    }

    @Test
    void reasonOfALostEventStreamSaysSo() {
        assertEquals("event stream lost: ConnectionResetException: reset",
                LogFields.reason(new EventStreamLost(new ConnectionResetException("reset"))));
        assertEquals("event stream closed by the engine", LogFields.reason(new EventStreamLost(null)));
    }

    @Test
    void quotedEscapesQuotesAndBackslashes() {
        assertEquals("\"say \\\"hi\\\" C:\\\\\"", LogFields.quoted("say \"hi\" C:\\"));
    }

    @Test
    void listOfNothingIsNone() {
        assertEquals("none", LogFields.list(List.of()));
        assertEquals("a,b", LogFields.list(List.of("a", "b")));
    }

    private static final class ConnectionResetException extends IOException {
        ConnectionResetException(String message) {
            super(message);
        }
    }
}
