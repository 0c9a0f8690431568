-- 0030: draws and their life (docs/LIFECYCLE.md). Every change here is ALSO a transparency-log entry
-- appended in the same transaction (shared/schemas/draw-events.ts); these tables are for fast reads
-- and the full audit checks them against the log. What is frozen stays frozen: triggers refuse edits
-- of the sealed spec and announcement, of frozen pool rows and of recorded steps, and nothing about a
-- draw is ever deleted (a cancelled draw stays public with its reason).

CREATE TABLE draws (
  -- readable public id: D-<year>-<serial>, e.g. D-2026-0007
  id TEXT PRIMARY KEY,
  year INTEGER NOT NULL,
  serial INTEGER NOT NULL CHECK (serial >= 1),
  lot_id INTEGER NOT NULL REFERENCES lots (id),
  -- 1, 2, … per lot; earlier attempts are listed by every later one
  attempt INTEGER NOT NULL CHECK (attempt >= 1),
  state TEXT NOT NULL CHECK (
    state IN ('draft', 'announced', 'revealing', 'reveals_closed', 'beacon_received', 'drawn',
              'closed', 'cancelled')
  ),
  -- DraftSpec JSON, editable only while state = 'draft'
  draft_json TEXT NOT NULL,
  -- DrawSpec, Announcement and FairnessReport JSON, set once at announcement
  spec_json TEXT,
  announcement_json TEXT,
  announcement_hash TEXT,
  fairness_json TEXT,
  -- the verified drand round (BeaconRound JSON) and where it came from
  beacon_json TEXT,
  beacon_source TEXT CHECK (beacon_source IN ('relay', 'pasted')),
  -- waiting for the beacon: since when, the last failure's code, the next automatic try, tries so far
  beacon_waiting_since TEXT,
  beacon_last_error TEXT,
  beacon_next_retry_at TEXT,
  beacon_attempts INTEGER NOT NULL DEFAULT 0,
  -- PublishedSource[] JSON as the operator posted them
  public_sources_json TEXT NOT NULL DEFAULT '[]',
  -- SeedInput JSON and the seed (hex), set once when drawn
  seed_input_json TEXT,
  seed TEXT,
  -- the current DrawResult JSON (its steps are also rows of draw_steps); updated by declines
  result_json TEXT,
  cancel_reason TEXT,
  cancelled_from TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  announced_at TEXT,
  drawn_at TEXT,
  ended_at TEXT,
  UNIQUE (year, serial),
  UNIQUE (lot_id, attempt),
  CHECK ((state = 'cancelled') = (cancel_reason IS NOT NULL))
);
CREATE INDEX draws_state ON draws (state);

CREATE TRIGGER draws_never_deleted BEFORE DELETE ON draws
BEGIN
  SELECT RAISE(ABORT, 'draws are never deleted; cancel them with a reason');
END;

CREATE TRIGGER draws_sealed_once BEFORE UPDATE OF spec_json, announcement_json, announcement_hash,
  fairness_json ON draws
WHEN OLD.announcement_hash IS NOT NULL AND (
  NEW.spec_json IS NOT OLD.spec_json OR NEW.announcement_json IS NOT OLD.announcement_json
  OR NEW.announcement_hash IS NOT OLD.announcement_hash OR NEW.fairness_json IS NOT OLD.fairness_json)
BEGIN
  SELECT RAISE(ABORT, 'DRAW_SEALED: an announced draw''s spec and announcement never change');
END;

CREATE TRIGGER draws_seed_once BEFORE UPDATE OF seed_input_json, seed, beacon_json ON draws
WHEN (OLD.seed IS NOT NULL AND (NEW.seed IS NOT OLD.seed OR NEW.seed_input_json IS NOT OLD.seed_input_json))
  OR (OLD.beacon_json IS NOT NULL AND NEW.beacon_json IS NOT OLD.beacon_json)
BEGIN
  SELECT RAISE(ABORT, 'DRAW_SEALED: a draw''s beacon and seed never change');
