//! Background jobs: queued → working → completed over successive polls, with per-item results.

use crate::Api;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn poll(api: &Api, job: &Value) -> Value {
    api.get(job["url"].as_str().unwrap()).await.body["job_status"].clone()
}

#[tokio::test]
async fn create_many_moves_from_queued_to_working_to_completed_as_it_is_polled() {
    let api = Api::start(10).await;
    let users =
        json!({"users": [{"name": "One", "email": "one@example.com"}, {"name": "Two", "email": "two@example.com"}]});
    let queued = api.post("/api/v2/users/create_many", users).await;
    assert_eq!(queued.status, StatusCode::OK);
    let job = queued.body["job_status"].clone();
    assert_eq!(job["status"], "queued");
    assert_eq!(job["results"], Value::Null);
    assert_eq!(api.sim.live_users().len(), 10, "nothing is created before the job runs");
    let working = poll(&api, &job).await;
    assert_eq!(working["status"], "working");
    let completed = poll(&api, &job).await;
    assert_eq!(completed["status"], "completed");
    assert_eq!(completed["progress"], 2);
    assert_eq!(completed["total"], 2);
    assert_eq!(completed["results"].as_array().unwrap().len(), 2);
    assert_eq!(api.sim.live_users().len(), 12);
    assert_eq!(poll(&api, &job).await["status"], "completed");
}

#[tokio::test]
async fn an_item_with_an_email_without_at_fails_alone() {
    let api = Api::start(10).await;
    let users =
        json!({"users": [{"name": "Good", "email": "good@example.com"}, {"name": "Bad", "email": "bad.example.com"}]});
    let job = api.post("/api/v2/users/create_many", users).await.body["job_status"].clone();
    poll(&api, &job).await;
    let results = poll(&api, &job).await["results"].clone();
    assert_eq!(results[0]["success"], true);
    assert!(results[0]["id"].is_u64());
    assert_eq!(results[1]["success"], false);
    assert_eq!(results[1]["index"], 1);
    assert!(
        results[1]["details"]
            .as_str()
            .unwrap()
            .contains("not properly formatted"),
        "{results}"
    );
}

#[tokio::test]
async fn a_bulk_request_over_100_items_is_400() {
    let api = Api::start(10).await;
    let users: Vec<Value> = (0..101).map(|index| json!({"name": format!("U{index}")})).collect();
    assert_eq!(
        api.post("/api/v2/users/create_many", json!({"users": users}))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    let ids: Vec<String> = (0..101).map(|index| index.to_string()).collect();
    assert_eq!(
        api.delete(&format!("/api/v2/users/destroy_many?ids={}", ids.join(",")))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn update_many_and_destroy_many_report_each_user() {
    let api = Api::start(10).await;
    let first = api.first_with_role("end-user");
    let job = api
        .put(
            &format!("/api/v2/users/update_many?ids={first},424242"),
            json!({"user": {"notes": "bulk"}}),
        )
        .await
        .body["job_status"]
        .clone();
    poll(&api, &job).await;
    let results = poll(&api, &job).await["results"].clone();
    assert_eq!(results[0]["status"], "Updated");
    assert_eq!(results[1]["success"], false);
    assert_eq!(api.sim.user(first).unwrap()["notes"], "bulk");
    let job = api
        .delete(&format!("/api/v2/users/destroy_many?ids={first}"))
        .await
        .body["job_status"]
        .clone();
    poll(&api, &job).await;
    assert_eq!(poll(&api, &job).await["results"][0]["status"], "Deleted");
    assert_eq!(api.sim.user(first).unwrap()["active"], false);
}

#[tokio::test]
async fn create_or_update_many_updates_known_users_and_creates_new_ones() {
    let api = Api::start(10).await;
    let known = api
        .sim
        .insert_user(json!({"name": "Known", "email": "known@example.com"}))
        .unwrap();
    let users = json!({"users": [{"name": "Known 2", "email": "known@example.com"}, {"name": "New", "email": "new@example.com"}]});
    let job = api.post("/api/v2/users/create_or_update_many", users).await.body["job_status"].clone();
    poll(&api, &job).await;
    let results = poll(&api, &job).await["results"].clone();
    assert_eq!(results[0]["action"], "update");
    assert_eq!(results[0]["id"], known);
    assert_eq!(results[1]["action"], "create");
    assert_eq!(api.sim.user(known).unwrap()["name"], "Known 2");
}

#[tokio::test]
async fn an_unknown_job_is_404() {
    let api = Api::start(1).await;
    assert_eq!(
        api.get("/api/v2/job_statuses/nope").await.body["error"],
        "RecordNotFound"
    );
}

#[tokio::test]
async fn a_31st_open_job_is_refused_with_429() {
    let api = Api::start(3).await;
    for _ in 0..30 {
        let queued = api
            .post("/api/v2/users/create_many", json!({"users": [{"name": "Q"}]}))
            .await;
        assert_eq!(queued.status, StatusCode::OK);
    }
    let refused = api
        .post("/api/v2/users/create_many", json!({"users": [{"name": "Q"}]}))
        .await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.body["error"], "TooManyJobs");
}
