//! The one error type every operation returns. Each message says what went
//! wrong and what to do about it; none contains a credential, because
//! credentials only ever live in `Auth` and in reqwest's sensitive header.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::error_body::ErrorBody;
use super::rate_limit::RateLimit;

/// Everything that can go wrong when calling Zendesk.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client could not be built (bad subdomain or base URL, plain http, ...).
    #[error("invalid client configuration: {reason}")]
    Config {
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// A client-side check failed before anything was sent.
    #[error("invalid request to {operation}: `{argument}` {reason}; nothing was sent, fix the argument and retry")]
    InvalidRequest {
        /// The operation's name.
        operation: &'static str,
        /// The argument that failed the check.
        argument: String,
        /// Why it failed.
        reason: String,
    },
    /// Zendesk answered with an error status.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// Zendesk rejected the request because of rate limiting: a 429, or a 503
    /// with `Retry-After`. [`Error::retry_after`] says when to try again.
    #[error("{0}")]
    RateLimited(Box<ApiError>),
    /// The connection failed or dropped; the source error says how.
    #[error("could not reach zendesk for {operation} ({}); check the network, proxy and base url", transport_kind(.source))]
    Transport {
        /// The operation's name.
        operation: &'static str,
        /// The underlying error (its chain has the low-level cause).
        #[source]
        source: reqwest::Error,
    },
    /// No complete response arrived within the configured timeout.
    #[error("{operation} got no complete response within {after:?}; retry later or raise the client timeout")]
    Timeout {
        /// The operation's name.
        operation: &'static str,
        /// The timeout that elapsed.
        after: Duration,
    },
    /// A 2xx response body did not match the documented type.
    #[error("could not decode the HTTP {status} response to {operation}: {message}; the response does not match the API description (body starts with {snippet:?})")]
    Decode {
        /// The operation's name.
        operation: &'static str,
        /// The response status.
        status: StatusCode,
        /// The decoder's message (field path, line and column).
        message: String,
        /// The start of the body, at most a few hundred bytes.
        snippet: String,
    },
    /// A success status the spec does not document for this operation.
    #[error("{operation} answered with success status {status}, which the API description does not document (body starts with {snippet:?})")]
    UnexpectedStatus {
        /// The operation's name.
        operation: &'static str,
        /// The response status.
        status: StatusCode,
        /// The start of the body.
        snippet: String,
    },
    /// An offset-paginated listing (search) reached the most records Zendesk
    /// will page through while more results exist.
    #[error("results stop at {max_records} records but more match; narrow the query (for example by creation date) to reach the rest")]
    PaginationLimit {
        /// The cap that was reached.
        max_records: u64,
    },
    /// A paginated listing stopped making progress (the same cursor or start
    /// time came back) or sent pages that cannot be followed.
    #[error("pagination stopped: {reason}")]
    Pagination {
        /// What the server sent and what to do instead.
        reason: String,
    },
    /// A background job was still running when the wait's deadline passed.
    #[error("job {job_id} is still {} after {waited:?}; wait longer or check it later with show_job_status", .last_status.as_deref().unwrap_or("unfinished"))]
    JobTimedOut {
        /// The job's id.
        job_id: String,
        /// The last status seen (`queued`, `working`).
        last_status: Option<String>,
        /// How long the helper waited.
        waited: Duration,
    },
}

fn transport_kind(error: &reqwest::Error) -> &'static str {
    if error.is_connect() {
        "connection failed"
    } else if error.is_body() || error.is_decode() {
        "connection dropped while reading the response"
    } else if error.is_request() {
        "request could not be sent"
    } else {
        "transport error"
    }
}

