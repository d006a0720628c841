-- pgbench anchor for bench/pg.sh: the rows one hotline report writes on PostgreSQL, as plain INSERTs
-- in one transaction. gridwork's report (ops/ticket_svc.c op_report -> store/store_ticket.c) writes
-- the ticket already accepted and auto-dispatched, its report/accept/dispatch timeline entries and
-- its CC unit. What this script leaves out: the category/grid/routing reads that decide those
-- values, the advisory lock and last-hash read that keep the timeline hash chain linear (the hashes
-- here are random hex of the same length), the DELETE before the CC insert, and everything HTTP.
--
-- Variables (pgbench -D, ids from the demo city in the target database): cat (category 0101),
-- div and path (the grid at 120.155,30.255), unit (市政), cc (城管), user (hotline), rule (the
-- routing rule). Needs pgbench's default simple query mode: :path is substituted inside quotes.
BEGIN;
INSERT INTO tickets(track_code, source, category_id, division_id, division_path, lon, lat, address, description,
                    urgency, reporter_user_id, state, unit_id, rule_id, dispatch_due_ms, handle_due_ms,
                    ext_pending_days, rework_count, return_count, extension_count, rating, due_ms, warn_at_ms,
                    warn_flag, overdue_flag, version, created_ms, updated_ms)
SELECT upper(substr(md5(random()::text || clock_timestamp()::text), 1, 16)), 'hotline', :cat, :div, ':path',
       120.155, 30.255, '中山路1号', '压测：中山路井盖破损，需要尽快处理', 2, :user, 'dispatched', :unit, :rule,
       now_ms + 7200000, now_ms + 86400000, 0, 0, 0, 0, 0, now_ms + 86400000, now_ms + 69120000, 0, 0, 1,
       now_ms, now_ms
FROM (SELECT CAST(extract(epoch FROM clock_timestamp()) * 1000 AS BIGINT) AS now_ms) AS t
RETURNING id AS tid, created_ms AS now_ms \gset
INSERT INTO ticket_timeline(ticket_id, at_ms, actor_user_id, actor_role, action, from_state, to_state, note, detail,
                            prev_hash, hash)
VALUES (:tid, :now_ms, :user, 'hotline_operator', 'report', NULL, 'reported', NULL,
        '{"division_id":' || :div || ',"source":"hotline","urgency":2}',
        md5(random()::text) || md5(random()::text), md5(random()::text) || md5(random()::text));
INSERT INTO ticket_timeline(ticket_id, at_ms, actor_user_id, actor_role, action, from_state, to_state, note, detail,
                            prev_hash, hash)
VALUES (:tid, :now_ms, NULL, 'system', 'accept', 'reported', 'accepted', NULL,
        '{"after":{"state":"accepted"},"before":{"state":"reported"}}',
        md5(random()::text) || md5(random()::text), md5(random()::text) || md5(random()::text));
INSERT INTO ticket_timeline(ticket_id, at_ms, actor_user_id, actor_role, action, from_state, to_state, note, detail,
                            prev_hash, hash)
VALUES (:tid, :now_ms, NULL, 'system', 'dispatch', 'accepted', 'dispatched', NULL,
        '{"after":{"handle_due_ms":' || (:now_ms + 86400000) || ',"rule_id":' || :rule || ',"state":"dispatched","unit_id":'
        || :unit || '},"before":{"handle_due_ms":0,"rule_id":0,"state":"accepted","unit_id":0},"routing":{"cc_unit_ids":['
        || :cc || '],"fallback":false,"mode":"auto","rule_id":' || :rule || ',"unit_id":' || :unit || '}}',
        md5(random()::text) || md5(random()::text), md5(random()::text) || md5(random()::text));
INSERT INTO ticket_cc(ticket_id, unit_id) VALUES (:tid, :cc);
END;
