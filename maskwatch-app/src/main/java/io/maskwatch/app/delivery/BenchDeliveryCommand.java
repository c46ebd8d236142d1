package io.maskwatch.app.delivery;

import com.google.protobuf.ByteString;
import io.maskwatch.core.files.TemporaryFolder;
import io.maskwatch.core.image.SyntheticJpeg;
import io.maskwatch.devstack.DevSmtp;
import io.maskwatch.devstack.EmbeddedKafka;
import io.maskwatch.devstack.EmbeddedPostgresServer;
import io.maskwatch.edge.config.DeviceConfig;
import io.maskwatch.edge.dispatch.DispatchConfig;
import io.maskwatch.edge.dispatch.DispatchListener;
import io.maskwatch.edge.dispatch.Dispatcher;
import io.maskwatch.edge.store.DeviceInfo;
import io.maskwatch.edge.store.EventOrigin;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.edge.store.ModelInfo;
import io.maskwatch.server.config.FloodControlSettings;
import io.maskwatch.server.config.PostgresSettings;
import io.maskwatch.server.config.RecipientSettings;
import io.maskwatch.server.config.ServerConfig;
import io.maskwatch.server.config.SmtpSettings;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.ingress.IngressService;
import io.maskwatch.server.kafka.KafkaClients;
import io.maskwatch.server.kafka.TopicSetup;
import io.maskwatch.server.notify.NotifierService;
import io.maskwatch.vision.event.FaceEvent;
import io.maskwatch.wire.KafkaSettings;
import io.maskwatch.wire.NoLossProducer;
import io.maskwatch.wire.TopicSettings;
import io.maskwatch.wire.proto.Alert;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code maskwatch bench-delivery}: the delivery chain's two speed targets, measured on this
 * machine with the embedded broker, PostgreSQL and SMTP sink.
 */
@Command(
        name = "bench-delivery",
        mixinStandardHelpOptions = true,
        description = {
            "Measures, on an embedded KRaft broker, PostgreSQL and SMTP sink in this process:",
            "  1. ingress throughput: the events topic is filled with --alerts messages carrying --image-kb KB face"
                    + " crops, then one ingress archives them; reports alerts/s into PostgreSQL (target >= 2,000/s"
                    + " with 20 KB);",
            "  2. detection-to-email latency on an idle system: --latency-events events, one at a time, go from"
                    + " the SQLite store through dispatcher, Kafka, ingress, PostgreSQL and notifier to the SMTP"
                    + " server; reports p50/p95/p99/max (target p95 < 2 s).",
            ""
        })
public final class BenchDeliveryCommand implements Callable<Integer> {
    @Option(
            names = "--alerts",
            defaultValue = "20000",
            description = "Messages for the throughput run (default ${DEFAULT-VALUE}).")
    int alerts;

    @Option(
            names = "--consumers",
            defaultValue = "2",
            description = "Ingress consumers (threads) in the throughput run (default ${DEFAULT-VALUE}).")
    int consumers;

    @Option(names = "--image-kb", defaultValue = "20", description = "Face crop size in KB (default ${DEFAULT-VALUE}).")
    int imageKb;

    @Option(
            names = "--latency-events",
            defaultValue = "100",
            description = "Events for the latency run (default ${DEFAULT-VALUE}); 0 skips it.")
    int latencyEvents;

