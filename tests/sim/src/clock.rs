//! The simulator's idea of "now": a wall-clock reading (Unix seconds) that advances with tokio's
//! clock, so a test with a paused clock moves export windows, rate-limit windows and timestamps
//! by advancing tokio time, and a test can also set the wall-clock reading outright.

use std::sync::Mutex;
use tokio::time::Instant;

/// Wall-clock seconds derived from tokio's monotonic clock.
#[derive(Debug)]
pub(crate) struct Clock {
    /// The tokio instant at which `unix_at_origin` was true.
    origin: Mutex<(Instant, i64)>,
}

impl Clock {
    /// A clock that reads `unix_now` at this instant.
    pub(crate) fn starting_at(unix_now: i64) -> Self {
        Clock {
            origin: Mutex::new((Instant::now(), unix_now)),
        }
    }

    /// The current Unix time in whole seconds.
    pub(crate) fn now_unix(&self) -> i64 {
        let origin = self.origin.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        origin.1 + i64::try_from(origin.0.elapsed().as_secs()).unwrap_or(i64::MAX / 2)
    }

    /// Makes the clock read `unix_now` from this instant on.
    pub(crate) fn set_now(&self, unix_now: i64) {
        let mut origin = self.origin.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        *origin = (Instant::now(), unix_now);
    }
}

/// Formats Unix seconds as Zendesk writes timestamps: `2011-05-05T10:38:52Z`.
pub(crate) fn rfc3339(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let seconds_of_day = unix.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        seconds_of_day / 3600,
        (seconds_of_day % 3600) / 60,
        seconds_of_day % 60
    )
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(days_since_epoch: i64) -> (i64, i64, i64) {
    let z = days_since_epoch + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::rfc3339;

    #[test]
    fn formats_zendesk_timestamps() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_304_592_332), "2011-05-05T10:45:32Z");
        assert_eq!(rfc3339(1_767_225_600), "2026-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }
}
