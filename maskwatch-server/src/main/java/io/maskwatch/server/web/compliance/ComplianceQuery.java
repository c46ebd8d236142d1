package io.maskwatch.server.web.compliance;

import io.maskwatch.server.web.QueryParams;
import io.maskwatch.server.web.WebProblem;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Which counts to chart: per hour or per day (days begin at midnight in the viewer's time zone),
 * over a time range, for one device or source or all.
 */
public record ComplianceQuery(
        String bucket, ZoneId zone, Instant from, Instant to, Optional<String> device, Optional<String> source) {
    public static final List<String> BUCKETS = List.of("hour", "day");
    /** Buckets in one answer at most: a year of days, or two months of hours. */
    static final int MAX_BUCKETS = 1500;

    public static ComplianceQuery parse(QueryParams q, Instant now) {
        String bucket = q.oneOf("bucket", BUCKETS, "hour");
        ZoneId zone = q.text("tz").map(ComplianceQuery::zone).orElse(ZoneId.of("UTC"));
        Instant to = q.instant("to").orElse(now);
        Instant from =
                q.instant("from").orElse(to.minus(bucket.equals("hour") ? Duration.ofHours(24) : Duration.ofDays(14)));
        if (!from.isBefore(to)) {
            throw WebProblem.badParameter("to", "a time after from (" + from + ")", to.toString());
        }
        Duration size = bucket.equals("hour") ? Duration.ofHours(1) : Duration.ofDays(1);
        if (Duration.between(from, to).dividedBy(size) > MAX_BUCKETS) {
            throw WebProblem.badParameter(
                    "from", "a range of at most " + MAX_BUCKETS + " " + bucket + "s before to", from.toString());
        }
        return new ComplianceQuery(bucket, zone, from, to, q.text("device"), q.text("source"));
    }

    private static ZoneId zone(String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw WebProblem.badParameter("tz", "an IANA time zone such as Europe/Paris", text);
        }
    }
}
