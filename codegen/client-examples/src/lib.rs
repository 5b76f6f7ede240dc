//! Example programs of the `zendesk-users` client, one task each, in `examples/`:
//! run one from the workspace root with `cargo run --example NAME` (each file's
//! first lines say which environment variables it reads). They live in this
//! package, not in `generated/`, so that they exist once and are written by hand,
//! never regenerated.
//!
//! | example | what it shows |
//! |---|---|
//! | `stream_agents` | every agent, page after page, two pages in memory at most (`stream()`) |
//! | `create_or_update_user` | an upsert by email or external id, and which of the two happened |
//! | `update_and_clear_field` | setting one field and clearing another in one update (`Nullable`) |
//! | `make_work_email_primary` | an email identity added, verified and made primary |
//! | `bulk_import` | CSV rows imported in batches of 100 as background jobs (`wait_for_job`) |
//! | `gdpr_erasure` | delete, permanent delete, then polling the compliance deletion statuses |
//! | `incremental_export` | the time-based export resumed from the saved `end_time` |
