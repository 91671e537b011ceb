package io.infersla.core.contract;

import java.util.List;

/** A contract document that is not valid, with every problem found, each naming its path. */
public final class ContractTermsException extends IllegalArgumentException {

    private final List<String> problems;

    public ContractTermsException(String source, List<String> problems) {
        super(source + " is not valid:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
