package io.infersla.alerting.deliver;

import io.infersla.alerting.routing.Action;
import io.infersla.alerting.routing.Channel;
import io.infersla.alerting.secret.Secret;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * One claimed outbox row, ready to send: the stored payload plus the secret it needs, read from
 * {@code sla.contracts.secrets} at claim time. Its string form masks the secret.
 *
 * @param secretRef the name of the secret in the contract's secrets
 * @param secret its value, when the contract has it
 * @param attempts attempts made before this one
 */
public record OutboundMessage(
        long id,
        String episodeId,
        String tenant,
        String contract,
        Channel channel,
        Action action,
        URI target,
        String payload,
        Optional<String> secretRef,
        Optional<Secret> secret,
        int attempts) {

    public OutboundMessage {
        Objects.requireNonNull(episodeId, "episodeId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(payload, "payload");
        secretRef = Objects.requireNonNullElse(secretRef, Optional.empty());
        secret = Objects.requireNonNullElse(secret, Optional.empty());
    }

    /** Names the secret without showing it, for error messages. */
    String describeSecret() {
        return "secret '" + secretRef.orElse("?") + "' of contract " + tenant + "/" + contract;
    }
}
