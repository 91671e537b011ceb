package io.infersla.alerting.payload;

import io.infersla.alerting.secret.Secret;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-InferSLA-Signature: sha256=<hex>}: HMAC-SHA256 of the exact request body bytes under
 * the webhook's shared secret, lowercase hex. Receivers recompute it over the raw body and
 * compare in constant time.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-InferSLA-Signature";
    public static final String PREFIX = "sha256=";

    private WebhookSignature() {
    }

    public static String sign(byte[] body, Secret secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.bytes(), "HmacSHA256"));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            // Never include the key: the exception of a bad key could.
            throw new IllegalStateException("HmacSHA256 unavailable or key rejected (" + e.getClass().getSimpleName() + ")");
        }
    }
}
