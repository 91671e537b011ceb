package io.infersla.engine.api;

import java.util.List;

/** The tenant's contracts, by name. */
public record Contracts(List<ContractView> contracts) {
}
