-- Alert delivery (alerting/ module; docs/alerting.md).
--
-- An outbox row is one request to one endpoint: several Alertmanagers and webhooks per contract
-- mean several rows per breach event, each delivered, retried and ordered on its own.

-- target: the full URL the request goes to (PagerDuty {url}/v2/enqueue, Alertmanager
-- {url}/api/v2/alerts, the webhook URL). secret_ref: the NAME of the entry of
-- sla.contracts.secrets that the request needs (routing key, webhook signing secret); the value
-- is read at send time and never stored here.
ALTER TABLE sla.alert_outbox
    ADD COLUMN target     text NOT NULL DEFAULT '',
    ADD COLUMN secret_ref text;
ALTER TABLE sla.alert_outbox ALTER COLUMN target DROP DEFAULT;

-- The dispatcher sends, per episode, channel and target, only the oldest pending row, so a
-- trigger is always delivered before its resolve: this index answers "is there an older one".
CREATE INDEX alert_outbox_pending_order_idx ON sla.alert_outbox (episode_id, channel, target, id)
    WHERE state = 'pending';

-- Deliveries that need attention: waiting, retrying, or dead (failed = given up, never retried).
CREATE VIEW sla.alert_deliveries_attention AS
SELECT o.id,
       b.tenant,
       b.contract,
       o.episode_id,
       o.channel,
       o.action,
       o.target,
       CASE
           WHEN o.state = 'failed' THEN 'dead'
           WHEN o.attempts > 0 THEN 'retrying'
           ELSE 'pending'
       END AS status,
       o.attempts,
       o.next_attempt_at,
       o.last_error,
       o.created_at
FROM sla.alert_outbox o
JOIN sla.breaches b ON b.episode_id = o.episode_id
WHERE o.state <> 'delivered';
