-- One row per form submission that changed something, keyed by the submission's one-time token:
-- written in the transaction of the change itself, so a submission that committed is known to
-- every replica, and a replay of it (nginx resending a POST whose replica died) finds the outcome
-- instead of doing the work again. A second insert of the same token waits for the first
-- transaction and then fails on the primary key: concurrent replays cannot both run.
-- Rows older than the longest a session lives are deleted: their tokens cannot be sent any more.
create table submission (
    token               varchar(64)  not null primary key,
    form                varchar(32)  not null,
    outcome             varchar(64),
    account_id          bigint,
    credential_version  bigint,
    created_at          timestamp(6) with time zone not null
);
create index ix_submission_created_at on submission (created_at);
