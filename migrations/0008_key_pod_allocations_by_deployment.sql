-- A pod name is unique only within its deployment: `a-1` replica 1 and `a` replica 1 stage 1 are both
-- `a-1-1`. Key what a node holds by (node, deployment, pod), as the node decider now does; rows that were
-- unique by (node, pod) stay unique. Where two such pods shared a node before this change, one
-- allocation row had overwritten the other: `keel projections rebuild read-models` rebuilds them.
ALTER TABLE read.pod_allocations DROP CONSTRAINT pod_allocations_pkey;
ALTER TABLE read.pod_allocations ADD CONSTRAINT pod_allocations_pkey PRIMARY KEY (node, deployment, pod);
