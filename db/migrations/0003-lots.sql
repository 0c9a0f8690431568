-- 0003: competitions and their lots (issue 2). A lot has one direction and lists its applicant
-- organizations by name and BIN (both public). Nothing here is deleted; edits go to registry_history.
CREATE TABLE competitions (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  title_kk TEXT NOT NULL,
  title_ru TEXT NOT NULL,
  year INTEGER NOT NULL
);

CREATE TABLE lots (
  id INTEGER PRIMARY KEY,
  competition_id INTEGER NOT NULL REFERENCES competitions (id),
  direction_code TEXT NOT NULL REFERENCES directions (code),
  title_kk TEXT NOT NULL,
  title_ru TEXT NOT NULL
);
CREATE INDEX lots_competition ON lots (competition_id);

CREATE TABLE lot_applicants (
  lot_id INTEGER NOT NULL REFERENCES lots (id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  bin TEXT NOT NULL,
  PRIMARY KEY (lot_id, position),
  UNIQUE (lot_id, bin)
);
CREATE INDEX lot_applicants_bin ON lot_applicants (bin);

CREATE TRIGGER competitions_never_deleted BEFORE DELETE ON competitions
BEGIN
  SELECT RAISE(ABORT, 'competitions are never deleted');
END;
CREATE TRIGGER lots_never_deleted BEFORE DELETE ON lots
BEGIN
  SELECT RAISE(ABORT, 'lots are never deleted');
END;
