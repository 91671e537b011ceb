/**
 * The REST API on port 8080 ({@code /api/v1/...}): catalog, contracts (objective overrides,
 * alert routing, write-only secrets), maintenance windows, breach episodes, alert deliveries
 * that need attention, and the latest status per series and objective. Every route needs a
 * bearer token, and a tenant sees only its own rows. Thin JAX-RS resources over JDBC; the
 * validation they apply is the core's and the alerting module's. Responses are records written
 * by Jackson, every refusal is an {@link io.infersla.engine.api.ApiError} (written by
 * {@link io.infersla.engine.api.ApiErrors}), and /q/openapi documents each route's schemas
 * (docs/api.md).
 */
package io.infersla.engine.api;
