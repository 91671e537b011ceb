package io.infersla.core.catalog;

import java.util.List;

/** A catalog that failed validation; {@link #problems()} lists every problem found, not just the first. */
public final class CatalogException extends IllegalArgumentException {

    private final List<String> problems;

    public CatalogException(String source, List<String> problems) {
        super(source + ": " + problems.size() + " problem(s):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
