//! Behaviour of the hand-written runtime, driven through the public API of the
//! `zendesk-users` crate against local mock servers (127.0.0.1 only).

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request as ReceivedRequest, ResponseTemplate};
use zendesk_users::models;
use zendesk_users::{Auth, Client, ClientBuilder, Error, JobState, JobWait, Nullable, OnRateLimit, RetryPolicy};

const EMAIL: &str = "agent@example.com";
const API_TOKEN: &str = "s3cret-api-token";
const PASSWORD: &str = "hunter2-password";
const OAUTH_TOKEN: &str = "oauth-secret-token";
/// base64 of `agent@example.com/token:s3cret-api-token`.
const API_TOKEN_BASIC: &str = "Basic YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46czNjcmV0LWFwaS10b2tlbg==";
/// base64 of `agent@example.com:hunter2-password`.
const PASSWORD_BASIC: &str = "Basic YWdlbnRAZXhhbXBsZS5jb206aHVudGVyMi1wYXNzd29yZA==";

/// Retries with waits of a few milliseconds, so tests stay fast.
fn quick_retries() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(5))
}

fn builder_for(base: &str, auth: Auth) -> ClientBuilder {
    Client::builder(base, auth)
        .allow_insecure_http(true)
        .retry_policy(quick_retries())
        .incremental_export_interval(Duration::ZERO)
}

fn client_for(server: &MockServer) -> Client {
    builder_for(&server.uri(), Auth::api_token(EMAIL, API_TOKEN))
        .build()
        .expect("client builds")
}

fn user_json(id: i64) -> Value {
    json!({ "id": id, "name": format!("User {id}"), "email": format!("user{id}@example.com") })
}

fn users_json(ids: impl IntoIterator<Item = i64>) -> Value {
    Value::Array(ids.into_iter().map(user_json).collect())
}

fn ok_json(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

async fn received(server: &MockServer) -> Vec<ReceivedRequest> {
    server.received_requests().await.unwrap_or_default()
}

fn ids(users: &[models::User]) -> Vec<i64> {
    users.iter().map(|user| user.id).collect()
}

fn new_user(name: &str) -> models::UserCreateRequest {
    models::UserCreateRequest::new(models::UserCreate::new(name.to_string()))
}

// ---------------------------------------------------------------- auth

#[tokio::test]
async fn api_token_is_sent_as_basic_auth_for_email_slash_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/7"))
        .and(header("authorization", API_TOKEN_BASIC))
        .respond_with(ok_json(json!({ "user": user_json(7) })))
        .expect(1)
        .mount(&server)
        .await;
    let response = client_for(&server).show_user(7).send().await.expect("user");
    assert_eq!(response.body().user.id, 7);
}

#[tokio::test]
async fn password_is_sent_as_basic_auth() {
    let server = MockServer::start().await;
    Mock::given(header("authorization", PASSWORD_BASIC))
        .respond_with(ok_json(json!({ "user": user_json(7) })))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder_for(&server.uri(), Auth::password(EMAIL, PASSWORD))
        .build()
        .expect("client");
    client.show_user(7).send().await.expect("user");
}

#[tokio::test]
async fn oauth_token_is_sent_as_bearer() {
    let server = MockServer::start().await;
    Mock::given(header("authorization", format!("Bearer {OAUTH_TOKEN}").as_str()))
        .respond_with(ok_json(json!({ "user": user_json(7) })))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder_for(&server.uri(), Auth::bearer(OAUTH_TOKEN))
        .build()
        .expect("client");
    client.show_user(7).send().await.expect("user");
}

