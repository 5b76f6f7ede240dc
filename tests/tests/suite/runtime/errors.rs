//! Error responses decoded into Zendesk's error bodies, bounded snippets of
//! anything else, decode errors, timeouts and redirects.

use std::time::Duration;

use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};
use zendesk_users::{Auth, Error, RetryPolicy};

use super::*;

// ---------------------------------------------------------------- error bodies

#[tokio::test]
async fn record_invalid_details_are_decoded() {
    let server = MockServer::start().await;
    let body = json!({
        "error": "RecordInvalid",
        "description": "Record validation errors",
        "details": { "email": [{ "description": "Email: is already being used", "error": "DuplicateValue" }] }
    });
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(422)
                .set_body_json(body)
                .insert_header("x-zendesk-request-id", "req-42"),
        )
        .mount(&server)
        .await;
    let error = client_for(&server)
        .create_user(new_user("Ann"))
        .send()
        .await
        .expect_err("422");
    let api = error.api_error().expect("an api error");
    assert_eq!(error.status(), Some(422));
    assert_eq!(error.operation(), Some("CreateUser"));
    let decoded = api.body.as_ref().expect("decoded body");
    assert_eq!(decoded.error.as_deref(), Some("RecordInvalid"));
    assert_eq!(decoded.description.as_deref(), Some("Record validation errors"));
    let email = &decoded.details["email"];
    assert_eq!(email[0].error.as_deref(), Some("DuplicateValue"));
    assert_eq!(email[0].description.as_deref(), Some("Email: is already being used"));
    let message = error.to_string();
    for expected in [
        "CreateUser",
        "422",
        "RecordInvalid",
        "email: Email: is already being used (DuplicateValue)",
        "req-42",
    ] {
        assert!(message.contains(expected), "{message} lacks {expected}");
    }
    assert!(message.starts_with(char::is_lowercase), "{message}");
}

#[tokio::test]
async fn error_object_with_title_and_message_is_decoded() {
    let server = MockServer::start().await;
    let body = json!({ "error": { "title": "Forbidden", "message": "You do not have access to this page." } });
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(403).set_body_json(body))
        .mount(&server)
        .await;
    let error = client_for(&server).show_user(1).send().await.expect_err("403");
    let decoded = error
        .api_error()
        .and_then(|api| api.body.clone())
        .expect("decoded body");
    assert_eq!(decoded.error.as_deref(), Some("Forbidden"));
    assert_eq!(
        decoded.description.as_deref(),
        Some("You do not have access to this page.")
    );
    assert!(error.to_string().contains("permission"), "{error}");
}

#[tokio::test]
async fn errors_array_is_decoded() {
    let server = MockServer::start().await;
    let body = json!({ "errors": [{ "code": "InvalidPaginationParameter", "title": "Invalid", "detail": "page[size] must be at most 100" }] });
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(400).set_body_json(body))
        .mount(&server)
        .await;
    let error = client_for(&server).list_users().send().await.expect_err("400");
    let decoded = error
        .api_error()
        .and_then(|api| api.body.clone())
        .expect("decoded body");
    assert_eq!(decoded.errors[0].error.as_deref(), Some("InvalidPaginationParameter"));
    assert_eq!(
        decoded.errors[0].description.as_deref(),
        Some("page[size] must be at most 100")
    );
    assert!(error.to_string().contains("page[size] must be at most 100"), "{error}");
}

#[tokio::test]
async fn plain_text_error_is_kept_as_a_snippet() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_string("Couldn't authenticate you"))
        .mount(&server)
        .await;
    let error = client_for(&server).show_user(1).send().await.expect_err("401");
    let api = error.api_error().expect("api error");
    assert_eq!(api.body, None);
    assert_eq!(api.snippet, "Couldn't authenticate you");
    let message = error.to_string();
    assert!(
        message.contains("Couldn't authenticate you") && message.contains("credentials"),
        "{message}"
    );
}

#[tokio::test]
async fn huge_or_binary_error_bodies_are_bounded_and_do_not_panic() {
    let server = MockServer::start().await;
    let mut body = vec![0xff_u8, 0xfe, b'{'];
    body.extend(std::iter::repeat_n(b'x', 100_000));
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_bytes(body))
        .mount(&server)
        .await;
    let client = builder_for(&server.uri(), Auth::bearer(OAUTH_TOKEN))
        .retry_policy(RetryPolicy::never())
        .build()
        .expect("client");
    let error = client.show_user(1).send().await.expect_err("500");
    assert!(error.to_string().len() < 2_000, "{}", error.to_string().len());
}

// ---------------------------------------------------------------- decoding and timeouts

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_status_and_snippet() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"user\": {\"id\": "))
        .mount(&server)
        .await;
    let error = client_for(&server).show_user(1).send().await.expect_err("malformed");
    match &error {
        Error::Decode {
            operation,
            status,
            snippet,
            ..
        } => {
            assert_eq!((*operation, status.as_u16()), ("ShowUser", 200));
            assert_eq!(snippet, "{\"user\": {\"id\": ");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert!(error.to_string().contains("HTTP 200"), "{error}");
}

#[tokio::test]
async fn wrong_types_are_a_decode_error_not_a_panic() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok_json(json!({ "users": "not a list", "meta": 7 })))
        .mount(&server)
        .await;
    let error = client_for(&server).list_users().send().await.expect_err("wrong types");
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
}

#[tokio::test]
async fn slow_response_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok_json(json!({ "user": user_json(1) })).set_delay(Duration::from_millis(500)))
        .mount(&server)
        .await;
    let client = builder_for(&server.uri(), Auth::bearer(OAUTH_TOKEN))
        .timeout(Duration::from_millis(50))
        .retry_policy(quick_retries().max_attempts(2))
        .build()
        .expect("client");
    let error = client.show_user(1).send().await.expect_err("timeout");
    assert!(
        matches!(
            error,
            Error::Timeout {
                operation: "ShowUser",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.is_transient());
    // A GET is idempotent, so the timed-out attempt was tried once more.
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "http://127.0.0.1:9/steal"))
        .mount(&server)
        .await;
    let error = client_for(&server).show_user(1).send().await.expect_err("redirect");
    assert_eq!(error.status(), Some(302));
}
