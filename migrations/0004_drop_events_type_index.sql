-- Every append paid for an index on (type, global_position) that no read path needs (reads go by
-- stream, or by (transaction_id, global_position)); it cost ~15% of batch-append throughput.
DROP INDEX IF EXISTS es.events_type_idx;