#[tokio::test]
async fn anonymous_requests_carry_no_authorization_header() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/me"))
        .respond_with(ok_json(
            json!({ "user": { "id": null, "name": "Anonymous user", "role": "end-user" } }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder_for(&server.uri(), Auth::anonymous()).build().expect("client");
    let response = client.show_current_user().send().await.expect("anonymous user");
    assert!(response.body().user.id.is_null());
    let received = server.received_requests().await.expect("recording is on");
    assert!(
        received[0].headers.get("authorization").is_none(),
        "no credentials are sent"
    );
    assert_eq!(format!("{:?}", Auth::anonymous()), "Auth::Anonymous");
}

#[tokio::test]
async fn requests_name_the_crate_in_the_user_agent_and_ask_for_json() {
    let server = MockServer::start().await;
    Mock::given(header("accept", "application/json"))
        .respond_with(ok_json(json!({ "user": user_json(7) })))
        .mount(&server)
        .await;
    let client = builder_for(&server.uri(), Auth::bearer(OAUTH_TOKEN))
        .user_agent("sync-job/2.0")
        .build()
        .expect("client");
    client.show_user(7).send().await.expect("user");
    let requests = received(&server).await;
    let user_agent = requests[0]
        .headers
        .get("user-agent")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    assert!(user_agent.starts_with("sync-job/2.0 zendesk-users/"), "{user_agent}");
}

// ---------------------------------------------------------------- configuration

#[test]
fn plain_http_is_refused_unless_allowed() {
    let refused = Client::builder("http://127.0.0.1:9", Auth::api_token(EMAIL, API_TOKEN)).build();
    let message = refused.expect_err("plain http must be refused").to_string();
    assert!(message.contains("allow_insecure_http"), "{message}");
    let allowed = Client::builder("http://127.0.0.1:9", Auth::api_token(EMAIL, API_TOKEN))
        .allow_insecure_http(true)
        .build();
    assert!(allowed.is_ok());
}

#[test]
fn subdomain_becomes_the_zendesk_https_url() {
    let client = Client::new("acme", Auth::api_token(EMAIL, API_TOKEN)).expect("client");
    assert_eq!(client.base_url(), "https://acme.zendesk.com");
    let proxied = Client::builder("https://proxy.example.com/zendesk/", Auth::bearer(OAUTH_TOKEN))
        .build()
        .expect("client");
    assert_eq!(proxied.base_url(), "https://proxy.example.com/zendesk");
}

#[test]
fn subdomains_and_urls_that_could_leak_credentials_are_refused() {
    for target in [
        "evil.com/x",
        "acme.zendesk.com#",
        "",
        "https://user:pw@acme.zendesk.com",
        "ftp://acme.example.com",
    ] {
        let result = Client::builder(target, Auth::api_token(EMAIL, API_TOKEN)).build();
        assert!(matches!(result, Err(Error::Config { .. })), "{target:?} was accepted");
    }
}

// ---------------------------------------------------------------- secrets

#[tokio::test]
async fn debug_and_display_never_show_secrets() {
    let secrets = [
        API_TOKEN,
        PASSWORD,
        OAUTH_TOKEN,
        API_TOKEN_BASIC,
        PASSWORD_BASIC,
        "czNjcmV0",
    ];
    let mut texts = Vec::new();
    for auth in [
        Auth::api_token(EMAIL, API_TOKEN),
        Auth::password(EMAIL, PASSWORD),
        Auth::bearer(OAUTH_TOKEN),
    ] {
        texts.push(format!("{auth:?}"));
        let builder = Client::builder("acme", auth);
        texts.push(format!("{builder:?}"));
        texts.push(format!("{:?}", builder.build().expect("client")));
    }
    // An error response, and a connection error (nothing listens on a port just released).
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_string("Couldn't authenticate you"))
        .mount(&server)
        .await;
    let api_error = client_for(&server).show_user(1).send().await.expect_err("401");
    let closed_port = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("port");
    let unreachable = builder_for(&format!("http://{closed_port}"), Auth::api_token(EMAIL, API_TOKEN))
        .retry_policy(RetryPolicy::never())
        .build()
        .expect("client");
    let transport_error = unreachable.show_user(1).send().await.expect_err("connection refused");
    assert!(
        matches!(transport_error, Error::Transport { .. }),
        "{transport_error:?}"
    );
    for error in [&api_error, &transport_error] {
        texts.push(format!("{error}"));
        texts.push(format!("{error:?}"));
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            texts.push(format!("{cause} {cause:?}"));
            source = cause.source();
        }
    }
    for text in &texts {
        for secret in secrets {
            assert!(!text.contains(secret), "{text:?} contains a secret");
        }
    }
    assert!(texts.iter().any(|text| text.contains("<redacted>")));
}

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
    assert_eq!(error.status().map(|status| status.as_u16()), Some(422));
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

