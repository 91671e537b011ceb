-- PagerDuty's rate limit per routing key, shared by every dispatcher of every engine instance
-- (alerting/ module; docs/alerting.md, "Rate limit").
--
-- One token bucket per routing key. A dispatcher takes tokens in a short transaction of its own
-- (row lock on this key only, committed before anything is sent), so dispatchers of different
-- keys never wait for each other, and no lock outlives a round or an instance that dies.
-- rate_key is the SHA-256 hex of the routing key: the key itself is never stored here.
CREATE TABLE sla.alert_rate_limit (
    rate_key    text PRIMARY KEY,
    tokens      double precision NOT NULL CHECK (tokens >= 0),
    refilled_at timestamptz NOT NULL
);
