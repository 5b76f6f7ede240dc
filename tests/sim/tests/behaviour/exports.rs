//! Incremental exports: time-based and cursor-based pages, start-time rules, sideloads on every
//! page, and the export rate limit.

use crate::{ids, Api};
use reqwest::StatusCode;
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn a_time_based_export_pages_by_end_time_until_end_of_stream() {
    let api = Api::start(250).await;
    let mut seen = Vec::new();
    let mut url = "/api/v2/incremental/users?start_time=0&per_page=100".to_owned();
    let mut pages = 0;
    loop {
        let page = api.get(&url).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        pages += 1;
        let users = ids(&page.body["users"]);
        assert_eq!(page.body["count"], users.len());
        seen.extend(users);
        let end_time = page.body["end_time"].as_i64().unwrap();
        assert!(page.body["next_page"]
            .as_str()
            .unwrap()
            .contains(&format!("start_time={end_time}")));
        if page.body["end_of_stream"] == true {
            break;
        }
        url = page.body["next_page"].as_str().unwrap().to_owned();
    }
    assert_eq!(pages, 3);
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), 250);
}

#[tokio::test]
async fn a_start_time_within_the_last_minute_is_400_and_missing_is_400() {
    let api = Api::start(5).await;
    let now = api.sim.now_unix();
    let too_recent = api
        .get(&format!("/api/v2/incremental/users?start_time={}", now - 30))
        .await;
    assert_eq!(too_recent.status, StatusCode::BAD_REQUEST);
    assert!(too_recent.body["description"].as_str().unwrap().contains("Too recent"));
    assert_eq!(
        api.get("/api/v2/incremental/users").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        api.get(&format!("/api/v2/incremental/users?start_time={}", now - 61))
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test(start_paused = true)]
async fn a_change_is_exported_only_once_it_is_a_minute_old() {
    let api = Api::start(5).await;
    let start = api.sim.now_unix() - 120;
    let user_id = api.sim.insert_user(json!({"name": "Fresh"})).unwrap();
    let url = format!("/api/v2/incremental/users?start_time={start}");
    assert!(!ids(&api.get(&url).await.body["users"]).contains(&user_id));
    tokio::time::advance(Duration::from_secs(61)).await;
    assert!(ids(&api.get(&url).await.body["users"]).contains(&user_id));
}

#[tokio::test]
async fn a_test_can_set_the_clock_the_export_reads() {
    let api = Api::start(5).await;
    let user_id = api.sim.insert_user(json!({"name": "Fresh"})).unwrap();
    let created = api.sim.now_unix();
    api.sim.set_now_unix(created + 3600);
    let page = api
        .get(&format!("/api/v2/incremental/users?start_time={created}"))
        .await;
    assert_eq!(ids(&page.body["users"]), vec![user_id]);
}

#[tokio::test]
async fn a_cursor_based_export_follows_after_url_without_duplicates() {
    let api = Api::start(250).await;
    let mut seen = Vec::new();
    let mut url = "/api/v2/incremental/users/cursor?start_time=0&per_page=100".to_owned();
    loop {
        let page = api.get(&url).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.body["before_cursor"], serde_json::Value::Null);
        seen.extend(ids(&page.body["users"]));
        let cursor = page.body["after_cursor"].as_str().unwrap();
        assert!(
            page.body["after_url"]
                .as_str()
                .unwrap()
                .ends_with(&format!("cursor={cursor}&per_page=100"))
                || page.body["after_url"]
                    .as_str()
                    .unwrap()
                    .contains(&format!("cursor={cursor}"))
        );
        if page.body["end_of_stream"] == true {
            break;
        }
        url = page.body["after_url"].as_str().unwrap().to_owned();
    }
    let count = seen.len();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!((count, seen.len()), (250, 250));
}

#[tokio::test]
async fn sideloads_come_on_every_export_page() {
    let api = Api::start(30).await;
    let mut url = "/api/v2/incremental/users?start_time=0&per_page=10&include=identities".to_owned();
    for _ in 0..3 {
        let page = api.get(&url).await;
        let identities = page.body["identities"].as_array().expect("identities sideloaded");
        let users = ids(&page.body["users"]);
        assert!(identities
            .iter()
            .all(|identity| users.contains(&identity["user_id"].as_u64().unwrap())));
        assert!(identities.len() >= users.len());
        url = page.body["next_page"].as_str().unwrap().to_owned();
    }
}

#[tokio::test(start_paused = true)]
async fn exports_allow_ten_requests_a_minute_with_their_header() {
    let api = Api::start(5).await;
    for used in 1..=10 {
        let page = api.get("/api/v2/incremental/users?start_time=0").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page
            .header("zendesk-ratelimit-incremental-exports")
            .starts_with(&format!("total=10; remaining={}; resets=", 10 - used)));
    }
    let refused = api.get("/api/v2/incremental/users/cursor?start_time=0").await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.header("retry-after"), "60");
    tokio::time::advance(Duration::from_secs(60)).await;
    assert_eq!(
        api.get("/api/v2/incremental/users?start_time=0").await.status,
        StatusCode::OK
    );
}