// ---------------------------------------------------------------- retries

#[tokio::test]
async fn rate_limited_request_is_retried_after_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "0")
                .set_body_string("Rate limited"),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ok_json(json!({ "user": user_json(1) }))
                .insert_header("x-rate-limit", "700")
                .insert_header("x-rate-limit-remaining", "699")
                .insert_header("zendesk-ratelimit-users", "total=100; remaining=99; resets=30"),
        )
        .mount(&server)
        .await;
    let response = client_for(&server).show_user(1).send().await.expect("retried");
    assert_eq!(received(&server).await.len(), 2);
    let rate_limit = response.rate_limit();
    assert_eq!((rate_limit.limit, rate_limit.remaining), (Some(700), Some(699)));
    assert_eq!(
        rate_limit.zendesk,
        vec![("users".to_string(), "total=100; remaining=99; resets=30".to_string())]
    );
}

#[tokio::test]
async fn service_unavailable_with_retry_after_is_waited_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ok_json(json!({ "user": user_json(1) })))
        .mount(&server)
        .await;
    let started = Instant::now();
    client_for(&server).show_user(1).send().await.expect("retried");
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn rate_limit_can_be_returned_at_once_with_its_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "30")
                .insert_header("x-rate-limit-remaining", "0"),
        )
        .mount(&server)
        .await;
    let client = builder_for(&server.uri(), Auth::bearer(OAUTH_TOKEN))
        .retry_policy(quick_retries().on_rate_limit(OnRateLimit::ReturnError))
        .build()
        .expect("client");
    let started = Instant::now();
    let error = client.show_user(1).send().await.expect_err("rate limited");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(matches!(error, Error::RateLimited(_)), "{error:?}");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(30)));
    assert_eq!(error.rate_limit().and_then(|rate_limit| rate_limit.remaining), Some(0));
    assert!(error.is_transient());
    assert!(error.to_string().contains("retry after 30s"), "{error}");
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn retry_after_longer_than_the_maximum_is_returned_instead_of_slept() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "30"))
        .mount(&server)
        .await;
    let client = builder_for(&server.uri(), Auth::bearer(OAUTH_TOKEN))
        .retry_policy(quick_retries().max_retry_after(Duration::from_secs(5)))
        .build()
        .expect("client");
    let error = client.show_user(1).send().await.expect_err("rate limited");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(30)));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn rate_limits_are_retried_up_to_max_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .mount(&server)
        .await;
    let client = builder_for(&server.uri(), Auth::bearer(OAUTH_TOKEN))
        .retry_policy(quick_retries().max_attempts(3))
        .build()
        .expect("client");
    let error = client.show_user(1).send().await.expect_err("rate limited");
    assert!(matches!(error, Error::RateLimited(_)), "{error:?}");
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn server_error_on_get_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ok_json(json!({ "user": user_json(1) })))
        .mount(&server)
        .await;
    client_for(&server).show_user(1).send().await.expect("retried");
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn server_error_on_put_and_delete_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ok_json(json!({ "user": user_json(1) })))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ok_json(json!({ "user": user_json(1) })))
        .mount(&server)
        .await;
    let client = client_for(&server);
    client
        .update_user(1, models::UserUpdateRequest::new(models::UserUpdate::default()))
        .send()
        .await
        .expect("put retried");
    let deleted = client.delete_user(1).send().await.expect("delete retried");
    assert_eq!(deleted.status().as_u16(), 200);
    assert_eq!(received(&server).await.len(), 4);
}

