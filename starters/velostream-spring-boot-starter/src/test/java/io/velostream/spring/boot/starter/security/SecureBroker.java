package io.velostream.spring.boot.starter.security;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * One embedded KRaft broker for the security tests, started once per JVM: a PLAINTEXT listener for
 * the tests' own set-up and checks, a {@code SASL_SSL} listener with SCRAM-SHA-512, and an {@code SSL}
 * listener that requires a client certificate (mTLS). Keys and certificates are made at start with the
 * running JDK's {@code keytool} into a temporary folder: self-signed, one for the broker
 * ({@code CN=localhost}, SAN localhost/127.0.0.1, so clients verify the host name) and one for the
 * client, each trusted by the other side. Every password is random, so a test can look for it in logs.
 */
final class SecureBroker {
    static final String USER = "velostream";
    /** The SCRAM password of {@link #USER}. */
    static final String SCRAM_PASSWORD = "scram-" + UUID.randomUUID();
    /** The password of every key store and trust store. */
    static final String STORE_PASSWORD = "store-" + UUID.randomUUID();
    /** The password of the private keys in the (JKS) key stores, distinct from the store's. */
    static final String KEY_PASSWORD = "key-" + UUID.randomUUID();

    private static SecureBroker instance;

    final Path dir;
    final Path clientKeyStore;
    final Path clientTrustStore;
    private final EmbeddedKafkaKraftBroker broker;

    private SecureBroker(Path dir) {
        this.dir = dir;
        this.clientKeyStore = dir.resolve("client.jks");
        this.clientTrustStore = dir.resolve("client-truststore.jks");
        Path brokerKeyStore = dir.resolve("broker.jks");
        Path brokerTrustStore = dir.resolve("broker-truststore.jks");
        keyPair("broker", brokerKeyStore, "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
        keyPair("client", clientKeyStore, "CN=velostream-client", null);
        trust("broker", brokerKeyStore, clientTrustStore);
        trust("client", clientKeyStore, brokerTrustStore);

        broker = new EmbeddedKafkaKraftBroker(1, 1);
        Map<String, String> props = new HashMap<>();
        // One broker: the transaction log cannot have the default three replicas.
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        // EXTERNAL and CONTROLLER are the test kit's own listeners (inter-broker and KRaft); the others are added.
        props.put("listeners", "EXTERNAL://localhost:0,CONTROLLER://localhost:0,SASL_SSL://localhost:0,SSL://localhost:0");
        props.put("listener.security.protocol.map", "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL,SSL:SSL");
        props.put("ssl.keystore.type", "JKS");
        props.put("ssl.keystore.location", brokerKeyStore.toString());
        props.put("ssl.keystore.password", STORE_PASSWORD);
        props.put("ssl.key.password", KEY_PASSWORD);
        props.put("ssl.truststore.type", "JKS");
        props.put("ssl.truststore.location", brokerTrustStore.toString());
        props.put("ssl.truststore.password", STORE_PASSWORD);
        props.put("listener.name.ssl.ssl.client.auth", "required");
        props.put("listener.name.sasl_ssl.sasl.enabled.mechanisms", "SCRAM-SHA-512");
        props.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        broker.brokerProperties(props);
        broker.afterPropertiesSet();
        createScramUser();
    }

    /** The broker, started on first use; stopped when the JVM exits. */
    static synchronized SecureBroker get() {
        if (instance == null) {
            try {
                instance = new SecureBroker(Files.createTempDirectory("velostream-tls"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            SecureBroker started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started.broker::destroy));
        }
        return instance;
    }

    /** The PLAINTEXT listener: for the tests' own topics, producers and consumers. */
    String plaintext() {
        return broker.getBrokersAsString();
    }

    /** The SASL_SSL listener (SCRAM-SHA-512). */
    String saslSsl() {
        return address("SASL_SSL");
    }

    /** The SSL listener that requires a client certificate. */
    String ssl() {
        return address("SSL");
    }

    private String address(String listener) {
        int port = broker.getCluster().brokers().values().iterator().next().boundPort(ListenerName.normalised(listener));
        return "localhost:" + port;
    }

    /** The JAAS configuration of a SCRAM login, as {@code sasl.jaas.config} takes it. */
    static String jaas(String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + USER
                + "\" password=\"" + password + "\";";
    }

    void createTopics(String... names) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", plaintext()))) {
            admin.createTopics(Arrays.stream(names).map(n -> new NewTopic(n, 1, (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    void send(String topic, String... values) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", plaintext()),
                new StringSerializer(), new StringSerializer())) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(topic, v)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads {@code topic} from its beginning until {@code count} values arrived (at most 30 s). */
    List<String> read(String topic, int count) {
        Map<String, Object> props = Map.of("bootstrap.servers", plaintext(), "group.id", "reader-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                return values.size() >= count;
            });
        }
        return values;
    }

    /**
     * SCRAM credentials live in the KRaft metadata: made with the Admin API over the PLAINTEXT listener,
     * then awaited until a SCRAM login over SASL_SSL succeeds (the broker learns them asynchronously).
     */
    private void createScramUser() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", plaintext()))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), SCRAM_PASSWORD))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the SCRAM user", e);
        }
        Map<String, Object> client = new HashMap<>(scramClient(SCRAM_PASSWORD));
        client.put("bootstrap.servers", saslSsl());
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (Admin admin = Admin.create(client)) {
                return admin.listTopics().names().get(5, TimeUnit.SECONDS) != null;
            }
        });
    }

    /** Client settings of a SCRAM login over SASL_SSL (the trust store holds the broker's certificate). */
    Map<String, String> scramClient(String password) {
        return Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", jaas(password),
                "ssl.truststore.type", "JKS",
                "ssl.truststore.location", clientTrustStore.toString(),
                "ssl.truststore.password", STORE_PASSWORD);
    }

    /** Client settings of mTLS: the client's key and certificate, and the trust store. */
    Map<String, String> mtlsClient() {
        return Map.of("security.protocol", "SSL",
                "ssl.keystore.type", "JKS",
                "ssl.keystore.location", clientKeyStore.toString(),
                "ssl.keystore.password", STORE_PASSWORD,
                "ssl.key.password", KEY_PASSWORD,
                "ssl.truststore.type", "JKS",
                "ssl.truststore.location", clientTrustStore.toString(),
                "ssl.truststore.password", STORE_PASSWORD);
    }

    private static void keyPair(String alias, Path keyStore, String dname, String san) {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "2", "-dname", dname, "-storetype", "JKS", "-keystore", keyStore.toString(),
                "-storepass", STORE_PASSWORD, "-keypass", KEY_PASSWORD));
        if (san != null) {
            args.addAll(List.of("-ext", san));
        }
        keytool(args);
    }

    /** Exports {@code alias}'s certificate from {@code keyStore} into the trust store {@code trustStore}. */
    private static void trust(String alias, Path keyStore, Path trustStore) {
        Path cert = keyStore.resolveSibling(alias + ".crt");
        keytool(List.of("-exportcert", "-rfc", "-alias", alias, "-keystore", keyStore.toString(),
                "-storepass", STORE_PASSWORD, "-file", cert.toString()));
        keytool(List.of("-importcert", "-noprompt", "-alias", alias, "-file", cert.toString(), "-storetype", "JKS",
                "-keystore", trustStore.toString(), "-storepass", STORE_PASSWORD));
    }

    private static void keytool(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args.get(0) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
