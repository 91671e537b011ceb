-- What the Grafana dashboards (dashboards/, docs/dashboards.md) need to answer over 30 days of
-- 100 series x 3 objectives within their time budget (docs/benchmarks.md, "Dashboard panels").
-- Plain SQL on purpose: the same statements run on plain PostgreSQL and on TimescaleDB, where
-- an index on a hypertable is created on every chunk.

-- One row per series: its identifying parts as columns, so that dashboard filters and variables
-- read ~one row per series through an index instead of split_part over every rollup row in the
-- range. The parts are generated from series_key exactly as the panels used to split it (the
-- percent-escaped text of SeriesKey.canonical()), so a filter value means what it meant before.
-- first_hour/last_hour: the hours of the series' first and latest evaluation, kept by the
-- storage writer in the transaction of its rows, so variables can list the series of a range.
CREATE TABLE sla.series (
    series_key   text        PRIMARY KEY,
    tenant       text        NOT NULL,
    contract     text        NOT NULL,
    service      text        NOT NULL GENERATED ALWAYS AS (split_part(series_key, '|', 3)) STORED,
    environment  text        NOT NULL GENERATED ALWAYS AS (split_part(series_key, '|', 4)) STORED,
    model        text        NOT NULL GENERATED ALWAYS AS (split_part(series_key, '|', 5)) STORED,
    category     text        NOT NULL GENERATED ALWAYS AS (split_part(series_key, '|', 6)) STORED,
    first_hour   timestamptz NOT NULL,
    last_hour    timestamptz NOT NULL,
    CONSTRAINT series_hours_ordered CHECK (first_hour <= last_hour)
);
CREATE INDEX series_contract_idx ON sla.series (tenant, contract);

-- The series that exist already: from the rollups (which may outlive raw rows) and the raw
-- evaluations (newer than the last rollup). A one-off scan of both tables.
INSERT INTO sla.series (series_key, tenant, contract, first_hour, last_hour)
SELECT series_key, min(tenant), min(contract), min(first_hour), max(last_hour)
FROM (SELECT series_key, tenant, contract, min(hour) AS first_hour, max(hour) AS last_hour
      FROM sla.status_time_hourly GROUP BY series_key, tenant, contract
      UNION ALL
      SELECT series_key, tenant, contract, date_trunc('hour', min(evaluated_at)), date_trunc('hour', max(evaluated_at))
      FROM sla.evaluations GROUP BY series_key, tenant, contract) seen
GROUP BY series_key;
-- Statistics now, not at autovacuum's next round: every dashboard query joins this table.
ANALYZE sla.series;

-- The objective detail dashboard reads one series x metric (objective) over its whole range from
-- the raw one-minute rows: 43,200 rows over 30 days, each on its own heap page because rows of
-- all series arrive interleaved. These covering indexes let those panels scan only the index
-- (index-only scan), in key order. They duplicate the primary keys plus the columns the panels
-- read, which is their price in disk and write work (docs/dashboards.md, "Performance").
CREATE INDEX window_stats_detail_idx ON sla.window_stats (series_key, metric, slice_start)
    INCLUDE (count, sum, p50, p95, p99);
CREATE INDEX evaluations_detail_idx ON sla.evaluations (series_key, objective_id, evaluated_at)
    INCLUDE (status, value, target, limit_value);

-- Top offenders sums breach time over the range: only the rollup rows in breach, a small share
-- of them, found through this partial index instead of reading every row of the range.
CREATE INDEX status_time_hourly_breach_idx ON sla.status_time_hourly (tenant, contract, hour) WHERE status = 'breach';
