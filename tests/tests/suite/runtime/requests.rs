//! What is sent: argument checks before sending, query order, path encoding,
//! `Nullable` on the wire, and types that can move between threads.

use serde_json::{json, Value};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer};
use zendesk_users::models;
use zendesk_users::{Auth, Client, Error, JobWait, Nullable};

use super::*;

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
