/**
 * What a contract changes about evaluation: objective overrides per category (targets, limits,
 * minimum samples, objectives turned off) and maintenance windows that excuse evaluations.
 * Pure data and functions; the engine receives the terms from a compacted topic.
 */
package io.infersla.core.contract;
