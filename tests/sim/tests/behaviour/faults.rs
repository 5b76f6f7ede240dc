//! Faults on demand: a status, a dropped connection, a delay, a truncated body, N times.

use crate::Api;
use reqwest::StatusCode;
use std::time::Duration;
use zendesk_users_sim::{Fault, FaultAction};

#[tokio::test]
async fn a_status_fault_answers_n_times_then_the_request_succeeds() {
    let api = Api::start(5).await;
    api.sim.add_fault(Fault::status("GET", "/api/v2/users", 503).times(2));
    for _ in 0..2 {
        let answer = api.get("/api/v2/users.json").await;
        assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(answer.header("retry-after"), "1");
    }
    assert_eq!(api.get("/api/v2/users").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_fault_with_a_query_catches_only_matching_requests() {
    let api = Api::start(5).await;
    api.sim
        .add_fault(Fault::status("GET", "/api/v2/users", 500).with_query("page", "2"));
    assert_eq!(api.get("/api/v2/users?page=1&per_page=2").await.status, StatusCode::OK);
    assert_eq!(
        api.get("/api/v2/users?page=2&per_page=2").await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(api.get("/api/v2/users?page=2&per_page=2").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_dropped_connection_fails_the_request_and_the_next_one_succeeds() {
    let api = Api::start(5).await;
    api.sim
        .add_fault(Fault::new("GET", "/api/v2/users/me", FaultAction::DropConnection));
    let dropped = async {
        let response = api
            .http()
            .get(api.url("/api/v2/users/me"))
            .header("authorization", api.sim.authorization())
            .send()
            .await?;
        response.bytes().await
    }
    .await;
    assert!(dropped.is_err(), "a dropped connection is an error, got {dropped:?}");
    assert_eq!(api.get("/api/v2/users/me").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_truncated_body_fails_while_reading_it() {
    let api = Api::start(5).await;
    api.sim
        .add_fault(Fault::new("GET", "/api/v2/users", FaultAction::TruncateBody));
    let response = api
        .http()
        .get(api.url("/api/v2/users"))
        .header("authorization", api.sim.authorization())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.bytes().await.is_err());
}

#[tokio::test(start_paused = true)]
async fn a_delay_holds_the_answer_on_tokios_clock() {
    let api = Api::start(5).await;
    api.sim.add_fault(Fault::new(
        "GET",
        "/api/v2/users/count",
        FaultAction::Delay(Duration::from_secs(30)),
    ));
    let started = tokio::time::Instant::now();
    let answer = api.get("/api/v2/users/count").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_secs(30));
    assert_eq!(
        api.sim
            .requests()
            .iter()
            .filter(|request| request.path == "/api/v2/users/count")
            .count(),
        1
    );
}
