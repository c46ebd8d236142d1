package io.maskwatch.server.web.review;

/**
 * How often the reviewed alerts of one device or one model were wrong.
 *
 * @param key the device id or the mask model's id
 * @param name what to show (the device id, or the model's name)
 * @param rate false alarms over reviewed alerts; null while none is reviewed
 */
public record FalseAlarmRate(String key, String name, long alerts, long reviewed, long falseAlarms, Double rate) {
    public static FalseAlarmRate of(String key, String name, long alerts, long reviewed, long falseAlarms) {
        return new FalseAlarmRate(
                key, name, alerts, reviewed, falseAlarms, reviewed == 0 ? null : (double) falseAlarms / reviewed);
    }
}
