package io.infersla.engine.topology;

import java.util.Objects;

/** The engine's topic names; the defaults are the contract in DESIGN.md. */
public record Topics(String requests, String rejected, String windowStats, String evaluations, String breaches) {

    public static final Topics DEFAULT =
            new Topics("sla.requests", "sla.requests.dlq", "sla.window-stats", "sla.evaluations", "sla.breaches");

    public Topics {
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(rejected, "rejected");
        Objects.requireNonNull(windowStats, "windowStats");
        Objects.requireNonNull(evaluations, "evaluations");
        Objects.requireNonNull(breaches, "breaches");
    }
}
