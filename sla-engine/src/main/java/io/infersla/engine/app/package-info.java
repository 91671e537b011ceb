/**
 * The Quarkus application around the engine: configuration mapping and validation, start-up and
 * shutdown of the topology and the storage writer, health. Thin: the logic is in the topology,
 * the storage adapter and sla-core.
 */
package io.infersla.engine.app;
