-- Data every dashboard query must find (DashboardSqlIT): three series of two tenants, the last
-- 6 hours as raw rows (one-minute window stats and evaluations), the last 30 days as hourly
-- rollups, the series catalog, breach episodes open and resolved, a maintenance window,
-- deliveries, and a report of last month. Times are relative to now() so "last 6 h" and "this
-- month" always hold rows.
INSERT INTO sla.contracts (tenant, contract, display_name, definition) VALUES
  ('acme', 'default', 'Acme default', '{"compliance": {"attainment": 0.995, "credits": [{"below": 0.995, "credit_percent": 10}, {"below": 0.99, "credit_percent": 25}]}}'),
  ('globex', 'gold', 'Globex gold', '{"compliance": {"attainment": 0.999, "objectives": {"speech-to-text": {"e2e_p95": {"attainment": 0.99}}}}}');

CREATE TEMP TABLE seed_series (series_key text, tenant text, contract text, service text, environment text,
                               model text, category text, hardware text, objective_id text, metric text,
                               statistic text, target double precision, limit_value double precision);
INSERT INTO seed_series VALUES
  ('acme|default|chat-api|prod|llama-3-70b|chatbot||', 'acme', 'default', 'chat-api', 'prod', 'llama-3-70b', 'chatbot', '', 'ttft_p95', 'ttft_ms', 'p95', 200, 300),
  ('acme|default|chat-api|prod|llama-3-70b|chatbot||', 'acme', 'default', 'chat-api', 'prod', 'llama-3-70b', 'chatbot', '', 'ttft_tail_ratio', 'ttft_ms', 'tail_ratio', 2, 2),
  ('acme|default|rag-api|prod|mixtral-8x7b|rag|gpu|large', 'acme', 'default', 'rag-api', 'prod', 'mixtral-8x7b', 'rag', 'gpu', 'e2e_p95', 'e2e_ms', 'p95', 2000, 3000),
  ('globex|gold|asr|staging|whisper-large|speech-to-text||', 'globex', 'gold', 'asr', 'staging', 'whisper-large', 'speech-to-text', '', 'e2e_p95', 'e2e_ms', 'p95', 500, 800);

-- One-minute slices over the last 6 hours, per series and metric.
INSERT INTO sla.window_stats (series_key, tenant, contract, service, environment, model, category, hardware, metric,
                              slice_start, slice_seconds, count, sum, mean, min, max, p50, p95, p99, sketch)
SELECT DISTINCT ON (s.series_key, s.metric, t)
       s.series_key, s.tenant, s.contract, s.service, s.environment, s.model, s.category, s.hardware, s.metric,
       t, 60, 120, 120 * s.target * 0.6, s.target * 0.6, s.target * 0.2, s.limit_value * 1.5,
       s.target * 0.5, s.target * (0.8 + 0.6 * (extract(minute FROM t)::int % 7) / 7.0), s.limit_value * 1.2, '\x00'::bytea
FROM seed_series s,
     generate_series(date_trunc('minute', now()) - interval '6 hours', date_trunc('minute', now()) - interval '1 minute',
                     interval '1 minute') AS t
WHERE s.statistic = 'p95';

-- An evaluation per minute: ok, warning every 7th minute, breach in the last 40 minutes of the chat
-- series, insufficient data early on, excused for globex inside its maintenance window.
INSERT INTO sla.evaluations (series_key, tenant, contract, objective_id, evaluated_at, window_seconds, statistic,
                             value, target, limit_value, samples, status, excuse)
SELECT s.series_key, s.tenant, s.contract, s.objective_id, t, 300, s.statistic, v.value, s.target, s.limit_value,
       CASE WHEN v.status = 'insufficient_data' THEN 5 ELSE 600 END, v.status,
       CASE WHEN v.status = 'excused' THEN 'maintenance #1: driver upgrade' END
FROM seed_series s,
     generate_series(date_trunc('minute', now()) - interval '6 hours', date_trunc('minute', now()) - interval '1 minute',
                     interval '1 minute') AS t,
     LATERAL (SELECT CASE
                WHEN t < now() - interval '340 minutes' THEN 'insufficient_data'
                WHEN s.tenant = 'globex' AND t >= now() - interval '2 hours' AND t < now() - interval '1 hour' THEN 'excused'
                WHEN s.objective_id = 'ttft_p95' AND t >= now() - interval '40 minutes' THEN 'breach'
                WHEN extract(minute FROM t)::int % 7 = 0 THEN 'warning'
                ELSE 'ok' END AS status) st,
     LATERAL (SELECT st.status,
                CASE st.status WHEN 'insufficient_data' THEN NULL
                               WHEN 'breach' THEN s.limit_value * 1.3
                               WHEN 'warning' THEN (s.target + s.limit_value) / 2 + 0.1
                               ELSE s.target * 0.8 END AS value) v;

-- Hourly rollups for the last 30 days (closed hours), as the reports module's HourlyRollup writes them.
INSERT INTO sla.status_time_hourly (series_key, tenant, contract, objective_id, hour, status, excuse, millis, statistic,
                                    window_seconds, target, limit_value, last_evaluated_at)
