package io.infersla.alerting.routing;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * One notification to send: one outbox row.
 *
 * @param target the full URL the request goes to
 * @param secretRef the name of the secret the request needs (PagerDuty routing key, webhook
 *     signing secret), added at send time
 */
public record Delivery(Channel channel, Action action, URI target, Optional<String> secretRef) {
    public Delivery {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        secretRef = Objects.requireNonNullElse(secretRef, Optional.empty());
    }
}
