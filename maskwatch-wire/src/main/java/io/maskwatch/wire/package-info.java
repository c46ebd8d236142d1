/**
 * What the device and the server share on Kafka: the event's wire format ({@code alert.proto}, the
 * seed system's), the telemetry's ({@code telemetry.proto}: compliance counts, heartbeats), the topic
 * names, the connection settings from configuration and environment, and
 * the producer settings that keep an acknowledged message from being lost.
 */
package io.maskwatch.wire;
