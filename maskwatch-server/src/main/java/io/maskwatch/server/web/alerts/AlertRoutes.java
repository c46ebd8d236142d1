package io.maskwatch.server.web.alerts;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.maskwatch.server.web.PageRenderer;
import io.maskwatch.server.web.QueryParams;
import io.maskwatch.server.web.WebProblem;
import io.maskwatch.server.web.auth.Access;
import io.maskwatch.server.web.auth.AccessControl;
import java.util.Map;

/** The alert list and alert pages, and the API behind them: pages, one alert, its face, the live feed. */
public final class AlertRoutes {
    private final AlertRepository alerts;
    private final LiveAlertFeed feed;
    private final PageRenderer pages;

    public AlertRoutes(AlertRepository alerts, LiveAlertFeed feed, PageRenderer pages) {
        this.alerts = alerts;
        this.feed = feed;
        this.pages = pages;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/alerts", ctx -> ctx.json(alerts.page(AlertFilter.parse(new QueryParams(ctx)))), Access.VIEWER);
        routes.sse("/api/alerts/live", feed::subscribe, Access.VIEWER);
        routes.get("/api/alerts/{id}", this::detail, Access.VIEWER);
        routes.get("/api/alerts/{id}/image", this::image, Access.VIEWER);
        routes.get(
                "/alerts", ctx -> ctx.html(pages.page("alerts", AccessControl.session(ctx), Map.of())), Access.VIEWER);
        routes.get("/alerts/{id}", this::alertPage, Access.VIEWER);
    }

    private void detail(Context ctx) {
        long id = QueryParams.id(ctx, "id");
        ctx.json(alerts.detail(id).orElseThrow(() -> WebProblem.notFound("no alert " + id)));
    }

    private void image(Context ctx) {
        long id = QueryParams.id(ctx, "id");
        AlertRepository.FaceImage image = alerts.image(id).orElseThrow(() -> WebProblem.notFound("no alert " + id));
        if (image.deletedAt() != null) {
            throw WebProblem.notFound("the face image of alert " + id + " was deleted by retention on "
                    + image.deletedAt() + " (retention.image_days); the alert itself is still at /api/alerts/" + id);
        }
        if (image.data() == null) {
            throw WebProblem.notFound("alert " + id + " came without a face image");
        }
        // Personal data: a shared cache must never keep it.
        ctx.header("Cache-Control", "private, max-age=3600");
        ctx.contentType(image.mediaType()).result(image.data());
    }

    private void alertPage(Context ctx) {
        long id = QueryParams.id(ctx, "id");
        ctx.html(pages.page("alert", AccessControl.session(ctx), Map.of("alertId", id)));
    }
}
