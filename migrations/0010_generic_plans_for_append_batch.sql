-- es.append_batch (group commit) planned its many-event insert again on every item of every call: the
-- statement's row count comes from generate_series(1, v_count), which the planner estimates exactly
-- when v_count is known (a custom plan) and at 1,000 rows when it is not (the generic plan), so the
-- plan cache judged the generic plan too costly and re-planned each time — as long again as running it.
-- Every statement in the function has one sensible plan whatever its parameters (index look-ups by
-- stream or key, inserts), so the function now always uses the generic plans it caches per session.
-- es.append_stream and es.append_events (unnest over whole arrays) already settle on their generic plans.
ALTER FUNCTION es.append_batch(text[], text[], text[], integer[], uuid[], text[], integer[], jsonb, jsonb, text[], text[])
  SET plan_cache_mode = force_generic_plan;
