package io.infersla.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A contract's maintenance windows, by start. */
public record MaintenanceWindows(@JsonProperty("maintenance_windows") List<MaintenanceWindowView> maintenanceWindows) {
}
