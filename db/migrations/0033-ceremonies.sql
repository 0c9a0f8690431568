-- 0033: ceremonies (docs/LIFECYCLE.md §Ceremonies, protocol version 3). A ceremony is a row of
-- `draws` (its id, state, shared draft, witnesses, beacon, public sources, seed input and seed; its
-- lot_id is its first lot and announcement_hash the ceremony hash) whose lot_ids_json lists its lots
-- in broadcast order; what each lot has of its own is here. As for draws, every change is also a log
-- entry appended in the same transaction, frozen things stay frozen and nothing is deleted.

-- NULL for a single draw; for a ceremony the JSON array of its lot ids in broadcast order.
ALTER TABLE draws ADD COLUMN lot_ids_json TEXT;

CREATE TABLE ceremony_lots (
  draw_id TEXT NOT NULL REFERENCES draws (id),
  -- 0-based broadcast position
  idx INTEGER NOT NULL CHECK (idx >= 0),
  lot_id INTEGER NOT NULL REFERENCES lots (id),
  -- the lot's override of the shared draft (LotDraft JSON), editable while the ceremony is a draft
  draft_json TEXT NOT NULL DEFAULT '{}',
  -- the lot's LotSpec, LotAnnouncement (hex hash) and FairnessReport, set once at announcement
  spec_json TEXT,
  announcement_json TEXT,
  announcement_hash TEXT,
  fairness_json TEXT,
  -- the lot seed (hex), set once at the run; the current DrawResult, updated by the lot's declines
  lot_seed TEXT,
  result_json TEXT,
  closed_at TEXT,
  PRIMARY KEY (draw_id, idx),
  UNIQUE (draw_id, lot_id)
);
CREATE INDEX ceremony_lots_lot ON ceremony_lots (lot_id);

CREATE TRIGGER ceremony_lots_never_deleted BEFORE DELETE ON ceremony_lots
BEGIN
  SELECT RAISE(ABORT, 'ceremony lots are never deleted');
END;

CREATE TRIGGER ceremony_lots_sealed_once BEFORE UPDATE OF spec_json, announcement_json,
  announcement_hash, fairness_json, lot_seed, closed_at ON ceremony_lots
WHEN (OLD.announcement_hash IS NOT NULL AND (
  NEW.spec_json IS NOT OLD.spec_json OR NEW.announcement_json IS NOT OLD.announcement_json
  OR NEW.announcement_hash IS NOT OLD.announcement_hash OR NEW.fairness_json IS NOT OLD.fairness_json))
  OR (OLD.lot_seed IS NOT NULL AND NEW.lot_seed IS NOT OLD.lot_seed)
  OR (OLD.closed_at IS NOT NULL AND NEW.closed_at IS NOT OLD.closed_at)
BEGIN
  SELECT RAISE(ABORT, 'DRAW_SEALED: a sealed, drawn or closed lot never changes');
END;

CREATE TRIGGER ceremony_lots_closed_final BEFORE UPDATE OF result_json ON ceremony_lots
WHEN OLD.closed_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'DRAW_STATE_CONFLICT: a closed lot is final');
END;

-- Each lot's frozen pool, numbered 1..n in canonical order; entry_json is the PoolEntry as hashed.
CREATE TABLE ceremony_pool (
  draw_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  pool_no INTEGER NOT NULL CHECK (pool_no >= 1),
  registry_no TEXT NOT NULL,
  entry_json TEXT NOT NULL,
  PRIMARY KEY (draw_id, idx, pool_no),
  UNIQUE (draw_id, idx, registry_no),
  FOREIGN KEY (draw_id, idx) REFERENCES ceremony_lots (draw_id, idx)
);
CREATE INDEX ceremony_pool_registry_no ON ceremony_pool (registry_no);

CREATE TRIGGER ceremony_pool_frozen_update BEFORE UPDATE ON ceremony_pool
BEGIN
  SELECT RAISE(ABORT, 'DRAW_SEALED: a frozen pool never changes');
END;
CREATE TRIGGER ceremony_pool_frozen_delete BEFORE DELETE ON ceremony_pool
BEGIN
  SELECT RAISE(ABORT, 'DRAW_SEALED: a frozen pool never changes');
END;

-- Each lot's recorded steps (DrawStep JSON), numbered 1.. over the lot's life.
CREATE TABLE ceremony_steps (
  draw_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  n INTEGER NOT NULL CHECK (n >= 1),
  phase TEXT NOT NULL,
  registry_no TEXT NOT NULL,
  outcome TEXT NOT NULL,
  step_json TEXT NOT NULL,
  PRIMARY KEY (draw_id, idx, n),
  FOREIGN KEY (draw_id, idx) REFERENCES ceremony_lots (draw_id, idx)
);

CREATE TRIGGER ceremony_steps_append_only_update BEFORE UPDATE ON ceremony_steps
BEGIN
  SELECT RAISE(ABORT, 'DRAW_SEALED: recorded steps never change');
END;
CREATE TRIGGER ceremony_steps_append_only_delete BEFORE DELETE ON ceremony_steps
BEGIN
  SELECT RAISE(ABORT, 'DRAW_SEALED: recorded steps never change');
END;

-- A ceremony's declines are rows of draw_declines naming their lot (NULL for a single draw's).
ALTER TABLE draw_declines ADD COLUMN lot_id INTEGER REFERENCES lots (id);
