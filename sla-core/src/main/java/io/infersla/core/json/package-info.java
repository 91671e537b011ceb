/**
 * A strict, dependency-free JSON reader and writer for the core's own data files (the catalog)
 * and its printed output. Adapters at the edges use their framework's JSON support instead.
 */
package io.infersla.core.json;
