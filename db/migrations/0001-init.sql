-- 0001: the schema-migrations bookkeeping is created by db/connection.ts; this file reserves the number
-- and records the application id so a foreign SQLite file is never mistaken for ours.
PRAGMA application_id = 1094795585;
