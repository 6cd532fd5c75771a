package io.kairos.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code kairos.notify.*}: how notifications are delivered and retried (SMTP itself is {@code quarkus.mailer.*}). */
@ConfigMapping(prefix = "kairos.notify")
public interface NotifyConfig {

    /** Tries per notification, the first included; after the last failed one the row is FAILED. */
    @WithDefault("5")
    int maxAttempts();

    /** The wait after the first failed try; each further wait is {@link #backoffFactor()} times longer. */
    @WithDefault("1s")
    Duration backoff();

    @WithDefault("2.0")
    double backoffFactor();

    @WithDefault("5m")
    Duration maxBackoff();

    /** How often the sender looks for due notifications (it is also woken when a run ends). */
    @WithDefault("500ms")
    Duration pollInterval();

    /** Deliveries in flight at once: a target that hangs holds one, the others go on. */
    @WithDefault("4")
    int senders();

    @WithDefault("5s")
    Duration connectTimeout();

    /** The longest a webhook may take to answer. */
    @WithDefault("10s")
    Duration requestTimeout();

    /** How long a claimed notification is held by its sender before another may try it (a crashed sender's). */
    @WithDefault("2m")
    Duration lease();

    /** Where the links in notifications point: this scheduler as its users reach it. */
    @WithDefault("http://localhost:8080")
    String publicUrl();
}
