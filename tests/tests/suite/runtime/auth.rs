//! Credentials on the wire (API token, password, OAuth, anonymous), the
//! User-Agent, and the client configuration checks that keep them safe.

use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer};
use zendesk_users::{Auth, Client, Error};

use super::*;

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