impl Error {
    /// The operation that failed, when the error comes from a request.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Api(api) | Error::RateLimited(api) => Some(api.operation),
            Error::InvalidRequest { operation, .. }
            | Error::Transport { operation, .. }
            | Error::Timeout { operation, .. }
            | Error::Decode { operation, .. }
            | Error::UnexpectedStatus { operation, .. } => Some(operation),
            _ => None,
        }
    }

    /// The HTTP status Zendesk answered with, when there was a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(api) | Error::RateLimited(api) => Some(api.status),
            Error::Decode { status, .. } | Error::UnexpectedStatus { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The error response, for [`Error::Api`] and [`Error::RateLimited`].
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) | Error::RateLimited(api) => Some(api),
            _ => None,
        }
    }

    /// The rate-limit headers of the error response, if there was one.
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        self.api_error().map(|api| &api.rate_limit)
    }

    /// How long Zendesk asked to wait (`Retry-After`), if it said.
    pub fn retry_after(&self) -> Option<Duration> {
        self.rate_limit().and_then(|rate_limit| rate_limit.retry_after)
    }

    /// True for errors that may go away by themselves (rate limits, 5xx,
    /// timeouts, connection problems); a job queue can reschedule these.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::RateLimited(_) | Error::Transport { .. } | Error::Timeout { .. } => true,
            Error::Api(api) => api.status.is_server_error(),
            _ => false,
        }
    }
}

/// An error response from Zendesk: status, decoded body, raw snippet and headers.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The operation's name.
    pub operation: &'static str,
    /// The HTTP status.
    pub status: StatusCode,
    /// The decoded error body, when it was JSON in a known shape.
    pub body: Option<ErrorBody>,
    /// The start of the raw body (plain-text errors end up only here).
    pub snippet: String,
    /// Rate-limit headers, including `Retry-After`.
    pub rate_limit: RateLimit,
    /// `X-Zendesk-Request-Id`, worth quoting to Zendesk support.
    pub request_id: Option<String>,
}

impl ApiError {
    pub(crate) fn new(operation: &'static str, status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Self {
        ApiError {
            operation,
            status,
            body: ErrorBody::parse(body),
            snippet: snippet(body),
            rate_limit: RateLimit::from_headers(headers),
            request_id: headers
                .get("x-zendesk-request-id")
                .and_then(|value| value.to_str().ok())
                .map(str::to_string),
        }
    }

    fn advice(&self) -> &'static str {
        match self.status.as_u16() {
            400 => "check the request arguments",
            401 => "check the credentials (email, API token or OAuth token) and that API access is enabled for the account",
            403 => "the credentials work but lack permission for this operation; use an admin or a token with the right scope",
            404 => "check that the id exists and that the subdomain is the right account",
            409 => "the resource changed at the same time; fetch it again and retry",
            413 => "the request is too large; send fewer items per call",
            422 => "fix the values named in the error details",
            429 => "slow down: wait for the retry-after time or lower the request rate",
            300..=399 => "zendesk redirected the request; check the base url (the client does not follow redirects)",
            500..=599 => "zendesk had a problem; retry later",
            _ => "see the error details",
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "zendesk answered {} with HTTP {}", self.operation, self.status)?;
        let summary = self.body.as_ref().map(ErrorBody::summary).unwrap_or_default();
        if !summary.is_empty() {
            write!(f, ": {summary}")?;
        } else if !self.snippet.trim().is_empty() {
            write!(f, ": {:?}", self.snippet.trim())?;
        }
        write!(f, "; {}", self.advice())?;
        if let Some(retry_after) = self.rate_limit.retry_after {
            write!(f, " (retry after {retry_after:?})")?;
        }
        if let Some(request_id) = &self.request_id {
            write!(f, " [request id {request_id}]")?;
        }
        Ok(())
    }
}

/// How much of a body errors keep: enough to recognise it, bounded so a huge
/// page does not end up in a log line.
const SNIPPET_BYTES: usize = 512;

/// The start of `body` as text, cut at [`SNIPPET_BYTES`] and marked when cut.
pub(crate) fn snippet(body: &[u8]) -> String {
    let cut = body.get(..SNIPPET_BYTES).unwrap_or(body);
    // A cut in the middle of a UTF-8 character becomes one replacement character.
    let mut text = String::from_utf8_lossy(cut).into_owned();
    if cut.len() < body.len() {
        text.push('…');
    }
    text
}
