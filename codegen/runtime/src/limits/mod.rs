//! Staying within Zendesk's limits: the rate budget shared by every request of a
//! client, the rate-limit headers it learns from, the fixed pace of incremental
//! exports, and the retry policy that decides when a failed or limited request
//! is sent again.

pub(super) mod budget;
pub(super) mod export_pace;
pub(super) mod rate_limit;
pub(super) mod retry;
