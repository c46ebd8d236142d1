package io.maskwatch.server.config;

/**
 * The {@code topics:} section: where events arrive and where the ingress tells the notifier about
 * new alerts. Dead letters go to the same names with {@code .dlq} appended.
 */
public record TopicSettings(String alerts, String toNotify) {
    public TopicSettings {
        alerts = alerts == null || alerts.isBlank() ? "alert-topic" : alerts;
        toNotify = toNotify == null || toNotify.isBlank() ? "to-notify-topic" : toNotify;
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
