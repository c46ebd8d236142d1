package io.maskwatch.edge.dispatch;

import io.maskwatch.edge.config.DeviceConfig;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.edge.store.StoredEvent;
import io.maskwatch.wire.KafkaSettings;
import java.nio.file.Path;
import java.util.List;

/**
 * Run in a child JVM: dispatches, and dies (no shutdown hooks, like kill -9 or a power cut) right
 * after the broker acknowledged the first batch and before it is marked sent.
 */
public final class DispatchThenHalt {
    private DispatchThenHalt() {}

    public static void main(String[] args) {
        Path store = Path.of(args[0]);
        String bootstrap = args[1];
        String topic = args[2];
        DispatchConfig config = new DispatchConfig(
                new DeviceConfig("dev", "test", null),
                store,
                new KafkaSettings(bootstrap, null, null, null, null, null),
                topic);
        EventStore events = EventStore.open(store);
        Dispatcher dispatcher = Dispatcher.create(config, events, name -> null, new DispatchListener() {
            @Override
            public void acknowledged(List<StoredEvent> acknowledged) {
                System.out.println("acknowledged " + acknowledged.size());
                System.out.flush();
                Runtime.getRuntime().halt(137);
            }
        });
        dispatcher.start();
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
