package io.maskwatch.app.delivery;

import io.maskwatch.app.UserError;
import io.maskwatch.edge.config.EdgeConfig;
import io.maskwatch.edge.config.EdgeConfigLoader;
import io.maskwatch.edge.config.OpsConfig;
import io.maskwatch.edge.dispatch.DispatchConfig;
import io.maskwatch.edge.dispatch.DispatchListener;
import io.maskwatch.edge.dispatch.Dispatcher;
import io.maskwatch.edge.ops.DeviceOps;
import io.maskwatch.edge.retention.ImageRetention;
import io.maskwatch.edge.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code maskwatch dispatch}: the device's relay from the SQLite event store to Kafka. */
@Command(
        name = "dispatch",
        mixinStandardHelpOptions = true,
        description = {
            "Publishes the events of the device's SQLite store to Kafka (topic topics.alerts, default alert-topic),"
                    + " oldest first, as protobuf Alert messages keyed by device id, and marks each sent once the"
                    + " broker acknowledged it. Keeps the events while Kafka is unreachable and catches up by itself.",
            "When no event waits, it sends the per-minute compliance counts the same way (topics.compliance,"
                    + " default maskwatch-compliance; a minute counted on after it was sent goes again), and every"
                    + " dispatch.heartbeat_interval seconds (default 60) a heartbeat (topics.heartbeats, default"
                    + " maskwatch-heartbeats: device, location, models of the newest stored event, version, backlog).",
            "",
            "Reads from the device configuration: device.guid/type/enrolled_on, deployment.latitude/longitude,"
                    + " sources (their names), store.path (default data/maskwatch.db), topics.*, dispatch.*, ops.* and"
                    + " kafka.* (bootstrap_servers, security_protocol, sasl_mechanism, sasl_username, properties). The SASL password comes only from MASKWATCH_KAFKA_PASSWORD (or the"
                    + " variable kafka.sasl_password_env names); MASKWATCH_KAFKA_BOOTSTRAP_SERVERS and friends override"
                    + " the file.",
            "Deletes the face image of each sent event store.image_retention_days (default 30; 0: never) after it"
                    + " was stored, at start and every hour; unsent events keep theirs.",
            "Serves /metrics and /health on ops.bind:ops.port (default 127.0.0.1:9465; ops.port: 0 turns it off):"
                    + " the backlog, the oldest unsent event, the store's size, the producer's meters; not ready"
                    + " while the store refuses writes.",
            ""
        })
public final class DispatchCommand implements Callable<Integer> {
    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "Device configuration (YAML). Without it, only the environment is used.")
    Path config;

    @Option(names = "--store", paramLabel = "FILE", description = "SQLite event store; overrides store.path.")
    Path store;

    @Override
    public Integer call() {
        EdgeConfig device = EdgeConfigLoader.load(config, Map.of(), System::getenv);
        DispatchConfig settings = DispatchConfig.of(device);
        Path storePath = store != null ? store : settings.storePath();
        checkStoreExists(storePath);
        BrokerCheck.atStart(settings.kafka(), settings.kafka().clientProperties(System::getenv));
        RunUntilStopped run = new RunUntilStopped();
        DeviceOps ops = run.closeAtEnd(DeviceOps.start(device.ops(), OpsConfig.DISPATCH_PORT));
        Dispatcher dispatcher;
        try {
            EventStore events = run.closeAtEnd(EventStore.open(storePath));
            run.closeAtEnd(ops.watchStore(events));
            ImageRetention.start(events, device.store(), Clock.systemUTC())
                    .map(run::closeAtEnd)
                    .ifPresent(ops::watchRetention);
            dispatcher = run.closeAtEnd(Dispatcher.create(settings, events, System::getenv, DispatchListener.NONE));
        } catch (RuntimeException e) {
            // The endpoint must not outlive a start that failed (a store that is no database, ...).
            run.closeAfterFailedStart();
            throw e;
        }
        ops.watchDispatcher(dispatcher);
        dispatcher.start();
        return run.await("Dispatcher (" + storePath + " -> " + settings.kafka().describe() + ")");
    }

    /**
     * Only {@code detect} creates a store: a dispatcher on a path that names none would create an empty
     * one (and its folder) and wait forever for events that go elsewhere.
     */
    static void checkStoreExists(Path storePath) {
        if (Files.isDirectory(storePath)) {
            throw new UserError("store " + storePath + " is a folder; give the store's file (store.path or --store,"
                    + " e.g. data/maskwatch.db)");
        }
        if (!Files.isRegularFile(storePath)) {
            throw new UserError("store " + storePath + " does not exist; give the store 'maskwatch detect' writes"
                    + " (store.path in the device configuration, or --store), or run detect first: it creates it");
        }
    }
}
