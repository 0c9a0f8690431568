-- 0031: the public category of each decline (docs/PROTOCOL.md §Declines in the open); NULL for declines
-- recorded before categories existed (their log entries have none either).
ALTER TABLE draw_declines ADD COLUMN category TEXT
  CHECK (category IN ('declined', 'unavailable', 'conflict_of_interest', 'no_longer_eligible', 'other'));
