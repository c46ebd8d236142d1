package io.maskwatch.devstack;

import io.maskwatch.core.files.TemporaryFolder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node KRaft Kafka (broker and controller in one server) in this JVM, for {@code
 * maskwatch dev-stack}, the benchmarks and the tests. It listens on the loopback address only: a
 * development broker has no authentication, so nothing outside this machine may reach it. (Kafka's
 * own test kit binds its ports on every interface, which is why this class starts the server
 * itself.) Not for production: run a real cluster there.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaConfig config;
    private final String bootstrapServers;
    private final Path dataDir;
    private final boolean deleteOnClose;
    private KafkaRaftServer server;

    private EmbeddedKafka(KafkaConfig config, String bootstrapServers, Path dataDir, boolean deleteOnClose) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
    }

    /** Starts the broker on a free port; its data lives under {@code dataDir} (null: a temporary folder, deleted on close). */
    public static EmbeddedKafka start(Path dataDir) throws Exception {
        return start(dataDir, 0);
    }

    /** As {@link #start(Path)}, with the clients' port given ({@code 0}: a free one). */
    public static EmbeddedKafka start(Path dataDir, int port) throws Exception {
        boolean temporary = dataDir == null;
        Path dir = temporary ? Files.createTempDirectory("maskwatch-kafka-") : dataDir;
        Files.createDirectories(dir);
        int brokerPort = port != 0 ? port : freeLoopbackPort();
        int controllerPort = freeLoopbackPort();
        KafkaConfig config = KafkaConfig.fromProps(properties(dir, brokerPort, controllerPort));
        format(config, dir);
        EmbeddedKafka kafka = new EmbeddedKafka(config, LOOPBACK + ":" + brokerPort, dir, temporary);
        try {
            kafka.startServer();
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    private static Properties properties(Path dir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + LOOPBACK + ":" + controllerPort);
        p.put(
                "listeners",
                "PLAINTEXT://" + LOOPBACK + ":" + brokerPort + ",CONTROLLER://" + LOOPBACK + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("log").toString());
        p.put("metadata.log.dir", dir.resolve("metadata").toString());
        // One broker: internal topics cannot have more replicas than that.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // A development broker on a laptop: small buffers, quick shutdown.
        p.put("log.cleaner.dedupe.buffer.size", "2097152");
        p.put("controlled.shutdown.enable", "false");
        return p;
    }

    /** Writes the node's identity into its folders (kafka-storage format); a formatted folder is kept. */
    private static void format(KafkaConfig config, Path dir) throws Exception {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        new Formatter()
                .setPrintStream(quiet)
                .setNodeId(config.nodeId())
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(
                        dir.resolve("log").toString(), dir.resolve("metadata").toString()))
                .setMetadataLogDirectory(dir.resolve("metadata").toString())
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setControllerListenerName("CONTROLLER")
                .setIgnoreFormatted(true)
                .run();
    }

    /**
     * A port that is free on the loopback address now. The server binds it a moment later; the
     * port is fixed for the broker's life so that a restarted broker comes back where its clients
     * look for it.
     */
    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    private synchronized void startServer() throws Exception {
        KafkaRaftServer started = new KafkaRaftServer(config, Time.SYSTEM);
        server = started;
        started.startup();
        awaitReady();
    }

    /** Until the broker answers a metadata request with itself in it (it is registered and unfenced). */
    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(adminConfig)) {
            Exception last = null;
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get().isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    last = e;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException(
                    "the embedded Kafka broker did not become ready within " + READY_TIMEOUT.toSeconds() + " s", last);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Stops the broker: clients see it go away. For fault tests; {@link #restartBroker()} brings it back. */
    public synchronized void stopBroker() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Starts the stopped broker again, on the same port with the same data. */
    public synchronized void restartBroker() throws Exception {
        if (server == null) {
            startServer();
        }
    }

    @Override
    public void close() {
        stopBroker();
        if (deleteOnClose) {
            TemporaryFolder.deleteTree(dataDir);
        }
    }
}
