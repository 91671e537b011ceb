/**
 * Breach episodes: the state machine that turns a stream of evaluations into opened, escalated
 * and resolved episodes with stable ids, and multi-window burn-rate rules on the share of
 * requests beyond the limit. Pure functions; timers and delivery live in the engine.
 */
package io.infersla.core.breach;
