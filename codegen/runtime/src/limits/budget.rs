//! The rate budget: staying under Zendesk's rate limits instead of running
//! into them.
//!
//! Every Zendesk response says how much of a limit is left: the account-wide
//! limit in `ratelimit-limit` / `ratelimit-remaining` / `ratelimit-reset`
//! (and `X-Rate-Limit` / `X-Rate-Limit-Remaining`, which carry no reset), and
//! each documented endpoint limit in `Zendesk-RateLimit-<name>: total=…;
//! remaining=…; resets=…`. The budget keeps one scope per limit, shared by a
//! client and all its clones, and admits a request only when every scope it
//! falls under has room for it:
//!
//! - Requests already sent but not yet answered count against what is left,
//!   so as a limit runs out the client sends no more requests at a time than
//!   the limit has room for, and never a burst that Zendesk would refuse.
//! - When a limit is spent, requests wait for its reset (or for the answers in
//!   flight, which may report more room) instead of being refused with a 429.
//! - A 429's `Retry-After` holds back every request of the spent scope, not
//!   just the one that was refused.
//! - A limit whose reset time is unknown (only `X-Rate-Limit`) lets one
//!   request at a time through once spent; its answer, or its 429's
//!   `Retry-After`, says what comes next.
//!
//! An endpoint limit applies to the method and path that reported it (the
//! path includes the user id, so `update_user` calls for different users do
//! not hold each other back). Zendesk counts `create_or_update_user` per user
//! too, but the user is in the body: its calls share one scope, so once one
//! user's allowance is spent, the next call of that operation waits for the
//! reset even for another user (prefer `create_or_update_many_users` for many).
//!
//! The incremental exports (every path under `/api/v2/incremental/`) share one
//! scope, `incremental-exports`, whose quota is fixed and known before any
//! answer: Zendesk documents 10 export requests per minute per account, and
//! the client admits at most one export request per configured interval
//! (`ClientBuilder::incremental_export_interval`, 6 s by default; zero means
//! no fixed quota). The next slot is taken when a request is admitted and is
//! one interval after it, so a quiet spell saves up nothing: after idling, one
//! request goes at once and the next waits a full interval. Like every scope,
//! the export scope also learns from answers (Zendesk's
//! `Zendesk-RateLimit-incremental-exports` header, a 429's `Retry-After`), so
//! a stricter limit than the configured interval (another client of the same
//! account exporting too) holds the exports back as well. Waiting for an
//! export slot is the client's own schedule, not a spent limit: it is bounded
//! by the call's deadline but not by `max_retry_after`.
//!
//! Switched off (`ClientBuilder::rate_budget(false)`), the budget learns
//! nothing from answers and holds no request back, except for the fixed
//! quotas: the export pace still applies, because it is configured rather
//! than learned and Zendesk refuses an eleventh export request in a minute
//! whatever the client knows.
//!
//! The scopes live behind a plain mutex that is never held across an await;
//! waiting requests sleep until a reset or until an answer changes the
//! picture ([`Notify`]), whichever comes first.

use std::collections::HashMap;
use std::pin::pin;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use tokio::sync::Notify;
use tokio::time::Instant;

use super::rate_limit::{parse_endpoint_limit, RateLimit};

/// Two reports of the same window can disagree on its reset by this much,
/// because Zendesk rounds the reset to whole seconds; a later reset than that
/// means a new window.
const RESET_ROUNDING: Duration = Duration::from_secs(1);

/// The incremental export endpoints: Zendesk counts every request under this
/// path against one export limit per account.
const EXPORT_PATH_PREFIX: &str = "/api/v2/incremental/";

/// The name Zendesk gives the export limit in its `Zendesk-RateLimit-<name>`
/// header, and the export scope's name in errors.
const EXPORT_FEATURE: &str = "incremental-exports";

/// Past this many scopes, finished ones are dropped (endpoint scopes are per
/// path, so updating many users leaves many behind).
const MAX_IDLE_SCOPES: usize = 256;

