package io.maskwatch.server.web.compliance;

import java.util.List;

/** People seen with and without a mask, per time bucket and per device and source. */
public record ComplianceReport(
        String bucket, String timeZone, String from, String to, List<Bucket> series, List<BySource> bySource) {

    /** @param rate with_mask over everyone seen; null when nobody was seen */
    public record Bucket(String start, long withMask, long withoutMask, Double rate) {}

    public record BySource(String deviceId, String source, long withMask, long withoutMask, Double rate) {}

    static Double rate(long withMask, long withoutMask) {
        long all = withMask + withoutMask;
        return all == 0 ? null : (double) withMask / all;
    }
}
