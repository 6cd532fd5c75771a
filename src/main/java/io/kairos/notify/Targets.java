package io.kairos.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.job.Notification;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** Talks to one notification target: a webhook over HTTP, or an e-mail through the Quarkus mailer (SMTP). */
@ApplicationScoped
class Targets {

    private final ObjectMapper json;
    private final Mailer mailer;
    private final NotifyConfig config;
    private final HttpClient http;

    Targets(ObjectMapper json, Mailer mailer, NotifyConfig config) {
        this.json = json;
        this.mailer = mailer;
        this.config = config;
        // redirects are not followed: a webhook answers where it was registered
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** @throws Exception whatever went wrong; its message becomes the row's last_error */
    void deliver(Notification target, RunNews news) throws Exception {
        if (target.webhook() != null) {
            post(target.webhook(), news);
        } else {
            mailer.send(Mail.withText(target.email().to().get(0), news.headline(), news.emailText())
                    .setTo(target.email().to()));
        }
    }

    private void post(Notification.Webhook hook, RunNews news) throws IOException, InterruptedException {
        Object body = hook.format() == Notification.Format.slack ? Map.of("text", news.slackText()) : news;
        HttpRequest request = HttpRequest.newBuilder(URI.create(hook.url()))
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Kairos")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            String text = response.body() == null ? "" : response.body();
            throw new IOException("HTTP " + response.statusCode() + (text.isBlank() ? "" : ": " + text.substring(0, Math.min(200, text.length()))));
        }
    }
}
