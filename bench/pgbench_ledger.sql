-- pgbench anchor for bench/ledger.sh: one points transfer as plain SQL on PostgreSQL, the same
-- double-entry writes gridwork's ledger makes (partners/ledger_store.c): the debit account's UPDATE
-- with the balance check in its WHERE, the credit account's UPDATE, the client id's request row and
-- the transfer row, in one transaction, the two UPDATEs in account-id order (as gridwork orders them, so
-- two transfers between the same accounts never deadlock). Left out: the account reads, the request's
-- idempotency lookup, the audit row (hash-chained) and everything HTTP.
-- Variables (pgbench -D): lo, the first of 50 partner accounts with points to spend.
\set dr random(:lo, :lo + 49)
\set cr :lo + ((:dr - :lo + random(1, 49)) % 50)
BEGIN;
\if :dr < :cr
UPDATE ledger_accounts SET debits_posted = debits_posted + 1 WHERE id = :dr
  AND (owner_kind = 'system' OR credits_posted - debits_posted - debits_pending >= 1);
UPDATE ledger_accounts SET credits_posted = credits_posted + 1 WHERE id = :cr;
\else
UPDATE ledger_accounts SET credits_posted = credits_posted + 1 WHERE id = :cr;
UPDATE ledger_accounts SET debits_posted = debits_posted + 1 WHERE id = :dr
  AND (owner_kind = 'system' OR credits_posted - debits_posted - debits_pending >= 1);
\endif
INSERT INTO ledger_requests(client_id, fields, created_ms)
  VALUES (md5(random()::text || clock_timestamp()::text), 'k=posted;d=' || :dr || ';c=' || :cr || ';a=1', 0)
  RETURNING client_id AS cid \gset
INSERT INTO ledger_transfers(client_id, kind, debit_account_id, credit_account_id, amount, memo, created_ms)
  VALUES (':cid', 'posted', :dr, :cr, 1, '', CAST(extract(epoch FROM clock_timestamp()) * 1000 AS BIGINT));
END;
-- Needs pgbench's default simple query mode: :cid is substituted inside quotes.
