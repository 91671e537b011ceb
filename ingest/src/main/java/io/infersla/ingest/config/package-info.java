/**
 * Configuration: {@code infersla.kafka.*} and {@code infersla.ingest.*} as typed by the user
 * ({@link io.infersla.ingest.config.IngestConfig}), validated once at start-up into
 * {@link io.infersla.ingest.config.IngestSettings}; every error names the key and the value.
 */
package io.infersla.ingest.config;
