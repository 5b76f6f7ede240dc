//! Which failures are retried and how often: rate limits, 5xx on idempotent
//! methods, never a POST that may have been processed, dropped connections.
//! The exact waits are unit tests of the runtime (`retry.rs`); here only
//! waits of zero or a fraction of a second are slept for real.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};
use zendesk_users::models;
use zendesk_users::{Auth, Error, OnRateLimit};

use zendesk_users_tests::fail_then_succeed;

use super::*;

// ---------------------------------------------------------------- retries

#[tokio::test]
async fn rate_limited_request_is_retried_after_retry_after() {
    let server = MockServer::start().await;
    fail_then_succeed(
        &server,
        1,
        || Mock::given(method("GET")),
        ResponseTemplate::new(429)
            .insert_header("retry-after", "0")
            .set_body_string("Rate limited"),
        ok_json(json!({ "user": user_json(1) }))
            .insert_header("x-rate-limit", "700")
            .insert_header("x-rate-limit-remaining", "699")
            .insert_header("zendesk-ratelimit-users", "total=100; remaining=99; resets=30"),
    )
    .await;
    let response = client_for(&server).show_user(1).send().await.expect("retried");
    assert_eq!(received(&server).await.len(), 2);
    let rate_limit = response.rate_limit();
    assert_eq!((rate_limit.limit, rate_limit.remaining), (Some(700), Some(699)));
    assert_eq!(
        rate_limit.zendesk,
        vec![("users".to_string(), "total=100; remaining=99; resets=30".to_string())]
    );
}

#[tokio::test]
async fn service_unavailable_with_retry_after_is_waited_out() {
    let server = MockServer::start().await;
    // Retry-After may be a decimal; a fifth of a second keeps the real wait short.
    // That the wait is exactly Retry-After is a unit test of the runtime (retry.rs).
    fail_then_succeed(
        &server,
        1,
        || Mock::given(method("GET")),
        ResponseTemplate::new(503).insert_header("retry-after", "0.2"),
        ok_json(json!({ "user": user_json(1) })),
    )
    .await;
    let started = Instant::now();
    client_for(&server).show_user(1).send().await.expect("retried");
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn rate_limit_can_be_returned_at_once_with_its_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "30")
                .insert_header("x-rate-limit-remaining", "0"),
        )
        .mount(&server)
        .await;
    let client = builder_for(&server.uri(), Auth::bearer(OAUTH_TOKEN))
        .retry_policy(quick_retries().on_rate_limit(OnRateLimit::ReturnError))
        .build()
        .expect("client");
    // Returned without a wait: exactly one request, and the policy decides on no
    // wait at all (a unit test of the runtime, retry.rs), not on a short one.
    let error = client.show_user(1).send().await.expect_err("rate limited");
    assert!(matches!(error, Error::RateLimited(_)), "{error:?}");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(30)));
    assert_eq!(error.rate_limit().and_then(|rate_limit| rate_limit.remaining), Some(0));
    assert!(error.is_transient());
    assert!(error.to_string().contains("retry after 30s"), "{error}");
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn retry_after_longer_than_the_maximum_is_returned_instead_of_slept() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "30"))
        .mount(&server)
        .await;
    let client = builder_for(&server.uri(), Auth::bearer(OAUTH_TOKEN))
        .retry_policy(quick_retries().max_retry_after(Duration::from_secs(5)))
        .build()
        .expect("client");
    let error = client.show_user(1).send().await.expect_err("rate limited");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(30)));
    assert_eq!(received(&server).await.len(), 1);
}

