-- Bookkeeping of `keel projections` (libs/projections). A projection is a set of tables that one durable
-- subscription keeps from the log; `read-models` is the whole `read` schema, kept by the `read-models`
-- subscription. Lives outside `read` because a blue/green rebuild swaps that schema as a whole.
CREATE SCHEMA IF NOT EXISTS projections;

-- The code version each live projection was built with; a different version in code means "rebuild".
CREATE TABLE projections.versions (
  name               text        PRIMARY KEY,
  version            integer     NOT NULL CHECK (version >= 1),
  rebuilt_at         timestamptz,
  rebuilt_checkpoint text,
  updated_at         timestamptz NOT NULL DEFAULT now()
);
-- The read models migration 0003 created were projected by version 1 of their code.
INSERT INTO projections.versions (name, version) VALUES ('read-models', 1);

-- Builds in progress, one per target schema: a rebuild's staging schema, a verify's shadow schema or a
-- replay's forensic copy. The checkpoint moves in the transaction that writes each chunk, so a build
-- interrupted at any point resumes from its last committed chunk.
CREATE TABLE projections.builds (
  target_schema  text        PRIMARY KEY,
  projection     text        NOT NULL,
  purpose        text        NOT NULL CHECK (purpose IN ('rebuild', 'verify', 'replay')),
  version        integer     NOT NULL CHECK (version >= 1),
  -- What the build stops at (replay --until), as given; null when it follows the log head.
  until_moment   text,
  checkpoint_tx  xid8        NOT NULL DEFAULT '0'::xid8,
  checkpoint_pos bigint      NOT NULL DEFAULT 0,
  events         bigint      NOT NULL DEFAULT 0 CHECK (events >= 0),
  started_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
