//! When to retry a request and how long to wait first.
//!
//! Rate limits (429, and 503 with `Retry-After`) are waited out for as long as
//! Zendesk asks, up to a maximum. Such a wait is an instruction, not a failure:
//! it does not use up an attempt, so a long run under heavy rate limiting does
//! not fail for having been told to wait. Server errors and dropped
//! connections are failures: retried with exponential backoff and jitter, but
//! only for idempotent methods: a POST that reached Zendesk may have created a
//! user, so sending it again could create a second one. A 429 is the exception:
//! Zendesk rejected the request before processing it, so even a POST is safe
//! to repeat.
//!
//! Jitter uses a tiny hand-written generator (splitmix64 seeded from the clock
//! and a counter) rather than a `rand` dependency: it only has to keep many
//! clients from retrying in lockstep, not be unpredictable.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::{Method, StatusCode};

use crate::error::is_idempotent;

/// What to do when Zendesk rate-limits a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnRateLimit {
    /// Sleep for `Retry-After` (up to [`RetryPolicy::max_retry_after`]) and retry.
    #[default]
    Wait,
    /// Return [`Error::RateLimited`](crate::Error::RateLimited) at once, so a job
    /// queue can reschedule the work instead of holding a worker asleep.
    ReturnError,
}

/// How the client retries failed requests, and how it waits out rate limits.
///
/// **The rule.** A 429, or a 503 with `Retry-After` (for `GET`, `PUT` and
/// `DELETE`), is Zendesk saying when to come back: the client sleeps that long
/// and sends the request again, and this does **not** count as a failed
/// attempt. Each such wait may be at most [`max_retry_after`](Self::max_retry_after)
/// (a longer one fails at once with [`Error::RateLimited`](crate::Error::RateLimited)),
/// and all waits together stay within the call's deadline
/// ([`ClientBuilder::deadline`](crate::ClientBuilder::deadline), 5 minutes by
/// default; past it, [`Error::DeadlineExceeded`](crate::Error::DeadlineExceeded)).
/// [`max_attempts`](Self::max_attempts) counts real failures only: a 5xx, a
/// 429 without `Retry-After`, a timeout or a dropped connection (retried for
/// `GET`, `PUT` and `DELETE` only, never for a `POST` that may have been
/// processed). With `deadline(None)` nothing bounds how many rate-limit waits
/// a call makes, only the length of each.
///
/// **The defaults** ([`RetryPolicy::default`]):
///
/// | setting | default |
/// |---|---|
/// | [`max_attempts`](Self::max_attempts) | 4 (the first attempt and 3 retries after real failures) |
/// | [`initial_backoff`](Self::initial_backoff) | 500 ms, doubling per failure, with jitter |
/// | [`max_backoff`](Self::max_backoff) | 30 s |
/// | [`max_retry_after`](Self::max_retry_after) | 60 s (Zendesk's limits are per minute) |
/// | [`on_rate_limit`](Self::on_rate_limit) | [`OnRateLimit::Wait`] |
///
/// A job queue that reschedules work itself would rather
/// `RetryPolicy::default().on_rate_limit(OnRateLimit::ReturnError)`; a
/// one-off script under heavy rate limiting needs nothing changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    on_rate_limit: OnRateLimit,
}

impl Default for RetryPolicy {
    /// Four attempts (counting real failures only), backoff from 500 ms up to
    /// 30 s, waits of up to 60 s each for `Retry-After` (Zendesk's limits are
    /// per minute), rate limits waited out.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(60),
            on_rate_limit: OnRateLimit::Wait,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries: every failure, and every rate limit, is
    /// returned at once ([`OnRateLimit::ReturnError`]).
    pub fn never() -> Self {
        RetryPolicy {
            max_attempts: 1,
            on_rate_limit: OnRateLimit::ReturnError,
            ..RetryPolicy::default()
        }
    }

    /// Attempts per request that may end in a real failure (a 5xx, a 429
    /// without `Retry-After`, a timeout, a dropped connection), the first
    /// included (at least 1; default 4). Waiting out a `Retry-After` does not
    /// count: those waits are bounded by [`max_retry_after`](Self::max_retry_after)
    /// and the call's deadline instead.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Backoff before the first retry of a server error or dropped
    /// connection (default 500 ms); it doubles for each further retry.
    pub fn initial_backoff(mut self, wait: Duration) -> Self {
        self.initial_backoff = wait;
        self
    }

