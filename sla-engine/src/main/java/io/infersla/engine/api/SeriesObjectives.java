package io.infersla.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The latest status of every series and objective evaluated in the last 15 minutes. */
public record SeriesObjectives(@JsonProperty("series_objectives") List<SeriesObjectiveStatus> seriesObjectives) {
}