/// Which limit a scope tracks.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum ScopeKey {
    /// The account-wide limit.
    Account,
    /// The incremental exports' limit, shared by every export endpoint, with
    /// its fixed quota.
    Export,
    /// A documented endpoint limit, for the method and concrete path that
    /// reported it. An empty feature is an undocumented endpoint limit
    /// learned from a 429 while the account limit still had room.
    Endpoint {
        feature: String,
        method: Method,
        path: String,
    },
}

impl ScopeKey {
    fn name(&self) -> String {
        match self {
            ScopeKey::Account => "account".to_string(),
            ScopeKey::Export => EXPORT_FEATURE.to_string(),
            ScopeKey::Endpoint { feature, method, path } if feature.is_empty() => format!("{method} {path}"),
            ScopeKey::Endpoint { feature, .. } => feature.clone(),
        }
    }

    fn covers(&self, method: &Method, path: &str) -> bool {
        match self {
            ScopeKey::Account => true,
            ScopeKey::Export => path.starts_with(EXPORT_PATH_PREFIX),
            ScopeKey::Endpoint {
                method: scope_method,
                path: scope_path,
                ..
            } => scope_method == method && scope_path == path,
        }
    }
}

/// What the client knows about one limit.
#[derive(Debug, Default)]
struct Scope {
    /// The lowest `remaining` reported in the current window.
    remaining: Option<u64>,
    /// When the current window ends, if Zendesk said.
    resets_at: Option<Instant>,
    /// Nothing is sent before this (a 429's `Retry-After`).
    blocked_until: Option<Instant>,
    /// Requests admitted under this scope and not yet answered.
    in_flight: u64,
    /// A fixed quota, known before any answer: at most one request admitted
    /// per this interval (the export pace). `None`: the scope has none.
    quota: Option<Duration>,
    /// With a quota: when the next request may be admitted, one interval
    /// after the last admission (never earlier, so idling saves nothing up).
    next_slot: Option<Instant>,
}

/// What one scope says about sending a request now.
#[derive(Debug, PartialEq)]
enum Verdict {
    Go,
    /// Spent until this instant.
    WaitUntil(Instant),
    /// Spent unless the requests in flight report more room; resets at the instant, if known.
    WaitForAnswers(Option<Instant>),
    /// The fixed quota's next slot is at this instant: the client's own
    /// schedule, so not bounded by how long the caller waits for a spent limit.
    Paced(Instant),
}

impl Scope {
    /// Forgets a window that has ended and a `Retry-After` that has passed.
    fn expire(&mut self, now: Instant) {
        if self.resets_at.is_some_and(|reset| reset <= now) {
            self.remaining = None;
            self.resets_at = None;
        }
        if self.blocked_until.is_some_and(|until| until <= now) {
            self.blocked_until = None;
        }
        if self.next_slot.is_some_and(|slot| slot <= now) {
            self.next_slot = None;
        }
    }

    /// What the scope says, the learned limit first: a request admitted now
    /// must pass both it and the fixed quota.
    fn verdict(&mut self, now: Instant) -> Verdict {
        self.expire(now);
        match self.learned_verdict() {
            Verdict::Go => self.next_slot.map_or(Verdict::Go, Verdict::Paced),
            wait => wait,
        }
    }

    /// What the limit learned from answers says (`expire` already applied).
    fn learned_verdict(&self) -> Verdict {
        if let Some(until) = self.blocked_until {
            return Verdict::WaitUntil(until);
        }
        let Some(remaining) = self.remaining else {
            return Verdict::Go;
        };
        if remaining > self.in_flight {
            return Verdict::Go;
        }
        if self.in_flight > 0 {
            return Verdict::WaitForAnswers(self.resets_at);
        }
        match self.resets_at {
            Some(reset) => Verdict::WaitUntil(reset),
            // Spent, nothing in flight and no reset known: one request goes
            // ahead to find out (its in-flight count holds back the others).
            None => Verdict::Go,
        }
    }

