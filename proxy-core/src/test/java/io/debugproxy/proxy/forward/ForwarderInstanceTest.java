package io.debugproxy.proxy.forward;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ForwarderInstanceTest {

    private static final String TARGET = "aaaa000000000000000000000000000000000000000000000000000000000000";
    private static final String GONE_TARGET = "bbbb000000000000000000000000000000000000000000000000000000000000";
    private static final String OTHER_PROXY = "cccc000000000000000000000000000000000000000000000000000000000000";
    private static final String GONE_PROXY = "dddd000000000000000000000000000000000000000000000000000000000000";
    private static final Set<String> ON_ENGINE = Set.of(TARGET, OTHER_PROXY);
    private static final ForwarderInstance ME = ForwarderInstance.of(Optional.empty(), "dev1", Path.of("/home/me/state"));

    @Test
    void onTheHost_theIdFollowsHostNameAndStateDir_andStaysTheSameAcrossRuns() {
        assertEquals(ME, ForwarderInstance.of(Optional.empty(), "dev1", Path.of("/home/me/state")));
        assertNotEquals(ME.id(), ForwarderInstance.of(Optional.empty(), "dev1", Path.of("/home/other/state")).id());
        assertNotEquals(ME.id(), ForwarderInstance.of(Optional.empty(), "dev2", Path.of("/home/me/state")).id());
        assertEquals(12, ME.id().length());
        assertNull(ME.ownerContainer());
        assertEquals(Map.of(ForwarderLabels.INSTANCE, ME.id()), ME.labels());
    }

    @Test
    void inAContainer_theIdIsTheContainersOwn() {
        ForwarderInstance in = ForwarderInstance.of(Optional.of(OTHER_PROXY), "cccc00000000", Path.of("/var/lib/debugproxy"));
        assertEquals("cccc00000000", in.id());
        assertEquals(Map.of(ForwarderLabels.INSTANCE, "cccc00000000", ForwarderLabels.OWNER_CONTAINER, OTHER_PROXY),
                in.labels());
    }

    static Stream<Arguments> helpers() {
        return Stream.of(
                arguments("mine, from an earlier run", Map.of(ForwarderLabels.FOR, TARGET, ForwarderLabels.INSTANCE, ME.id()),
                        Optional.of("left by an earlier run of this proxy")),
                arguments("another proxy's, serving a running target",
                        Map.of(ForwarderLabels.FOR, TARGET, ForwarderLabels.INSTANCE, "0123456789ab"), Optional.empty()),
                arguments("another proxy's, whose target is gone",
                        Map.of(ForwarderLabels.FOR, GONE_TARGET, ForwarderLabels.INSTANCE, "0123456789ab"),
                        Optional.of("its target container is gone")),
                arguments("another proxy container's, that container still there",
                        Map.of(ForwarderLabels.FOR, TARGET, ForwarderLabels.INSTANCE, "cccc00000000",
                                ForwarderLabels.OWNER_CONTAINER, OTHER_PROXY), Optional.empty()),
                arguments("another proxy container's, that container gone",
                        Map.of(ForwarderLabels.FOR, TARGET, ForwarderLabels.INSTANCE, "dddd00000000",
                                ForwarderLabels.OWNER_CONTAINER, GONE_PROXY),
                        Optional.of("the proxy container that made it is gone")),
                arguments("an older proxy's without an instance, target running", Map.of(ForwarderLabels.FOR, TARGET),
                        Optional.empty()),
                arguments("an older proxy's without an instance, target gone", Map.of(ForwarderLabels.FOR, GONE_TARGET),
                        Optional.of("its target container is gone")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("helpers")
    void removesOnlyItsOwnLeftoversAndOrphans(String what, Map<String, String> labels, Optional<String> reason) {
        assertEquals(reason, ME.leftoverReason(labels, ON_ENGINE::contains));
    }
}
