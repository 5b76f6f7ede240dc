//! Authentication and Zendesk's error answers; bad input never stops the server.

use crate::{http_client, Api};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn a_wrong_token_is_401_with_zendesks_body() {
    let api = Api::start(3).await;
    let wrong = http_client()
        .get(api.url("/api/v2/users"))
        .basic_auth(format!("{}/token", api.sim.email()), Some("wrong"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        wrong.json::<serde_json::Value>().await.unwrap(),
        json!({"error": "Couldn't authenticate you"})
    );
    let none = http_client().get(api.url("/api/v2/users")).send().await.unwrap();
    assert_eq!(none.status(), StatusCode::UNAUTHORIZED);
    let right = http_client()
        .get(api.url("/api/v2/users"))
        .basic_auth(format!("{}/token", api.sim.email()), Some(api.sim.token()))
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_unknown_user_is_404_record_not_found() {
    let api = Api::start(3).await;
    let missing = api.get("/api/v2/users/424242").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(
        missing.body,
        json!({"error": "RecordNotFound", "description": "Not found"})
    );
    assert_eq!(
        api.get("/api/v2/users/not-a-number").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_user_without_a_name_is_422_with_details() {
    let api = Api::start(3).await;
    let refused = api
        .post("/api/v2/users", json!({"user": {"email": "nameless@example.com"}}))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.body["error"], "RecordInvalid");
    assert_eq!(refused.body["details"]["name"][0]["error"], "BlankValue");
}

#[tokio::test]
async fn a_malformed_email_is_422_and_nothing_is_stored() {
    let api = Api::start(3).await;
    let refused = api
        .post("/api/v2/users", json!({"user": {"name": "X", "email": "no-at-sign"}}))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.body["details"]["email"][0]["error"], "InvalidFormat");
    assert_eq!(api.sim.live_users().len(), 3);
}

#[tokio::test]
async fn a_duplicate_email_is_422() {
    let api = Api::start(3).await;
    let refused = api
        .post(
            "/api/v2/users",
            json!({"user": {"name": "X", "email": api.sim.email()}}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.body["details"]["email"][0]["error"], "DuplicateValue");
}

#[tokio::test]
async fn clearing_the_name_with_null_is_422_and_the_user_is_unchanged() {
    let api = Api::start(3).await;
    let user = api.sim.owner_id();
    let refused = api
        .put(
            &format!("/api/v2/users/{user}"),
            json!({"user": {"name": null, "notes": "n"}}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(api.sim.user(user).unwrap()["name"], "Account Owner");
    assert_eq!(api.sim.user(user).unwrap()["notes"], "");
}

#[tokio::test]
async fn bad_input_gets_json_errors_and_the_server_keeps_serving() {
    let api = Api::start(3).await;
    let malformed = api
        .http()
        .post(api.url("/api/v2/users"))
        .header("authorization", api.sim.authorization())
        .header("content-type", "application/json")
        .body("{\"user\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    assert!(malformed.json::<serde_json::Value>().await.unwrap()["error"].is_string());
    let missing_key = api.post("/api/v2/users", json!({"person": {}})).await;
    assert_eq!(missing_key.status, StatusCode::BAD_REQUEST);
    let unknown = api.get("/api/v2/tickets").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.body["error"], "InvalidEndpoint");
    let wrong_method = api.send(Method::PATCH, "/api/v2/users/1", None).await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(wrong_method.header("allow"), "GET, PUT, DELETE");
    assert!(wrong_method.body["error"].is_string());
    let garbage = api
        .http()
        .put(api.url("/api/v2/users/update_many"))
        .header("authorization", api.sim.authorization())
        .body(vec![0xff, 0xfe, 0x00])
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), StatusCode::BAD_REQUEST);
    assert_eq!(api.get("/api/v2/users").await.status, StatusCode::OK);
}