    /// Takes in one response's report of this limit.
    fn observe(&mut self, remaining: u64, resets_in: Option<Duration>, now: Instant) {
        self.expire(now);
        let resets_at = resets_in.and_then(|wait| now.checked_add(wait));
        let same_window = match (self.remaining, self.resets_at, resets_at) {
            (Some(_), Some(known), Some(reported)) => reported <= known + RESET_ROUNDING,
            // Without reset times, the latest report is the best guess.
            _ => false,
        };
        if same_window {
            // Answers can arrive out of order: the lowest remaining is the
            // newest, and the latest reset the safest.
            self.remaining = self.remaining.map(|known| known.min(remaining));
            self.resets_at = self.resets_at.max(resets_at);
        } else {
            self.remaining = Some(remaining);
            self.resets_at = resets_at;
        }
    }

    /// Counts a request admitted at `now`: in flight, and in the fixed quota
    /// (the next slot is one interval later; an interval too large for an
    /// `Instant` means no further pacing rather than a panic).
    fn admitted(&mut self, now: Instant) {
        self.in_flight += 1;
        if let Some(interval) = self.quota {
            self.next_slot = now.checked_add(interval);
        }
    }

    /// Nothing to remember: a scope with a fixed quota never is, since the
    /// quota is configuration that no answer would bring back.
    fn is_idle(&self) -> bool {
        self.in_flight == 0 && self.remaining.is_none() && self.blocked_until.is_none() && self.quota.is_none()
    }
}

/// Why a request cannot be admitted within what the caller accepts.
#[derive(Debug, PartialEq)]
pub(crate) enum Hold {
    /// Waiting would pass the call's deadline; says what for.
    Deadline { waiting_for: String },
    /// The scope is spent for longer than the caller is willing to wait.
    TooLong { scope: String, wait: Duration },
}

/// The rate budget of one client and its clones; see the module docs.
#[derive(Debug)]
pub(crate) struct RateBudget {
    /// Whether the budget learns limits from answers; fixed quotas apply either way.
    enabled: bool,
    /// The export scope's fixed quota, as configured (zero: none).
    export_interval: Duration,
    scopes: Mutex<HashMap<ScopeKey, Scope>>,
    /// Signalled whenever an answer arrives or a permit is dropped.
    changed: Notify,
}

impl RateBudget {
    /// A budget that learns from answers when `enabled`, and admits at most
    /// one export request per `export_interval` in any case (zero: no pace).
    pub(crate) fn new(enabled: bool, export_interval: Duration) -> Self {
        let export = Scope {
            quota: Some(export_interval).filter(|interval| !interval.is_zero()),
            ..Scope::default()
        };
        RateBudget {
            enabled,
            export_interval,
            scopes: Mutex::new(HashMap::from([
                (ScopeKey::Account, Scope::default()),
                (ScopeKey::Export, export),
            ])),
            changed: Notify::new(),
        }
    }

