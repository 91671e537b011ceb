/**
 * Credentials: the bearer token of a request decides its tenant, for ingest and the REST API
 * alike. Tokens are configured as SHA-256 digests ({@code <prefix>.tokens.<tenant>=<sha256hex>});
 * a tenant named inside the data never overrides the credential's.
 */
package io.infersla.core.auth;
