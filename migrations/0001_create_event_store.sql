-- Event store: streams, events (the outbox too), durable idempotency, subscriptions, snapshots.
-- Global order is (transaction_id, global_position); readers only return rows whose transaction id is
-- below the oldest running transaction (pg_snapshot_xmin), so a late-committing append is never skipped.
CREATE SCHEMA IF NOT EXISTS es;

CREATE TABLE es.streams (
  stream_id   text        PRIMARY KEY,
  stream_type text        NOT NULL,
  version     bigint      NOT NULL CHECK (version >= 0),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE es.events (
  global_position bigserial   PRIMARY KEY,
  transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
  event_id        uuid        NOT NULL UNIQUE,
  stream_id       text        NOT NULL,
  stream_type     text        NOT NULL,
  stream_version  bigint      NOT NULL CHECK (stream_version >= 1),
  type            text        NOT NULL,
  schema_version  integer     NOT NULL DEFAULT 1 CHECK (schema_version >= 1),
  data            jsonb       NOT NULL,
  metadata        jsonb       NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version)
);
CREATE INDEX events_transaction_position_idx ON es.events (transaction_id, global_position);
CREATE INDEX events_type_idx ON es.events (type, global_position);

CREATE TABLE es.idempotency_keys (
  key          text        PRIMARY KEY,
  request_hash text        NOT NULL,
  result       jsonb,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE es.subscriptions (
  name            text        PRIMARY KEY,
  checkpoint_tx   xid8        NOT NULL DEFAULT '0'::xid8,
  checkpoint_pos  bigint      NOT NULL DEFAULT 0,
  owner           text,
  fencing_token   bigint      NOT NULL DEFAULT 0,
  lease_until     timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE es.snapshots (
  stream_id      text        NOT NULL,
  name           text        NOT NULL,
  schema_version integer     NOT NULL,
  stream_version bigint      NOT NULL,
  state          jsonb       NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (stream_id, name)
);
