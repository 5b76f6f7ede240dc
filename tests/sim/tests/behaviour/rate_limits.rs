//! Rate limits: the account-wide budget on every answer, endpoint budgets, 429 + Retry-After.

use crate::Api;
use reqwest::StatusCode;
use serde_json::json;
use std::time::Duration;
use zendesk_users_sim::Simulator;

#[tokio::test]
async fn every_answer_carries_the_account_budget() {
    let api = Api::with(Simulator::builder().users(5).rate_limit_per_minute(400)).await;
    for path in ["/api/v2/users", "/api/v2/users/424242", "/api/v2/nothing"] {
        let answer = api.get(path).await;
        assert_eq!(answer.header("x-rate-limit"), "400", "{path}");
        assert_eq!(answer.header("ratelimit-limit"), "400");
        assert!(!answer.header("x-rate-limit-remaining").is_empty());
        assert_eq!(
            answer.header("ratelimit-remaining"),
            answer.header("x-rate-limit-remaining")
        );
        assert!(answer.header("ratelimit-reset").parse::<u64>().unwrap() <= 60);
    }
}

#[tokio::test(start_paused = true)]
async fn a_spent_account_budget_answers_429_with_retry_after_until_the_minute_is_over() {
    let api = Api::with(Simulator::builder().users(5).rate_limit_per_minute(3)).await;
    for remaining in [2, 1, 0] {
        let answer = api.get("/api/v2/users").await;
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(answer.header("x-rate-limit-remaining"), remaining.to_string());
    }
    tokio::time::advance(Duration::from_secs(20)).await;
    let refused = api.get("/api/v2/users").await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.header("retry-after"), "40");
    assert_eq!(refused.header("ratelimit-reset"), "40");
    tokio::time::advance(Duration::from_secs(40)).await;
    let again = api.get("/api/v2/users").await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.header("x-rate-limit-remaining"), "2");
}

#[tokio::test(start_paused = true)]
async fn updating_one_user_is_limited_to_five_a_minute_with_its_header() {
    let api = Api::start(10).await;
    let user = api.first_with_role("end-user");
    for remaining in (0..5).rev() {
        let answer = api
            .put(&format!("/api/v2/users/{user}"), json!({"user": {"notes": "again"}}))
            .await;
        assert_eq!(answer.status, StatusCode::OK);
        assert!(answer
            .header("zendesk-ratelimit-create-update-user")
            .starts_with(&format!("total=5; remaining={remaining};")));
    }
    let refused = api
        .put(&format!("/api/v2/users/{user}"), json!({"user": {"notes": "again"}}))
        .await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.header("retry-after"), "60");
    let other = api
        .sim
        .live_users()
        .iter()
        .filter(|candidate| candidate["role"] == "end-user")
        .nth(1)
        .unwrap()["id"]
        .as_u64()
        .unwrap();
    assert_eq!(
        api.put(&format!("/api/v2/users/{other}"), json!({"user": {"notes": "x"}}))
            .await
            .status,
        StatusCode::OK
    );
    tokio::time::advance(Duration::from_secs(60)).await;
    assert_eq!(
        api.put(&format!("/api/v2/users/{user}"), json!({"user": {"notes": "later"}}))
            .await
            .status,
        StatusCode::OK
    );
}
