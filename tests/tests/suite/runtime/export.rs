//! The incremental export stream: its end, its resume point, its loop guard
//! and its pacing. The exact pacing is a unit test of the runtime on a paused
//! clock (`client.rs`, `budget.rs`, `time_export.rs`); here only its wiring into `send`.

use std::time::{Duration, Instant};

use futures::StreamExt;
use serde_json::json;
use wiremock::matchers::{path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zendesk_users::{Auth, Error};

use super::*;

// ---------------------------------------------------------------- incremental export

fn export_page(
    ids: impl IntoIterator<Item = i64>,
    end_time: Option<i64>,
    next_start: Option<i64>,
    end_of_stream: bool,
) -> ResponseTemplate {
    // next_page names another host on purpose: the stream must never fetch it.
    let next_page = next_start
        .map(|start| format!("https://elsewhere.example.com/api/v2/incremental/users.json?start_time={start}"));
    ok_json(
        json!({ "users": users_json(ids), "end_time": end_time, "next_page": next_page, "end_of_stream": end_of_stream, "count": 0 }),
    )
}

#[tokio::test]
async fn incremental_export_ends_on_end_of_stream_even_with_a_next_page() {
    let server = MockServer::start().await;
    let export = || Mock::given(path("/api/v2/incremental/users"));
    // next_page's start_time (200) wins over end_time (199).
    export()
        .and(query_param("start_time", "100"))
        .respond_with(export_page(1..=2, Some(199), Some(200), false))
        .mount(&server)
        .await;
    export()
        .and(query_param("start_time", "200"))
        .respond_with(export_page(3..=3, Some(300), Some(300), true))
        .mount(&server)
        .await;
    export()
        .and(query_param("start_time", "300"))
        .respond_with(export_page(9..=9, Some(400), Some(400), true))
        .expect(0)
        .mount(&server)
        .await;
    let client = client_for(&server);
    let mut stream = client.incremental_user_export_time(100).per_page(2).stream();
    assert_eq!(stream.next_start_time(), 100);
    let mut users = Vec::new();
    while let Some(user) = stream.next().await {
        users.push(user.expect("item"));
    }
    assert_eq!(ids(&users), vec![1, 2, 3]);
    assert!(stream.reached_end_of_stream());
    assert_eq!(stream.next_start_time(), 300);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn incremental_export_final_empty_page_keeps_the_last_start_time() {
    let server = MockServer::start().await;
    Mock::given(query_param("start_time", "300"))
        .respond_with(export_page([], None, None, true))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let mut stream = client.incremental_user_export_time(300).stream();
    assert!(stream.next().await.is_none());
    assert_eq!(stream.next_start_time(), 300);
    assert!(stream.reached_end_of_stream());
}

#[tokio::test]
async fn incremental_export_stops_when_the_same_start_time_comes_back() {
    let server = MockServer::start().await;
    Mock::given(query_param("start_time", "100"))
        .respond_with(export_page(1..=1, Some(200), Some(200), false))
        .mount(&server)
        .await;
    Mock::given(query_param("start_time", "200"))
        .respond_with(export_page(2..=2, Some(200), Some(200), false))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let mut stream = client.incremental_user_export_time(100).stream();
    let mut results = Vec::new();
    while let Some(result) = stream.next().await {
        results.push(result);
    }
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok() && results[1].is_ok());
    let message = results[2].as_ref().err().map(Error::to_string).unwrap_or_default();
    assert!(
        message.contains("start_time 200") && message.contains("per_page"),
        "{message}"
    );
    assert!(!stream.reached_end_of_stream());
    assert_eq!(stream.next_start_time(), 200);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn incremental_export_requests_are_paced() {
    let server = MockServer::start().await;
    Mock::given(query_param("start_time", "1"))
        .respond_with(export_page(1..=1, Some(2), Some(2), false))
        .mount(&server)
        .await;
    Mock::given(query_param("start_time", "2"))
        .respond_with(export_page(2..=2, Some(3), Some(3), false))
        .mount(&server)
        .await;
    Mock::given(query_param("start_time", "3"))
        .respond_with(export_page(3..=3, Some(4), None, true))
        .mount(&server)
        .await;
    let client = builder_for(&server.uri(), Auth::bearer(OAUTH_TOKEN))
        .incremental_export_interval(Duration::from_millis(100))
        .build()
        .expect("client");
    let started = Instant::now();
    let users: Vec<_> = client.incremental_user_export_time(1).stream().collect().await;
    assert_eq!(users.len(), 3);
    // Three paced requests: at least two intervals. That they are exactly one
    // interval apart, for the stream and for single sends sharing a client,
    // is a unit test of the runtime on a paused clock (client.rs, budget.rs, time_export.rs).
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn incremental_export_pacing_applies_to_send_and_is_not_doubled_by_the_stream() {
    let server = MockServer::start().await;
    Mock::given(query_param("start_time", "1"))
        .respond_with(export_page(1..=1, Some(2), None, true))
        .mount(&server)
        .await;
    let paced = |interval: Duration| {
        builder_for(&server.uri(), Auth::bearer(OAUTH_TOKEN))
            .incremental_export_interval(interval)
            .build()
            .expect("client")
    };
    let client = paced(Duration::from_millis(100));
    let started = Instant::now();
    for _ in 0..3 {
        client.incremental_user_export_time(1).send().await.expect("page");
    }
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(200),
        "three sends take two intervals: {elapsed:?}"
    );
    // On a fresh client the first request goes at once and any second wait would
    // be an hour: a single-page stream that waited for a slot of its own besides
    // the one its request takes could not finish.
    let client = paced(Duration::from_secs(3600));
    let stream = client.incremental_user_export_time(1).stream().collect::<Vec<_>>();
    let users = tokio::time::timeout(Duration::from_secs(60), stream)
        .await
        .expect("one paced request per page, not two");
    assert_eq!(users.len(), 1);
}
