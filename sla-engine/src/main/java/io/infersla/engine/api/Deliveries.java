package io.infersla.engine.api;

import java.util.List;

/** Notifications needing attention, oldest first. */
public record Deliveries(List<DeliveryView> deliveries) {
}
