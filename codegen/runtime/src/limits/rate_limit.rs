//! Zendesk's rate-limit headers, parsed leniently from any response or error.
//! Zendesk sends three families (`X-Rate-Limit*`, the IETF draft `ratelimit-*`,
//! and per-feature `Zendesk-RateLimit-*`), plus `Retry-After` on 429 and some
//! 503s. A malformed value is treated as absent, never as an error.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderMap;

/// Rate-limit information from one response; every field is `None` when the
/// header is missing or unreadable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// `X-Rate-Limit`: requests allowed per minute for the account.
    pub limit: Option<u64>,
    /// `X-Rate-Limit-Remaining`: requests left in the current minute.
    pub remaining: Option<u64>,
    /// `ratelimit-limit`.
    pub ratelimit_limit: Option<u64>,
    /// `ratelimit-remaining`.
    pub ratelimit_remaining: Option<u64>,
    /// `ratelimit-reset`: seconds until the window resets.
    pub ratelimit_reset: Option<u64>,
    /// Every `Zendesk-RateLimit-<feature>` header as (lower-case feature, raw value),
    /// e.g. `("incremental-exports", "total=10; remaining=9; resets=42")`.
    /// Kept raw because the value format differs between features.
    pub zendesk: Vec<(String, String)>,
    /// `Retry-After`, as seconds or an HTTP date turned into a wait.
    pub retry_after: Option<Duration>,
}

/// The longest `Retry-After` taken at face value; longer ones are clamped so
/// a garbage header cannot overflow a deadline computation.
const RETRY_AFTER_CEILING: Duration = Duration::from_secs(24 * 60 * 60);

const ZENDESK_PREFIX: &str = "zendesk-ratelimit-";

impl RateLimit {
    /// Reads the rate-limit headers from `headers`.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let number = |name: &str| header_text(headers, name).and_then(|text| text.trim().parse::<u64>().ok());
        // Header names in a HeaderMap are always lower case.
        let zendesk = headers
            .iter()
            .filter_map(|(name, value)| {
                let feature = name.as_str().strip_prefix(ZENDESK_PREFIX)?;
                Some((feature.to_string(), value.to_str().ok()?.to_string()))
            })
            .collect();
        RateLimit {
            limit: number("x-rate-limit"),
            remaining: number("x-rate-limit-remaining"),
            ratelimit_limit: number("ratelimit-limit"),
            ratelimit_remaining: number("ratelimit-remaining"),
            ratelimit_reset: number("ratelimit-reset"),
            zendesk,
            retry_after: header_text(headers, "retry-after").and_then(parse_retry_after),
        }
    }
}

/// One `Zendesk-RateLimit-<name>` value, `total=5; remaining=4; resets=38`
/// (`total` is not needed to stay under the limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EndpointLimit {
    /// `remaining`: what is left in the current interval.
    pub(crate) remaining: u64,
    /// `resets`: the time until the interval ends, when given.
    pub(crate) resets_in: Option<Duration>,
}

/// Parses a `Zendesk-RateLimit-<name>` value; `None` without a readable `remaining`.
pub(crate) fn parse_endpoint_limit(value: &str) -> Option<EndpointLimit> {
    let mut remaining = None;
    let mut resets_in = None;
    for part in value.split([';', ',']) {
        let Some((name, number)) = part.split_once('=') else {
            continue;
        };
        let Ok(number) = number.trim().parse::<u64>() else {
            continue;
        };
        match name.trim().to_ascii_lowercase().as_str() {
            "remaining" => remaining = Some(number),
            "resets" => resets_in = Some(Duration::from_secs(number).min(RETRY_AFTER_CEILING)),
            _ => {}
        }
    }
    Some(EndpointLimit {
        remaining: remaining?,
        resets_in,
    })
}

fn header_text<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name)?.to_str().ok()
}

/// Parses `Retry-After`: delay seconds (Zendesk sends integers; decimals are
/// accepted too) or an HTTP date, which becomes the time left until then.
pub(crate) fn parse_retry_after(text: &str) -> Option<Duration> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<f64>() {
        if !seconds.is_finite() || seconds < 0.0 {
            return None;
        }
        return Duration::try_from_secs_f64(seconds.min(RETRY_AFTER_CEILING.as_secs_f64())).ok();
    }
    let date = chrono::DateTime::parse_from_rfc2822(text).ok()?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?;
    let seconds_left = date.timestamp().saturating_sub(i64::try_from(now.as_secs()).ok()?);
    let seconds_left = u64::try_from(seconds_left).unwrap_or(0);
    Some(Duration::from_secs(seconds_left).min(RETRY_AFTER_CEILING))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_accepts_seconds_decimals_and_dates() {
        assert_eq!(parse_retry_after("30"), Some(Duration::from_secs(30)));
        assert_eq!(parse_retry_after(" 1.5 "), Some(Duration::from_millis(1500)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("NaN"), None);
        assert_eq!(parse_retry_after("soon"), None);
        assert_eq!(parse_retry_after("1e300"), Some(RETRY_AFTER_CEILING));
    }

    #[test]
    fn endpoint_limits_are_read_leniently() {
        assert_eq!(
            parse_endpoint_limit("total=5; remaining=4; resets=38"),
            Some(EndpointLimit {
                remaining: 4,
                resets_in: Some(Duration::from_secs(38))
            })
        );
        assert_eq!(
            parse_endpoint_limit(" Remaining = 0 ,oops; resets=x"),
            Some(EndpointLimit {
                remaining: 0,
                resets_in: None
            })
        );
        assert_eq!(parse_endpoint_limit("total=5; resets=38"), None);
    }

    #[test]
    fn headers_are_read_leniently() {
        let mut headers = HeaderMap::new();
        headers.insert("x-rate-limit", "700".parse().unwrap());
        headers.insert("x-rate-limit-remaining", "oops".parse().unwrap());
        headers.insert(
            "Zendesk-RateLimit-incremental-exports",
            "total=10; remaining=9; resets=42".parse().unwrap(),
        );
        let rate_limit = RateLimit::from_headers(&headers);
        assert_eq!(rate_limit.limit, Some(700));
        assert_eq!(rate_limit.remaining, None);
        assert_eq!(
            rate_limit.zendesk,
            vec![(
                "incremental-exports".to_string(),
                "total=10; remaining=9; resets=42".to_string()
            )]
        );
    }
}
