/**
 * Time: epoch-aligned {@link io.infersla.core.window.Slice}s that record measurements cheaply, and
 * rolling windows that are exact merges of slices. A window's
 * {@link io.infersla.core.window.WindowStats} answers every statistic the catalog can name.
 */
package io.infersla.core.window;
