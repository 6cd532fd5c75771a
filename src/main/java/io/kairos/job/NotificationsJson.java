package io.kairos.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.api.JsonFields;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a job's {@code notifications} for {@link JobJson}, reporting each problem under
 * {@code /notifications/<i>/…}: {@code [{"on": ["FAILURE"], "webhook": {"url": "https://…", "format": "slack"}},
 * {"on": ["OVERDUE"], "email": {"to": ["ops@example.com"]}}]}.
 */
final class NotificationsJson {

    private static final int MAX_NOTIFICATIONS = 20;
    private static final int MAX_RECIPIENTS = 50;
    private static final int MAX_URL = 2048;
    // deliberately loose: the SMTP server is the judge of an address; this catches typos like a missing @
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>,;]+@[^@\\s<>,;]+\\.[^@\\s<>,;]+");
    private static final String EVENTS = Arrays.toString(Notification.Event.values());

    private final JsonFields fields;

    private NotificationsJson(JsonFields fields) {
        this.fields = fields;
    }

    static List<Notification> read(JsonNode n, JsonFields fields) {
        return new NotificationsJson(fields).list(n);
    }

    private List<Notification> list(JsonNode n) {
        List<Notification> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            fields.error("/notifications", "must be an array like [{\"on\": [\"FAILURE\"], \"webhook\": {\"url\": \"https://…\"}}]");
            return out;
        }
        if (n.size() > MAX_NOTIFICATIONS) {
            fields.error("/notifications", "has " + n.size() + " items; at most " + MAX_NOTIFICATIONS + " are allowed");
            return out;
        }
        for (int i = 0; i < n.size(); i++) {
            Notification one = one(n.get(i), "/notifications/" + i);
            if (one != null) {
                out.add(one);
            }
        }
        return out;
    }

    private Notification one(JsonNode n, String path) {
        if (!n.isObject()) {
            fields.error(path, "must be an object with \"on\" and one of \"webhook\", \"email\"");
            return null;
        }
        fields.rejectUnknown(n, path, Set.of("on", "webhook", "email"), Set.of());
        List<Notification.Event> on = events(n.get("on"), path + "/on");
        boolean hasWebhook = present(n.get("webhook"));
        boolean hasEmail = present(n.get("email"));
        if (hasWebhook == hasEmail) {
            fields.error(path, "needs exactly one of \"webhook\" and \"email\"");
            return null;
        }
        Notification.Webhook webhook = hasWebhook ? webhook(n.get("webhook"), path + "/webhook") : null;
        Notification.Email email = hasEmail ? email(n.get("email"), path + "/email") : null;
        if (on == null || (webhook == null && email == null)) {
            return null;
        }
        return new Notification(on, webhook, email);
    }

    private static boolean present(JsonNode n) {
        return n != null && !n.isNull();
    }

    private List<Notification.Event> events(JsonNode n, String path) {
        List<String> names = fields.stringList(n, path);
        if (names == null) {
            if (n == null || n.isNull()) {
                fields.error(path, "is required: a list of " + EVENTS);
            }
            return null;
        }
        if (names.isEmpty()) {
            fields.error(path, "must name at least one of " + EVENTS);
            return null;
        }
        List<Notification.Event> on = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            try {
                Notification.Event e = Notification.Event.valueOf(names.get(i));
                if (on.contains(e)) {
                    fields.error(path + "/" + i, "'" + e + "' is listed twice");
                }
                on.add(e);
            } catch (IllegalArgumentException e) {
                fields.error(path + "/" + i, "unknown event '" + names.get(i) + "'; must be one of " + EVENTS);
            }
        }
        return on;
    }

    private Notification.Webhook webhook(JsonNode n, String path) {
        if (!n.isObject()) {
            fields.error(path, "must be an object like {\"url\": \"https://…\", \"format\": \"json\"}");
            return null;
        }
        fields.rejectUnknown(n, path, Set.of("url", "format"), Set.of());
        String url = fields.text(n, path + "/url", MAX_URL, false);
        String why = url == null ? "is required" : badUrl(url);
        if (why != null) {
            fields.error(path + "/url", why);
        }
        String f = fields.text(n, path + "/format", 16, true);
        Notification.Format format = Notification.Format.json;
        if (f != null) {
            try {
                format = Notification.Format.valueOf(f);
            } catch (IllegalArgumentException e) {
                fields.error(path + "/format", "must be json or slack");
            }
        }
        return why == null ? new Notification.Webhook(url, format) : null;
    }

    /** @return why {@code url} cannot be a webhook, or null when it can */
    private static String badUrl(String url) {
        try {
            URI u = new URI(url);
            if (!"http".equalsIgnoreCase(u.getScheme()) && !"https".equalsIgnoreCase(u.getScheme())) {
                return "must be an http or https URL";
            }
            if (u.getHost() == null || u.getHost().isBlank()) {
                return "must name a host";
            }
            return null;
        } catch (URISyntaxException e) {
            return "is not a valid URL: " + e.getReason();
        }
    }

    private Notification.Email email(JsonNode n, String path) {
        if (!n.isObject()) {
            fields.error(path, "must be an object like {\"to\": [\"ops@example.com\"]}");
            return null;
        }
        fields.rejectUnknown(n, path, Set.of("to"), Set.of());
        List<String> to = fields.stringList(n.get("to"), path + "/to");
        if (to == null || to.isEmpty()) {
            if (to != null || !present(n.get("to"))) {
                fields.error(path + "/to", "needs at least one recipient");
            }
            return null;
        }
        if (to.size() > MAX_RECIPIENTS) {
            fields.error(path + "/to", "has " + to.size() + " recipients; at most " + MAX_RECIPIENTS + " are allowed");
            return null;
        }
        boolean ok = true;
        for (int i = 0; i < to.size(); i++) {
            if (!ADDRESS.matcher(to.get(i)).matches() || to.get(i).length() > 320) {
                fields.error(path + "/to/" + i, "'" + to.get(i) + "' is not an e-mail address");
                ok = false;
            }
        }
        return ok ? new Notification.Email(to) : null;
    }
}
