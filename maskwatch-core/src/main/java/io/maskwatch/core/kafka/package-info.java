/**
 * What the delivery services (device dispatcher, server ingress and notifier) share: Kafka
 * connection settings from configuration and environment, reading their YAML settings, and
 * the retry helpers (backoff, one log line per outage) that keep them running through outages.
 */
package io.maskwatch.core.kafka;
