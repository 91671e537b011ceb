-- Monthly compliance reports (docs/reports.md).
--
-- A month of a contract with 100 series is ~13 M evaluations and ~13 M one-minute window stats;
-- reading them all for every regeneration is too slow, so the engine keeps hourly rollups of
-- both, on plain PostgreSQL and TimescaleDB alike. A report reads the rollup of every closed hour
-- and the raw rows of every hour that is not rolled up yet (rollup_pending) or only partly in the
-- month (a month in Asia/Kolkata starts at :30), so a rollup that lags never changes a figure.

-- Hours whose raw rows changed after (or since) they were rolled up. The storage writer adds a
-- mark in the same transaction as the rows; the rollup job removes it in the same transaction as
-- the rollup it writes.
CREATE TABLE sla.rollup_pending (
    series_key  text        NOT NULL,
    tenant      text        NOT NULL,
    contract    text        NOT NULL,
    hour        timestamptz NOT NULL,
    PRIMARY KEY (series_key, hour),
    CONSTRAINT rollup_pending_hour_aligned CHECK (mod(extract(epoch FROM hour), 3600) = 0)
);
CREATE INDEX rollup_pending_contract_idx ON sla.rollup_pending (tenant, contract, hour);
CREATE INDEX rollup_pending_hour_idx ON sla.rollup_pending (hour);

-- Time each series and objective spent in each status during one hour, time-weighted as reports
-- define it (an evaluation's status holds until the next one, at most one minute), with the
-- thresholds of the hour's last evaluation.
CREATE TABLE sla.status_time_hourly (
    series_key      text             NOT NULL,
    tenant          text             NOT NULL,
    contract        text             NOT NULL,
    objective_id    text             NOT NULL,
    hour            timestamptz      NOT NULL,
    status          text             NOT NULL,
    -- The maintenance window (or term) that excused the time; '' for every other status.
    excuse          text             NOT NULL DEFAULT '',
    millis          bigint           NOT NULL,
    statistic       text             NOT NULL,
    window_seconds  integer          NOT NULL,
    target          double precision,
    limit_value     double precision,
    last_evaluated_at timestamptz    NOT NULL,
    PRIMARY KEY (series_key, objective_id, hour, status, excuse),
    CONSTRAINT status_time_hourly_millis_in_hour CHECK (millis >= 0 AND millis <= 3600000),
    CONSTRAINT status_time_hourly_status_known
        CHECK (status IN ('ok', 'warning', 'breach', 'insufficient_data', 'excused', 'reported'))
);
CREATE INDEX status_time_hourly_contract_idx ON sla.status_time_hourly (tenant, contract, hour);

-- The one-minute window stats of one hour merged: exact aggregates and the merged sketch.
CREATE TABLE sla.window_stats_hourly (
    series_key    text             NOT NULL,
    tenant        text             NOT NULL,
    contract      text             NOT NULL,
    metric        text             NOT NULL,
    hour          timestamptz      NOT NULL,
    count         bigint           NOT NULL,
    sum           double precision NOT NULL,
    weight_sum    double precision NOT NULL,
    weighted_sum  double precision NOT NULL,
    min           double precision,
    max           double precision,
    sketch        bytea            NOT NULL,
    PRIMARY KEY (series_key, metric, hour)
);
CREATE INDEX window_stats_hourly_contract_idx ON sla.window_stats_hourly (tenant, contract, hour);

-- Revisions: status, the chain and corrections, also inside the hashed body; kept as columns so
-- listing a contract's revisions does not parse every body.
ALTER TABLE sla.reports ADD COLUMN status text NOT NULL DEFAULT 'provisional';
ALTER TABLE sla.reports ADD COLUMN previous_sha256 text;
ALTER TABLE sla.reports ADD COLUMN correction boolean NOT NULL DEFAULT false;
ALTER TABLE sla.reports ADD CONSTRAINT reports_status_known CHECK (status IN ('provisional', 'final'));
ALTER TABLE sla.reports ADD CONSTRAINT reports_chain
    CHECK ((revision = 1) = (previous_sha256 IS NULL));
