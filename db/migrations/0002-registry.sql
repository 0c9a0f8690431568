-- 0002: the Registry of Experts (issue 2). Experts are never deleted (a trigger refuses it), so a
-- registry number is never reused. Multi-valued fields live in child tables so the list can filter by
-- direction and the conflict check can find organizations by BIN. Personal data (iin, phone, email)
-- sits in the same row but never leaves through /api/public (shared/schemas/registry.ts PublicExpert).
CREATE TABLE directions (
  code TEXT PRIMARY KEY,
  name_kk TEXT NOT NULL,
  name_ru TEXT NOT NULL,
  name_en TEXT NOT NULL
);

CREATE TABLE experts (
  registry_no TEXT PRIMARY KEY,
  full_name_kk TEXT,
  full_name_ru TEXT,
  region TEXT NOT NULL,
  gender TEXT CHECK (gender IN ('female', 'male')),
  -- JSON array of language codes, validated by zod on the way in and out
  languages TEXT NOT NULL DEFAULT '[]',
  proposed_by TEXT NOT NULL CHECK (proposed_by IN ('operator', 'ngo')),
  status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'excluded')),
  status_reason TEXT,
  status_date TEXT,
  included_on TEXT NOT NULL,
  last_commission_on TEXT,
  iin TEXT,
  phone TEXT,
  email TEXT,
  -- lower-cased names and number, for case-insensitive search in any script
  search_text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (full_name_kk IS NOT NULL OR full_name_ru IS NOT NULL)
);
CREATE INDEX experts_status ON experts (status);
CREATE INDEX experts_region ON experts (region);

CREATE TRIGGER experts_never_deleted BEFORE DELETE ON experts
BEGIN
  SELECT RAISE(ABORT, 'experts are never deleted; exclude them instead');
END;

CREATE TABLE expert_directions (
  registry_no TEXT NOT NULL REFERENCES experts (registry_no),
  direction_code TEXT NOT NULL REFERENCES directions (code),
  position INTEGER NOT NULL,
  PRIMARY KEY (registry_no, direction_code)
);
CREATE INDEX expert_directions_code ON expert_directions (direction_code);

CREATE TABLE expert_organizations (
  registry_no TEXT NOT NULL REFERENCES experts (registry_no),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  bin TEXT,
  role TEXT NOT NULL,
  PRIMARY KEY (registry_no, position)
);
CREATE INDEX expert_organizations_bin ON expert_organizations (bin);

-- Every change of registry data: who (session username, as text: accounts may be renamed or
-- disabled), when, and the record before and after as JSON. Append-only.
CREATE TABLE registry_history (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  entity TEXT NOT NULL CHECK (
    entity IN ('expert', 'direction', 'competition', 'lot', 'conflict_kind', 'declaration')
  ),
  entity_key TEXT NOT NULL,
  action TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT
);
CREATE INDEX registry_history_entity ON registry_history (entity, entity_key, id);

CREATE TRIGGER registry_history_no_update BEFORE UPDATE ON registry_history
BEGIN
  SELECT RAISE(ABORT, 'history is append-only');
END;
CREATE TRIGGER registry_history_no_delete BEFORE DELETE ON registry_history
BEGIN
  SELECT RAISE(ABORT, 'history is append-only');
END;
