-- Envelope claims are a short-lived record of which Slack deliveries were
-- seen (pruned hourly); they keep a redelivery from being answered twice.
-- Writing them to the WAL cost a flush per request, the largest share of
-- a command's database time. Unlogged, a claim commits without one; what
-- a crash of PostgreSQL loses (the table is emptied on recovery, and a
-- standby has none) is only that: a delivery redelivered across the crash
-- may be answered again, while its write is still kept once by its
-- delivery key (delivery_keys stays logged).

-- +goose Up
ALTER TABLE envelope_claims SET UNLOGGED;

-- +goose Down
ALTER TABLE envelope_claims SET LOGGED;
