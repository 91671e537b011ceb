-- InferSLA storage, schema sla (see DESIGN.md "Storage").
--
-- Plain PostgreSQL 15+ only: nothing here needs TimescaleDB. A later migration turns the
-- time-series tables into hypertables when the extension exists (see the TIMESCALEDB notes
-- below); without it these same tables and queries keep working.
--
-- Every table written from Kafka has a natural key so that writers upsert
-- (INSERT ... ON CONFLICT DO UPDATE): a replayed record overwrites, it never double counts.
--
-- Flyway creates schema sla (and sla.flyway_schema_history) before running this file:
-- io.infersla.migrations.Migrations configures schemas=sla. To run it by hand with psql,
-- CREATE SCHEMA sla first.

-- ---------------------------------------------------------------------------------------------
-- Contracts: one per tenant and contract id. A tenant's default contract is a row like any other.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE sla.contracts (
    tenant        text        NOT NULL,
    contract      text        NOT NULL,
    display_name  text,
    -- Compliance months are calendar months in this zone (IANA name, e.g. Europe/Paris).
    time_zone     text        NOT NULL DEFAULT 'UTC',
    -- The validated contract: objective overrides, credit tiers, routing rules, notification
    -- endpoints. Shape owned by the application, versioned inside the document.
    definition    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    -- Routing keys and webhook tokens. Write-only: the API masks them whenever read back, and
    -- they never enter sla.alert_outbox payloads.
    secrets       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, contract)
);

-- ---------------------------------------------------------------------------------------------
-- Window statistics: one row per series, metric and slice (e.g. 10 s or 1 min, aligned to the
-- epoch). The serialized sketch makes any longer window, up to a month, an exact merge.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE sla.window_stats (
    series_key     text             NOT NULL,
    tenant         text             NOT NULL,
    contract       text             NOT NULL,
    service        text             NOT NULL,
    environment    text,
    model          text,
    category       text             NOT NULL,
    hardware       text,
    metric         text             NOT NULL,
    slice_start    timestamptz      NOT NULL,
    slice_seconds  integer          NOT NULL,
    count          bigint           NOT NULL,
    sum            double precision NOT NULL,
    -- Weighted means (WER = sum of word errors / sum of reference words): sum(weight), sum(weight * value).
    weight_sum     double precision NOT NULL DEFAULT 0,
    weighted_sum   double precision NOT NULL DEFAULT 0,
    -- NULL when count = 0.
    mean           double precision,
    min            double precision,
    max            double precision,
    p50            double precision,
    p95            double precision,
    p99            double precision,
    sketch         bytea,
    written_at     timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (series_key, metric, slice_start, slice_seconds),
    CONSTRAINT window_stats_slice_seconds_positive CHECK (slice_seconds > 0),
    CONSTRAINT window_stats_slice_aligned CHECK (mod(extract(epoch FROM slice_start), slice_seconds) = 0),
    CONSTRAINT window_stats_count_not_negative CHECK (count >= 0),
    CONSTRAINT window_stats_min_not_above_max CHECK (min <= max)
);
-- Reports and dashboards read one contract's slices over a time range.
CREATE INDEX window_stats_contract_time_idx ON sla.window_stats (tenant, contract, slice_start);
-- TIMESCALEDB: hypertable on slice_start (the primary key already contains it, as hypertables
-- require), compression of chunks older than a few days segmented by series_key and metric,
-- retention policy, continuous aggregates for hourly/daily dashboard panels.

-- ---------------------------------------------------------------------------------------------
-- Evaluations: one row per series, objective and evaluation time.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE sla.evaluations (
    series_key      text             NOT NULL,
    -- Denormalized from the series for authorization (a tenant sees only its own) and reports.
    tenant          text             NOT NULL,
    contract        text             NOT NULL,
    objective_id    text             NOT NULL,
    evaluated_at    timestamptz      NOT NULL,
    window_seconds  integer          NOT NULL,
    statistic       text             NOT NULL,
    -- NULL when there were no samples.
    value           double precision,
    -- NULL when the catalog has no default threshold and the contract sets none ("reported").
    target          double precision,
    limit_value     double precision,
    samples         bigint           NOT NULL,
    status          text             NOT NULL,
    written_at      timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (series_key, objective_id, evaluated_at),
    CONSTRAINT evaluations_window_seconds_positive CHECK (window_seconds > 0),
    CONSTRAINT evaluations_samples_not_negative CHECK (samples >= 0),
    CONSTRAINT evaluations_status_known
        CHECK (status IN ('ok', 'warning', 'breach', 'insufficient_data', 'excused', 'reported'))
);
CREATE INDEX evaluations_contract_time_idx ON sla.evaluations (tenant, contract, evaluated_at);
-- TIMESCALEDB: hypertable on evaluated_at (in the primary key), compression and retention.

