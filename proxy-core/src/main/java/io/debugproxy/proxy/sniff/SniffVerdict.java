package io.debugproxy.proxy.sniff;

import java.util.Objects;

/** What the first bytes of a connection say, so far. */
public sealed interface SniffVerdict permits SniffVerdict.Detected, SniffVerdict.NeedMoreBytes, SniffVerdict.Unrecognized {

    /** The bytes open a message of {@code protocol}. */
    record Detected(Protocol protocol) implements SniffVerdict {
        public Detected {
            Objects.requireNonNull(protocol, "protocol");
        }
    }

    /** The bytes are a prefix of at least one known protocol; only more bytes can tell. */
    record NeedMoreBytes() implements SniffVerdict {
    }

    /** The bytes open none of the known protocols. */
    record Unrecognized() implements SniffVerdict {
    }

    static SniffVerdict detected(Protocol protocol) {
        return new Detected(protocol);
    }

    SniffVerdict NEED_MORE = new NeedMoreBytes();
    SniffVerdict UNRECOGNIZED = new Unrecognized();
}
