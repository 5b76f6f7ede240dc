//! The hand-written runtime of the Zendesk Users client: HTTP plumbing, auth,
//! errors, retries, pagination, incremental export and job polling. The
//! generator copies these files verbatim; generated operations only build a
//! `Request`, call `Client::execute` and decode the `RawResponse`, so
//! all behaviour shared by operations lives here.

mod auth;
mod budget;
mod client;
mod cursor_export;
mod decode;
mod error;
mod error_body;
mod id_or_key;
mod incremental;
mod jobs;
mod multipart;
mod nullable;
mod pager;
mod pagination;
mod params;
mod rate_limit;
mod request;
mod response;
mod retry;
mod validate;
mod wire;
mod wire_macros;

// What callers use.
pub use auth::Auth;
pub use client::{Client, ClientBuilder};
pub use cursor_export::CursorExport;
pub use error::{ApiError, Error, Processed};
pub use error_body::{ErrorBody, ErrorDetail};
pub use id_or_key::IdOrKey;
pub use incremental::TimeExport;
pub use jobs::{FinishedJob, JobResult, JobState, JobWait};
pub use multipart::FilePart;
pub use nullable::Nullable;
pub use rate_limit::RateLimit;
/// The reqwest version this crate uses, for building a client to pass to
/// [`ClientBuilder::http_client`] and naming `StatusCode` or `HeaderMap`.
pub use reqwest;
pub use response::Response;
pub use retry::{OnRateLimit, RetryPolicy};
pub use wire::ParseEnumError;

/// Plumbing the generated operations and models call: not part of the crate's
/// API, hidden from its docs and free to change in any release (as serde's
/// `__private`). Public only so generated code in another module can reach it
/// and so an item a given spec does not need is never reported as dead code.
#[doc(hidden)]
pub mod __private {
    pub use super::cursor_export::{cursor_export, CursorExportPage};
    pub use super::incremental::{time_export, TimeExportPage};
    pub use super::pagination::{cursor_items, cursor_pages, offset_items, CursorPage, OffsetPage};
    pub use super::params::{check_count, check_range, Measured};
    pub use super::request::{encode_path_segment, path_segment, Method, OperationInfo, Request};
    pub use super::response::RawResponse;
    pub use super::validate::{check_max_items, check_maximum, check_min_items, check_minimum};
    pub use super::wire::{
        deserialize_str_enum, keep_unknown, parse_known, required_field, take_field, Skippable, UnknownProperties,
        WireEnum, WireKey,
    };
    // Used by the generated models and builders (not by the runtime crate on its own).
    #[allow(unused_imports)]
    pub(crate) use super::wire_macros::{awaitable_builder, integer_enum, string_enum, wire_struct};
    pub use serde;
}
