/**
 * What the delivery services (device dispatcher, server ingress and notifier) share: Kafka
 * connection settings from configuration and environment, and reading their YAML settings.
 */
package io.maskwatch.core.kafka;
