-- Counts the changes that end a user's sessions (a new password, "end all other sessions"). A
-- session records the count it was signed in under and is refused once the count moved on.
alter table account add column credential_version bigint default 0 not null;