#[tokio::test]
async fn server_error_on_post_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let error = client_for(&server)
        .create_user(new_user("Ann"))
        .send()
        .await
        .expect_err("500");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(500));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn service_unavailable_with_retry_after_on_post_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .mount(&server)
        .await;
    let error = client_for(&server)
        .create_user(new_user("Ann"))
        .send()
        .await
        .expect_err("503");
    assert_eq!(error.retry_after(), Some(Duration::ZERO));
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn post_is_retried_after_429_because_zendesk_did_not_process_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({ "user": user_json(9) }))
                .insert_header("location", "https://acme.zendesk.com/api/v2/users/9.json"),
        )
        .mount(&server)
        .await;
    let response = client_for(&server)
        .create_user(new_user("Ann"))
        .send()
        .await
        .expect("created");
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(
        response.location(),
        Some("https://acme.zendesk.com/api/v2/users/9.json")
    );
    assert_eq!(received(&server).await.len(), 2);
    let sent: Value = serde_json::from_slice(&received(&server).await[1].body).expect("json body");
    assert_eq!(sent, json!({ "user": { "name": "Ann" } }));
}

/// A raw TCP server on 127.0.0.1: it reads each request and then either drops
/// the connection without answering or, once `drops` connections were
/// dropped, answers with `answer`. It stops accepting after a few seconds.
struct FlakyServer {
    address: String,
    requests: Arc<AtomicUsize>,
}

fn flaky_server(drops: usize, answer: &'static str) -> FlakyServer {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("nonblocking");
    let address = format!("http://{}", listener.local_addr().expect("address"));
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&requests);
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            let Ok((mut stream, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(5));
                continue;
            };
            let _ = stream.set_nonblocking(false);
            let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
            let mut seen = Vec::new();
            let mut chunk = [0_u8; 4096];
            while !seen.windows(4).any(|window| window == b"\r\n\r\n") {
                match stream.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(read) => seen.extend_from_slice(&chunk[..read]),
                }
            }
            let number = counter.fetch_add(1, Ordering::SeqCst);
            if number >= drops {
                let _ = stream.write_all(answer.as_bytes());
            }
            let _ = stream.shutdown(Shutdown::Both);
        }
    });
    FlakyServer { address, requests }
}

const USER_ANSWER: &str =
    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 20\r\nconnection: close\r\n\r\n{\"user\": {\"id\": 5}}\n";

#[tokio::test]
async fn dropped_connection_on_post_is_not_retried() {
    let server = flaky_server(usize::MAX, "");
    let client = builder_for(&server.address, Auth::api_token(EMAIL, API_TOKEN))
        .build()
        .expect("client");
    let error = client.create_user(new_user("Ann")).send().await.expect_err("dropped");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(server.requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn dropped_connection_on_get_is_retried() {
    let server = flaky_server(1, USER_ANSWER);
    let client = builder_for(&server.address, Auth::api_token(EMAIL, API_TOKEN))
        .build()
        .expect("client");
    let response = client.show_user(5).send().await.expect("retried");
    assert_eq!(response.body().user.id, 5);
    assert_eq!(server.requests.load(Ordering::SeqCst), 2);
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
    assert_eq!(error.status().map(|status| status.as_u16()), Some(302));
}

// ---------------------------------------------------------------- requests

#[tokio::test]
async fn invalid_arguments_fail_before_anything_is_sent() {
    let server = MockServer::start().await;
    let error = client_for(&server)
        .list_users()
        .page_size(500)
        .send()
        .await
        .expect_err("too large");
    assert!(
        matches!(&error, Error::InvalidRequest { operation: "ListUsers", argument, .. } if argument == "page[size]"),
        "{error:?}"
    );
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn repeated_query_parameters_keep_call_order() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok_json(json!({ "users": [] })))
        .mount(&server)
        .await;
    client_for(&server)
        .list_users()
        .role_list([models::Role::Admin, models::Role::Agent])
        .page_size(2)
        .send()
        .await
        .expect("page");
    let requests = received(&server).await;
    let pairs: Vec<(String, String)> = requests[0]
        .url
        .query_pairs()
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    let expected = [("role[]", "admin"), ("role[]", "agent"), ("page[size]", "2")];
    assert_eq!(
        pairs,
        expected.map(|(name, value)| (name.to_string(), value.to_string()))
    );
}

#[tokio::test]
async fn path_arguments_are_percent_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok_json(
            json!({ "job_status": { "id": "a/b c", "status": "completed" } }),
        ))
        .mount(&server)
        .await;
    client_for(&server).show_job_status("a/b c").send().await.expect("job");
    assert_eq!(received(&server).await[0].url.path(), "/api/v2/job_statuses/a%2Fb%20c");
}

