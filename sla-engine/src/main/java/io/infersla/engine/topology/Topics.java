package io.infersla.engine.topology;

import java.util.Objects;

/**
 * The engine's topic names; the defaults are the contract in docs/architecture.md ("Kafka topics"), plus
 * {@code sla.contract-terms}: a compacted topic, one record per contract (key
 * {@code tenant|contract}), that carries each contract's objective overrides and maintenance
 * windows from the database to every engine task.
 */
public record Topics(String requests, String rejected, String windowStats, String evaluations, String breaches,
        String contractTerms) {

    public static final Topics DEFAULT = new Topics("sla.requests", "sla.requests.dlq", "sla.window-stats",
            "sla.evaluations", "sla.breaches", "sla.contract-terms");

    public Topics {
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(rejected, "rejected");
        Objects.requireNonNull(windowStats, "windowStats");
        Objects.requireNonNull(evaluations, "evaluations");
        Objects.requireNonNull(breaches, "breaches");
        Objects.requireNonNull(contractTerms, "contractTerms");
    }
}
