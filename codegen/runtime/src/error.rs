//! The one error type every operation returns. Each message says what went
//! wrong and what to do about it; none contains a credential, because
//! credentials only ever live in `Auth` and in reqwest's sensitive header.
//!
//! Every error about a request that was sent (or held back) names it by method
//! and path with its ids, `GET /api/v2/users/987654`, so a log of a bulk run
//! says which user failed. Never the query string or the body: a search query
//! or a user's data may be personal.
//!
//! Every error also says whether Zendesk may have acted on the request
//! ([`Processed`]), because that decides whether a write such as `create_user`
//! can be sent again: a request that was certainly not processed can, one that
//! may have been processed could create a second user.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

use crate::error_body::ErrorBody;
use crate::limits::rate_limit::RateLimit;

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
    #[error("could not reach zendesk for {method} {path} ({operation}: {}); {}", transport_kind(.source), transport_advice(.method, *.processed))]
    Transport {
        /// The operation's name.
        operation: &'static str,
        /// The request's HTTP method.
        method: Method,
        /// The request's path with its ids (`/api/v2/users/987654`); never the
        /// query string (it may hold an email) and never a credential. A boxed
        /// `str` rather than a `String` keeps `Error` small.
        path: Box<str>,
        /// Whether Zendesk may have acted on the request: [`Processed::No`] when
        /// the connection could not be opened (and no earlier attempt may have
        /// been processed), [`Processed::Maybe`] when it dropped after sending.
        processed: Processed,
        /// The underlying error (its chain has the low-level cause).
        #[source]
        source: reqwest::Error,
    },
    /// No complete response arrived within the configured per-attempt timeout.
    /// Zendesk may have processed the request ([`Processed::Maybe`]).
    #[error("{method} {path} ({operation}) got no complete response within {after:?}; {}", timeout_advice(.method))]
    Timeout {
        /// The operation's name.
        operation: &'static str,
        /// The request's HTTP method.
        method: Method,
        /// The request's path with its ids (`/api/v2/users/987654`); never the
        /// query string (it may hold an email) and never a credential. A boxed
        /// `str` rather than a `String` keeps `Error` small.
        path: Box<str>,
        /// The timeout that elapsed.
        after: Duration,
    },
    /// The call's total deadline (attempts, back-off and rate-limit waits
    /// together) would pass before the next attempt could start or finish, so
    /// the client gave up at once instead of waiting in vain.
    #[error("{method} {path} ({operation}) gave up after {elapsed:?}: {waiting_for} would pass the call's deadline of {deadline:?}; {}", deadline_advice(.method, *.processed))]
    DeadlineExceeded {
        /// The operation's name.
        operation: &'static str,
        /// The request's HTTP method.
        method: Method,
        /// The request's path with its ids (`/api/v2/users/987654`); never the
        /// query string (it may hold an email) and never a credential. A boxed
        /// `str` rather than a `String` keeps `Error` small.
        path: Box<str>,
        /// The deadline that applied to the call.
        deadline: Duration,
        /// How long the call had been running when it gave up.
        elapsed: Duration,
        /// What the client would have had to wait for, e.g. `a 4s back-off`.
        waiting_for: Box<str>,
        /// Whether an attempt made before giving up may have been processed.
        processed: Processed,
        /// The error of the last attempt, if one was made.
        #[source]
        last_error: Option<Box<Error>>,
    },
    /// The client held the request back because a rate limit it is tracking
    /// has no requests left until it resets, and waiting that long is not
    /// wanted ([`OnRateLimit::ReturnError`](crate::OnRateLimit::ReturnError), or a
    /// wait longer than [`RetryPolicy::max_retry_after`](crate::RetryPolicy::max_retry_after)).
    /// Nothing was sent; [`Error::retry_after`] says when to try again.
    #[error("held back {method} {path} ({operation}) without sending it: the {scope} rate limit has no requests left for {retry_after:?}; send it again after that")]
    RateBudgetSpent {
        /// The operation's name.
        operation: &'static str,
        /// The request's HTTP method.
        method: Method,
        /// The request's path with its ids (`/api/v2/users/987654`); never the
        /// query string (it may hold an email) and never a credential. A boxed
        /// `str` rather than a `String` keeps `Error` small.
        path: Box<str>,
        /// Which limit is spent: `account`, or the name of an endpoint limit
        /// such as `create-update-user`.
        scope: String,
        /// How long until the limit resets.
        retry_after: Duration,
    },
    /// A 2xx response body did not match the documented type.
    #[error("could not decode the HTTP {status} response to {method} {path} ({operation}): {message}; the response does not match the API description (body starts with {snippet:?})")]
    Decode {
        /// The operation's name.
        operation: &'static str,
        /// The request's HTTP method.
        method: Method,
        /// The request's path with its ids (`/api/v2/users/987654`); never the
        /// query string (it may hold an email) and never a credential. A boxed
        /// `str` rather than a `String` keeps `Error` small.
        path: Box<str>,
        /// The response status.
        status: StatusCode,
        /// The decoder's message (field path, line and column).
        message: String,
        /// The start of the body, at most a few hundred bytes.
        snippet: String,
    },
    /// A success status the spec does not document for this operation.
    #[error("{method} {path} ({operation}) was answered with success status {status}, which the API description does not document (body starts with {snippet:?})")]
    UnexpectedStatus {
        /// The operation's name.
        operation: &'static str,
        /// The request's HTTP method.
        method: Method,
        /// The request's path with its ids (`/api/v2/users/987654`); never the
        /// query string (it may hold an email) and never a credential. A boxed
        /// `str` rather than a `String` keeps `Error` small.
        path: Box<str>,
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
    #[error("pagination of {method} {path} ({operation}) stopped: {reason}")]
    Pagination {
        /// The operation's name.
        operation: &'static str,
        /// The method of the page request whose answer ended the stream.
        method: Method,
        /// That request's path with its ids; never the query string (a search
        /// query may hold an email) and never a credential.
        path: Box<str>,
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

/// Whether Zendesk may have acted on a request that failed
/// ([`Error::processed`]).
///
/// Only a request that was certainly not processed can be sent again without
/// thinking about it. Safe to resend as is, whatever this says: every `GET`,
/// `PUT` and `DELETE` operation, `create_or_update_user` and
/// `create_or_update_many_users` (keyed by email or external id) and
/// `logout_many_users`. Not safe: `create_user`, `create_many_users` and
/// `request_user_create`; repeating one that may have been processed can
/// create a second user, so look the user up by email or external id first
/// (or use `create_or_update_user`).
///
/// ```ignore
/// use zendesk_users::{Error, Processed};
///
/// fn after_a_failed_create(error: &Error) -> &'static str {
///     match error.processed() {
///         Processed::No => "send it again",
///         Processed::Maybe => "look the user up before sending it again",
///         Processed::Yes => "it was created; fetch it",
///     }
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Processed {
    /// Certainly not processed: refused before sending (a client-side check,
    /// the rate budget, a bad configuration), the connection could not be
    /// opened, or Zendesk refused it with a 4xx such as 429.
    No,
    /// Possibly processed: the request was sent, then the attempt timed out,
    /// the connection dropped, or Zendesk answered with a 5xx.
    Maybe,
    /// Processed: Zendesk answered with a success status, but the body could
    /// not be decoded, or the response was otherwise not what was expected.
    Yes,
}

impl fmt::Display for Processed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Processed::No => "not processed",
            Processed::Maybe => "possibly processed",
            Processed::Yes => "processed",
        })
    }
}

