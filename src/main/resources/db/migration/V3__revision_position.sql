-- Schema version 3: what history and rollback need to put a server back where it was.
-- before_index: the server's position (0-based) in the community's list before the change;
-- NULL when unknown (an imported audit line, a deploy of the whole list, a write never attempted).
-- Portable SQL, no placeholders.
ALTER TABLE revisions ADD COLUMN before_index INTEGER;
