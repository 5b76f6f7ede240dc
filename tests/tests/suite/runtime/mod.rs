//! Behaviour of the hand-written runtime, driven through the public API of the
//! `zendesk-users` crate against local mock servers (127.0.0.1 only), one file
//! per theme. Timing (pacing, prefetch, back-off, job deadlines) is tested
//! exactly by the runtime's own unit tests on a paused clock
//! (`codegen/runtime/src`); the tests here check the wiring and sleep at most a
//! fraction of a second, with lower bounds only.

mod auth;
mod errors;
mod export;
mod jobs;
mod pagination;
mod requests;
mod retry;
mod secrets;

use std::time::Duration;

use serde_json::{json, Value};
use wiremock::{MockServer, Request as ReceivedRequest, ResponseTemplate};
use zendesk_users::models;
use zendesk_users::{Auth, Client, ClientBuilder, RetryPolicy};

pub(super) const EMAIL: &str = "agent@example.com";
pub(super) const API_TOKEN: &str = "s3cret-api-token";
pub(super) const PASSWORD: &str = "hunter2-password";
pub(super) const OAUTH_TOKEN: &str = "oauth-secret-token";
/// base64 of `agent@example.com/token:s3cret-api-token`.
pub(super) const API_TOKEN_BASIC: &str = "Basic YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46czNjcmV0LWFwaS10b2tlbg==";
/// base64 of `agent@example.com:hunter2-password`.
pub(super) const PASSWORD_BASIC: &str = "Basic YWdlbnRAZXhhbXBsZS5jb206aHVudGVyMi1wYXNzd29yZA==";

/// Retries with waits of a few milliseconds, so tests stay fast.
pub(super) fn quick_retries() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(5))
}

pub(super) fn builder_for(base: &str, auth: Auth) -> ClientBuilder {
    Client::builder(base, auth)
        .allow_insecure_http(true)
        .retry_policy(quick_retries())
        .incremental_export_interval(Duration::ZERO)
}

pub(super) fn client_for(server: &MockServer) -> Client {
    builder_for(&server.uri(), Auth::api_token(EMAIL, API_TOKEN))
        .build()
        .expect("client builds")
}

pub(super) fn user_json(id: i64) -> Value {
    json!({ "id": id, "name": format!("User {id}"), "email": format!("user{id}@example.com") })
}

pub(super) fn users_json(ids: impl IntoIterator<Item = i64>) -> Value {
    Value::Array(ids.into_iter().map(user_json).collect())
}

pub(super) fn ok_json(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

pub(super) async fn received(server: &MockServer) -> Vec<ReceivedRequest> {
    server.received_requests().await.unwrap_or_default()
}

pub(super) fn ids(users: &[models::User]) -> Vec<i64> {
    users.iter().map(|user| user.id).collect()
}

pub(super) fn new_user(name: &str) -> models::UserCreateRequest {
    models::UserCreateRequest::new(models::UserCreate::new(name.to_string()))
}