    pub(crate) fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// The least time between two export requests, as configured.
    pub(crate) fn export_interval(&self) -> Duration {
        self.export_interval
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<ScopeKey, Scope>> {
        // A poisoned lock only means another thread panicked mid-update of
        // plain counters; they are still usable.
        self.scopes.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Waits until every scope `method path` falls under has room (switched
    /// off: every fixed quota it falls under), then counts the request as in
    /// flight and takes its slot of each fixed quota. Fails at once when the
    /// wait would pass `deadline`, or when a spent scope resets later than
    /// `longest_reset_wait` from now (a fixed quota's next slot is bounded by
    /// the deadline only).
    pub(crate) async fn admit(
        &self,
        method: &Method,
        path: &str,
        deadline: Option<Instant>,
        longest_reset_wait: Duration,
    ) -> Result<Permit<'_>, Hold> {
        loop {
            // Registered before looking, so an answer arriving between the
            // look and the wait still wakes this request.
            let mut changed = pin!(self.changed.notified());
            changed.as_mut().enable();
            let now = Instant::now();
            let mut reset_wait: Option<(Instant, String)> = None;
            let mut pace_wait: Option<(Instant, String)> = None;
            let mut answers_wait: Option<Option<Instant>> = None;
            {
                let mut scopes = self.lock();
                if scopes.len() > MAX_IDLE_SCOPES {
                    scopes.retain(|key, scope| {
                        scope.expire(now);
                        *key == ScopeKey::Account || !scope.is_idle()
                    });
                }
                let keys: Vec<ScopeKey> = scopes
                    .iter()
                    .filter(|(key, scope)| key.covers(method, path) && (self.enabled || scope.quota.is_some()))
                    .map(|(key, _)| key.clone())
                    .collect();
                for key in &keys {
                    let Some(scope) = scopes.get_mut(key) else { continue };
                    match scope.verdict(now) {
                        Verdict::Go => {}
                        Verdict::WaitUntil(until) => {
                            if reset_wait.as_ref().map_or(true, |(latest, _)| until > *latest) {
                                reset_wait = Some((until, key.name()));
                            }
                        }
                        Verdict::Paced(slot) => {
                            if pace_wait.as_ref().map_or(true, |(latest, _)| slot > *latest) {
                                pace_wait = Some((slot, key.name()));
                            }
                        }
                        Verdict::WaitForAnswers(reset) => {
                            let earliest = answers_wait.flatten();
                            answers_wait = Some(match (earliest, reset) {
                                (Some(a), Some(b)) => Some(a.min(b)),
                                (a, b) => a.or(b),
                            });
                        }
                    }
                }
                if reset_wait.is_none() && pace_wait.is_none() && answers_wait.is_none() {
                    for key in &keys {
                        if let Some(scope) = scopes.get_mut(key) {
                            scope.admitted(now);
                        }
                    }
                    return Ok(Permit {
                        budget: self,
                        keys,
                        method: method.clone(),
                        path: path.to_string(),
                    });
                }
            }
            if let Some((until, scope)) = &reset_wait {
                let wait = *until - now;
                if wait > longest_reset_wait {
                    return Err(Hold::TooLong {
                        scope: scope.clone(),
                        wait,
                    });
                }
            }
            // The later of a reset and a slot is what the request waits for.
            let timed_wait = match (reset_wait, pace_wait) {
                (Some(reset), Some(pace)) if pace.0 > reset.0 => Some((pace, true)),
                (Some(reset), _) => Some((reset, false)),
                (None, pace) => pace.map(|pace| (pace, true)),
            };
            let wake_at = if let Some(((until, scope), paced)) = timed_wait {
                let wait = until - now;
                if deadline.is_some_and(|deadline| until > deadline) {
                    let waiting_for = if paced {
                        format!("waiting {wait:?} for the next {scope} slot")
                    } else {
                        format!("waiting {wait:?} for the {scope} rate limit to reset")
                    };
                    return Err(Hold::Deadline { waiting_for });
                }
                Some(until)
            } else {
                if deadline.is_some_and(|deadline| now >= deadline) {
                    return Err(Hold::Deadline {
                        waiting_for: "waiting for the answers in flight to free some of the rate limit".to_string(),
                    });
                }
                match (answers_wait.flatten(), deadline) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                }
            };
            match wake_at {
                Some(wake_at) => {
                    let sleep = pin!(tokio::time::sleep_until(wake_at));
                    futures::future::select(changed, sleep).await;
                }
                None => changed.await,
            }
        }
    }
}

/// A request counted as in flight; [`Permit::settle`] takes in its answer.
/// Dropping it unsettled (the call was cancelled) just releases the count.
#[derive(Debug)]
pub(crate) struct Permit<'b> {
    budget: &'b RateBudget,
    keys: Vec<ScopeKey>,
    method: Method,
    path: String,
}

