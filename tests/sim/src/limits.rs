//! Rate limits (zendesk-behaviour.md, "Rate limits"; seed 003, "Update User" → "Limits"): an
//! account-wide budget per minute reported on every answer, endpoint budgets (update user: 5 per
//! minute per user; incremental exports: 10 per minute) reported in a `Zendesk-RateLimit-*`
//! header, and 429 with `Retry-After` once a budget is spent. Windows are one minute long on
//! tokio's clock, starting at the first request counted in them.

use std::collections::HashMap;
use std::time::Duration;
use tokio::time::Instant;

const WINDOW: Duration = Duration::from_secs(60);

/// One budget: how many requests the current window has used.
#[derive(Debug, Clone)]
struct Window {
    started: Instant,
    used: u32,
}

/// The state of a budget after a request was counted or refused.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    pub(crate) limit: u32,
    pub(crate) remaining: u32,
    /// Seconds until the window resets (at least 1 while the window runs).
    pub(crate) resets: u64,
    /// Whether the request was refused because the budget was spent.
    pub(crate) refused: bool,
}

/// Every budget of the account.
#[derive(Debug, Default)]
pub(crate) struct Limits {
    windows: HashMap<String, Window>,
}

impl Limits {
    /// Counts one request against the budget `key` of `limit` per minute, unless it is spent.
    pub(crate) fn take(&mut self, key: &str, limit: u32) -> Budget {
        let now = Instant::now();
        let window = self
            .windows
            .entry(key.to_owned())
            .or_insert(Window { started: now, used: 0 });
        if now.duration_since(window.started) >= WINDOW {
            *window = Window { started: now, used: 0 };
        }
        let refused = window.used >= limit;
        if !refused {
            window.used += 1;
        }
        Budget {
            limit,
            remaining: limit - window.used.min(limit),
            resets: seconds_left(window, now),
            refused,
        }
    }

    /// The budget `key` without counting a request (for answers that are not counted).
    pub(crate) fn peek(&self, key: &str, limit: u32) -> Budget {
        let now = Instant::now();
        match self.windows.get(key) {
            Some(window) if now.duration_since(window.started) < WINDOW => Budget {
                limit,
                remaining: limit - window.used.min(limit),
                resets: seconds_left(window, now),
                refused: false,
            },
            _ => Budget {
                limit,
                remaining: limit,
                resets: WINDOW.as_secs(),
                refused: false,
            },
        }
    }
}

/// Whole seconds until the window ends, rounded up.
fn seconds_left(window: &Window, now: Instant) -> u64 {
    let left = WINDOW.saturating_sub(now.duration_since(window.started));
    (left.as_millis().div_ceil(1000) as u64).max(1)
}

impl Budget {
    /// The endpoint header value: `total=5; remaining=4; resets=60`.
    pub(crate) fn endpoint_header(&self) -> String {
        format!(
            "total={}; remaining={}; resets={}",
            self.limit, self.remaining, self.resets
        )
    }
}
