package io.maskwatch.server.web.compliance;

import io.javalin.config.RoutesConfig;
import io.maskwatch.server.web.PageRenderer;
import io.maskwatch.server.web.QueryParams;
import io.maskwatch.server.web.auth.Access;
import io.maskwatch.server.web.auth.AccessControl;
import java.time.Clock;
import java.util.Map;

/** The compliance page, {@code GET /api/compliance} and its CSV export {@code GET /api/compliance.csv}. */
public final class ComplianceRoutes {
    private final ComplianceRepository compliance;
    private final PageRenderer pages;
    private final Clock clock;

    public ComplianceRoutes(ComplianceRepository compliance, PageRenderer pages, Clock clock) {
        this.compliance = compliance;
        this.pages = pages;
        this.clock = clock;
    }

    public void register(RoutesConfig routes) {
        routes.get(
                "/api/compliance",
                ctx -> ctx.json(compliance.report(ComplianceQuery.parse(new QueryParams(ctx), clock.instant()))),
                Access.VIEWER);
        routes.get(
                "/api/compliance.csv",
                ctx -> {
                    ComplianceQuery q = ComplianceQuery.parse(new QueryParams(ctx), clock.instant());
                    ctx.header("Content-Disposition", "attachment; filename=\"" + ComplianceCsv.fileName(q) + "\"");
                    ctx.contentType("text/csv; charset=utf-8").result(ComplianceCsv.write(q, compliance.rows(q)));
                },
                Access.VIEWER);
        routes.get(
                "/compliance",
                ctx -> ctx.html(pages.page("compliance", AccessControl.session(ctx), Map.of())),
                Access.VIEWER);
    }
}
