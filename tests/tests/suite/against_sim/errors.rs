//! Issue 18, point 5: every error about a request names it by method and path
//! with its ids, never with the query string or the body.

use zendesk_users::models::{UserUpdate, UserUpdateRequest};
use zendesk_users::{Error, Nullable, RetryPolicy};
use zendesk_users_sim::{Fault, FaultAction};

use super::{builder_for, simulator};

#[tokio::test]
async fn a_404_names_the_user_it_was_about() {
    let sim = simulator(5).await;
    let client = builder_for(&sim).build().expect("a client");
    let error = client.show_user(987_654).await.expect_err("no such user");
    assert!(error.is_not_found());
    assert_eq!(error.path(), Some("/api/v2/users/987654"));
    assert_eq!(error.method().map(|method| method.as_str()), Some("GET"));
    let message = error.to_string();
    assert!(message.contains("GET /api/v2/users/987654"), "{message}");
}

#[tokio::test]
async fn errors_never_show_the_query_string_or_the_body() {
    let sim = simulator(5).await;
    let client = builder_for(&sim)
        .retry_policy(RetryPolicy::never())
        .build()
        .expect("a client");
    // A search carries an email in its query string.
    sim.add_fault(Fault::status("GET", "/api/v2/users/search", 500));
    let error = client
        .search_users()
        .query("email:jane.doe@example.org")
        .await
        .expect_err("a 500");
    let message = error.to_string();
    assert!(message.contains("GET /api/v2/users/search"), "{message}");
    assert!(!message.contains("jane"), "{message}");
    assert!(!message.contains("query="), "{message}");
    // An update carries the user's data in its body.
    sim.add_fault(Fault::new("PUT", "/api/v2/users/3", FaultAction::DropConnection));
    let update = UserUpdate {
        phone: Nullable::Value("+15550001111".to_string()),
        ..Default::default()
    };
    let error = client
        .update_user(3, UserUpdateRequest::new(update))
        .await
        .expect_err("a dropped connection");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("PUT /api/v2/users/3"), "{message}");
    assert!(!message.contains("5550001111"), "{message}");
    assert!(!message.contains(sim.token()), "{message}");
}

/// A decode failure names the request too.
#[tokio::test]
async fn a_truncated_body_names_the_request() {
    let sim = simulator(5).await;
    let client = builder_for(&sim)
        .retry_policy(RetryPolicy::never())
        .build()
        .expect("a client");
    sim.add_fault(Fault::new("GET", "/api/v2/users/2", FaultAction::TruncateBody));
    let error = client.show_user(2).await.expect_err("half a body");
    assert_eq!(error.path(), Some("/api/v2/users/2"), "{error:?}");
    assert!(error.to_string().contains("GET /api/v2/users/2"), "{error}");
}
