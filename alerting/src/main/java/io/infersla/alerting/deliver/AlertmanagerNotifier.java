package io.infersla.alerting.deliver;

import io.infersla.alerting.routing.Channel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Alertmanager API v2: {@code POST {url}/api/v2/alerts} with the stored alert array. Each
 * configured Alertmanager has its own outbox row and is sent to directly, as Prometheus does:
 * an Alertmanager cluster deduplicates between its members.
 */
public final class AlertmanagerNotifier implements Notifier {

    private final HttpPost http;

    public AlertmanagerNotifier(HttpPost http) {
        this.http = http;
    }

    @Override
    public CompletableFuture<Outcome> send(OutboundMessage message) {
        return http.post(Channel.ALERTMANAGER, message.target(), message.payload().getBytes(StandardCharsets.UTF_8),
                Map.of(), Optional.empty());
    }
}