    @Option(
            names = "--idle-ms",
            defaultValue = "200",
            description = "Pause between latency events, so each meets an idle system (default ${DEFAULT-VALUE}).")
    int idleMs;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        out.printf(
                Locale.ROOT,
                "bench-delivery: %d CPUs, max heap %d MB, Java %s%n",
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(null);
                EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(null, 0)) {
            KafkaClients clients = new KafkaClients(KafkaSettings.plaintext(kafka.bootstrapServers()), name -> null);
            PostgresSettings pg = new PostgresSettings(postgres.jdbcUrl(), "postgres", null, 8);
            if (alerts > 0) {
                throughput(out, clients, pg);
            }
            if (latencyEvents > 0) {
                latency(out, kafka, clients, pg);
            }
        }
        return 0;
    }

    private void throughput(PrintStream out, KafkaClients clients, PostgresSettings pg) throws Exception {
        TopicSettings topics = new TopicSettings("bench-alerts", "bench-notify");
        TopicSetup.ensure(clients, List.of(topics.alerts(), topics.alertsDeadLetter(), topics.toNotify()), 6);
        long fillStart = System.nanoTime();
        fill(clients, topics.alerts());
        double fillSeconds = seconds(System.nanoTime() - fillStart);
        out.printf(
                Locale.ROOT,
                "Filled %s with %,d alerts of %d KB in %.1f s%n",
                topics.alerts(),
                alerts,
                imageKb,
                fillSeconds);

        try (Database database = Database.open(pg, name -> null, () -> true)) {
            long start = System.nanoTime();
            long[] firstStored = {0};
            try (IngressService ingress =
                    new IngressService(clients, topics, database.dataSource(), "bench", consumers)) {
                ingress.start();
                waitFor(
                        () -> {
                            if (firstStored[0] == 0 && ingress.storedCount() > 0) {
                                firstStored[0] = System.nanoTime();
                            }
                            return ingress.storedCount() >= alerts;
                        },
                        Duration.ofMinutes(10),
                        "ingress to store " + alerts + " alerts");
                long end = System.nanoTime();
                long rows = count(database, "SELECT count(*) FROM alert");
                long bytes = count(database, "SELECT sum(octet_length(data)) FROM image");
                double total = seconds(end - start);
                double steady = seconds(end - firstStored[0]);
                out.printf(
                        Locale.ROOT,
                        "Ingress (%d consumers): %,d alerts (%,d rows, %.0f MB of images) into PostgreSQL in %.2f s"
                                + " = %,.0f alerts/s; steady state (from the first committed batch) %,.0f alerts/s,"
                                + " %.1f MB/s; %s%n",
                        consumers,
                        alerts,
                        rows,
                        bytes / 1e6,
                        total,
                        alerts / total,
                        alerts / steady,
                        bytes / 1e6 / steady,
                        load());
            }
        }
    }

    private void fill(KafkaClients clients, String topic) {
        Map<String, Object> props = new HashMap<>(clients.common());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
        props.putAll(NoLossProducer.SETTINGS);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < alerts; i++) {
                byte[] image = SyntheticJpeg.ofSize(imageKb * 1024, 42 + i);
                String device = "bench-device-" + (i % 8);
                producer.send(new ProducerRecord<>(
                        topic, device.getBytes(), alert(i, device, image).toByteArray()));
            }
            producer.flush();
        }
    }

    private static Alert alert(int i, String device, byte[] image) {
        return Alert.newBuilder()
                .setEventTime(Instant.now().toString())
                .setEventId(UUID.randomUUID().toString())
                .setCreatedBy(Alert.Device.newBuilder()
                        .setGuid(device)
                        .setType("bench")
                        .setEnrolledOn("2024-01-01 00:00:00"))
                .setLocation(Alert.Location.newBuilder().setLatitude(48.85f).setLongitude(2.35f))
                .setFaceDetectionModel(Alert.Model.newBuilder()
                        .setGuid("face-1")
                        .setName("yunet")
                        .setThreshold(0.6f))
                .setMaskClassifierModel(Alert.Model.newBuilder()
                        .setGuid("mask-1")
                        .setName("mobilenetv2")
                        .setThreshold(0.8f))
                .setProbability(0.93f)
                .setSource("cam-" + (i % 4))
                .setTrackId(i)
                .setImage(Alert.Image.newBuilder()
                        .setFormat("jpeg")
                        .setSize(Alert.Image.Size.newBuilder().setWidth(112).setHeight(112))
                        .setData(ByteString.copyFrom(image)))
                .build();
    }

    private void latency(PrintStream out, EmbeddedKafka kafka, KafkaClients clients, PostgresSettings pg)
            throws Exception {
        TopicSettings topics = new TopicSettings("latency-alerts", "latency-notify");
        try (TemporaryFolder dir = TemporaryFolder.create("maskwatch-bench");
                DevSmtp smtp = DevSmtp.start(0);
                Database database = Database.open(pg, name -> null, () -> true)) {
            ServerConfig config = new ServerConfig(
                    clients.settings(),
                    topics,
                    pg,
                    SmtpSettings.plain("127.0.0.1", smtp.port(), "MaskWatch <bench@localhost>", 10),
                    List.of(new RecipientSettings("Bench", "bench@localhost", "UTC", null, null)),
                    Map.of(),
                    new FloodControlSettings(1_000_000, 60));
            try (IngressService ingress = new IngressService(clients, topics, database.dataSource(), "latency");
                    NotifierService notifier =
                            new NotifierService(config, clients, database.dataSource(), name -> null);
                    EventStore store = EventStore.open(dir.resolve("maskwatch.db"));
                    Dispatcher dispatcher = Dispatcher.create(
                            new DispatchConfig(
                                    new DeviceConfig("bench-device", "bench", "2024-01-01 00:00:00"),
                                    store.file(),
                                    KafkaSettings.plaintext(kafka.bootstrapServers()),
                                    topics.alerts()),
                            store,
                            name -> null,
                            DispatchListener.NONE)) {
                ingress.start();
                notifier.start();
                dispatcher.start();
                int warmUp = 5;
                List<Double> millis = new ArrayList<>();
                for (int i = 0; i < warmUp + latencyEvents; i++) {
                    byte[] image = SyntheticJpeg.ofSize(imageKb * 1024, 7 + i);
                    int expected = i + 1;
                    long start = System.nanoTime();
                    store.append(event(i, image), ORIGIN);
                    waitFor(() -> smtp.received().length >= expected, Duration.ofSeconds(60), "email " + expected);
                    if (i >= warmUp) {
                        millis.add((System.nanoTime() - start) / 1e6);
                    }
                    Thread.sleep(idleMs);
                }
                Collections.sort(millis);
                out.printf(
                        Locale.ROOT,
                        "Detection-to-email latency over %d events (%d KB, idle system, in-process"
                                + " dispatcher): p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms; %s%n",
                        millis.size(),
                        imageKb,
                        percentile(millis, 50),
                        percentile(millis, 95),
                        percentile(millis, 99),
                        millis.get(millis.size() - 1),
                        load());
            }
        }
    }

    private static final EventOrigin ORIGIN = new EventOrigin(
            new DeviceInfo("bench", "bench-device", "2024-01-01 00:00:00", "2024-01-02 00:00:00", 2.35, 48.85),
            new ModelInfo("yunet", "face-1", 0.6),
            new ModelInfo("mobilenetv2", "mask-1", 0.8));

    private static FaceEvent event(int i, byte[] image) {
        return new FaceEvent(
                UUID.randomUUID(),
                Instant.now(),
                "cam-0",
                i,
                10,
                10,
                122,
                122,
                0.93,
                "jpeg",
                112,
                112,
                image,
                200,
                false);
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static long count(Database database, String sql) throws Exception {
        try (Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void waitFor(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    /** The machine's load average (Linux), printed with each figure: on a shared machine it explains a lot. */
    private static String load() {
        try {
            return "load average " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "load average unknown";
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
