/**
 * Credentials: the bearer token of a request decides its tenant. Tokens are configured as
 * SHA-256 digests ({@code infersla.ingest.tokens.<tenant>=<sha256hex>}); a tenant named inside
 * the data never overrides the credential's.
 */
package io.infersla.ingest.auth;
