/**
 * The storage adapter: consumes the engine's result topics and upserts them into PostgreSQL or
 * TimescaleDB with JDBC. The only place of the engine that speaks SQL.
 */
package io.infersla.engine.storage;
