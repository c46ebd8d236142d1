/**
 * The server's metrics and health, on the process's {@link io.maskwatch.core.ops.ProcessOps}:
 * alerts archived, dead letters, emails, the Kafka consumers' lag per partition, the PostgreSQL
 * pool, the devices' last reports; ready while PostgreSQL answers. {@code maskwatch ingress} and
 * {@code notify} serve them on the small endpoint, {@code maskwatch server} on its dashboard.
 */
package io.maskwatch.server.ops;