    /// The longest backoff between two attempts (default 30 s).
    pub fn max_backoff(mut self, wait: Duration) -> Self {
        self.max_backoff = wait;
        self
    }

    /// The longest `Retry-After` the client sleeps through (default 60 s), and
    /// the longest wait for the rate budget to reset. When Zendesk asks
    /// for a longer wait, the request fails at once with
    /// [`Error::RateLimited`](crate::Error::RateLimited) carrying the wait, because
    /// retrying any earlier would only be rejected again.
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// Whether to wait out rate limits or return them at once (default
    /// [`OnRateLimit::Wait`]).
    pub fn on_rate_limit(mut self, choice: OnRateLimit) -> Self {
        self.on_rate_limit = choice;
        self
    }

    pub(crate) fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The longest wait for a rate limit to reset that the caller accepts:
    /// none with [`OnRateLimit::ReturnError`], else `max_retry_after`.
    pub(crate) fn longest_rate_limit_wait(&self) -> Duration {
        match self.on_rate_limit {
            OnRateLimit::ReturnError => Duration::ZERO,
            OnRateLimit::Wait => self.max_retry_after,
        }
    }

    /// Whether an answer is Zendesk's instruction to come back later rather than
    /// a failure: a 429, or a 503 for an idempotent method, with `Retry-After`.
    /// Waiting one out does not use up an attempt.
    pub(crate) fn is_instruction(method: &Method, status: StatusCode, retry_after: Option<Duration>) -> bool {
        retry_after.is_some()
            && (status == StatusCode::TOO_MANY_REQUESTS
                || (status == StatusCode::SERVICE_UNAVAILABLE && is_idempotent(method)))
    }

    /// Decides after an error status. `retry_number` is 1 for the first retry.
    pub(crate) fn after_status(
        &self,
        method: &Method,
        status: StatusCode,
        retry_after: Option<Duration>,
        retry_number: u32,
    ) -> Option<Duration> {
        let rate_limited = status == StatusCode::TOO_MANY_REQUESTS;
        let throttled = status == StatusCode::SERVICE_UNAVAILABLE && retry_after.is_some();
        if rate_limited || (throttled && is_idempotent(method)) {
            if self.on_rate_limit == OnRateLimit::ReturnError {
                return None;
            }
            return match retry_after {
                Some(wait) if wait > self.max_retry_after => None,
                Some(wait) => Some(wait),
                None => Some(self.backoff(retry_number)),
            };
        }
        (status.is_server_error() && is_idempotent(method)).then(|| self.backoff(retry_number))
    }

    /// Decides after a timeout or connection failure.
    pub(crate) fn after_transport_failure(&self, method: &Method, retry_number: u32) -> Option<Duration> {
        is_idempotent(method).then(|| self.backoff(retry_number))
    }

    /// Exponential backoff with "equal jitter": half the delay is fixed and
    /// half random, so waits grow reliably but clients spread out.
    fn backoff(&self, retry_number: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry_number.saturating_sub(1));
        let ceiling = self.initial_backoff.saturating_mul(factor).min(self.max_backoff);
        let half = ceiling / 2;
        let random_nanos = (half.as_nanos() as f64 * random_fraction()) as u64;
        half.saturating_add(Duration::from_nanos(random_nanos))
    }
}

