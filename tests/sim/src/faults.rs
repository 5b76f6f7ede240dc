//! Faults on demand: a test picks requests (method, path, optionally query pairs) and how they
//! are answered instead of normally (a status, a dropped connection, a delay, a truncated body),
//! for a number of times.

use std::time::Duration;

/// How a matching request is answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultAction {
    /// Answer with this status and a JSON error body (a 429 or 503 also carries
    /// `Retry-After: retry_after_seconds`).
    Status {
        /// The HTTP status code.
        status: u16,
        /// The `Retry-After` seconds sent with a 429 or 503.
        retry_after_seconds: u64,
    },
    /// Close the connection without a complete answer.
    DropConnection,
    /// Wait this long (on tokio's clock), then answer normally.
    Delay(Duration),
    /// Send the status line, the headers with the full `Content-Length`, and only the first
    /// half of the body, then close the connection.
    TruncateBody,
}

/// One fault: which requests it catches and what they get, how many times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) action: FaultAction,
    pub(crate) remaining: usize,
}

impl Fault {
    /// A fault for `method` (e.g. `"GET"`) on `path` (e.g. `"/api/v2/users"`, without `.json`;
    /// a request to `/api/v2/users.json` matches too), answering with `action` once.
    pub fn new(method: &str, path: &str, action: FaultAction) -> Fault {
        Fault {
            method: method.to_ascii_uppercase(),
            path: path.strip_suffix(".json").unwrap_or(path).to_owned(),
            query: Vec::new(),
            action,
            remaining: 1,
        }
    }

    /// Answers with `status` (and `Retry-After: 1` for a 429 or 503).
    pub fn status(method: &str, path: &str, status: u16) -> Fault {
        Fault::new(
            method,
            path,
            FaultAction::Status {
                status,
                retry_after_seconds: 1,
            },
        )
    }

    /// Catches only requests whose query has `name=value` (decoded); may be called again to
    /// require more pairs.
    pub fn with_query(mut self, name: &str, value: &str) -> Fault {
        self.query.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Catches the next `times` matching requests instead of one.
    pub fn times(mut self, times: usize) -> Fault {
        self.remaining = times;
        self
    }

    /// Whether this fault catches the request.
    pub(crate) fn matches(&self, method: &str, path: &str, query: &[(String, String)]) -> bool {
        self.remaining > 0
            && self.method == method
            && self.path == path
            && self.query.iter().all(|wanted| query.iter().any(|sent| sent == wanted))
    }
}