impl Permit<'_> {
    /// Takes in the answer's rate-limit headers (none when the attempt got no
    /// answer) and releases the request's in-flight count.
    /// Switched off, the budget learns nothing: only the count is released.
    pub(crate) fn settle(mut self, answer: Option<(StatusCode, &HeaderMap)>) {
        let now = Instant::now();
        {
            let mut scopes = self.budget.lock();
            release(&mut scopes, &self.keys);
            if let Some((status, headers)) = answer.filter(|_| self.budget.enabled) {
                self.observe(&mut scopes, status, headers, now);
            }
        }
        self.keys.clear();
        self.budget.changed.notify_waiters();
    }

    fn observe(&self, scopes: &mut HashMap<ScopeKey, Scope>, status: StatusCode, headers: &HeaderMap, now: Instant) {
        let rate_limit = RateLimit::from_headers(headers);
        let mut spent: Vec<ScopeKey> = Vec::new();
        let account_remaining = match (rate_limit.ratelimit_remaining, rate_limit.remaining) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some(remaining) = account_remaining {
            let resets_in = rate_limit.ratelimit_reset.map(Duration::from_secs);
            scopes
                .entry(ScopeKey::Account)
                .or_default()
                .observe(remaining, resets_in, now);
            if remaining == 0 {
                spent.push(ScopeKey::Account);
            }
        }
        for (feature, value) in &rate_limit.zendesk {
            let Some(limit) = parse_endpoint_limit(value) else {
                continue;
            };
            // The export limit is one per account, whichever export reported it.
            let key = if feature == EXPORT_FEATURE {
                ScopeKey::Export
            } else {
                ScopeKey::Endpoint {
                    feature: feature.clone(),
                    method: self.method.clone(),
                    path: self.path.clone(),
                }
            };
            scopes
                .entry(key.clone())
                .or_default()
                .observe(limit.remaining, limit.resets_in, now);
            if limit.remaining == 0 {
                spent.push(key);
            }
        }
        let Some(retry_after) = rate_limit
            .retry_after
            .filter(|_| status == StatusCode::TOO_MANY_REQUESTS)
        else {
            return;
        };
        if spent.is_empty() {
            // A 429 that names no spent limit: the account's, unless the account
            // still has room, in which case an undocumented endpoint limit. On an
            // export, the export limit unless the account is known to be spent:
            // 10 requests a minute run out long before the account's hundreds.
            let account_has_room = account_remaining.map(|remaining| remaining > 0);
            let export = ScopeKey::Export.covers(&self.method, &self.path);
            spent.push(match (account_has_room, export) {
                (Some(false), _) | (None, false) => ScopeKey::Account,
                (_, true) => ScopeKey::Export,
                (Some(true), false) => ScopeKey::Endpoint {
                    feature: String::new(),
                    method: self.method.clone(),
                    path: self.path.clone(),
                },
            });
        }
        if let Some(until) = now.checked_add(retry_after) {
            for key in spent {
                let scope = scopes.entry(key).or_default();
                scope.blocked_until = scope.blocked_until.max(Some(until));
            }
        }
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        if self.keys.is_empty() {
            return;
        }
        release(&mut self.budget.lock(), &self.keys);
        self.budget.changed.notify_waiters();
    }
}