END;

CREATE TRIGGER draws_final_states BEFORE UPDATE OF state ON draws
WHEN OLD.state IN ('closed', 'cancelled') AND NEW.state IS NOT OLD.state
BEGIN
  SELECT RAISE(ABORT, 'DRAW_STATE_CONFLICT: closed and cancelled draws are final');
END;

-- Invited observers. witness_id (W-1, W-2, …) is the public id in the spec; user_id stays private.
CREATE TABLE draw_witnesses (
  draw_id TEXT NOT NULL REFERENCES draws (id),
  witness_id TEXT NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users (id),
  -- public display name, as the spec names the witness
  name TEXT NOT NULL,
  invited_at TEXT NOT NULL,
  -- hex of taggedHash('commitment', secret); set in draft
  commitment TEXT,
  committed_at TEXT,
  -- the accepted reveal (hex), set while revealing
  secret TEXT,
  revealed_at TEXT,
  rejected_attempts INTEGER NOT NULL DEFAULT 0,
  -- set when reveals close without this witness's reveal
  missing INTEGER NOT NULL DEFAULT 0 CHECK (missing IN (0, 1)),
  PRIMARY KEY (draw_id, witness_id),
  UNIQUE (draw_id, user_id)
);
CREATE INDEX draw_witnesses_user ON draw_witnesses (user_id);

CREATE TRIGGER draw_witnesses_never_deleted BEFORE DELETE ON draw_witnesses
BEGIN
  SELECT RAISE(ABORT, 'witness invitations are never deleted');
END;

CREATE TRIGGER draw_witnesses_reveal_once BEFORE UPDATE OF secret ON draw_witnesses
WHEN OLD.secret IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'a reveal is recorded once');
END;

-- The frozen pool, numbered 1..n in canonical order; entry_json is the PoolEntry exactly as hashed.
CREATE TABLE draw_pool (
  draw_id TEXT NOT NULL REFERENCES draws (id),
  pool_no INTEGER NOT NULL CHECK (pool_no >= 1),
  registry_no TEXT NOT NULL,
  entry_json TEXT NOT NULL,
  PRIMARY KEY (draw_id, pool_no),
  UNIQUE (draw_id, registry_no)
);

CREATE TRIGGER draw_pool_frozen_update BEFORE UPDATE ON draw_pool
BEGIN
  SELECT RAISE(ABORT, 'DRAW_SEALED: a frozen pool never changes');
END;
CREATE TRIGGER draw_pool_frozen_delete BEFORE DELETE ON draw_pool
BEGIN
  SELECT RAISE(ABORT, 'DRAW_SEALED: a frozen pool never changes');
END;

-- Every recorded step (DrawStep JSON): the draw's, then each replacement's, numbered 1.. over the life.
CREATE TABLE draw_steps (
  draw_id TEXT NOT NULL REFERENCES draws (id),
  n INTEGER NOT NULL CHECK (n >= 1),
  phase TEXT NOT NULL,
  registry_no TEXT NOT NULL,
  outcome TEXT NOT NULL,
  step_json TEXT NOT NULL,
  PRIMARY KEY (draw_id, n)
);

CREATE TRIGGER draw_steps_append_only_update BEFORE UPDATE ON draw_steps
BEGIN
  SELECT RAISE(ABORT, 'DRAW_SEALED: recorded steps never change');
END;
CREATE TRIGGER draw_steps_append_only_delete BEFORE DELETE ON draw_steps
BEGIN
  SELECT RAISE(ABORT, 'DRAW_SEALED: recorded steps never change');
END;

-- Declines after the draw. The reason is operator free text about a person: never published.
CREATE TABLE draw_declines (
  id INTEGER PRIMARY KEY,
  draw_id TEXT NOT NULL REFERENCES draws (id),
  registry_no TEXT NOT NULL,
  reason TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  -- the first step this decline appended
  first_step INTEGER NOT NULL
);
CREATE INDEX draw_declines_draw ON draw_declines (draw_id, id);
