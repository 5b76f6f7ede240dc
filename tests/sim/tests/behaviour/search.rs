//! Search and autocomplete over the stored users, offset-paginated.

use crate::{ids, Api};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn search_understands_email_name_role_and_external_id_terms() {
    let api = Api::start(60).await;
    let user_id = api
        .sim
        .insert_user(
            json!({"name": "Zelda Quartz", "email": "zelda@example.net", "external_id": "Z-9", "role": "agent"}),
        )
        .unwrap();
    for query in [
        "email:zelda@example.net",
        "name:quartz",
        "external_id:z-9",
        "role:agent name:zelda",
        "zelda",
        "\"Zelda Quartz\"",
    ] {
        let found = api.get(&format!("/api/v2/users/search?query={query}")).await;
        assert_eq!(ids(&found.body["users"]), vec![user_id], "query {query}");
    }
    assert!(ids(&api
        .get("/api/v2/users/search?query=role:end-user name:zelda")
        .await
        .body["users"])
    .is_empty());
}

#[tokio::test]
async fn search_by_role_is_offset_paginated_even_with_page_size() {
    let api = Api::start(250).await;
    let page = api.get("/api/v2/users/search?query=role:end-user&page[size]=10").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body["users"].as_array().unwrap().len(), 100);
    assert!(page.body["count"].as_u64().unwrap() > 100);
    assert!(page.body["next_page"].as_str().unwrap().contains("page=2"));
    assert!(page.body.get("meta").is_none());
}

#[tokio::test]
async fn search_by_external_id_parameter_is_exact() {
    let api = Api::start(20).await;
    let found = api.get("/api/v2/users/search?external_id=ext-1").await;
    assert_eq!(found.body["count"], 1);
    assert_eq!(found.body["users"][0]["external_id"], "ext-1");
}

#[tokio::test]
async fn autocomplete_matches_the_start_of_names() {
    let api = Api::start(20).await;
    let found = api.get("/api/v2/users/autocomplete?name=gra").await;
    assert!(!found.body["users"].as_array().unwrap().is_empty());
    assert!(found.body["users"]
        .as_array()
        .unwrap()
        .iter()
        .all(|user| user["name"].as_str().unwrap().starts_with("Grace")));
    assert_eq!(
        api.get("/api/v2/users/autocomplete").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn search_values_take_wildcards() {
    let api = Api::start(20).await;
    let user_id = api
        .sim
        .insert_user(json!({"name": "Wilma", "email": "wilma@wild.example"}))
        .unwrap();
    assert_eq!(
        ids(&api.get("/api/v2/users/search?query=email:*@wild.example").await.body["users"]),
        vec![user_id]
    );
    assert_eq!(
        ids(&api.get("/api/v2/users/search?query=email:wilma*").await.body["users"]),
        vec![user_id]
    );
}
