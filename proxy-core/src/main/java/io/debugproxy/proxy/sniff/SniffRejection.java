package io.debugproxy.proxy.sniff;

/** Why a connection was closed before its protocol was recognized. */
public enum SniffRejection {

    /** The first bytes open none of the protocols the port serves. */
    UNKNOWN_PROTOCOL("unknown_protocol"),
    /** Nothing recognizable arrived within the detection timeout. */
    TIMEOUT("sniff_timeout"),
    /** The byte cap was reached and the bytes still fit more than one reading, or none completely. */
    TOO_MANY_BYTES("sniff_too_many_bytes"),
    /** The client closed the connection before anything recognizable arrived. */
    CLOSED("closed_before_protocol");

    private final String key;

    SniffRejection(String key) {
        this.key = key;
    }

    /** Short fixed token for logs and metric labels. */
    public String key() {
        return key;
    }
}