fn release(scopes: &mut HashMap<ScopeKey, Scope>, keys: &[ScopeKey]) {
    for key in keys {
        if let Some(scope) = scopes.get_mut(key) {
            scope.in_flight = scope.in_flight.saturating_sub(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().expect("test header value"));
        }
        map
    }

    /// Hands `headers` to an admitted request as its answer.
    fn answer(permit: Result<Permit<'_>, Hold>, status: StatusCode, headers: &HeaderMap) {
        if let Ok(permit) = permit {
            permit.settle(Some((status, headers)));
        }
    }

    const NO_DEADLINE: Option<Instant> = None;
    const LONG: Duration = Duration::from_secs(3600);
    const NO_PACE: Duration = Duration::ZERO;

    #[tokio::test(start_paused = true)]
    async fn a_spent_account_limit_waits_for_its_reset() {
        let budget = RateBudget::new(true, NO_PACE);
        let permit = budget.admit(&Method::GET, "/a", NO_DEADLINE, LONG).await;
        let spent = headers(&[("ratelimit-remaining", "0"), ("ratelimit-reset", "7")]);
        answer(permit, StatusCode::OK, &spent);
        let started = Instant::now();
        assert!(budget.admit(&Method::GET, "/b", NO_DEADLINE, LONG).await.is_ok());
        assert_eq!(started.elapsed(), Duration::from_secs(7));
    }

    #[tokio::test(start_paused = true)]
    async fn in_flight_requests_count_against_what_is_left() {
        let budget = RateBudget::new(true, NO_PACE);
        let first = budget.admit(&Method::GET, "/a", NO_DEADLINE, LONG).await;
        let two_left = headers(&[("ratelimit-remaining", "2"), ("ratelimit-reset", "60")]);
        answer(first, StatusCode::OK, &two_left);
        let second = budget.admit(&Method::GET, "/a", NO_DEADLINE, LONG).await;
        let third = budget.admit(&Method::GET, "/a", NO_DEADLINE, LONG).await;
        assert!(second.is_ok() && third.is_ok());
        // Two in flight, two left: the fourth must wait, and a deadline says so.
        let deadline = Some(Instant::now() + Duration::from_secs(1));
        let fourth = budget.admit(&Method::GET, "/a", deadline, LONG).await;
        assert!(matches!(fourth, Err(Hold::Deadline { .. })), "{fourth:?}");
        // One answer reports one left: the fourth goes ahead.
        let one_left = headers(&[("ratelimit-remaining", "1"), ("ratelimit-reset", "59")]);
        answer(second, StatusCode::OK, &one_left);
        let fourth = budget.admit(&Method::GET, "/a", NO_DEADLINE, LONG).await;
        assert!(fourth.is_ok());
    }

    #[tokio::test(start_paused = true)]
    async fn endpoint_limits_hold_back_only_their_method_and_path() {
        let budget = RateBudget::new(true, NO_PACE);
        let permit = budget.admit(&Method::PUT, "/api/v2/users/1", NO_DEADLINE, LONG).await;
        let spent = headers(&[(
            "zendesk-ratelimit-create-update-user",
            "total=5; remaining=0; resets=40",
        )]);
        answer(permit, StatusCode::OK, &spent);
        let now = Instant::now();
        assert!(budget
            .admit(&Method::PUT, "/api/v2/users/2", NO_DEADLINE, LONG)
            .await
            .is_ok());
        assert!(budget
            .admit(&Method::GET, "/api/v2/users/1", NO_DEADLINE, LONG)
            .await
            .is_ok());
        assert_eq!(now.elapsed(), Duration::ZERO);
        let held = budget
            .admit(&Method::PUT, "/api/v2/users/1", NO_DEADLINE, Duration::from_secs(10))
            .await;
        assert_eq!(
            held.err(),
            Some(Hold::TooLong {
                scope: "create-update-user".to_string(),
                wait: Duration::from_secs(40)
            })
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_429_holds_back_every_request_of_the_scope_for_retry_after() {
        let budget = RateBudget::new(true, NO_PACE);
        let permit = budget.admit(&Method::POST, "/a", NO_DEADLINE, LONG).await;
        let refused = headers(&[("retry-after", "9")]);
        answer(permit, StatusCode::TOO_MANY_REQUESTS, &refused);
        let started = Instant::now();
        assert!(budget.admit(&Method::GET, "/b", NO_DEADLINE, LONG).await.is_ok());
        assert_eq!(started.elapsed(), Duration::from_secs(9));
    }

    #[tokio::test(start_paused = true)]
    async fn a_cancelled_request_gives_its_room_back_and_off_means_off() {
        let budget = RateBudget::new(true, NO_PACE);
        let first = budget.admit(&Method::GET, "/a", NO_DEADLINE, LONG).await;
        let one_left = headers(&[("x-rate-limit-remaining", "1")]);
        answer(first, StatusCode::OK, &one_left);
        let second = budget.admit(&Method::GET, "/a", NO_DEADLINE, LONG).await;
        let deadline = Some(Instant::now() + Duration::from_secs(1));
        assert!(budget.admit(&Method::GET, "/a", deadline, LONG).await.is_err());
        drop(second);
        assert!(budget.admit(&Method::GET, "/a", deadline, LONG).await.is_ok());

        let off = RateBudget::new(false, NO_PACE);
        let spent = headers(&[("ratelimit-remaining", "0"), ("ratelimit-reset", "60")]);
        let permit = off.admit(&Method::GET, "/a", NO_DEADLINE, LONG).await;
        answer(permit, StatusCode::OK, &spent);
        assert!(off.admit(&Method::GET, "/a", deadline, Duration::ZERO).await.is_ok());
    }

    // ------------------------------------------------------------ the export scope

    const TIME_EXPORT: &str = "/api/v2/incremental/users";
    const CURSOR_EXPORT: &str = "/api/v2/incremental/users/cursor";
    const PACE: Duration = Duration::from_secs(6);

    /// Admits a GET of `path` and drops the permit unanswered; returns when
    /// that happened, measured from `start`.
    async fn admitted_at(budget: &RateBudget, path: &str, start: Instant) -> Duration {
        let permit = budget.admit(&Method::GET, path, NO_DEADLINE, LONG).await;
        assert!(permit.is_ok(), "{permit:?}");
        start.elapsed()
    }

    #[tokio::test(start_paused = true)]
    async fn the_export_quota_holds_before_any_answer() {
        let budget = RateBudget::new(true, PACE);
        let start = Instant::now();
        // No answer has said anything: the first export goes at once, the next
        // ones one interval apart, whichever export endpoint they go to.
        let mut times = Vec::new();
        for path in [TIME_EXPORT, CURSOR_EXPORT, TIME_EXPORT] {
            times.push(admitted_at(&budget, path, start).await);
        }
        assert_eq!(times, [0, 6, 12].map(Duration::from_secs));
        // Other requests are not paced.
        assert_eq!(
            admitted_at(&budget, "/api/v2/users", start).await,
            Duration::from_secs(12)
        );
        // Waiting for a slot is the client's own schedule, not a spent limit: the
        // longest wait for a reset (zero here) does not refuse it.
        let permit = budget
            .admit(&Method::GET, TIME_EXPORT, NO_DEADLINE, Duration::ZERO)
            .await;
        assert!(permit.is_ok(), "{permit:?}");
        assert_eq!(start.elapsed(), Duration::from_secs(18));
    }

    #[tokio::test(start_paused = true)]
    async fn a_quiet_spell_saves_up_no_export_slots() {
        let budget = RateBudget::new(true, PACE);
        let start = Instant::now();
        assert_eq!(admitted_at(&budget, TIME_EXPORT, start).await, Duration::ZERO);
        tokio::time::sleep(Duration::from_secs(60)).await;
        // Ten intervals of quiet: one request at once, then a full interval, no burst.
        let mut times = Vec::new();
        for _ in 0..3 {
            times.push(admitted_at(&budget, CURSOR_EXPORT, start).await);
        }
        assert_eq!(times, [60, 66, 72].map(Duration::from_secs));
    }

    #[tokio::test(start_paused = true)]
    async fn clones_of_a_client_share_the_export_scope() {
        let client = crate::Client::builder("acme", crate::Auth::bearer("token"))
            .incremental_export_interval(PACE)
            .build()
            .expect("a client");
        let clone = client.clone();
        let start = Instant::now();
        let admit = |client: &crate::Client, path: &'static str| {
            let client = client.clone();
            async move {
                let permit = client.admit(&Method::GET, path, NO_DEADLINE).await;
                assert!(permit.is_ok(), "{permit:?}");
                start.elapsed()
            }
        };
        assert_eq!(admit(&client, TIME_EXPORT).await, Duration::ZERO);
        assert_eq!(admit(&clone, CURSOR_EXPORT).await, PACE);
        // Four requests waiting at once over two clones get four successive slots.
        let (a, b, c, d) = tokio::join!(
            admit(&client, TIME_EXPORT),
            admit(&clone, CURSOR_EXPORT),
            admit(&clone, TIME_EXPORT),
            admit(&client, CURSOR_EXPORT),
        );
        let mut times = [a, b, c, d];
        times.sort();
        assert_eq!(times, [12, 18, 24, 30].map(Duration::from_secs));
    }

    #[tokio::test(start_paused = true)]
    async fn a_429_on_an_export_holds_back_the_next_export() {
        let budget = RateBudget::new(true, PACE);
        let start = Instant::now();
        let permit = budget.admit(&Method::GET, TIME_EXPORT, NO_DEADLINE, LONG).await;
        // Refused with the account still having room: the export limit is spent.
        let refused = headers(&[("retry-after", "40"), ("ratelimit-remaining", "300")]);
        answer(permit, StatusCode::TOO_MANY_REQUESTS, &refused);
        // Every other request goes at once; every export, of either kind, waits
        // for the Retry-After rather than the pace's 6 s.
        assert_eq!(admitted_at(&budget, "/api/v2/users/me", start).await, Duration::ZERO);
        let held = budget
            .admit(&Method::GET, CURSOR_EXPORT, NO_DEADLINE, Duration::from_secs(10))
            .await;
        assert_eq!(
            held.err(),
            Some(Hold::TooLong {
                scope: "incremental-exports".to_string(),
                wait: Duration::from_secs(40)
            })
        );
        assert_eq!(
            admitted_at(&budget, CURSOR_EXPORT, start).await,
            Duration::from_secs(40)
        );

        // A 429 without any header on an export also holds back exports only.
        let budget = RateBudget::new(true, PACE);
        let start = Instant::now();
        let permit = budget.admit(&Method::GET, CURSOR_EXPORT, NO_DEADLINE, LONG).await;
        answer(
            permit,
            StatusCode::TOO_MANY_REQUESTS,
            &headers(&[("retry-after", "30")]),
        );
        assert_eq!(admitted_at(&budget, "/api/v2/users", start).await, Duration::ZERO);
        assert_eq!(admitted_at(&budget, TIME_EXPORT, start).await, Duration::from_secs(30));
    }

    #[tokio::test(start_paused = true)]
    async fn the_export_scope_learns_zendesks_export_limit_for_every_export_endpoint() {
        let budget = RateBudget::new(true, PACE);
        let start = Instant::now();
        let permit = budget.admit(&Method::GET, TIME_EXPORT, NO_DEADLINE, LONG).await;
        // Another client of the account has used up the minute's exports.
        let spent = headers(&[(
            "zendesk-ratelimit-incremental-exports",
            "total=10; remaining=0; resets=45",
        )]);
        answer(permit, StatusCode::OK, &spent);
        assert_eq!(
            admitted_at(&budget, CURSOR_EXPORT, start).await,
            Duration::from_secs(45)
        );
        // A new window: the fixed quota paces again.
        assert_eq!(admitted_at(&budget, TIME_EXPORT, start).await, Duration::from_secs(51));
    }

    #[tokio::test(start_paused = true)]
    async fn a_slot_past_the_deadline_fails_at_once_and_is_not_taken() {
        let budget = RateBudget::new(true, PACE);
        let start = Instant::now();
        assert_eq!(admitted_at(&budget, TIME_EXPORT, start).await, Duration::ZERO);
        let deadline = Some(start + Duration::from_secs(5));
        let held = budget.admit(&Method::GET, TIME_EXPORT, deadline, LONG).await;
        assert_eq!(
            held.err(),
            Some(Hold::Deadline {
                waiting_for: "waiting 6s for the next incremental-exports slot".to_string()
            })
        );
        assert_eq!(start.elapsed(), Duration::ZERO);
        // The refused request took no slot: the next one gets the 6 s slot.
        assert_eq!(admitted_at(&budget, TIME_EXPORT, start).await, PACE);
    }

    #[tokio::test(start_paused = true)]
    async fn switched_off_the_budget_keeps_the_export_pace_and_learns_nothing() {
        let budget = RateBudget::new(false, PACE);
        let start = Instant::now();
        let permit = budget.admit(&Method::GET, TIME_EXPORT, NO_DEADLINE, LONG).await;
        let refused = headers(&[
            ("retry-after", "40"),
            ("ratelimit-remaining", "0"),
            ("ratelimit-reset", "40"),
        ]);
        answer(permit, StatusCode::TOO_MANY_REQUESTS, &refused);
        // The 429 is the retry policy's business, not the budget's.
        assert_eq!(admitted_at(&budget, "/api/v2/users", start).await, Duration::ZERO);
        // The fixed quota holds.
        assert_eq!(admitted_at(&budget, CURSOR_EXPORT, start).await, PACE);
        assert_eq!(admitted_at(&budget, TIME_EXPORT, start).await, PACE * 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_zero_export_interval_never_waits() {
        for enabled in [true, false] {
            let budget = RateBudget::new(enabled, Duration::ZERO);
            let start = Instant::now();
            for path in [TIME_EXPORT, CURSOR_EXPORT, TIME_EXPORT] {
                assert_eq!(admitted_at(&budget, path, start).await, Duration::ZERO);
            }
        }
    }
}
