package io.infersla.alerting.deliver;

import io.infersla.alerting.payload.PagerDutyEvents;
import io.infersla.alerting.routing.Channel;
import io.infersla.alerting.secret.Secret;
import io.infersla.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * PagerDuty Events API v2: {@code POST {url}/v2/enqueue} with the stored event plus the
 * contract's routing key. A missing key, or one that is not 32 characters, is dead at once: no
 * retry can fix configuration.
 */
public final class PagerDutyNotifier implements Notifier {

    public static final int ROUTING_KEY_LENGTH = 32;

    private final HttpPost http;

    public PagerDutyNotifier(HttpPost http) {
        this.http = http;
    }

    @Override
    public CompletableFuture<Outcome> send(OutboundMessage message) {
        Optional<Secret> key = message.secret();
        if (key.isEmpty()) {
            return CompletableFuture.completedFuture(new Outcome.Dead(
                    "PagerDuty routing key " + message.describeSecret() + " is not set"));
        }
        if (key.get().length() != ROUTING_KEY_LENGTH) {
            return CompletableFuture.completedFuture(new Outcome.Dead("PagerDuty routing key " + message.describeSecret()
                    + " must be " + ROUTING_KEY_LENGTH + " characters, was " + key.get().length()));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> event = (Map<String, Object>) Json.parse("outbox row " + message.id(), message.payload());
        byte[] body = Json.writeCompact(PagerDutyEvents.withRoutingKey(event, key.get().reveal())).getBytes(StandardCharsets.UTF_8);
        return http.post(Channel.PAGERDUTY, message.target(), body, Map.of(), key);
    }
}
