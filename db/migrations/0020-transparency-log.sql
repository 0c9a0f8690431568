-- 0020: the transparency log (docs/PROTOCOL.md §Merkle log and checkpoints). log_entries holds
-- every leaf in order: its index, its RFC 6962 leaf hash and its data (the entry's canonical JSON
-- bytes), plus copies of the type and subject for lookups. log_checkpoints holds every checkpoint
-- the log signed, one per tree size. Both are append-only: triggers refuse UPDATE and DELETE, and
-- refuse an insert that is not at the end of the log (entries) or not for the current tree size
-- (checkpoints).

CREATE TABLE log_entries (
  idx          INTEGER PRIMARY KEY CHECK (idx >= 0),
  leaf_hash    BLOB NOT NULL CHECK (length(leaf_hash) = 32),
  data         BLOB NOT NULL,
  type         TEXT NOT NULL,
  subject_kind TEXT NOT NULL,
  subject_id   TEXT NOT NULL,
  at           TEXT NOT NULL
) STRICT;

CREATE INDEX log_entries_by_subject ON log_entries (subject_kind, subject_id, idx);

CREATE TABLE log_checkpoints (
  size      INTEGER PRIMARY KEY CHECK (size >= 0),
  root_hash BLOB NOT NULL CHECK (length(root_hash) = 32),
  note      TEXT NOT NULL
) STRICT;

CREATE TRIGGER log_entries_append_only_update BEFORE UPDATE ON log_entries
BEGIN
  SELECT RAISE(ABORT, 'LOG_APPEND_ONLY: log entries are never updated');
END;

CREATE TRIGGER log_entries_append_only_delete BEFORE DELETE ON log_entries
BEGIN
  SELECT RAISE(ABORT, 'LOG_APPEND_ONLY: log entries are never deleted');
END;

CREATE TRIGGER log_entries_in_order BEFORE INSERT ON log_entries
WHEN NEW.idx IS NOT (SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries)
BEGIN
  SELECT RAISE(ABORT, 'LOG_APPEND_ONLY: entries are appended at the end of the log');
END;

CREATE TRIGGER log_checkpoints_append_only_update BEFORE UPDATE ON log_checkpoints
BEGIN
  SELECT RAISE(ABORT, 'LOG_APPEND_ONLY: checkpoints are never updated');
END;

CREATE TRIGGER log_checkpoints_append_only_delete BEFORE DELETE ON log_checkpoints
BEGIN
  SELECT RAISE(ABORT, 'LOG_APPEND_ONLY: checkpoints are never deleted');
END;

CREATE TRIGGER log_checkpoints_current_size BEFORE INSERT ON log_checkpoints
WHEN NEW.size IS NOT (SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries)
BEGIN
  SELECT RAISE(ABORT, 'LOG_APPEND_ONLY: a checkpoint is signed for the current tree size only');
END;