/// A 429 without `Retry-After` says nothing about when to come back, so it is a
/// failure and uses up attempts (one with `Retry-After` does not: against_sim::retry).
#[tokio::test]
async fn rate_limits_without_retry_after_are_retried_up_to_max_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429))
        .mount(&server)
        .await;
    let client = builder_for(&server.uri(), Auth::bearer(OAUTH_TOKEN))
        .retry_policy(quick_retries().max_attempts(3))
        .build()
        .expect("client");
    let error = client.show_user(1).send().await.expect_err("rate limited");
    assert!(matches!(error, Error::RateLimited(_)), "{error:?}");
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn server_error_on_get_is_retried() {
    let server = MockServer::start().await;
    fail_then_succeed(
        &server,
        2,
        || Mock::given(method("GET")),
        ResponseTemplate::new(500),
        ok_json(json!({ "user": user_json(1) })),
    )
    .await;
    client_for(&server).show_user(1).send().await.expect("retried");
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn server_error_on_put_and_delete_is_retried() {
    let server = MockServer::start().await;
    for verb in ["PUT", "DELETE"] {
        let failure = if verb == "PUT" { 502 } else { 503 };
        fail_then_succeed(
            &server,
            1,
            || Mock::given(method(verb)),
            ResponseTemplate::new(failure),
            ok_json(json!({ "user": user_json(1) })),
        )
        .await;
    }
    let client = client_for(&server);
    client
        .update_user(1, models::UserUpdateRequest::new(models::UserUpdate::default()))
        .send()
        .await
        .expect("put retried");
    let deleted = client.delete_user(1).send().await.expect("delete retried");
    assert_eq!(deleted.status().as_u16(), 200);
    assert_eq!(received(&server).await.len(), 4);
}

#[tokio::test]
async fn server_error_on_post_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let error = client_for(&server)
        .create_user(new_user("Ann"))
        .send()
        .await
        .expect_err("500");
    assert_eq!(error.status(), Some(500));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn service_unavailable_with_retry_after_on_post_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .mount(&server)
        .await;
    let error = client_for(&server)
        .create_user(new_user("Ann"))
        .send()
        .await
        .expect_err("503");
    assert_eq!(error.retry_after(), Some(Duration::ZERO));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn post_is_retried_after_429_because_zendesk_did_not_process_it() {
    let server = MockServer::start().await;
    fail_then_succeed(
        &server,
        1,
        || Mock::given(method("POST")),
        ResponseTemplate::new(429).insert_header("retry-after", "0"),
        ResponseTemplate::new(201)
            .set_body_json(json!({ "user": user_json(9) }))
            .insert_header("location", "https://acme.zendesk.com/api/v2/users/9.json"),
    )
    .await;
    let response = client_for(&server)
        .create_user(new_user("Ann"))
        .send()
        .await
        .expect("created");
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(
        response.location(),
        Some("https://acme.zendesk.com/api/v2/users/9.json")
    );
    assert_eq!(received(&server).await.len(), 2);
    let sent: Value = serde_json::from_slice(&received(&server).await[1].body).expect("json body");
    assert_eq!(sent, json!({ "user": { "name": "Ann" } }));
}

/// A raw TCP server on 127.0.0.1: it reads each request and then either drops
/// the connection without answering or, once `drops` connections were
/// dropped, answers with `answer`. It stops accepting after a few seconds.
struct FlakyServer {
    address: String,
    requests: Arc<AtomicUsize>,
}

fn flaky_server(drops: usize, answer: &'static str) -> FlakyServer {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("nonblocking");
    let address = format!("http://{}", listener.local_addr().expect("address"));
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&requests);
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            let Ok((mut stream, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(5));
                continue;
            };
            let _ = stream.set_nonblocking(false);
            let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
            let mut seen = Vec::new();
            let mut chunk = [0_u8; 4096];
            while !seen.windows(4).any(|window| window == b"\r\n\r\n") {
                match stream.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(read) => seen.extend_from_slice(&chunk[..read]),
                }
            }
            let number = counter.fetch_add(1, Ordering::SeqCst);
            if number >= drops {
                let _ = stream.write_all(answer.as_bytes());
            }
            let _ = stream.shutdown(Shutdown::Both);
        }
    });
    FlakyServer { address, requests }
}

const USER_ANSWER: &str =
    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 20\r\nconnection: close\r\n\r\n{\"user\": {\"id\": 5}}\n";

#[tokio::test]
async fn dropped_connection_on_post_is_not_retried() {
    let server = flaky_server(usize::MAX, "");
    let client = builder_for(&server.address, Auth::api_token(EMAIL, API_TOKEN))
        .build()
        .expect("client");
    let error = client.create_user(new_user("Ann")).send().await.expect_err("dropped");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(server.requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn dropped_connection_on_get_is_retried() {
    let server = flaky_server(1, USER_ANSWER);
    let client = builder_for(&server.address, Auth::api_token(EMAIL, API_TOKEN))
        .build()
        .expect("client");
    let response = client.show_user(5).send().await.expect("retried");
    assert_eq!(response.body().user.id, 5);
    assert_eq!(server.requests.load(Ordering::SeqCst), 2);
}
