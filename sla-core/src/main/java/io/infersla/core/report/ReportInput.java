package io.infersla.core.report;

import io.infersla.core.catalog.Catalog;
import io.infersla.core.compliance.ComplianceTerms;
import io.infersla.core.contract.MaintenanceWindow;
import io.infersla.core.request.SeriesKey;
import io.infersla.core.window.Slice;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Everything one month's report of one contract is computed from, as read from storage. The
 * report is a pure function of this ({@link MonthlyReport#figures}); "now" is a parameter so a
 * provisional month is reproducible.
 *
 * @param objectives per series and objective, the time in each status and the thresholds of the
 *     month's last evaluation
 * @param days per series, metric and local day, the merged slice of the requests of that day
 * @param episodes the breach episodes that overlap the month
 * @param maintenance the contract's maintenance windows that overlap the month
 */
public record ReportInput(
        String tenant,
        String contract,
        String contractName,
        ReportMonth month,
        Instant now,
        Catalog catalog,
        ComplianceTerms terms,
        List<SeriesObjective> objectives,
        List<MetricDay> days,
        List<Episode> episodes,
        List<MaintenanceWindow> maintenance) {

    public ReportInput {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(contract, "contract");
        contractName = contractName == null || contractName.isBlank() ? contract : contractName;
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(terms, "terms");
        objectives = List.copyOf(objectives);
        days = List.copyOf(days);
        episodes = List.copyOf(episodes);
        maintenance = List.copyOf(maintenance);
    }

    /** One series' objective over the month: status time and the thresholds last judged against. */
    public record SeriesObjective(
            SeriesKey series,
            String objectiveId,
            StatusTime time,
            String statistic,
            long windowSeconds,
            OptionalDouble target,
            OptionalDouble limit) {

        public SeriesObjective {
            Objects.requireNonNull(series, "series");
            Objects.requireNonNull(objectiveId, "objectiveId");
            Objects.requireNonNull(time, "time");
            target = Objects.requireNonNullElse(target, OptionalDouble.empty());
            limit = Objects.requireNonNullElse(limit, OptionalDouble.empty());
        }
    }

    /** The requests of one series and metric on one local day, merged into one slice. */
    public record MetricDay(String seriesKey, String metric, LocalDate date, Slice slice) {
        public MetricDay {
            Objects.requireNonNull(seriesKey, "seriesKey");
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(date, "date");
            Objects.requireNonNull(slice, "slice");
        }
    }

    /** A breach episode as stored ({@code sla.breaches}). */
    public record Episode(
            String episodeId,
            String seriesKey,
            String objectiveId,
            String severity,
            Instant openedAt,
            Optional<Instant> resolvedAt,
            double peakValue,
            Instant peakAt,
            String dedupKey) {

        public Episode {
            Objects.requireNonNull(episodeId, "episodeId");
            Objects.requireNonNull(openedAt, "openedAt");
            resolvedAt = Objects.requireNonNullElse(resolvedAt, Optional.empty());
        }
    }
}
