package io.infersla.core.contract;

import io.infersla.core.catalog.Objective;
import io.infersla.core.request.SeriesKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one contract changes about evaluating its series: overrides of catalog objectives by
 * category and objective id, and its maintenance windows. A contract with no terms evaluates
 * the catalog as it is.
 */
public record ContractTerms(
        String tenant,
        String contract,
        Map<String, Map<String, ObjectiveTerms>> objectives,
        List<MaintenanceWindow> maintenance) {

    public ContractTerms {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(contract, "contract");
        objectives = Map.copyOf(objectives);
        maintenance = List.copyOf(maintenance);
    }

    public static ContractTerms none(String tenant, String contract) {
        return new ContractTerms(tenant, contract, Map.of(), List.of());
    }

    /** The key of these terms on the contract-terms topic: the contract part of its series' keys. */
    public String key() {
        return SeriesKey.contractKey(tenant, contract);
    }

    /** The objective as this contract has it, or empty when the contract turns it off. */
    public Optional<Objective> apply(String category, Objective base) {
        ObjectiveTerms terms = objectives.getOrDefault(category, Map.of()).get(base.id());
        return terms == null ? Optional.of(base) : terms.applyTo(base);
    }

    /**
     * Why the window [from, to) of this series is not judged: the first maintenance window that
     * covers the series and overlaps the window. Overlap, not just the evaluation instant, because
     * a window that still holds requests served during maintenance would otherwise breach right
     * after the maintenance ends.
     */
    public Optional<String> excuse(SeriesKey series, Instant from, Instant to) {
        for (MaintenanceWindow window : maintenance) {
            if (window.overlaps(from, to) && window.appliesTo(series)) {
                return Optional.of(window.excuse());
            }
        }
        return Optional.empty();
    }
}
