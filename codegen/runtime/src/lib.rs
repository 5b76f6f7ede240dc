//! The hand-written runtime of the Zendesk Users client: HTTP plumbing, auth,
//! errors, retries, pagination, incremental export and job polling. The
//! generated crate (`zendesk-users`) depends on this crate and re-exports its
//! API at its root; generated operations only build a `Request`, hand it to
//! `execute` and decode the `RawResponse`, so all behaviour shared by
//! operations lives here, once.
//!
//! The source is grouped by the question a reader comes with, one folder each:
//!
//! | folder | holds | read it for |
//! |---|---|---|
//! | `http/` | `Auth`, `Client` and its builder, `Request`, `Response` and decoding | how one request is sent and its answer read |
//! | `limits/` | the rate budget (with the export pace as its fixed-quota scope), rate-limit headers, `RetryPolicy` | when a request waits, and when it is sent again |
//! | `paging/` | the page loop, cursor/offset streams, cursor and time exports | how a list is walked page by page |
//! | `wire/` | parameters, multipart, bound checks, `Nullable`, `IdOrKey`, model serde support | how values are written and read |
//!
//! Errors (`error.rs`, `error_body.rs`) are produced by every group, and job
//! polling (`jobs.rs`) uses the client end to end, so they stay at the root.
//!
//! The generated crate defines its own `Client` (a newtype over [`Client`], see
//! `http/client.rs` for why) and reaches the plumbing through `__private`.

// The groups (each folder's `mod.rs` says what it holds); errors and job polling
// concern every group and stay at the root.
mod error;
mod error_body;
mod http;
mod jobs;
mod limits;
mod paging;
mod wire;

// What callers use.
pub use error::{ApiError, Error, Processed};
pub use error_body::{ErrorBody, ErrorDetail};
pub use http::auth::Auth;
pub use http::client::{Client, ClientBuilder};
pub use http::response::Response;
pub use jobs::{FinishedJob, JobResult, JobState, JobWait};
pub use limits::rate_limit::RateLimit;
pub use limits::retry::{OnRateLimit, RetryPolicy};
pub use paging::cursor_export::CursorExport;
pub use paging::time_export::TimeExport;
/// The reqwest version this crate uses, for building a client to pass to
/// [`ClientBuilder::http_client`] and naming `StatusCode` or `HeaderMap`.
pub use reqwest;
pub use wire::id_or_key::IdOrKey;
pub use wire::multipart::FilePart;
pub use wire::nullable::Nullable;
pub use wire::serde_support::ParseEnumError;

/// Plumbing the generated operations and models call: not part of the crate's
/// API, hidden from its docs and free to change in any release (as serde's
/// `__private`). Public only so generated code in another module can reach it
/// and so an item a given spec does not need is never reported as dead code.
#[doc(hidden)]
pub mod __private {
    pub use super::http::client::{client_builder, execute};
    pub use super::http::request::{encode_path_segment, path_segment, Method, OperationInfo, Request};
    pub use super::http::response::RawResponse;
    pub use super::paging::cursor_export::{cursor_export, cursor_export_pages};
    pub use super::paging::pagination::{cursor_items, cursor_pages, offset_items, Page};
    pub use super::paging::time_export::{time_export, time_export_pages};
    pub use super::wire::params::{check_count, check_range, Measured};
    pub use super::wire::serde_support::deserialize_open_enum;
    pub use super::wire::validate::{check_max_items, check_maximum, check_min_items, check_minimum};
    // The macros generated builders and enums expand: `#[macro_export]`ed (so
    // they sit, hidden, at the crate root too) and reached from here.
    pub use crate::{awaitable_builder, cursor_list, integer_enum, string_enum};
    pub use futures;
    pub use serde;
}
