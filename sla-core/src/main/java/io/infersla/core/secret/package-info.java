/**
 * Contract secrets at rest: {@link io.infersla.core.secret.SecretCipher} (AES-256-GCM, key id in
 * every value) and {@link io.infersla.core.secret.SecretKeys} (its keys from configuration).
 * See docs/security.md.
 */
package io.infersla.core.secret;
