//! No secret ever appears in a `Debug` or `Display` text: auth, builders,
//! clients, and errors with every cause in their chain.

use std::net::TcpListener;

use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};
use zendesk_users::{Auth, Client, Error, RetryPolicy};

use super::*;

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
