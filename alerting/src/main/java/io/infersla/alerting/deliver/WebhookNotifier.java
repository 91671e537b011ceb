package io.infersla.alerting.deliver;

import io.infersla.alerting.payload.WebhookSignature;
import io.infersla.alerting.routing.Channel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The generic webhook: the stored JSON body, signed with the webhook's shared secret
 * ({@code X-InferSLA-Signature: sha256=<hex>}), plus {@code X-InferSLA-Delivery} (the outbox row
 * id, the same on every retry, for receivers that deduplicate) and {@code X-InferSLA-Event}.
 * Without its secret a webhook is dead: unsigned requests are never sent.
 */
public final class WebhookNotifier implements Notifier {

    public static final String DELIVERY_HEADER = "X-InferSLA-Delivery";
    public static final String EVENT_HEADER = "X-InferSLA-Event";

    private final HttpPost http;

    public WebhookNotifier(HttpPost http) {
        this.http = http;
    }

    @Override
    public CompletableFuture<Outcome> send(OutboundMessage message) {
        if (message.secret().isEmpty()) {
            return CompletableFuture.completedFuture(new Outcome.Dead(
                    "webhook signing " + message.describeSecret() + " is not set"));
        }
        byte[] body = message.payload().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of(
                WebhookSignature.HEADER, WebhookSignature.sign(body, message.secret().get()),
                DELIVERY_HEADER, Long.toString(message.id()),
                EVENT_HEADER, message.action().id());
        return http.post(Channel.WEBHOOK, message.target(), body, headers, message.secret());
    }
}
