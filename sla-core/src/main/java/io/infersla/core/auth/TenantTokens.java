package io.infersla.core.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the configured bearer tokens of a service ({@code <prefix>.tokens.<tenant>=<sha256 hex>},
 * plus an optional plain-text development token) into digest → tenant, adding a problem that
 * names the key for each bad entry. Ingest and the REST API read their tokens the same way.
 */
public final class TenantTokens {

    private static final int MAX_TENANT_LENGTH = 256;
    private static final int MIN_DEV_TOKEN_LENGTH = 16;

    private TenantTokens() {
    }

    /**
     * @param prefix the configuration prefix, e.g. {@code infersla.ingest}
     * @return SHA-256 (lower-case hex) of each accepted token → its tenant
     */
    public static Map<String, String> read(String prefix, Map<String, String> tokens, Optional<String> devToken,
            String devTenant, List<String> problems) {
        Map<String, String> digests = new LinkedHashMap<>();
        tokens.forEach((tenant, digest) -> {
            String key = prefix + ".tokens." + tenant;
            tenant(problems, key, tenant);
            String hex = digest.trim().toLowerCase(Locale.ROOT);
            if (!TokenDigest.isDigest(hex)) {
                problems.add(key + ": must be the SHA-256 of the token as 64 hex digits, was '" + digest + "'");
            } else if (digests.putIfAbsent(hex, tenant) != null) {
                problems.add(key + ": the same token digest is configured for tenant '" + digests.get(hex) + "' too");
            }
        });
        if (devToken.isPresent()) {
            String token = devToken.get();
            if (token.length() < MIN_DEV_TOKEN_LENGTH) {
                problems.add(prefix + ".dev-token: must be at least " + MIN_DEV_TOKEN_LENGTH + " characters, was " + token.length());
            } else {
                tenant(problems, prefix + ".dev-tenant", devTenant);
                String previous = digests.putIfAbsent(TokenDigest.of(token), devTenant);
                if (previous != null) {
                    problems.add(prefix + ".dev-token: is also the token of tenant '" + previous + "'");
                }
            }
        }
        return digests;
    }

    public static void tenant(List<String> problems, String key, String tenant) {
        if (tenant.isBlank() || tenant.length() > MAX_TENANT_LENGTH) {
            problems.add(key + ": the tenant must be 1.." + MAX_TENANT_LENGTH + " characters, was '" + tenant + "'");
        }
    }
}
