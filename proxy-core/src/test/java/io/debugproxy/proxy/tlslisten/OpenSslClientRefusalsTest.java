package io.debugproxy.proxy.tlslisten;

import static io.debugproxy.proxy.tlslisten.ListenerFixture.API;
import static io.debugproxy.proxy.tlslisten.ListenerFixture.PRIVATE;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.debugproxy.tls.CertificateKind;
import io.debugproxy.tls.TlsIdentity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The same refusals with a TLS stack that is not Java's: Debian's {@code openssl s_client}. Each case
 * must end the session with a fatal alert s_client reports, without echoing the line it sent, count
 * one refusal for the expected reason, and leave the counting upstream untouched.
 */
class OpenSslClientRefusalsTest {

    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);

    // TLS alert descriptions (RFC 8446 section 6); the JDK sends certificate_unknown for any client
    // certificate its trust manager refuses, the route's allow-list included.
    private static final int HANDSHAKE_FAILURE = 40;
    private static final int BAD_CERTIFICATE = 42;
    private static final int CERTIFICATE_UNKNOWN = 46;
    private static final int PROTOCOL_VERSION = 70;
    private static final int UNRECOGNIZED_NAME = 112;

    /** One way a client can be wrong, the arguments that make s_client be wrong that way, and the alert it gets. */
    enum Case {
        NO_CLIENT_CERTIFICATE(Refusal.NO_CLIENT_CERTIFICATE, API, BAD_CERTIFICATE) {
            @Override
            List<String> args(TestPki pki) {
                return List.of();
            }
        },
        CERTIFICATE_FROM_ANOTHER_CA(Refusal.WRONG_CA, API, CERTIFICATE_UNKNOWN) {
            @Override
            List<String> args(TestPki pki) {
                return certificate(pki, "other", pki.clientOfAnotherCa("alice"));
            }
        },
        EXPIRED(Refusal.EXPIRED, API, CERTIFICATE_UNKNOWN) {
            @Override
            List<String> args(TestPki pki) {
                return certificate(pki, "expired", pki.expiredClient("alice"));
            }
        },
        NOT_YET_VALID(Refusal.NOT_YET_VALID, API, CERTIFICATE_UNKNOWN) {
            @Override
            List<String> args(TestPki pki) {
                return certificate(pki, "future", pki.notYetValidClient("alice"));
            }
        },
        REVOKED(Refusal.REVOKED, API, CERTIFICATE_UNKNOWN) {
            @Override
            List<String> args(TestPki pki) {
                TlsIdentity alice = pki.client("alice");
                pki.certs.revoke("alice", CertificateKind.CLIENT);
                return certificate(pki, "revoked", alice);
            }
        },
        SERVER_CERTIFICATE_AS_CLIENT(Refusal.NOT_FOR_CLIENT_AUTH, API, CERTIFICATE_UNKNOWN) {
            @Override
            List<String> args(TestPki pki) {
                return certificate(pki, "server", pki.server("api.debug.localhost"));
            }
        },
        NOT_IN_ALLOW_LIST(Refusal.NOT_ALLOWED_ON_ROUTE, PRIVATE, CERTIFICATE_UNKNOWN) {
            @Override
            List<String> args(TestPki pki) {
                return certificate(pki, "bob", pki.client("bob"));
            }
        },
        NOT_IN_ALLOW_LIST_TLS_1_2(Refusal.NOT_ALLOWED_ON_ROUTE, PRIVATE, CERTIFICATE_UNKNOWN) {
            @Override
            List<String> args(TestPki pki) {
                // Under TLS 1.2 the alert comes in the handshake, not at the first read after it.
                List<String> args = new ArrayList<>(certificate(pki, "bob", pki.client("bob")));
                args.add("-tls1_2");
                return args;
            }
        },
        TLS_1_1_OFFERED(Refusal.UNSUPPORTED_PROTOCOL, API, PROTOCOL_VERSION) {
            @Override
            List<String> args(TestPki pki) {
                // OpenSSL 3 only offers TLS 1.1 at security level 0.
                List<String> args = new ArrayList<>(certificate(pki, "alice", pki.client("alice")));
                args.addAll(List.of("-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"));
                return args;
            }
        },
        UNKNOWN_SNI(Refusal.UNKNOWN_SNI, "nope.debug.localhost", UNRECOGNIZED_NAME) {
            @Override
            List<String> args(TestPki pki) {
                return certificate(pki, "alice", pki.client("alice"));
            }
        },
        NO_SNI(Refusal.NO_SNI, null, HANDSHAKE_FAILURE) {
            @Override
            List<String> args(TestPki pki) {
                return certificate(pki, "alice", pki.client("alice"));
            }
        };

        final Refusal reason;
        final String sniName;
        /** The TLS alert s_client must report, by the number it prints ("SSL alert number 46"). */
        final int alert;

        Case(Refusal reason, String sniName, int alert) {
            this.reason = reason;
            this.sniName = sniName;
            this.alert = alert;
        }

        abstract List<String> args(TestPki pki);

        static List<String> certificate(TestPki pki, String name, TlsIdentity identity) {
            Path file = pki.writePem(name, identity);
            return List.of("-cert", file.toString(), "-key", TestPki.keyFileOf(file).toString());
        }
    }

    @TempDir
    Path temp;

    ListenerFixture fixture;

    @BeforeAll
    static void requireOpenSsl() {
        assumeTrue(OpenSslClient.available(), "Debian's openssl is not installed at " + OpenSslClient.OPENSSL);
    }

    @BeforeEach
    void startListener() throws Exception {
        fixture = new ListenerFixture(temp);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void openSslWithAValidCertificateGetsItsLineEchoedByTheUpstream() throws Exception {
        List<String> args = Case.certificate(fixture.pki, "alice", fixture.pki.client("alice"));
        try (OpenSslClient client = OpenSslClient.start(fixture.port, API, fixture.pki.caFile(), "ping", args)) {
            assertTrue(client.awaitLine("ping", EXIT_WAIT), client.printed());
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(Case.class)
    void openSslClientIsRefusedWithAnAlertBeforeAnyByteReachesTheUpstream(Case wrong) throws Exception {
        List<String> args = wrong.args(fixture.pki);
        try (OpenSslClient client = OpenSslClient.start(fixture.port, wrong.sniName, fixture.pki.caFile(), "ping", args)) {
            assertTrue(client.awaitExit(EXIT_WAIT), "s_client should be disconnected:\n" + client.printed());
            assertFalse(client.printed().lines().anyMatch(l -> l.equals("ping")), client.printed());
            assertTrue(client.printed().contains("SSL alert number " + wrong.alert + "\n"),
                    "s_client should report alert " + wrong.alert + ":\n" + client.printed());
        }
        fixture.assertRefused(wrong.reason);
    }
}
