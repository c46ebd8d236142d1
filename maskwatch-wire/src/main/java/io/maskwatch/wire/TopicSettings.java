package io.maskwatch.wire;

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
