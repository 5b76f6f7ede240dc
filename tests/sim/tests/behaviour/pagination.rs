//! Pagination as Zendesk does it: offset unless `page[size]` is sent.

use crate::{ids, Api};
use reqwest::StatusCode;

#[tokio::test]
async fn a_list_without_page_size_gets_offset_pagination() {
    let api = Api::start(250).await;
    let page = api.get("/api/v2/users").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body["users"].as_array().unwrap().len(), 100);
    assert_eq!(page.body["count"], 250);
    assert_eq!(page.body["previous_page"], serde_json::Value::Null);
    assert_eq!(
        page.body["next_page"],
        format!("{}/api/v2/users.json?page=2&per_page=100", api.sim.base_url())
    );
    assert!(
        page.body.get("meta").is_none(),
        "offset pages have no meta: {}",
        page.body
    );
    assert!(page.body.get("links").is_none());
}

#[tokio::test]
async fn following_next_page_urls_yields_every_user_once() {
    let api = Api::start(250).await;
    let mut seen = Vec::new();
    let mut next = Some("/api/v2/users?per_page=30".to_owned());
    while let Some(url) = next {
        let page = api.get(&url).await;
        assert_eq!(page.status, StatusCode::OK, "{url}");
        seen.extend(ids(&page.body["users"]));
        next = page.body["next_page"].as_str().map(str::to_owned);
    }
    assert_eq!(seen.len(), 250);
    let mut unique = seen.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique, seen);
}

#[tokio::test]
async fn previous_page_links_back_and_filters_are_kept() {
    let api = Api::start(250).await;
    let page = api.get("/api/v2/users?role=end-user&page=2&per_page=10").await;
    let base = api.sim.base_url();
    assert_eq!(
        page.body["previous_page"],
        format!("{base}/api/v2/users.json?role=end-user&page=1&per_page=10")
    );
    assert_eq!(
        page.body["next_page"],
        format!("{base}/api/v2/users.json?role=end-user&page=3&per_page=10")
    );
    assert!(page.body["users"]
        .as_array()
        .unwrap()
        .iter()
        .all(|user| user["role"] == "end-user"));
}

#[tokio::test]
async fn per_page_above_100_is_capped_at_100() {
    let api = Api::start(250).await;
    let page = api.get("/api/v2/users?per_page=500").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body["users"].as_array().unwrap().len(), 100);
}

#[tokio::test]
async fn an_offset_page_past_the_first_10000_records_is_400() {
    let api = Api::start(5).await;
    assert_eq!(
        api.get("/api/v2/users?page=100&per_page=100").await.status,
        StatusCode::OK
    );
    let refused = api.get("/api/v2/users?page=101&per_page=100").await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.body["error"], "InvalidPaginationParameter");
}

#[tokio::test]
async fn page_size_switches_to_cursor_pagination_and_walks_every_user() {
    let api = Api::start(250).await;
    let mut seen = Vec::new();
    let mut url = "/api/v2/users?page[size]=100".to_owned();
    loop {
        let page = api.get(&url).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.get("next_page").is_none(), "cursor pages have no next_page");
        seen.extend(ids(&page.body["users"]));
        if page.body["meta"]["has_more"] == false {
            break;
        }
        url = page.body["links"]["next"]
            .as_str()
            .expect("a next link while has_more")
            .to_owned();
    }
    assert_eq!(seen.len(), 250);
}

#[tokio::test]
async fn page_after_takes_the_after_cursor() {
    let api = Api::start(30).await;
    let first = api.get("/api/v2/users?page[size]=10").await;
    let cursor = first.body["meta"]["after_cursor"].as_str().unwrap().to_owned();
    let second = api
        .get(&format!("/api/v2/users?page[size]=10&page[after]={cursor}"))
        .await;
    let first_ids = ids(&first.body["users"]);
    let second_ids = ids(&second.body["users"]);
    assert_eq!(second_ids.len(), 10);
    assert!(second_ids[0] > *first_ids.last().unwrap());
    let back = api.get(second.body["links"]["prev"].as_str().unwrap()).await;
    assert_eq!(ids(&back.body["users"]), first_ids);
}

#[tokio::test]
async fn page_size_above_100_is_400() {
    let api = Api::start(5).await;
    let refused = api.get("/api/v2/users?page[size]=101").await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.body["error"], "InvalidPaginationParameter");
}

#[tokio::test]
async fn a_garbled_cursor_is_400() {
    let api = Api::start(5).await;
    assert_eq!(
        api.get("/api/v2/users?page[size]=2&page[after]=garbage!").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn identities_and_skips_paginate_the_same_way() {
    let api = Api::start(30).await;
    let agent = api.first_with_role("agent");
    let offset = api.get(&format!("/api/v2/users/{agent}/skips?per_page=2")).await;
    assert_eq!(offset.body["count"], 3);
    assert!(offset.body["next_page"].as_str().unwrap().contains("page=2"));
    let cursor = api.get(&format!("/api/v2/users/{agent}/skips?page[size]=2")).await;
    assert_eq!(cursor.body["meta"]["has_more"], true);
    let identities = api.get(&format!("/api/v2/users/{agent}/identities")).await;
    assert!(identities.body["count"].as_u64().unwrap() >= 1);
    assert!(identities.body.get("meta").is_none());
}
