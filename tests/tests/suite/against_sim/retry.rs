//! Issue 18, point 4: waiting out a 429 or 503 with `Retry-After` is Zendesk's
//! instruction, not a failed attempt; real failures (5xx) still use up
//! `max_attempts`; rate-limit waits stay within the call's deadline and
//! `max_retry_after`. All on tokio's paused clock: the waits are exact and cost
//! no real time.

use std::time::Duration;

use tokio::time::Instant;
use zendesk_users::{Error, RetryPolicy};
use zendesk_users_sim::{Fault, FaultAction};

use super::{builder_for, client_for, requests_to, simulator};

/// A seeded user's id and path.
fn some_user(sim: &zendesk_users_sim::Simulator) -> (i64, String) {
    let id = sim.live_users()[4]["id"].as_i64().expect("a seeded user");
    (id, format!("/api/v2/users/{id}"))
}

fn rate_limited(path: &str, status: u16, seconds: u64, times: usize) -> Fault {
    Fault::new(
        "GET",
        path,
        FaultAction::Status {
            status,
            retry_after_seconds: seconds,
        },
    )
    .times(times)
}

/// The photo-upload run: ten rate limits in a row, with the default four
/// attempts, still succeed; each wait is the `Retry-After` Zendesk sent.
#[tokio::test(start_paused = true)]
async fn rate_limit_waits_do_not_use_up_attempts() {
    for status in [429, 503] {
        let sim = simulator(10).await;
        let (id, path) = some_user(&sim);
        sim.add_fault(rate_limited(&path, status, 2, 10));
        let client = client_for(&sim);
        let started = Instant::now();
        let user = client
            .show_user(id)
            .await
            .expect("the call outlasts ten rate limits")
            .user;
        assert_eq!(user.id, id);
        assert_eq!(requests_to(&sim, &path).len(), 11, "status {status}");
        let waited = started.elapsed();
        assert!(waited >= Duration::from_secs(20), "status {status}: {waited:?}");
        assert!(waited < Duration::from_secs(25), "status {status}: {waited:?}");
    }
}

/// Real failures still count: four 500s end the call after four attempts.
#[tokio::test(start_paused = true)]
async fn server_errors_use_up_max_attempts() {
    let sim = simulator(10).await;
    let (id, path) = some_user(&sim);
    sim.add_fault(Fault::status("GET", &path, 500).times(10));
    let client = client_for(&sim);
    let error = client.show_user(id).await.expect_err("four 500s");
    assert_eq!(error.status(), Some(500));
    assert_eq!(requests_to(&sim, &path).len(), 4);
}

/// A mix: rate limits between failures do not count, the failures do.
#[tokio::test(start_paused = true)]
async fn only_failures_count_when_rate_limits_come_between_them() {
    let sim = simulator(10).await;
    let (id, path) = some_user(&sim);
    sim.add_fault(rate_limited(&path, 429, 1, 5));
    let client = builder_for(&sim)
        .retry_policy(RetryPolicy::default().max_attempts(2))
        .build()
        .expect("a client");
    // Five 429s, then the user: two attempts are plenty.
    assert_eq!(client.show_user(id).await.expect("five waits, no failure").user.id, id);
    sim.add_fault(Fault::status("GET", &path, 502).times(1));
    sim.add_fault(rate_limited(&path, 429, 1, 3));
    sim.add_fault(Fault::status("GET", &path, 502).times(1));
    let before = requests_to(&sim, &path).len();
    let error = client.show_user(id).await.expect_err("the second failure ends it");
    assert_eq!(error.status(), Some(502), "{error}");
    // 502, three 429s waited out, 502: five requests, two failures.
    assert_eq!(requests_to(&sim, &path).len() - before, 5);
}

/// Endless rate limits end at the call's deadline, not after four attempts and
/// not never.
#[tokio::test(start_paused = true)]
async fn rate_limit_waits_end_at_the_deadline() {
    let sim = simulator(10).await;
    let (id, path) = some_user(&sim);
    sim.add_fault(rate_limited(&path, 429, 5, 1_000));
    let client = builder_for(&sim)
        .deadline(Duration::from_secs(60))
        .build()
        .expect("a client");
    let started = Instant::now();
    let error = client.show_user(id).await.expect_err("rate limited past the deadline");
    assert!(matches!(error, Error::DeadlineExceeded { .. }), "{error:?}");
    assert!(started.elapsed() <= Duration::from_secs(60), "{:?}", started.elapsed());
    let sent = requests_to(&sim, &path).len();
    assert!((11..=13).contains(&sent), "{sent} requests in 60 s of 5-second waits");
}

/// A wait longer than `max_retry_after` is returned at once.
#[tokio::test(start_paused = true)]
async fn a_retry_after_longer_than_the_maximum_is_returned_at_once() {
    let sim = simulator(10).await;
    let (id, path) = some_user(&sim);
    sim.add_fault(rate_limited(&path, 429, 120, 1));
    let client = client_for(&sim);
    let started = Instant::now();
    let error = client.show_user(id).await.expect_err("too long to wait");
    assert!(matches!(error, Error::RateLimited(_)), "{error:?}");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(started.elapsed(), Duration::ZERO);
}
