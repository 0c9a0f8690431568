-- 0040: witness cosignatures of the log's checkpoints (docs/PROTOCOL.md §Cosigned checkpoints).
-- One row per witness line the log received for one of its signed checkpoints: the witness's name
-- as configured (WITNESSES), the tree size of the checkpoint it cosigned, and the C2SP
-- cosignature/v1 line as the witness sent it (already verified under the witness's key). The
-- cosigned checkpoint of a size is that checkpoint's signed note with its lines appended. Rows are
-- never updated (a later cosignature of the same size replaces nothing: the first one is kept).

CREATE TABLE log_cosignatures (
  size        INTEGER NOT NULL REFERENCES log_checkpoints (size),
  witness     TEXT NOT NULL,
  line        TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (size, witness)
) STRICT;

CREATE TRIGGER log_cosignatures_never_updated BEFORE UPDATE ON log_cosignatures
BEGIN
  SELECT RAISE(ABORT, 'LOG_APPEND_ONLY: cosignatures are never updated');
END;
