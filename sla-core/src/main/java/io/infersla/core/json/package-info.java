/**
 * Strict JSON reading and writing for the core's own data files (the catalog, contracts, report
 * bodies) on Jackson's streaming parser and generator, and {@link io.infersla.core.json.JsonFields},
 * the one way to read typed fields out of a parsed document with every problem named by its path.
 */
package io.infersla.core.json;
