package io.infersla.engine.api;

import java.util.List;

/** Breach episodes, newest first. */
public record Breaches(List<BreachView> breaches) {
}
