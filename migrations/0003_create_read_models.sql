-- Read models kept by the `read-models` subscription (libs/read-models). Every row is derived from the
-- event log and can be rebuilt from it: projectors write here in the transaction that moves the
-- subscription's checkpoint. Each table belongs to one stream type; a root row (node, model, deployment)
-- keeps the stream version it has applied, so a re-delivered or older event is ignored.
-- No foreign keys: the projector owns consistency, and rebuilds truncate every table at once.
CREATE SCHEMA IF NOT EXISTS read;

-- One row per node stream, kept after deregistration (state 'Deregistered').
CREATE TABLE read.nodes (
  name                 text        PRIMARY KEY,
  zone                 text        NOT NULL,
  labels               jsonb       NOT NULL,
  taints               jsonb       NOT NULL,
  cpu_milli            integer     NOT NULL,
  memory_mib           integer     NOT NULL,
  allocated_cpu_milli  integer     NOT NULL,
  allocated_memory_mib integer     NOT NULL,
  gpu_count            integer     NOT NULL,
  pod_count            integer     NOT NULL,
  unschedulable        boolean     NOT NULL,
  condition            text        NOT NULL CHECK (condition IN ('Ready', 'Failed')),
  condition_reason     text,
  state                text        NOT NULL CHECK (state IN ('Active', 'Deregistered')),
  version              integer     NOT NULL,
  position             bigint      NOT NULL,
  updated_at           timestamptz NOT NULL
);
CREATE INDEX nodes_zone_idx ON read.nodes (zone);

-- GPU devices of active nodes with what bound pods hold on each (from PodAssigned / PodReleased).
CREATE TABLE read.gpu_devices (
  node                 text    NOT NULL,
  device_index         integer NOT NULL,
  model                text    NOT NULL,
  memory_mib           integer NOT NULL,
  mig                  jsonb   NOT NULL,
  allocated_milli      integer NOT NULL,
  allocated_memory_mib integer NOT NULL,
  pods                 jsonb   NOT NULL,
  PRIMARY KEY (node, device_index)
);
CREATE INDEX gpu_devices_model_idx ON read.gpu_devices (model);

-- What each pod holds on its node, as the node stream recorded it.
CREATE TABLE read.pod_allocations (
  node       text    NOT NULL,
  pod        text    NOT NULL,
  deployment text    NOT NULL,
  devices    jsonb   NOT NULL,
  cpu_milli  integer NOT NULL,
  memory_mib integer NOT NULL,
  PRIMARY KEY (node, pod)
);

CREATE TABLE read.models (
  name                text             PRIMARY KEY,
  display_name        text             NOT NULL,
  parameters_billions double precision NOT NULL,
  dtype               text             NOT NULL,
  layers              integer          NOT NULL,
  attention_heads     integer          NOT NULL,
  kv_heads            integer          NOT NULL,
  head_dim            integer          NOT NULL,
  max_context         integer          NOT NULL,
  architecture        text             NOT NULL,
  deprecated          boolean          NOT NULL,
  deprecation_reason  text,
  version             integer          NOT NULL,
  position            bigint           NOT NULL,
  updated_at          timestamptz      NOT NULL
);

-- One row per deployment stream, kept after deletion (deleted = true).
CREATE TABLE read.deployments (
  name               text        PRIMARY KEY,
  model              text        NOT NULL,
  runtime            text        NOT NULL,
  revision           integer     NOT NULL,
  spec               jsonb       NOT NULL,
  fitting_gpu_models jsonb       NOT NULL,
  priority           integer     NOT NULL,
  desired_replicas   integer     NOT NULL,
  scheduled_replicas integer     NOT NULL,
  pending_replicas   integer     NOT NULL,
  pod_count          integer     NOT NULL,
  bound_pods         integer     NOT NULL,
  deleted            boolean     NOT NULL,
  version            integer     NOT NULL,
  position           bigint      NOT NULL,
  updated_at         timestamptz NOT NULL
);
CREATE INDEX deployments_model_idx ON read.deployments (model);

-- Pods as their deployment stream sees them. Names are unique per deployment.
CREATE TABLE read.pods (
  deployment     text        NOT NULL,
  name           text        NOT NULL,
  ordinal        integer     NOT NULL,
  stage          integer     NOT NULL,
  revision       integer     NOT NULL,
  phase          text        NOT NULL CHECK (phase IN ('Pending', 'Bound')),
  node           text,
  gpu_model      text,
  devices        jsonb       NOT NULL,
  request        jsonb       NOT NULL,
  priority       integer     NOT NULL,
  pending_reason text,
  version        integer     NOT NULL,
  position       bigint      NOT NULL,
  updated_at     timestamptz NOT NULL,
  PRIMARY KEY (deployment, name)
);
CREATE INDEX pods_name_idx ON read.pods (name, deployment);
CREATE INDEX pods_phase_idx ON read.pods (phase, name);
CREATE INDEX pods_node_idx ON read.pods (node) WHERE node IS NOT NULL;
