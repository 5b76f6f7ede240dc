//! Waiting for bulk jobs. The exact poll times and the deadline are unit
//! tests of the runtime on a paused clock (`jobs.rs`); here the polling
//! through a real server.

use std::time::Duration;

use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zendesk_users::{Error, JobState, JobWait};

use zendesk_users_tests::fail_then_succeed;

use super::*;

// ---------------------------------------------------------------- bulk jobs

fn job_status(status: &str, results: Value) -> ResponseTemplate {
    ok_json(
        json!({ "job_status": { "id": "job-1", "status": status, "total": 2, "progress": 2, "message": null, "results": results } }),
    )
}

#[tokio::test]
async fn waiting_for_a_job_returns_every_result() {
    let server = MockServer::start().await;
    let results = json!([
        { "id": 11, "index": 0, "action": "update", "status": "Updated", "success": true },
        { "index": 1, "action": "update", "success": false, "error": "PermissionDenied", "details": "not allowed", "email": "b@example.com" }
    ]);
    fail_then_succeed(
        &server,
        2,
        || Mock::given(method("GET")).and(path("/api/v2/job_statuses/job-1")),
        job_status("working", Value::Null),
        job_status("completed", results),
    )
    .await;
    let wait = JobWait {
        interval: Duration::from_millis(10),
        deadline: Duration::from_secs(5),
    };
    let finished = client_for(&server).wait_for_job("job-1", wait).await.expect("finished");
    assert_eq!(finished.state, JobState::Completed);
    assert_eq!(finished.results.len(), 2);
    let first = &finished.results[0];
    assert_eq!(
        (
            first.id,
            first.index,
            first.action.as_deref(),
            first.status.as_deref(),
            first.success
        ),
        (Some(11), Some(0), Some("update"), Some("Updated"), Some(true))
    );
    let failures: Vec<_> = finished.failures().collect();
    assert_eq!(failures.len(), 1);
    assert_eq!(
        (failures[0].error.as_deref(), failures[0].details.as_deref()),
        (Some("PermissionDenied"), Some("not allowed"))
    );
    assert_eq!(failures[0].other.get("email"), Some(&json!("b@example.com")));
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn a_failed_job_still_returns_its_results() {
    let server = MockServer::start().await;
    let results = json!([{ "index": 0, "error": "InvalidValue", "details": { "email": ["is invalid"] } }]);
    Mock::given(path("/api/v2/job_statuses/job-1"))
        .respond_with(job_status("failed", results))
        .mount(&server)
        .await;
    let finished = client_for(&server)
        .wait_for_job("job-1", JobWait::default())
        .await
        .expect("finished");
    assert_eq!(finished.state, JobState::Failed);
    assert_eq!(
        finished.results[0].details.as_deref(),
        Some(r#"{"email":["is invalid"]}"#)
    );
    assert_eq!(finished.job_status["status"], json!("failed"));
}

#[tokio::test]
async fn waiting_for_a_job_gives_up_at_the_deadline() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v2/job_statuses/job-1"))
        .respond_with(job_status("working", Value::Null))
        .mount(&server)
        .await;
    let wait = JobWait {
        interval: Duration::from_millis(20),
        deadline: Duration::from_millis(100),
    };
    // When the polls happen and that the wait ends exactly at the deadline are
    // unit tests of the runtime on a paused clock (jobs.rs).
    let error = client_for(&server)
        .wait_for_job("job-1", wait)
        .await
        .expect_err("deadline");
    match &error {
        Error::JobTimedOut {
            job_id,
            last_status,
            waited,
        } => {
            assert_eq!((job_id.as_str(), last_status.as_deref()), ("job-1", Some("working")));
            assert!(*waited >= Duration::from_millis(100));
        }
        other => panic!("expected JobTimedOut, got {other:?}"),
    }
    assert!(error.to_string().contains("still working"), "{error}");
}
