//! The cursor-based incremental user export: one request, and the stream that
//! follows `after_cursor`, resumes from a saved cursor, stops on a repeated
//! cursor and shares the export pace with the time-based export.

use std::time::Instant;

use futures::StreamExt;
use wiremock::matchers::query_param_is_missing;
use zendesk_users::models::UserSideload;

use super::*;

fn cursor_page(ids: &[i64], after_cursor: Option<&str>, end_of_stream: bool) -> Value {
    let users: Vec<Value> = ids
        .iter()
        .map(|id| json!({ "id": id, "name": format!("User {id}") }))
        .collect();
    json!({
        "users": users,
        "after_cursor": after_cursor,
        "after_url": after_cursor.map(|cursor| format!("https://example.zendesk.com/api/v2/incremental/users/cursor.json?cursor={cursor}")),
        "before_cursor": null,
        "before_url": null,
        "end_of_stream": end_of_stream
    })
}

/// The query of every request the server received, in order.
async fn queries(server: &MockServer) -> Vec<Vec<(String, String)>> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
        .iter()
        .map(|request| {
            request
                .url
                .query_pairs()
                .map(|(name, value)| (name.into_owned(), value.into_owned()))
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn incremental_user_export_cursor_sends_start_time_per_page_and_include() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/incremental/users/cursor"))
        .respond_with(json_response(
            200,
            json!({
                "after_cursor": "MTU3NjYxMzUzOS4wfHw0Njd8",
                "after_url": "https://{subdomain}.zendesk.com/api/v2/incremental/users/cursor.json?cursor=MTU3NjYxMzUzOS4wfHw0Njd8",
                "before_cursor": null,
                "before_url": null,
                "end_of_stream": true,
                "users": [agent_view_user()]
            }),
        ))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .incremental_user_export_cursor()
        .start_time(1332034771)
        .per_page(1000)
        .include([UserSideload::Identities, UserSideload::OpenTicketCount])
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("GET", "/api/v2/incremental/users/cursor")
    );
    assert_eq!(
        sent.query,
        pairs(&[
            ("start_time", "1332034771"),
            ("per_page", "1000"),
            ("include", "identities,open_ticket_count")
        ])
    );
    assert_eq!(sent.authorization.as_deref(), Some(API_TOKEN_AUTHORIZATION));
    sent.assert_no_body();
    let page = result.expect("IncrementalUserExportCursor succeeds").into_body();
    assert_eq!(page.users[0].id, 35436);
    assert_eq!(
        page.after_cursor,
        Nullable::Value("MTU3NjYxMzUzOS4wfHw0Njd8".to_string())
    );
    assert_eq!(page.before_cursor, Nullable::Null);
    assert_eq!(page.end_of_stream, Nullable::Value(true));
}

#[tokio::test]
async fn incremental_user_export_cursor_refuses_per_page_over_1000_without_sending() {
    let server = MockServer::start().await;

    let result = client_for(&server, api_token())
        .incremental_user_export_cursor()
        .start_time(0)
        .per_page(1001)
        .send()
        .await;

    assert!(
        matches!(&result, Err(Error::InvalidRequest { argument, .. }) if argument.contains("per_page")),
        "{result:?}"
    );
    assert_eq!(requests_received(&server).await, 0);
}

#[tokio::test]
async fn the_stream_follows_after_cursor_without_start_time_until_end_of_stream() {
    let server = MockServer::start().await;
    let export = || Mock::given(method("GET")).and(path("/api/v2/incremental/users/cursor"));
    export()
        .and(query_param("start_time", "1700000000"))
        .and(query_param_is_missing("cursor"))
        .respond_with(json_response(200, cursor_page(&[1, 2], Some("c2"), false)))
        .mount(&server)
        .await;
    export()
        .and(query_param("cursor", "c2"))
        .and(query_param_is_missing("start_time"))
        .respond_with(json_response(200, cursor_page(&[3], Some("c3"), false)))
        .mount(&server)
        .await;
    export()
        .and(query_param("cursor", "c3"))
        .and(query_param_is_missing("start_time"))
        .respond_with(json_response(200, cursor_page(&[], Some("c4"), true)))
        .mount(&server)
        .await;

    let client = client_for(&server, api_token());
    let mut stream = client
        .incremental_user_export_cursor()
        .start_time(1700000000)
        .per_page(2)
        .stream();
    let mut ids = Vec::new();
    while let Some(user) = stream.next().await {
        ids.push(user.expect("every page decodes").id);
    }

    assert_eq!(ids, [1, 2, 3]);
    assert!(stream.reached_end_of_stream());
    assert_eq!(
        stream.next_cursor(),
        Some("c4"),
        "the next run starts after the last page"
    );
    assert_eq!(
        queries(&server).await,
        [
            pairs(&[("start_time", "1700000000"), ("per_page", "2")]),
            pairs(&[("cursor", "c2"), ("per_page", "2")]),
            pairs(&[("cursor", "c3"), ("per_page", "2")]),
        ]
    );
}

