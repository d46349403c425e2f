package io.velostream.engine.internal.io.kafka;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real schema registry for the tests: Apicurio Registry from the test-registry module (built before the engine in
 * the reactor), in a child JVM with in-memory storage, its Confluent-compatible API at {@link #url()}.
 */
final class TestSchemaRegistry implements AutoCloseable {
    private static final Path JAR = Path.of("..", "test-registry", "target", "velostream-test-registry-0.1.0-SNAPSHOT-runner.jar");
    private final Process process;
    private final String url;

    private TestSchemaRegistry(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    private static TestSchemaRegistry shared;

    /** One registry for all the test classes of this JVM, stopped when the JVM exits. */
    static synchronized TestSchemaRegistry shared() throws Exception {
        if (shared == null) {
            TestSchemaRegistry started = start();
            Runtime.getRuntime().addShutdownHook(new Thread(started.process::destroy));
            shared = started;
        }
        return shared;
    }

    private static TestSchemaRegistry start() throws Exception {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("the test registry is not built: run './mvnw -B package -pl test-registry' ("
                    + JAR.toAbsolutePath().normalize() + " missing)");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = Files.createTempFile("test-registry", ".log");
        Process p = new ProcessBuilder(java.toString(), "-Xmx512m", "-Dquarkus.http.port=" + port, "-jar", JAR.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        TestSchemaRegistry registry = new TestSchemaRegistry(p, "http://127.0.0.1:" + port + "/apis/ccompat/v6");
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the test registry exited: " + Files.readString(log));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(registry.url + "/subjects")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return registry;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (System.nanoTime() > deadline) {
                registry.close();
                throw new IllegalStateException("the test registry did not start in 3 minutes: " + Files.readString(log));
            }
            Thread.sleep(250);
        }
    }

    String url() {
        return url;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