#[test]
fn nullable_writes_null_and_values() {
    assert_eq!(serde_json::to_value(Nullable::Value(3)).ok(), Some(json!(3)));
    assert_eq!(serde_json::to_value(Nullable::<i64>::Null).ok(), Some(Value::Null));
    assert_eq!(
        serde_json::from_value::<Nullable<i64>>(Value::Null).ok(),
        Some(Nullable::Null)
    );
    assert_eq!(
        serde_json::from_value::<Nullable<i64>>(json!(4)).ok(),
        Some(Nullable::Value(4))
    );
    // `None` leaves the field out (unchanged on the server); only `Null` by name clears it.
    assert_eq!(Nullable::<i64>::from(None), Nullable::Absent);
    assert_eq!(Nullable::<i64>::from(5), Nullable::Value(5));
    assert!(Nullable::<i64>::default().is_absent());
}

// ---------------------------------------------------------------- cursor pagination

fn cursor_page(ids: std::ops::RangeInclusive<i64>, has_more: bool, after: &str) -> ResponseTemplate {
    ok_json(
        json!({ "users": users_json(ids), "meta": { "has_more": has_more, "after_cursor": after, "before_cursor": null } }),
    )
}

async fn mount_three_cursor_pages(server: &MockServer) {
    Mock::given(path("/api/v2/users"))
        .and(query_param_is_missing("page[after]"))
        .respond_with(cursor_page(1..=3, true, "c1"))
        .mount(server)
        .await;
    Mock::given(path("/api/v2/users"))
        .and(query_param("page[after]", "c1"))
        .respond_with(cursor_page(4..=6, true, "c2"))
        .mount(server)
        .await;
    Mock::given(path("/api/v2/users"))
        .and(query_param("page[after]", "c2"))
        .respond_with(cursor_page(7..=9, false, "c3"))
        .mount(server)
        .await;
}

