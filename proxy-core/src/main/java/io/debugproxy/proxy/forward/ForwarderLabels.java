package io.debugproxy.proxy.forward;

/** Labels of the forwarder containers the proxy creates, so that it (and doctor) can find them again. */
public final class ForwarderLabels {

    /** Value: the full id of the target container whose Delve the forwarder serves. */
    public static final String FOR = "debugproxy.forwarder.for";
    /** Value: the target container's name, for people reading {@code docker ps}. */
    public static final String FOR_NAME = "debugproxy.forwarder.for-name";
    /** Value: the {@link ForwarderInstance#id() instance} of the proxy that made it; only that proxy removes it. */
    public static final String INSTANCE = "debugproxy.forwarder.instance";
    /** Value: the full id of the container the proxy that made it runs in; absent when it runs outside Docker. */
    public static final String OWNER_CONTAINER = "debugproxy.forwarder.owner-container";

    private ForwarderLabels() {
    }
}
