-- 0004: conflicts of interest as data (issue 2). The kinds come from the grant operator's FAQ: an
-- expert may not evaluate an NGO of which they are a member, founder, member of a governing body or
-- head; from which they received payment or financial support during the last year; or with whose
-- employees they have close family ties; and other potential conflicts. Operators add kinds through
-- the API; lookback_months > 0 means "any time within that many months before the check".
CREATE TABLE conflict_kinds (
  code TEXT PRIMARY KEY,
  label_kk TEXT NOT NULL,
  label_ru TEXT NOT NULL,
  label_en TEXT NOT NULL,
  lookback_months INTEGER NOT NULL DEFAULT 0 CHECK (lookback_months >= 0)
);

INSERT INTO conflict_kinds (code, label_kk, label_ru, label_en, lookback_months) VALUES
  ('member', 'Ұйым мүшесі', 'Член организации', 'Member of the organization', 0),
  ('founder', 'Құрылтайшы', 'Учредитель', 'Founder', 0),
  ('governing_body', 'Басқару органының мүшесі', 'Член органа управления', 'Member of a governing body', 0),
  ('head', 'Басшы', 'Руководитель', 'Head', 0),
  ('funded_12m', 'Соңғы 12 айда ақы немесе қаржылай қолдау алған', 'Получал оплату или финансовую поддержку в последние 12 месяцев', 'Paid or funded in the last 12 months', 12),
  ('relative_of_employee', 'Қызметкердің жақын туысы', 'Близкий родственник сотрудника', 'Close relative of an employee', 0),
  ('other', 'Өзге мүдделер қақтығысы', 'Иной конфликт интересов', 'Other conflict of interest', 0);

CREATE TABLE declarations (
  id INTEGER PRIMARY KEY,
  registry_no TEXT NOT NULL REFERENCES experts (registry_no),
  bin TEXT NOT NULL,
  kind TEXT NOT NULL REFERENCES conflict_kinds (code),
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  source TEXT NOT NULL CHECK (source IN ('self', 'operator')),
  note TEXT,
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX declarations_expert ON declarations (registry_no);
CREATE INDEX declarations_bin ON declarations (bin);

CREATE TRIGGER declarations_never_deleted BEFORE DELETE ON declarations
BEGIN
  SELECT RAISE(ABORT, 'declarations are never deleted; end them with valid_to');
END;
CREATE TRIGGER conflict_kinds_never_deleted BEFORE DELETE ON conflict_kinds
BEGIN
  SELECT RAISE(ABORT, 'conflict kinds are never deleted');
END;
