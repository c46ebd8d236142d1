package io.maskwatch.wire;

import io.maskwatch.core.config.ConfigSection;

/**
 * The {@code topics:} section, one name per topic on the device and the server alike: where
 * devices send events ({@code alerts}), their per-minute compliance counts ({@code compliance})
 * and their heartbeats ({@code heartbeats}), and where the ingress tells the notifier about new
 * alerts ({@code to_notify}, the server's only). Dead letters go to the same names with {@code
 * .dlq} appended.
 */
public record TopicSettings(String alerts, String toNotify, String compliance, String heartbeats) {
    /** The seed system's topic names. */
    public static final String DEFAULT_ALERTS = "alert-topic";

    public static final String DEFAULT_TO_NOTIFY = "to-notify-topic";
    public static final String DEFAULT_COMPLIANCE = "maskwatch-compliance";
    public static final String DEFAULT_HEARTBEATS = "maskwatch-heartbeats";

    public TopicSettings {
        alerts = orDefault(alerts, DEFAULT_ALERTS);
        toNotify = orDefault(toNotify, DEFAULT_TO_NOTIFY);
        compliance = orDefault(compliance, DEFAULT_COMPLIANCE);
        heartbeats = orDefault(heartbeats, DEFAULT_HEARTBEATS);
    }

    /** Events and notifications named, the telemetry topics by default. */
    public TopicSettings(String alerts, String toNotify) {
        this(alerts, toNotify, null, null);
    }

    /** The server's {@code topics} section. */
    public static TopicSettings read(ConfigSection s) {
        TopicSettings topics = new TopicSettings(
                s.string("alerts", null),
                s.string("to_notify", null),
                s.string("compliance", null),
                s.string("heartbeats", null));
        s.rejectUnknownKeys();
        return topics;
    }

    /**
     * A device's {@code topics} section: where its events, counts and heartbeats go ({@code
     * to_notify} is the server's own, and an error here).
     */
    public static TopicSettings readDevice(ConfigSection s) {
        TopicSettings topics = new TopicSettings(
                s.string("alerts", null), null, s.string("compliance", null), s.string("heartbeats", null));
        s.rejectUnknownKeys();
        return topics;
    }

    public static TopicSettings defaults() {
        return new TopicSettings(null, null);
    }

    public String alertsDeadLetter() {
        return alerts + ".dlq";
    }

    public String notifyDeadLetter() {
        return toNotify + ".dlq";
    }

    public String complianceDeadLetter() {
        return compliance + ".dlq";
    }

    public String heartbeatsDeadLetter() {
        return heartbeats + ".dlq";
    }

    private static String orDefault(String name, String fallback) {
        return name == null || name.isBlank() ? fallback : name;
    }
}
