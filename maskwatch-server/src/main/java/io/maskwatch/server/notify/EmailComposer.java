package io.maskwatch.server.notify;

import io.maskwatch.server.config.RecipientSettings;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders the emails from the Thymeleaf templates under {@code templates/}: one alert (the
 * seed's subject, greeting the administrator by name, the face crop inline) or a digest of the
 * alerts flood control held back. Times are shown in the recipient's time zone.
 */
final class EmailComposer {
    /** Face crops shown inline in a digest; the rest are listed without their picture. */
    static final int DIGEST_IMAGES = 20;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz", Locale.ENGLISH);

    private final TemplateEngine engine = new TemplateEngine();
    private final int maxImageBytes;

    /** @param maxImageBytes face crops larger than this are scaled down (smtp.max_image_kb) */
    EmailComposer(int maxImageBytes) {
        this.maxImageBytes = maxImageBytes;
        engine.addTemplateResolver(resolver(TemplateMode.HTML, ".html"));
        engine.addTemplateResolver(resolver(TemplateMode.TEXT, ".txt"));
    }

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String suffix) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(EmailComposer.class.getClassLoader());
        resolver.setPrefix("templates/");
        resolver.setTemplateMode(mode);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setResolvablePatterns(java.util.Set.of("*" + suffix));
        resolver.setCheckExistence(true);
        resolver.setCacheable(true);
        return resolver;
    }

    Email alert(RecipientSettings recipient, AlertView alert) {
        Context context = context(recipient, List.of(alert));
        context.setVariable("alert", row(alert, recipient, true));
        return new Email(
                recipient.email(),
                recipient.name(),
                "Someone's not wearing their mask - Alert #" + alert.id(),
                engine.process("alert-email.html", context),
                engine.process("alert-email.txt", context),
                List.of(image(alert)));
    }

    Email digest(RecipientSettings recipient, List<AlertView> alerts) {
        Context context = context(recipient, alerts);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Email.InlineImage> images = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            boolean withImage = i < DIGEST_IMAGES;
            rows.add(row(alerts.get(i), recipient, withImage));
            if (withImage) {
                images.add(image(alerts.get(i)));
            }
        }
        context.setVariable("alerts", rows);
        long first = alerts.get(0).id();
        long last = alerts.get(alerts.size() - 1).id();
        String subject =
                alerts.size() + " people not wearing their mask - Alerts #" + first + " to #" + last + " (digest)";
        return new Email(
                recipient.email(),
                recipient.name(),
                subject,
                engine.process("digest-email.html", context),
                engine.process("digest-email.txt", context),
                images);
    }

    private static Context context(RecipientSettings recipient, List<AlertView> alerts) {
        Context context = new Context(Locale.ENGLISH);
        context.setVariable(
                "name", recipient.name() == null || recipient.name().isBlank() ? "administrator" : recipient.name());
        context.setVariable("count", alerts.size());
        return context;
    }

    private static Map<String, Object> row(AlertView a, RecipientSettings recipient, boolean withImage) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("id", a.id());
        row.put("time", TIME.format(a.eventTime().atZone(ZoneId.of(recipient.timeZone()))));
        row.put("device", a.deviceType() + " (" + a.deviceId() + ")");
        row.put("source", a.source() == null || a.source().isEmpty() ? null : a.source());
        row.put(
                "probability",
                a.probability() == null ? "unknown" : String.format(Locale.ENGLISH, "%.1f %%", a.probability() * 100));
        boolean located = a.latitude() != null && a.longitude() != null;
        row.put(
                "location",
                located ? String.format(Locale.ENGLISH, "%.5f, %.5f", a.latitude(), a.longitude()) : "unknown");
        row.put(
                "map",
                located
                        ? String.format(
                                Locale.ENGLISH,
                                "https://www.openstreetmap.org/?mlat=%.5f&mlon=%.5f#map=17/%.5f/%.5f",
                                a.latitude(),
                                a.longitude(),
                                a.latitude(),
                                a.longitude())
                        : null);
        row.put("cid", withImage ? contentId(a) : null);
        return row;
    }

    private Email.InlineImage image(AlertView a) {
        return EmailImages.fit(
                new Email.InlineImage(contentId(a), mimeType(a.imageFormat()), a.image()), maxImageBytes);
    }

    private static String contentId(AlertView a) {
        return "face-" + a.id() + "@maskwatch";
    }

    static String mimeType(String format) {
        String f = format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
        return switch (f) {
            case "jpeg", "jpg" -> "image/jpeg";
            case "png" -> "image/png";
            case "webp" -> "image/webp";
            case "bmp" -> "image/bmp";
            default -> "application/octet-stream";
        };
    }
}