#[tokio::test]
async fn cursor_stream_crosses_pages_and_rides_out_a_429_without_loss_or_repeat() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v2/users"))
        .and(query_param("page[after]", "c1"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_three_cursor_pages(&server).await;
    let users: Vec<_> = client_for(&server).list_users().page_size(3).stream().collect().await;
    let users: Vec<_> = users.into_iter().collect::<Result<_, _>>().expect("every item");
    assert_eq!(ids(&users), (1..=9).collect::<Vec<_>>());
    // Three pages plus the one rate-limited attempt; nothing fetched twice otherwise.
    assert_eq!(received(&server).await.len(), 4);
}

#[tokio::test]
async fn cursor_pages_expose_the_cursor_to_resume_from() {
    let server = MockServer::start().await;
    mount_three_cursor_pages(&server).await;
    let client = client_for(&server);
    let mut pages = Box::pin(client.list_users().page_size(3).pages());
    let first = pages.next().await.expect("a page").expect("first page");
    let cursor = first
        .body()
        .meta
        .as_ref()
        .and_then(|meta| meta.after_cursor.value().cloned())
        .expect("cursor");
    drop(pages);
    // A later run picks up exactly after the first page.
    let rest: Vec<_> = client
        .list_users()
        .page_size(3)
        .page_after(cursor)
        .stream()
        .collect()
        .await;
    let rest: Vec<_> = rest.into_iter().collect::<Result<_, _>>().expect("every item");
    assert_eq!(ids(&rest), (4..=9).collect::<Vec<_>>());
}

#[tokio::test]
async fn the_next_page_is_requested_while_the_current_one_is_consumed() {
    let server = MockServer::start().await;
    mount_three_cursor_pages(&server).await;
    let client = client_for(&server);
    let mut users = Box::pin(client.list_users().page_size(3).stream());
    let first = users.next().await.expect("an item").expect("first user");
    assert_eq!(first.id, 1);
    // Items 2 and 3 are still buffered, yet page two is already on its way.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(received(&server).await.len(), 2);
    // Only one page is prefetched: page three waits until page two is reached.
    let _ = users.next().await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn cursor_stream_stops_when_the_same_cursor_comes_back() {
    let server = MockServer::start().await;
    Mock::given(query_param_is_missing("page[after]"))
        .respond_with(cursor_page(1..=1, true, "c1"))
        .mount(&server)
        .await;
    Mock::given(query_param("page[after]", "c1"))
        .respond_with(cursor_page(2..=2, true, "c1"))
        .mount(&server)
        .await;
    let results: Vec<_> = client_for(&server).list_users().stream().collect().await;
    assert_eq!(results.len(), 3);
    assert!(matches!(results[2], Err(Error::Pagination { .. })), "{:?}", results[2]);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_failed_page_ends_the_stream_after_the_items_already_fetched() {
    let server = MockServer::start().await;
    Mock::given(query_param_is_missing("page[after]"))
        .respond_with(cursor_page(1..=2, true, "c1"))
        .mount(&server)
        .await;
    Mock::given(query_param("page[after]", "c1"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let results: Vec<_> = client_for(&server).list_users().stream().collect().await;
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok() && results[1].is_ok());
    assert_eq!(
        results[2]
            .as_ref()
            .err()
            .and_then(Error::status)
            .map(|status| status.as_u16()),
        Some(404)
    );
}

// ---------------------------------------------------------------- offset pagination

fn search_responder(total_pages: Option<i64>) -> impl Fn(&ReceivedRequest) -> ResponseTemplate {
    move |request: &ReceivedRequest| {
        let number = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(key, _)| key == name)
                .and_then(|(_, value)| value.parse::<i64>().ok())
        };
        let page = number("page").unwrap_or(1);
        let per_page = number("per_page").unwrap_or(100);
        let first = (page - 1) * per_page + 1;
        let last_page = total_pages.is_some_and(|total| page >= total);
        let next = (!last_page).then(|| format!("https://acme.zendesk.com/api/v2/users/search.json?page={}", page + 1));
        ok_json(
            json!({ "users": users_json(first..first + per_page), "next_page": next, "previous_page": null, "count": 0 }),
        )
    }
}

#[tokio::test]
async fn offset_stream_ends_on_the_page_without_next_page() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v2/users/search"))
        .and(query_param("query", "role:agent"))
        .respond_with(search_responder(Some(3)))
        .mount(&server)
        .await;
    let users: Vec<_> = client_for(&server)
        .search_users()
        .query("role:agent")
        .per_page(2)
        .stream()
        .collect()
        .await;
    let users: Vec<_> = users.into_iter().collect::<Result<_, _>>().expect("every item");
    assert_eq!(ids(&users), (1..=6).collect::<Vec<_>>());
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn offset_stream_stops_at_the_search_cap_with_a_clear_error() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v2/users/search"))
        .respond_with(search_responder(None))
        .mount(&server)
        .await;
    let results: Vec<_> = client_for(&server)
        .search_users()
        .query("type:user")
        .per_page(100)
        .stream()
        .collect()
        .await;
    let (last, items) = results.split_last().expect("results");
    assert_eq!(items.len(), 10_000);
    assert!(items.iter().all(Result::is_ok));
    assert!(
        matches!(last, Err(Error::PaginationLimit { max_records: 10_000 })),
        "{last:?}"
    );
    // Pages 1..=100 and never page 101, which Zendesk would reject.
    assert_eq!(received(&server).await.len(), 100);
}

#[tokio::test]
async fn offset_stream_starting_beyond_the_cap_sends_nothing() {
    let server = MockServer::start().await;
    let results: Vec<_> = client_for(&server)
        .search_users()
        .query("x")
        .page(101)
        .per_page(100)
        .stream()
        .collect()
        .await;
    assert!(
        matches!(results.as_slice(), [Err(Error::PaginationLimit { .. })]),
        "{results:?}"
    );
    assert!(received(&server).await.is_empty());
}

// ---------------------------------------------------------------- incremental export

fn export_page(
    ids: impl IntoIterator<Item = i64>,
    end_time: Option<i64>,
    next_start: Option<i64>,
    end_of_stream: bool,
) -> ResponseTemplate {
    // next_page names another host on purpose: the stream must never fetch it.
    let next_page = next_start
        .map(|start| format!("https://elsewhere.example.com/api/v2/incremental/users.json?start_time={start}"));
    ok_json(
        json!({ "users": users_json(ids), "end_time": end_time, "next_page": next_page, "end_of_stream": end_of_stream, "count": 0 }),
    )
}

#[tokio::test]
async fn incremental_export_ends_on_end_of_stream_even_with_a_next_page() {
    let server = MockServer::start().await;
    let export = || Mock::given(path("/api/v2/incremental/users"));
    // next_page's start_time (200) wins over end_time (199).
    export()
        .and(query_param("start_time", "100"))
        .respond_with(export_page(1..=2, Some(199), Some(200), false))
        .mount(&server)
        .await;
    export()
        .and(query_param("start_time", "200"))
        .respond_with(export_page(3..=3, Some(300), Some(300), true))
        .mount(&server)
        .await;
    export()
        .and(query_param("start_time", "300"))
        .respond_with(export_page(9..=9, Some(400), Some(400), true))
        .expect(0)
        .mount(&server)
        .await;
    let client = client_for(&server);
    let mut stream = client.incremental_user_export_time(100).per_page(2).stream();
    assert_eq!(stream.next_start_time(), 100);
    let mut users = Vec::new();
    while let Some(user) = stream.next().await {
        users.push(user.expect("item"));
    }
    assert_eq!(ids(&users), vec![1, 2, 3]);
    assert!(stream.reached_end_of_stream());
    assert_eq!(stream.next_start_time(), 300);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn incremental_export_final_empty_page_keeps_the_last_start_time() {
    let server = MockServer::start().await;
    Mock::given(query_param("start_time", "300"))
        .respond_with(export_page([], None, None, true))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let mut stream = client.incremental_user_export_time(300).stream();
    assert!(stream.next().await.is_none());
    assert_eq!(stream.next_start_time(), 300);
    assert!(stream.reached_end_of_stream());
}

#[tokio::test]
async fn incremental_export_stops_when_the_same_start_time_comes_back() {
    let server = MockServer::start().await;
    Mock::given(query_param("start_time", "100"))
        .respond_with(export_page(1..=1, Some(200), Some(200), false))
        .mount(&server)
        .await;
    Mock::given(query_param("start_time", "200"))
        .respond_with(export_page(2..=2, Some(200), Some(200), false))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let mut stream = client.incremental_user_export_time(100).stream();
    let mut results = Vec::new();
    while let Some(result) = stream.next().await {
        results.push(result);
    }
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok() && results[1].is_ok());
    let message = results[2].as_ref().err().map(Error::to_string).unwrap_or_default();
    assert!(
        message.contains("start_time 200") && message.contains("per_page"),
        "{message}"
    );
    assert!(!stream.reached_end_of_stream());
    assert_eq!(stream.next_start_time(), 200);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn incremental_export_requests_are_paced() {
    let server = MockServer::start().await;
    Mock::given(query_param("start_time", "1"))
        .respond_with(export_page(1..=1, Some(2), Some(2), false))
        .mount(&server)
        .await;
    Mock::given(query_param("start_time", "2"))
        .respond_with(export_page(2..=2, Some(3), Some(3), false))
        .mount(&server)
        .await;
    Mock::given(query_param("start_time", "3"))
        .respond_with(export_page(3..=3, Some(4), None, true))
        .mount(&server)
        .await;
    let client = builder_for(&server.uri(), Auth::bearer(OAUTH_TOKEN))
        .incremental_export_interval(Duration::from_millis(150))
        .build()
        .expect("client");
    let started = Instant::now();
    let users: Vec<_> = client.incremental_user_export_time(1).stream().collect().await;
    assert_eq!(users.len(), 3);
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn incremental_export_pacing_applies_to_send_and_is_not_doubled_by_the_stream() {
    let server = MockServer::start().await;
    Mock::given(query_param("start_time", "1"))
        .respond_with(export_page(1..=1, Some(2), None, true))
        .mount(&server)
        .await;
    let client = builder_for(&server.uri(), Auth::bearer(OAUTH_TOKEN))
        .incremental_export_interval(Duration::from_millis(500))
        .build()
        .expect("client");
    let started = Instant::now();
    for _ in 0..3 {
        client.incremental_user_export_time(1).send().await.expect("page");
    }
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(1000),
        "three sends take two intervals: {elapsed:?}"
    );
    // A single-page stream right after waits one interval for its one request, not two.
    let started = Instant::now();
    let users: Vec<_> = client.incremental_user_export_time(1).stream().collect().await;
    assert_eq!(users.len(), 1);
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(400) && elapsed < Duration::from_millis(950),
        "one paced request: {elapsed:?}"
    );
}

// ---------------------------------------------------------------- bulk jobs

fn job_status(status: &str, results: Value) -> ResponseTemplate {
    ok_json(
        json!({ "job_status": { "id": "job-1", "status": status, "total": 2, "progress": 2, "message": null, "results": results } }),
    )
}

#[tokio::test]
async fn waiting_for_a_job_returns_every_result() {
    let server = MockServer::start().await;
    let job = || Mock::given(method("GET")).and(path("/api/v2/job_statuses/job-1"));
    job()
        .respond_with(job_status("working", Value::Null))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    let results = json!([
        { "id": 11, "index": 0, "action": "update", "status": "Updated", "success": true },
        { "index": 1, "action": "update", "success": false, "error": "PermissionDenied", "details": "not allowed", "email": "b@example.com" }
    ]);
    job()
        .respond_with(job_status("completed", results))
        .mount(&server)
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
    let started = Instant::now();
    let error = client_for(&server)
        .wait_for_job("job-1", wait)
        .await
        .expect_err("deadline");
    assert!(started.elapsed() < Duration::from_secs(2));
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

// ---------------------------------------------------------------- threads

#[test]
fn clients_streams_and_requests_can_move_between_threads() {
    fn assert_send<T: Send>(_: &T) {}
    fn assert_send_sync<T: Send + Sync>(_: &T) {}
    let client = Client::new("acme", Auth::bearer(OAUTH_TOKEN)).expect("client");
    assert_send_sync(&client);
    assert_send(&client.show_user(1).send());
    assert_send(&client.create_user(new_user("Ann")).send());
    assert_send(&client.list_users().stream());
    assert_send(&client.list_users().pages());
    assert_send(&client.search_users().query("x").stream());
    assert_send(&client.incremental_user_export_time(0).stream());
    assert_send(&client.wait_for_job("1", JobWait::default()));
    fn assert_error_traits<T: std::error::Error + Send + Sync + 'static>() {}
    assert_error_traits::<Error>();
}