SELECT s.series_key, s.tenant, s.contract, s.objective_id, h, x.status, '', x.millis, s.statistic, 300, s.target,
       s.limit_value, h + interval '59 minutes'
FROM seed_series s,
     generate_series(date_trunc('hour', now()) - interval '30 days', date_trunc('hour', now()) - interval '1 hour',
                     interval '1 hour') AS h,
     LATERAL (VALUES ('ok', 3300000 - CASE WHEN extract(hour FROM h)::int = 3 AND s.objective_id = 'ttft_p95' THEN 1200000 ELSE 0 END),
                     ('warning', 300000),
                     ('breach', CASE WHEN extract(hour FROM h)::int = 3 AND s.objective_id = 'ttft_p95' THEN 1200000 ELSE 0 END))
             AS x(status, millis)
WHERE x.millis > 0;

INSERT INTO sla.window_stats_hourly (series_key, tenant, contract, metric, hour, count, sum, weight_sum, weighted_sum, min, max, sketch)
SELECT DISTINCT ON (s.series_key, s.metric, h)
       s.series_key, s.tenant, s.contract, s.metric, h, 7200, 7200 * s.target * 0.6, 0, 0, s.target * 0.2, s.limit_value * 1.5, '\x00'::bytea
FROM seed_series s,
     generate_series(date_trunc('hour', now()) - interval '30 days', date_trunc('hour', now()) - interval '1 hour',
                     interval '1 hour') AS h
WHERE s.statistic = 'p95';

-- The series catalog as the storage writer keeps it: the hours of each series' first and latest
-- evaluation (here: the rollups' 30 days up to the raw rows of this hour).
INSERT INTO sla.series (series_key, tenant, contract, first_hour, last_hour)
SELECT DISTINCT series_key, tenant, contract, date_trunc('hour', now()) - interval '30 days', date_trunc('hour', now())
FROM seed_series;

INSERT INTO sla.breaches (episode_id, tenant, contract, series_key, objective_id, severity, opened_at, resolved_at,
                          peak_value, peak_at, dedup_key, delivery_state) VALUES
  ('ep-open', 'acme', 'default', 'acme|default|chat-api|prod|llama-3-70b|chatbot||', 'ttft_p95', 'critical',
   now() - interval '38 minutes', NULL, 390, now() - interval '20 minutes', 'dk-open', 'delivered'),
  ('ep-resolved', 'acme', 'default', 'acme|default|rag-api|prod|mixtral-8x7b|rag|gpu|large', 'e2e_p95', 'warning',
   now() - interval '3 hours', now() - interval '150 minutes', 3400, now() - interval '170 minutes', 'dk-resolved', 'delivered'),
  ('ep-old', 'globex', 'gold', 'globex|gold|asr|staging|whisper-large|speech-to-text||', 'e2e_p95', 'critical',
   now() - interval '10 days', now() - interval '10 days' + interval '25 minutes', 1100, now() - interval '10 days', 'dk-old', 'failed');

INSERT INTO sla.alert_outbox (episode_id, channel, target, action, idempotency_key, payload, state, attempts, last_error) VALUES
  ('ep-open', 'pagerduty', 'oncall', 'trigger', 'ep-open|pagerduty|trigger', '{}', 'delivered', 1, NULL),
  ('ep-open', 'alertmanager', 'am', 'trigger', 'ep-open|alertmanager|trigger', '{}', 'pending', 3, 'HTTP 503'),
  ('ep-old', 'webhook', 'hook', 'trigger', 'ep-old|webhook|trigger', '{}', 'failed', 1, 'HTTP 400');

INSERT INTO sla.maintenance_windows (tenant, contract, starts_at, ends_at, service, reason) VALUES
  ('globex', 'gold', now() - interval '2 hours', now() - interval '1 hour', 'asr', 'driver upgrade'),
  ('acme', 'default', now() - interval '5 hours', now() - interval '290 minutes', NULL, 'database failover');

-- Last month's report of acme/default: the stored canonical JSON, trimmed to what dashboards read.
INSERT INTO sla.reports (tenant, contract, month, revision, body, sha256, status)
SELECT 'acme', 'default', m, 1, b, encode(sha256(b), 'hex'), 'final'
FROM (SELECT (date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month')::date AS m) mm,
     LATERAL (SELECT convert_to(json_build_object(
         'period', json_build_object('month', to_char(m, 'YYYY-MM')),
         'summary', json_build_object('objectives_met', 1, 'objectives_missed', 1, 'credit_percent', 10),
         'objectives', json_build_array(
             json_build_object('category', 'chatbot', 'objective', 'ttft_p95', 'contracted_attainment', 0.995,
                               'attainment', 0.9931, 'verdict', 'missed', 'credit_percent', 10, 'breach_minutes', 298.5,
                               'minutes', json_build_object('breach', 301)),
             json_build_object('category', 'rag', 'objective', 'e2e_p95', 'contracted_attainment', 0.995,
                               'attainment', 0.9990, 'verdict', 'met', 'credit_percent', 0, 'breach_minutes', 12,
                               'minutes', json_build_object('breach', 14))))::text, 'UTF8') AS b) bb;
