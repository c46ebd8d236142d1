package io.maskwatch.edge.dispatch;

import io.maskwatch.edge.config.DeviceConfig;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.edge.store.TestEvents;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.telemetry.TelemetryService;
import io.maskwatch.server.testing.TestInfra;
import io.maskwatch.wire.KafkaSettings;
import io.maskwatch.wire.TopicSettings;
import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The server's side of the telemetry for each test ({@code @RegisterExtension}): the real {@link
 * TelemetryService} on topics of its own, the in-process broker and a fresh embedded PostgreSQL
 * database; and the device's dispatchers configured for them.
 */
final class TelemetryServer implements BeforeEachCallback, AfterEachCallback {
    /** Short client timeouts (passed through kafka.properties): an outage of seconds fails sends. */
    static final Map<String, String> IMPATIENT =
            Map.of("delivery.timeout.ms", "3000", "request.timeout.ms", "1000", "max.block.ms", "1000");

    private TopicSettings topics;
    private Database database;
    private TelemetryService telemetry;

    @Override
    public void beforeEach(ExtensionContext context) {
        topics = TestInfra.newTopics();
        database = TestInfra.newMigratedDatabase();
        telemetry = new TelemetryService(TestInfra.kafkaClients(), topics, database.dataSource(), "edge-test");
        telemetry.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        telemetry.close();
        database.close();
    }

    TopicSettings topics() {
        return topics;
    }

    TelemetryService telemetry() {
        return telemetry;
    }

    DataSource dataSource() {
        return database.dataSource();
    }

    /** The test device's dispatcher configuration for these topics. */
    DispatchConfig config(Path store, Map<String, String> kafkaProperties, HeartbeatConfig heartbeat) {
        return new DispatchConfig(
                new DeviceConfig(TestEvents.DEVICE.guid(), TestEvents.DEVICE.type(), "2020-01-01 10:00:00"),
                store,
                new KafkaSettings(TestInfra.kafka().bootstrapServers(), null, null, null, null, kafkaProperties),
                topics,
                heartbeat);
    }

    Dispatcher dispatcher(EventStore store, Map<String, String> kafkaProperties, HeartbeatConfig heartbeat) {
        return dispatcher(store, config(store.file(), kafkaProperties, heartbeat), DispatchListener.NONE);
    }

    static Dispatcher dispatcher(EventStore store, DispatchConfig config, DispatchListener listener) {
        return Dispatcher.create(config, store, name -> null, listener);
    }
}
