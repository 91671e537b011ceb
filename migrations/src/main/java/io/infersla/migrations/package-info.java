/**
 * The database schema of InferSLA, as Flyway migrations: {@link io.infersla.migrations.Migrations}
 * applies the SQL under {@code db/migration} to a data source. Schema {@code sla} is defined here
 * and nowhere else; writers and dashboards only read or upsert rows.
 */
package io.infersla.migrations;
