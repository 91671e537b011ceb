package io.infersla.core.auth;

import java.util.Map;
import java.util.Optional;

/**
 * Finds the tenant of an {@code Authorization: Bearer <token>} header. Tokens are known only by
 * their SHA-256, so a leaked configuration leaks no credential; the lookup hashes the presented
 * token and finds the digest, which reveals nothing about the configured tokens through timing.
 */
public final class BearerAuthenticator {

    /** Longer headers are refused without hashing: no real token is this long. */
    private static final int MAX_HEADER_LENGTH = 4096;
    private static final String SCHEME = "bearer ";

    private final Map<String, String> tenantByDigest;

    public BearerAuthenticator(Map<String, String> tenantByDigest) {
        this.tenantByDigest = Map.copyOf(tenantByDigest);
    }

    /** The tenant of this header's token, or empty when the header is absent, malformed or unknown. */
    public Optional<String> tenant(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.length() > MAX_HEADER_LENGTH
                || authorizationHeader.length() <= SCHEME.length()
                || !authorizationHeader.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String token = authorizationHeader.substring(SCHEME.length()).trim();
        if (token.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(tenantByDigest.get(TokenDigest.of(token)));
    }
}
