package io.maskwatch.wire;

import io.maskwatch.core.config.ConfigSection;

/**
 * The {@code topics:} section, one name per topic on the device and the server alike: where
 * devices send events ({@code alerts}) and where the ingress tells the notifier about new alerts
 * ({@code to_notify}, the server's only). Dead letters go to the same names with {@code .dlq}
 * appended.
 */
public record TopicSettings(String alerts, String toNotify) {
    /** The seed system's topic names. */
    public static final String DEFAULT_ALERTS = "alert-topic";

    public static final String DEFAULT_TO_NOTIFY = "to-notify-topic";

    public TopicSettings {
        alerts = alerts == null || alerts.isBlank() ? DEFAULT_ALERTS : alerts;
        toNotify = toNotify == null || toNotify.isBlank() ? DEFAULT_TO_NOTIFY : toNotify;
    }

    /** The server's {@code topics} section; a device reads only {@code alerts} ({@link #readAlerts}). */
    public static TopicSettings read(ConfigSection s) {
        TopicSettings topics = new TopicSettings(s.string("alerts", null), s.string("to_notify", null));
        s.rejectUnknownKeys();
        return topics;
    }

    /** A device's {@code topics} section: only where its events go. */
    public static TopicSettings readAlerts(ConfigSection s) {
        TopicSettings topics = new TopicSettings(s.string("alerts", null), null);
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
}