-- ---------------------------------------------------------------------------------------------
-- Breach episodes: opened when an objective breaches, escalated in place, closed on recovery.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE sla.breaches (
    episode_id      text             PRIMARY KEY,
    tenant          text             NOT NULL,
    contract        text             NOT NULL,
    series_key      text             NOT NULL,
    objective_id    text             NOT NULL,
    severity        text             NOT NULL,
    opened_at       timestamptz      NOT NULL,
    resolved_at     timestamptz,
    peak_value      double precision NOT NULL,
    peak_at         timestamptz      NOT NULL,
    -- PagerDuty dedup_key (also used for Alertmanager and webhooks): one per episode.
    dedup_key       text             NOT NULL UNIQUE,
    -- Summary of notification delivery (pending, delivered, failed, ...); per-message detail
    -- lives in sla.alert_outbox.
    delivery_state  text             NOT NULL DEFAULT 'pending',
    written_at      timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT breaches_severity_known CHECK (severity IN ('warning', 'critical')),
    CONSTRAINT breaches_resolved_after_opened CHECK (resolved_at >= opened_at),
    CONSTRAINT breaches_peak_inside_episode CHECK (peak_at >= opened_at)
);
-- At most one open episode per series and objective.
CREATE UNIQUE INDEX breaches_one_open_episode ON sla.breaches (series_key, objective_id)
    WHERE resolved_at IS NULL;
CREATE INDEX breaches_contract_opened_idx ON sla.breaches (tenant, contract, opened_at DESC);

-- ---------------------------------------------------------------------------------------------
-- Alert outbox: notifications to send, written in the same transaction as the breach change
-- that causes them, delivered (and retried) by the dispatcher in id order per episode, so a
-- trigger always goes out before its resolve.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE sla.alert_outbox (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    episode_id       text        NOT NULL REFERENCES sla.breaches (episode_id),
    channel          text        NOT NULL,
    action           text        NOT NULL,
    -- Makes enqueueing idempotent under replay, e.g. episode + channel + action + severity.
    idempotency_key  text        NOT NULL UNIQUE,
    -- The request body without secrets: the dispatcher adds routing keys / tokens at send time.
    payload          jsonb       NOT NULL,
    state            text        NOT NULL DEFAULT 'pending',
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz,
    CONSTRAINT alert_outbox_channel_known CHECK (channel IN ('pagerduty', 'alertmanager', 'webhook')),
    CONSTRAINT alert_outbox_action_known CHECK (action IN ('trigger', 'resolve')),
    -- failed = given up (e.g. HTTP 400, never retried).
    CONSTRAINT alert_outbox_state_known CHECK (state IN ('pending', 'delivered', 'failed')),
    CONSTRAINT alert_outbox_attempts_not_negative CHECK (attempts >= 0)
);
CREATE INDEX alert_outbox_due_idx ON sla.alert_outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX alert_outbox_episode_idx ON sla.alert_outbox (episode_id, id);

-- ---------------------------------------------------------------------------------------------
-- Maintenance windows: evaluations inside them are excused, never breaches.
-- A NULL scope column means "all" (every service, category or model of the contract).
-- ---------------------------------------------------------------------------------------------
CREATE TABLE sla.maintenance_windows (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant      text        NOT NULL,
    contract    text        NOT NULL,
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    service     text,
    category    text,
    model       text,
    reason      text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant, contract) REFERENCES sla.contracts (tenant, contract) ON DELETE CASCADE,
    CONSTRAINT maintenance_windows_ends_after_start CHECK (ends_at > starts_at)
);
CREATE INDEX maintenance_windows_contract_time_idx ON sla.maintenance_windows (tenant, contract, starts_at);

-- ---------------------------------------------------------------------------------------------
-- Compliance reports: per contract and calendar month (in the contract's time zone), append
-- only. Late data produces a new revision; a stored revision never changes.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE sla.reports (
    tenant      text        NOT NULL,
    contract    text        NOT NULL,
    -- First day of the month.
    month       date        NOT NULL,
    revision    integer     NOT NULL,
    media_type  text        NOT NULL DEFAULT 'application/json',
    body        bytea       NOT NULL,
    -- Lowercase hex SHA-256 of body, checked by the database.
    sha256      text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, contract, month, revision),
    -- Reports are settlement records: a contract that has reports cannot be deleted.
    FOREIGN KEY (tenant, contract) REFERENCES sla.contracts (tenant, contract),
    CONSTRAINT reports_month_is_first_day CHECK (extract(day FROM month) = 1),
    CONSTRAINT reports_revision_positive CHECK (revision >= 1),
    CONSTRAINT reports_sha256_matches_body CHECK (sha256 = encode(sha256(body), 'hex'))
);

CREATE FUNCTION sla.reject_report_update() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'sla.reports is append-only: store revision % + 1 instead of changing %/%/% revision %',
        OLD.revision, OLD.tenant, OLD.contract, to_char(OLD.month, 'YYYY-MM'), OLD.revision
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER reports_append_only
    BEFORE UPDATE ON sla.reports
    FOR EACH ROW EXECUTE FUNCTION sla.reject_report_update();
