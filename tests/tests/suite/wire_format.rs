//! The bytes on the wire for the request shapes beyond JSON: a `multipart/form-data`
//! body with a file part in a nested field name (`user[photo][uploaded_data]`, as
//! Zendesk's "Update User" uploads a profile photo), sent again on a retry, and a
//! streamed file that is never sent twice. Against a local wiremock server on 127.0.0.1.
//! (Deep-object and object query pairs are pinned by the runtime's unit tests.)

use std::time::Duration;

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zendesk_users::{Auth, Client, Error, FilePart, RetryPolicy, UpdateUserForm};

fn client_for(server: &MockServer, retry: RetryPolicy) -> Client {
    Client::builder("example", Auth::api_token("admin@example.com", "api-token-123"))
        .base_url(server.uri())
        .allow_insecure_http(true)
        .retry_policy(retry)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a client for the local mock server builds")
}

fn updated_user() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"user": {"id": 42, "name": "Roger"}}))
}

/// The multipart boundary from a `Content-Type` header.
fn boundary(content_type: &str) -> Option<&str> {
    content_type
        .split("boundary=")
        .nth(1)
        .map(|rest| rest.trim_matches('"'))
}

/// The parts of a multipart body as (headers, contents), split on the boundary.
fn parts(body: &[u8], boundary: &str) -> Vec<(String, Vec<u8>)> {
    let delimiter = format!("--{boundary}");
    let text = body.to_vec();
    let mut found = Vec::new();
    let mut starts: Vec<usize> = Vec::new();
    let mut index = 0;
    while let Some(offset) = find(&text[index..], delimiter.as_bytes()) {
        starts.push(index + offset);
        index += offset + delimiter.len();
    }
    for window in starts.windows(2) {
        let part = &text[window[0] + delimiter.len()..window[1]];
        let part = part.strip_prefix(b"\r\n").unwrap_or(part);
        let part = part.strip_suffix(b"\r\n").unwrap_or(part);
        if let Some(split) = find(part, b"\r\n\r\n") {
            let headers = String::from_utf8_lossy(&part[..split]).to_string();
            found.push((headers, part[split + 4..].to_vec()));
        }
    }
    found
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

#[tokio::test]
async fn a_profile_photo_is_uploaded_as_a_file_part_under_its_nested_name() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/api/v2/users/42"))
        .respond_with(updated_user())
        .mount(&server)
        .await;
    let client = client_for(&server, RetryPolicy::never());
    let photo: Vec<u8> = vec![0x89, b'P', b'N', b'G', 0, 1, 2, 255];
    let form = UpdateUserForm {
        user_photo_uploaded_data: FilePart::bytes(photo.clone())
            .file_name("me.png")
            .content_type("image/png"),
    };
    let outcome = client.update_user_multipart(42, form).send().await;

    let received = server.received_requests().await.unwrap_or_default();
    assert_eq!(received.len(), 1, "one request: {received:#?}");
    let request = &received[0];
    let content_type = request
        .headers
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let boundary = boundary(&content_type).unwrap_or_default();
    let parts = parts(&request.body, boundary);
    assert_eq!(parts.len(), 1, "one part: {parts:?}");
    let (headers, contents) = &parts[0];
    assert!(
        headers.contains(r#"Content-Disposition: form-data; name="user[photo][uploaded_data]"; filename="me.png""#),
        "{headers}"
    );
    assert!(headers.contains("Content-Type: image/png"), "{headers}");
    assert_eq!(contents, &photo, "the file's bytes unchanged");
    assert!(
        request.body.ends_with(format!("--{boundary}--\r\n").as_bytes()),
        "the body closes the form"
    );

    let user = outcome.expect("the upload succeeds").into_body().user;
    assert_eq!(user.id, 42);
}

#[tokio::test]
async fn the_json_method_of_the_same_operation_still_sends_json() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/api/v2/users/42"))
        .respond_with(updated_user())
        .mount(&server)
        .await;
    let client = client_for(&server, RetryPolicy::never());
    let update = zendesk_users::models::UserUpdate {
        name: Some("Roger".into()),
        ..Default::default()
    };
    client
        .update_user(42, update)
        .send()
        .await
        .expect("the update succeeds");
    let received = server.received_requests().await.unwrap_or_default();
    assert_eq!(
        received[0]
            .headers
            .get("content-type")
            .and_then(|value| value.to_str().ok()),
        Some("application/json")
    );
    let body: serde_json::Value = serde_json::from_slice(&received[0].body).unwrap_or_default();
    assert_eq!(body, json!({"user": {"name": "Roger"}}));
}

#[tokio::test]
async fn a_form_with_an_in_memory_file_is_sent_whole_again_on_a_retry() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/api/v2/users/42"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/api/v2/users/42"))
        .respond_with(updated_user())
        .mount(&server)
        .await;
    let retry = RetryPolicy::default()
        .max_attempts(2)
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(1));
    let client = client_for(&server, retry);
    let form = UpdateUserForm {
        user_photo_uploaded_data: FilePart::bytes(&b"photo bytes"[..]),
    };
    client
        .update_user_multipart(42, form)
        .send()
        .await
        .expect("the retry succeeds");
    let received = server.received_requests().await.unwrap_or_default();
    assert_eq!(received.len(), 2);
    for request in &received {
        let content_type = request
            .headers
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        let parts = parts(&request.body, boundary(content_type).unwrap_or_default());
        assert_eq!(parts.len(), 1);
        // Without a file name, the part is still a file part, named after its field.
        assert!(
            parts[0].0.contains(r#"filename="user[photo][uploaded_data]""#),
            "{}",
            parts[0].0
        );
        assert_eq!(parts[0].1, b"photo bytes");
    }
}

#[tokio::test]
async fn a_streamed_file_is_sent_once_and_never_replayed_empty() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/api/v2/users/42"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let retry = RetryPolicy::default()
        .max_attempts(3)
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(1));
    let client = client_for(&server, retry);
    let chunks = vec![
        Ok::<_, std::io::Error>(b"chunk one, ".to_vec()),
        Ok(b"chunk two".to_vec()),
    ];
    let form = UpdateUserForm {
        user_photo_uploaded_data: FilePart::stream(futures::stream::iter(chunks)).file_name("big.jpg"),
    };
    let error = client
        .update_user_multipart(42, form)
        .send()
        .await
        .expect_err("the server keeps failing");
    match &error {
        Error::InvalidRequest { argument, reason, .. } => {
            assert_eq!(argument, "user[photo][uploaded_data]");
            assert!(reason.contains("streamed file that was already sent once"), "{reason}");
        }
        other => panic!("expected the stream to refuse a second send, got {other:?}"),
    }
    let received = server.received_requests().await.unwrap_or_default();
    assert_eq!(received.len(), 1, "the stream went out once");
    let content_type = received[0]
        .headers
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let parts = parts(&received[0].body, boundary(content_type).unwrap_or_default());
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].1, b"chunk one, chunk two");
}
