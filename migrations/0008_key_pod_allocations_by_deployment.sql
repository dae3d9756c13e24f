-- A pod name is unique only within its deployment: `a-1` replica 1 and `a` replica 1 stage 1 are both
-- `a-1-1`. Key what a node holds by (node, deployment, pod), as the node decider now does (before, it
-- refused to bind the second such pod to the same node); rows unique by (node, pod) stay unique.
ALTER TABLE read.pod_allocations DROP CONSTRAINT pod_allocations_pkey;
ALTER TABLE read.pod_allocations ADD CONSTRAINT pod_allocations_pkey PRIMARY KEY (node, deployment, pod);
