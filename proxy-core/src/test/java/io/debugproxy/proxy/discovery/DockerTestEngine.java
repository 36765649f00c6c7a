package io.debugproxy.proxy.discovery;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The local Docker engine for discovery tests, with a tiny FROM-scratch image whose only file is
 * a static Go binary that waits for SIGTERM. Built once per test run and removed at its end.
 * Tests using it are skipped when there is no engine socket or no Go toolchain.
 */
final class DockerTestEngine implements AutoCloseable {

    static final String SOCKET = "/var/run/docker.sock";
    static final String HOST = "unix://" + SOCKET;
    static final String TEST_LABEL = "io.debugproxy.test";

    private static final String SLEEPER_GO = """
            package main

            import (
            	"os"
            	"os/signal"
            	"syscall"
            )

            func main() {
            	c := make(chan os.Signal, 1)
            	signal.Notify(c, syscall.SIGTERM, syscall.SIGINT)
            	<-c
            }
            """;

    private static final String DOCKERFILE = """
            FROM scratch
            COPY sleeper /sleeper
            EXPOSE 2345 8080 53/udp
            ENTRYPOINT ["/sleeper"]
            """;

    private final DockerClient client;
    private final String image;

    private DockerTestEngine(DockerClient client, String image) {
        this.client = client;
        this.image = image;
    }

    DockerClient client() {
        return client;
    }

    /** A tracker for containers and networks created by one test; closing it removes them. */
    Resources resources() {
        return new Resources();
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static DockerClient newClient(String host) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
        return DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(30))
                .build());
    }

    private static DockerTestEngine start() throws Exception {
        DockerClient client = newClient(HOST);
        Path dir = Files.createTempDirectory("debugproxy-sleeper");
        try {
            Files.writeString(dir.resolve("main.go"), SLEEPER_GO, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE, StandardCharsets.UTF_8);
            goBuild(dir);
            String tag = uniqueName("debugproxy-discovery-test").toLowerCase() + ":latest";
            client.buildImageCmd(dir.toFile())
                    .withTags(Set.of(tag))
                    .withPull(false)
                    .withLabels(Map.of(TEST_LABEL, "discovery"))
                    .exec(new BuildImageResultCallback())
                    .awaitImageId(120, TimeUnit.SECONDS);
            return new DockerTestEngine(client, tag);
        } catch (Exception e) {
            client.close();
            throw e;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void goBuild(Path dir) throws IOException, InterruptedException {
        ProcessBuilder build = new ProcessBuilder("go", "build", "-trimpath", "-ldflags=-s -w", "-o", "sleeper", "main.go")
                .directory(dir.toFile())
                .redirectErrorStream(true);
        build.environment().put("CGO_ENABLED", "0");
        build.environment().put("GOOS", "linux");
        build.environment().put("GO111MODULE", "off");
        Process p = build.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("go build of the test sleeper failed: " + output);
        }
    }

    private static boolean goAvailable() {
        try {
            Process p = new ProcessBuilder("go", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            client.removeImageCmd(image).withForce(true).exec();
        } catch (NotFoundException e) {
            // Already gone.
        } finally {
            client.close();
        }
    }

    /** Containers and networks one test created, removed (containers first) on close. */
    final class Resources implements AutoCloseable {
        private final Deque<String> containers = new ArrayDeque<>();
        private final Deque<String> networks = new ArrayDeque<>();

        String network(String name) {
            String id = client.createNetworkCmd().withName(name).withDriver("bridge")
                    .withLabels(Map.of(TEST_LABEL, "discovery")).exec().getId();
            networks.push(id);
            return id;
        }

        /** Creates (without starting) a sleeper container on {@code network}, its cmd being {@code args}. */
        String create(String name, String network, Map<String, String> labels, String... args) {
            return create(name, network, labels, cmd -> cmd, args);
        }

        /** As {@link #create(String, String, Map, String...)}, with more settings made by {@code customize}. */
        String create(String name, String network, Map<String, String> labels,
                      UnaryOperator<CreateContainerCmd> customize, String... args) {
            Map<String, String> allLabels = new java.util.HashMap<>(labels);
            allLabels.put(TEST_LABEL, "discovery");
            String id = customize.apply(client.createContainerCmd(image)
                    .withName(name)
                    .withLabels(allLabels)
                    .withCmd(args)
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network)))
                    .exec().getId();
            containers.push(id);
            return id;
        }

        String run(String name, String network, Map<String, String> labels, String... args) {
            String id = create(name, network, labels, args);
            client.startContainerCmd(id).exec();
            return id;
        }

        @Override
        public void close() {
            while (!containers.isEmpty()) {
                try {
                    client.removeContainerCmd(containers.pop()).withForce(true).exec();
                } catch (NotFoundException e) {
                    // The test removed it itself.
                }
            }
            while (!networks.isEmpty()) {
                try {
                    client.removeNetworkCmd(networks.pop()).exec();
                } catch (NotFoundException e) {
                    // The test removed it itself.
                }
            }
        }
    }

    /**
     * Skips the test class when there is no local engine or Go toolchain, and hands its tests
     * the shared {@link DockerTestEngine}.
     */
    static final class Extension implements BeforeAllCallback, ParameterResolver {

        @Override
        public void beforeAll(ExtensionContext context) {
            assumeTrue(Files.exists(Path.of(SOCKET)), "no Docker engine socket at " + SOCKET);
            assumeTrue(goAvailable(), "no Go toolchain on PATH to build the test image");
            quietClientLibraries();
        }

        // Without a logback-test.xml everything logs at DEBUG, and httpclient5 logs every byte.
        private static void quietClientLibraries() {
            for (String name : new String[] {"org.apache.hc", "com.github.dockerjava"}) {
                if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger && logger.getLevel() == null) {
                    logger.setLevel(ch.qos.logback.classic.Level.INFO);
                }
            }
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == DockerTestEngine.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(DockerTestEngine.class, k -> {
                        try {
                            return start();
                        } catch (Exception e) {
                            throw new IllegalStateException("could not prepare the Docker test image: " + e.getMessage(), e);
                        }
                    }, DockerTestEngine.class);
        }
    }
}
