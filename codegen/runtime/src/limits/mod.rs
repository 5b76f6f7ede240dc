//! Staying within Zendesk's limits: the rate budget shared by every request of a
//! client (with the fixed pace of incremental exports as one of its scopes), the
//! rate-limit headers it learns from, and the retry policy that decides when a
//! failed or limited request is sent again.

pub(super) mod budget;
pub(super) mod rate_limit;
pub(super) mod retry;
