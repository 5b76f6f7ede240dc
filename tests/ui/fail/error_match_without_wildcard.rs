//! `Error` is non-exhaustive, so a match on it needs a wildcard arm even when every variant is listed.
use zendesk_users::Error;

fn main() {}

#[allow(dead_code)]
fn describe(error: &Error) -> &'static str {
    match error {
        Error::Config { .. } => "config",
        Error::InvalidRequest { .. } => "invalid request",
        Error::Api(_) => "api",
        Error::RateLimited(_) => "rate limited",
        Error::Transport { .. } => "transport",
        Error::Timeout { .. } => "timeout",
        Error::Decode { .. } => "decode",
        Error::UnexpectedStatus { .. } => "unexpected status",
        Error::PaginationLimit { .. } => "pagination limit",
        Error::Pagination { .. } => "pagination",
        Error::JobTimedOut { .. } => "job timed out",
    }
}
