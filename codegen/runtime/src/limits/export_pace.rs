//! The incremental-export pace: Zendesk allows 10 export requests per minute per
//! account, so export requests are spaced by a fixed interval (6 s by default,
//! `ClientBuilder::incremental_export_interval`) across every stream and clone of a
//! client. A separate limit from the rate budget's: the budget learns its limits
//! from response headers, while this quota is documented and fixed, so it is kept
//! before the first answer says anything.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// One slot per interval, shared by the clones of a client.
#[derive(Debug)]
pub(crate) struct ExportPace {
    interval: Duration,
    /// When the next export request may start. Tokio's clock (not std's) so that
    /// pacing follows a paused test clock.
    next_slot: Mutex<Option<Instant>>,
}

impl ExportPace {
    /// A pace of one request per `interval`; a zero interval never waits.
    pub(crate) fn new(interval: Duration) -> Self {
        ExportPace {
            interval,
            next_slot: Mutex::new(None),
        }
    }

    /// The configured interval.
    pub(crate) fn interval(&self) -> Duration {
        self.interval
    }

    /// Waits for the next slot: at most one export request per interval. The slot
    /// is reserved under the lock and slept outside it, so no lock is held across
    /// an await; a quiet spell does not save up slots.
    pub(crate) async fn wait(&self) {
        if self.interval.is_zero() {
            return;
        }
        let wait = {
            // A poisoned lock only means another thread panicked mid-update of
            // an `Option<Instant>`; the value is still usable.
            let mut next_slot = self.next_slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let now = Instant::now();
            let slot = next_slot.filter(|slot| *slot > now).unwrap_or(now);
            // An interval so large the slot overflows an Instant is not meaningful;
            // fall back to no pacing rather than panic.
            *next_slot = slot.checked_add(self.interval);
            slot - now
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }
}