/// What an error message adds when a write may have taken effect.
const CHECK_BEFORE_RESENDING: &str =
    "zendesk may have processed it, so check whether it took effect before sending it again (resending could do it twice)";

/// Methods that change nothing more when repeated. POST and PATCH are not among them.
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE
    )
}

fn transport_advice(method: &Method, processed: Processed) -> &'static str {
    if processed != Processed::No && !is_idempotent(method) {
        CHECK_BEFORE_RESENDING
    } else if processed == Processed::No {
        "nothing was processed; check the network, proxy and base url"
    } else {
        "check the network, proxy and base url"
    }
}

fn timeout_advice(method: &Method) -> &'static str {
    if is_idempotent(method) {
        "retry later or raise the client timeout"
    } else {
        CHECK_BEFORE_RESENDING
    }
}

fn deadline_advice(method: &Method, processed: Processed) -> &'static str {
    if processed != Processed::No && !is_idempotent(method) {
        CHECK_BEFORE_RESENDING
    } else if processed == Processed::No {
        "nothing was processed; retry later or raise the deadline"
    } else {
        "retry later or raise the deadline"
    }
}

fn transport_kind(error: &reqwest::Error) -> &'static str {
    if error.is_connect() {
        "connection failed"
    } else if error.is_body() || error.is_decode() {
        "connection dropped while reading the response"
    } else if error.is_request() {
        "the connection failed during the request, before an answer arrived"
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
            | Error::DeadlineExceeded { operation, .. }
            | Error::RateBudgetSpent { operation, .. }
            | Error::Decode { operation, .. }
            | Error::UnexpectedStatus { operation, .. }
            | Error::Pagination { operation, .. } => Some(operation),
            _ => None,
        }
    }

    /// The HTTP status Zendesk answered with, as a plain number, when there
    /// was a response: `error.status() == Some(404)`. See also the `is_*`
    /// helpers ([`Error::is_not_found`]...) and [`Error::http_status`].
    pub fn status(&self) -> Option<u16> {
        self.http_status().map(|status| status.as_u16())
    }

    /// The HTTP status as reqwest's [`StatusCode`], when there was a response.
    pub fn http_status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(api) | Error::RateLimited(api) => Some(api.status),
            Error::Decode { status, .. } | Error::UnexpectedStatus { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// True for a 400 Bad Request.
    pub fn is_bad_request(&self) -> bool {
        self.status() == Some(400)
    }

    /// True for a 401 Unauthorized: the credentials are wrong or API access is off.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }

    /// True for a 403 Forbidden: the credentials lack permission.
    pub fn is_forbidden(&self) -> bool {
        self.status() == Some(403)
    }

    /// True for a 404 Not Found.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    /// True for a 409 Conflict.
    pub fn is_conflict(&self) -> bool {
        self.status() == Some(409)
    }

    /// True for a 422 Unprocessable Entity, Zendesk's answer to invalid values
    /// (`RecordInvalid`, with the fields in [`ApiError::body`]).
    pub fn is_unprocessable(&self) -> bool {
        self.status() == Some(422)
    }

    /// True for a 5xx answer.
    pub fn is_server_error(&self) -> bool {
        self.http_status().is_some_and(|status| status.is_server_error())
    }

    /// True when Zendesk rate-limited the request (a 429, or a 503 with
    /// `Retry-After`) or the client held it back because the rate limit it
    /// tracks was spent ([`Error::RateBudgetSpent`]).
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Error::RateLimited(_) | Error::RateBudgetSpent { .. })
    }

    /// True when an attempt timed out or the call's deadline passed.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. } | Error::DeadlineExceeded { .. })
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

    /// How long to wait before trying again: Zendesk's `Retry-After`, or the
    /// time until the client's rate budget resets ([`Error::RateBudgetSpent`]).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateBudgetSpent { retry_after, .. } => Some(*retry_after),
            _ => self.rate_limit().and_then(|rate_limit| rate_limit.retry_after),
        }
    }

    /// Whether Zendesk may have acted on the request; see [`Processed`].
    /// Errors that are not about one request (configuration, pagination
    /// limits) are [`Processed::No`]; a stalled pagination or a job that is
    /// still running are [`Processed::Yes`] (their requests were answered).
    pub fn processed(&self) -> Processed {
        match self {
            Error::Config { .. }
            | Error::InvalidRequest { .. }
            | Error::RateBudgetSpent { .. }
            | Error::PaginationLimit { .. } => Processed::No,
            Error::Api(api) | Error::RateLimited(api) => api.processed,
            Error::Transport { processed, .. } | Error::DeadlineExceeded { processed, .. } => *processed,
            Error::Timeout { .. } => Processed::Maybe,
            Error::Decode { .. }
            | Error::UnexpectedStatus { .. }
            | Error::Pagination { .. }
            | Error::JobTimedOut { .. } => Processed::Yes,
        }
    }

    /// True unless the request was certainly not processed
    /// ([`Processed::No`]): before sending a write such as `create_user`
    /// again, check whether it took effect.
    pub fn request_may_have_been_processed(&self) -> bool {
        self.processed() != Processed::No
    }

    /// True for errors that may go away by themselves and where sending the
    /// same request again is safe: rate limits and connections that could not
    /// be opened (nothing was processed) for every method, and 5xx, timeouts
    /// and dropped connections only for `GET`, `PUT` and `DELETE`. A `POST`
    /// that may have been processed is not transient, because repeating it
    /// could create a second user (`create_or_update_user` is the exception
    /// you may resend anyway: it is keyed by email or external id).
    pub fn is_transient(&self) -> bool {
        let may_go_away = match self {
            Error::RateLimited(_)
            | Error::RateBudgetSpent { .. }
            | Error::Transport { .. }
            | Error::Timeout { .. }
            | Error::DeadlineExceeded { .. } => true,
            Error::Api(api) => api.status.is_server_error(),
            _ => false,
        };
        may_go_away && (self.processed() == Processed::No || self.method().is_some_and(is_idempotent))
    }

    /// The request's HTTP method, when the error concerns a request that was
    /// sent or held back.
    pub fn method(&self) -> Option<&Method> {
        match self {
            Error::Api(api) | Error::RateLimited(api) => Some(&api.method),
            Error::Transport { method, .. }
            | Error::Timeout { method, .. }
            | Error::DeadlineExceeded { method, .. }
            | Error::RateBudgetSpent { method, .. }
            | Error::Decode { method, .. }
            | Error::UnexpectedStatus { method, .. }
            | Error::Pagination { method, .. } => Some(method),
            _ => None,
        }
    }

    /// The request's path with its ids (`/api/v2/users/987654`), when the error
    /// concerns a request that was sent or held back: which user a failed call
    /// of a bulk run was about. Never the query string or the body.
    pub fn path(&self) -> Option<&str> {
        match self {
            Error::Api(api) | Error::RateLimited(api) => Some(&api.path),
            Error::Transport { path, .. }
            | Error::Timeout { path, .. }
            | Error::DeadlineExceeded { path, .. }
            | Error::RateBudgetSpent { path, .. }
            | Error::Decode { path, .. }
            | Error::UnexpectedStatus { path, .. }
            | Error::Pagination { path, .. } => Some(path),
            _ => None,
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
    method: Method,
    path: Box<str>,
    processed: Processed,
}

impl ApiError {
    /// `earlier` is the most an earlier attempt of the same call may have been
    /// processed: a DELETE that got a 500 and then a 404 may well have deleted.
    pub(crate) fn new(
        operation: &'static str,
        method: Method,
        path: &str,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
        earlier: Processed,
    ) -> Self {
        // A 5xx may come after Zendesk acted (or from a proxy in front of it);
        // a 429, every other 4xx and a redirect mean it refused the request. A
        // 503 with Retry-After is throttling, but Zendesk does not promise it
        // came before processing, so it stays "maybe".
        let processed = if status.is_server_error() {
            Processed::Maybe
        } else {
            Processed::No
        };
        ApiError {
            operation,
            method,
            path: path.into(),
            processed: processed.max(earlier),
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

    /// The request's HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The request's path with its ids (`/api/v2/users/987654`), without the
    /// query string.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Whether Zendesk may have acted on the request; see [`Processed`].
    pub fn processed(&self) -> Processed {
        self.processed
    }

    fn advice(&self) -> &'static str {
        if self.processed != Processed::No && !is_idempotent(&self.method) {
            return CHECK_BEFORE_RESENDING;
        }
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
        write!(
            f,
            "zendesk answered {} {} ({}) with HTTP {}",
            self.method, self.path, self.operation, self.status
        )?;
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
