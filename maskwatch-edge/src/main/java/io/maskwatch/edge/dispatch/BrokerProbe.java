package io.maskwatch.edge.dispatch;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Asks the broker whether it is there: for a dispatcher with nothing to send. */
interface BrokerProbe extends AutoCloseable {
    /** Returns when the broker answered; throws what went wrong otherwise. */
    void check() throws Exception;

    @Override
    void close();

    /** The cluster's description through an admin client with the dispatcher's connection settings. */
    static BrokerProbe describeCluster(Map<String, Object> clientProperties, Duration timeout) {
        Admin admin = Admin.create(clientProperties);
        DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs((int) timeout.toMillis());
        return new BrokerProbe() {
            @Override
            public void check() throws Exception {
                admin.describeCluster(options).nodes().get();
            }

            @Override
            public void close() {
                admin.close(Duration.ofSeconds(2));
            }
        };
    }
}
