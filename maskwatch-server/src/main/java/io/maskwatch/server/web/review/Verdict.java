package io.maskwatch.server.web.review;

import io.maskwatch.server.web.WebProblem;

/** An operator's judgement of an alert. */
public enum Verdict {
    /** The person was indeed without a mask. */
    CONFIRMED("confirmed"),
    /** The alert was wrong: a mask, or no face at all. */
    FALSE_ALARM("false_alarm");

    private final String apiName;

    Verdict(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    public static Verdict parse(String text) {
        for (Verdict v : values()) {
            if (v.apiName.equals(text)) {
                return v;
            }
        }
        throw WebProblem.badParameter("verdict", "confirmed or false_alarm", String.valueOf(text));
    }
}
