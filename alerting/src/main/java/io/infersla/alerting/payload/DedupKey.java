package io.infersla.alerting.payload;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The PagerDuty {@code dedup_key} of an episode (also the identity used for Alertmanager and
 * webhooks). The episode id is already stable per episode and new for every episode; it is used
 * as is when it fits PagerDuty's 255 characters. A longer one (a series key is up to 8 × 256
 * characters) keeps its first 190 characters for humans, plus {@code #} and the SHA-256 of the
 * whole id, so it stays unique, stable and exactly 255 characters long.
 */
public final class DedupKey {

    public static final int MAX_LENGTH = 255;
    private static final int KEPT_PREFIX = MAX_LENGTH - 1 - 64;

    private DedupKey() {
    }

    public static String of(String episodeId) {
        if (episodeId.isEmpty()) {
            throw new IllegalArgumentException("episode id must not be empty");
        }
        if (episodeId.length() <= MAX_LENGTH) {
            return episodeId;
        }
        return episodeId.substring(0, KEPT_PREFIX) + "#" + sha256Hex(episodeId);
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
