package io.infersla.core.catalog;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** One use case of the catalog (a row of the seed table) with its objectives and traffic envelope. */
public record Category(
        String id,
        String name,
        String group,
        String useCase,
        String modelType,
        TrafficEnvelope envelope,
        String notes,
        List<Objective> objectives) {

    public Category {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("id must match [a-z][a-z0-9-]*, was '" + id + "'");
        }
        Objects.requireNonNull(envelope, "envelope");
        objectives = List.copyOf(objectives);
        if (objectives.isEmpty()) {
            throw new IllegalArgumentException(id + ": a category needs at least one objective");
        }
        Set<String> seen = new HashSet<>();
        for (Objective objective : objectives) {
            if (!seen.add(objective.id())) {
                throw new IllegalArgumentException(id + ": objective id '" + objective.id() + "' appears twice");
            }
        }
        name = Objects.requireNonNullElse(name, id);
        group = Objects.requireNonNullElse(group, "");
        useCase = Objects.requireNonNullElse(useCase, "");
        modelType = Objects.requireNonNullElse(modelType, "");
        notes = Objects.requireNonNullElse(notes, "");
    }

    public Optional<Objective> objective(String objectiveId) {
        return objectives.stream().filter(o -> o.id().equals(objectiveId)).findFirst();
    }

    /** The objectives that apply to a series with these attributes (e.g. hardware = gpu). */
    public List<Objective> objectivesFor(Map<String, String> seriesAttributes) {
        return objectives.stream().filter(o -> o.appliesTo(seriesAttributes)).toList();
    }
}
