package io.maskwatch.server.web.devices;

import io.javalin.config.RoutesConfig;
import io.maskwatch.server.web.PageRenderer;
import io.maskwatch.server.web.auth.Access;
import io.maskwatch.server.web.auth.AccessControl;
import java.util.Map;

/** The devices page and {@code GET /api/devices}. */
public final class DeviceRoutes {
    private final DeviceRepository devices;
    private final PageRenderer pages;

    public DeviceRoutes(DeviceRepository devices, PageRenderer pages) {
        this.devices = devices;
        this.pages = pages;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/devices", ctx -> ctx.json(Map.of("devices", devices.all())), Access.VIEWER);
        routes.get(
                "/devices",
                ctx -> ctx.html(pages.page("devices", AccessControl.session(ctx), Map.of())),
                Access.VIEWER);
    }
}
