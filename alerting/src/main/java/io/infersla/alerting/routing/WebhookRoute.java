package io.infersla.alerting.routing;

import java.net.URI;
import java.util.Objects;

/**
 * A generic JSON webhook. Every request carries {@code X-InferSLA-Signature: sha256=<hex>}, the
 * HMAC-SHA256 of the body under the secret named {@code signingSecret} in the contract's secrets.
 */
public record WebhookRoute(URI url, String signingSecret) {
    public WebhookRoute {
        Objects.requireNonNull(url, "webhook url");
        SecretNames.check("webhook signing_secret", signingSecret);
    }
}
