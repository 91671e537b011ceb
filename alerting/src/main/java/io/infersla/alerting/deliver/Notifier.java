package io.infersla.alerting.deliver;

import java.util.concurrent.CompletableFuture;

/**
 * Sends one outbox message to one sink. Never throws for a failed delivery: the outcome says
 * whether it was delivered, should be retried, or is dead. Messages and reasons never contain
 * the message's secret.
 */
public interface Notifier {

    CompletableFuture<Outcome> send(OutboundMessage message);
}
