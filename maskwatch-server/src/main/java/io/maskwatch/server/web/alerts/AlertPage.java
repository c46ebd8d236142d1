package io.maskwatch.server.web.alerts;

import java.util.List;

/** One page of the alert list; {@code nextCursor} is null on the last page. */
public record AlertPage(List<AlertSummary> alerts, String nextCursor) {}