#[tokio::test]
async fn a_saved_cursor_resumes_the_export() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/incremental/users/cursor"))
        .and(query_param("cursor", "c4"))
        .respond_with(json_response(200, cursor_page(&[4, 5], Some("c5"), true)))
        .mount(&server)
        .await;

    let client = client_for(&server, api_token());
    let mut stream = client.incremental_user_export_cursor().cursor("c4").stream();
    assert_eq!(stream.next_cursor(), Some("c4"));
    let users: Vec<_> = (&mut stream).collect().await;

    assert_eq!(users.len(), 2);
    assert_eq!(stream.next_cursor(), Some("c5"));
    assert_eq!(queries(&server).await, [pairs(&[("cursor", "c4")])]);
}

#[tokio::test]
async fn a_cursor_that_comes_back_stops_the_stream_instead_of_looping() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/incremental/users/cursor"))
        .and(query_param("cursor", "stuck"))
        .respond_with(json_response(200, cursor_page(&[2], Some("stuck"), false)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/incremental/users/cursor"))
        .and(query_param("start_time", "100"))
        .respond_with(json_response(200, cursor_page(&[1], Some("stuck"), false)))
        .mount(&server)
        .await;

    let client = client_for(&server, api_token());
    let mut stream = client.incremental_user_export_cursor().start_time(100).stream();
    let results: Vec<Result<models::User, Error>> = (&mut stream).collect().await;

    assert_eq!(results.len(), 3, "{results:?}");
    assert_eq!(results[0].as_ref().map(|user| user.id).ok(), Some(1));
    assert_eq!(results[1].as_ref().map(|user| user.id).ok(), Some(2));
    assert!(
        matches!(&results[2], Err(Error::Pagination { reason, path, .. })
            if reason.contains("\"stuck\"") && &**path == "/api/v2/incremental/users/cursor"),
        "{:?}",
        results[2]
    );
    assert_eq!(
        requests_received(&server).await,
        2,
        "the repeated cursor is not requested again"
    );
    assert!(!stream.reached_end_of_stream());
    assert_eq!(stream.next_cursor(), Some("stuck"));
}

#[tokio::test]
async fn a_failed_page_leaves_next_cursor_at_that_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/incremental/users/cursor"))
        .and(query_param("cursor", "c2"))
        .respond_with(json_response(
            429,
            json!({ "error": "TooManyRequests", "description": "Rate limit exceeded" }),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/incremental/users/cursor"))
        .and(query_param("start_time", "100"))
        .respond_with(json_response(200, cursor_page(&[1], Some("c2"), false)))
        .mount(&server)
        .await;

    let client = client_for(&server, api_token());
    let mut stream = client.incremental_user_export_cursor().start_time(100).stream();
    let results: Vec<Result<models::User, Error>> = (&mut stream).collect().await;

    assert_eq!(results.len(), 2, "{results:?}");
    assert!(results[0].is_ok());
    assert!(results[1].is_err());
    assert_eq!(stream.next_cursor(), Some("c2"), "a new run retries the failed page");
}

#[tokio::test]
async fn cursor_and_time_exports_share_the_export_pace() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/incremental/users/cursor"))
        .respond_with(json_response(200, cursor_page(&[1], Some("c"), true)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/incremental/users"))
        .respond_with(json_response(
            200,
            json!({ "users": [], "end_time": 2, "next_page": null, "end_of_stream": true }),
        ))
        .mount(&server)
        .await;
    let client = Client::builder("example", api_token())
        .base_url(server.uri())
        .allow_insecure_http(true)
        .retry_policy(RetryPolicy::never())
        .incremental_export_interval(Duration::from_millis(200))
        .build()
        .expect("client");

    let started = Instant::now();
    client
        .incremental_user_export_cursor()
        .start_time(1)
        .send()
        .await
        .expect("cursor page");
    client.incremental_user_export_time(1).send().await.expect("time page");
    let users: Vec<_> = client
        .incremental_user_export_cursor()
        .cursor("c0")
        .stream()
        .collect()
        .await;
    assert_eq!(users.len(), 1);

    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(400),
        "three export requests of either kind wait two intervals: {elapsed:?}"
    );
    assert_eq!(requests_received(&server).await, 3);
}