/// A number in `[0, 1)` that differs between calls and between processes.
fn random_fraction() -> f64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let clock = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_nanos() as u64)
        .unwrap_or(0);
    let mut x = clock ^ COUNTER.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    (x >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_stays_capped_and_jitters_within_bounds() {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::from_secs(1))
            .max_backoff(Duration::from_secs(5));
        for (retry, ceiling) in [(1, 1), (2, 2), (3, 4), (4, 5), (40, 5)] {
            let ceiling = Duration::from_secs(ceiling);
            let wait = policy.backoff(retry);
            assert!(wait >= ceiling / 2 && wait <= ceiling, "retry {retry}: {wait:?}");
        }
    }

    #[test]
    fn post_is_retried_only_on_429() {
        let policy = RetryPolicy::default();
        let zero = Some(Duration::ZERO);
        assert!(policy
            .after_status(&Method::POST, StatusCode::TOO_MANY_REQUESTS, zero, 1)
            .is_some());
        assert!(policy
            .after_status(&Method::POST, StatusCode::SERVICE_UNAVAILABLE, zero, 1)
            .is_none());
        assert!(policy
            .after_status(&Method::POST, StatusCode::INTERNAL_SERVER_ERROR, None, 1)
            .is_none());
        assert!(policy.after_transport_failure(&Method::POST, 1).is_none());
        assert!(policy
            .after_status(&Method::PUT, StatusCode::BAD_GATEWAY, None, 1)
            .is_some());
        assert!(policy
            .after_status(&Method::GET, StatusCode::NOT_FOUND, None, 1)
            .is_none());
    }

    #[test]
    fn retry_after_is_waited_exactly_for_429_and_for_503_on_idempotent_methods() {
        let policy = RetryPolicy::default();
        for wait in [
            Duration::ZERO,
            Duration::from_millis(200),
            Duration::from_secs(1),
            Duration::from_secs(60),
        ] {
            for (method, status) in [
                (Method::GET, StatusCode::TOO_MANY_REQUESTS),
                (Method::POST, StatusCode::TOO_MANY_REQUESTS),
                (Method::GET, StatusCode::SERVICE_UNAVAILABLE),
                (Method::DELETE, StatusCode::SERVICE_UNAVAILABLE),
            ] {
                assert_eq!(
                    policy.after_status(&method, status, Some(wait), 1),
                    Some(wait),
                    "{method} {status}"
                );
            }
        }
    }

    #[test]
    fn returning_rate_limits_at_once_never_waits() {
        let policy = RetryPolicy::default().on_rate_limit(OnRateLimit::ReturnError);
        let thirty = Some(Duration::from_secs(30));
        for (status, retry_after) in [
            (StatusCode::TOO_MANY_REQUESTS, None),
            (StatusCode::TOO_MANY_REQUESTS, Some(Duration::ZERO)),
            (StatusCode::TOO_MANY_REQUESTS, thirty),
            (StatusCode::SERVICE_UNAVAILABLE, thirty),
        ] {
            assert_eq!(
                policy.after_status(&Method::GET, status, retry_after, 1),
                None,
                "{status} with Retry-After {retry_after:?}"
            );
        }
    }

    #[test]
    fn long_retry_after_and_return_error_give_up() {
        let policy = RetryPolicy::default().max_retry_after(Duration::from_secs(10));
        let long = Some(Duration::from_secs(11));
        assert!(policy
            .after_status(&Method::GET, StatusCode::TOO_MANY_REQUESTS, long, 1)
            .is_none());
        let policy = policy.on_rate_limit(OnRateLimit::ReturnError);
        let short = Some(Duration::from_secs(1));
        assert!(policy
            .after_status(&Method::GET, StatusCode::TOO_MANY_REQUESTS, short, 1)
            .is_none());
    }

    #[test]
    fn only_a_retry_after_on_a_rate_limit_is_an_instruction() {
        let after = Some(Duration::from_secs(1));
        for (method, status, retry_after, instruction) in [
            (Method::GET, StatusCode::TOO_MANY_REQUESTS, after, true),
            (Method::POST, StatusCode::TOO_MANY_REQUESTS, after, true),
            (Method::GET, StatusCode::SERVICE_UNAVAILABLE, after, true),
            (Method::DELETE, StatusCode::SERVICE_UNAVAILABLE, after, true),
            // Without Retry-After, Zendesk did not say when to come back: a failure.
            (Method::GET, StatusCode::TOO_MANY_REQUESTS, None, false),
            (Method::GET, StatusCode::SERVICE_UNAVAILABLE, None, false),
            // A POST that got a 503 may have been processed: never an instruction.
            (Method::POST, StatusCode::SERVICE_UNAVAILABLE, after, false),
            (Method::GET, StatusCode::INTERNAL_SERVER_ERROR, after, false),
        ] {
            assert_eq!(
                RetryPolicy::is_instruction(&method, status, retry_after),
                instruction,
                "{method} {status} {retry_after:?}"
            );
        }
    }

    #[test]
    fn never_returns_rate_limits_at_once_too() {
        let policy = RetryPolicy::never();
        assert_eq!(policy.attempts(), 1);
        assert_eq!(policy.longest_rate_limit_wait(), Duration::ZERO);
        assert_eq!(
            policy.after_status(&Method::GET, StatusCode::TOO_MANY_REQUESTS, Some(Duration::ZERO), 1),
            None
        );
    }
}
