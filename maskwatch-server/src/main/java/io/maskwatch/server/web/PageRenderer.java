package io.maskwatch.server.web;

import io.maskwatch.server.web.auth.Session;
import java.util.HashMap;
import java.util.Map;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders the dashboard's pages (Thymeleaf templates under {@code dashboard/templates/}). The
 * pages are frames: their data comes from the JSON API, so that every page has an API behind it.
 */
public final class PageRenderer {
    private final TemplateEngine engine = new TemplateEngine();

    public PageRenderer() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(PageRenderer.class.getClassLoader());
        resolver.setPrefix("dashboard/templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine.setTemplateResolver(resolver);
    }

    /** A page for a logged-in user: {@code page} names the template and the tab shown as current. */
    public String page(String page, Session session, Map<String, Object> values) {
        Map<String, Object> all = new HashMap<>(values);
        all.put("page", page);
        all.put("user", session.user().name());
        all.put("role", session.user().role().configName());
        all.put("admin", session.isAdmin());
        all.put("csrf", session.csrfToken());
        return render(page, all);
    }

    public String render(String template, Map<String, Object> values) {
        Context context = new Context();
        context.setVariables(values);
        return engine.process(template, context);
    }
}
