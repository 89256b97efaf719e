-- Schema version 2: lookups that history and rollback need (portable SQL, no placeholders).
-- "Has this revision been rolled back?" follows reverts; paging one member's changes by member.
CREATE INDEX revisions_reverts ON revisions (reverts);
CREATE INDEX revisions_by_member ON revisions (community, member_id, id);
