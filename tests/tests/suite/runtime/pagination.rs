//! Cursor and offset pagination as streams against a local server. The
//! prefetch order and the full 10,000-record search cap are unit tests of the
//! runtime (`pager.rs`, `pagination.rs`).

use std::time::Duration;

use futures::StreamExt;
use serde_json::json;
use wiremock::matchers::{path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request as ReceivedRequest, ResponseTemplate};
use zendesk_users::{Auth, Client, Error};

use zendesk_users_tests::answer_first;

use super::*;

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
    answer_first(
        &server,
        1,
        Mock::given(path("/api/v2/users")).and(query_param("page[after]", "c1")),
        ResponseTemplate::new(429).insert_header("retry-after", "0"),
    )
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

/// The prefetch, end to end on tokio's paused clock against the in-process
/// simulator: while page one is handed out, page two is requested, and page
/// three not before page two is reached. Each `sleep` lets every task run until
/// nothing moves (the clock only advances then), so a client fetching two pages
/// ahead would have sent its third request by then. (The exact order of requests
/// and items is also a unit test of the runtime, `paging/pager.rs`.)
#[tokio::test(start_paused = true)]
async fn the_next_page_is_requested_while_the_current_one_is_consumed_and_only_one_ahead() {
    let sim = zendesk_users_sim::Simulator::builder()
        .users(60)
        .start()
        .await
        .expect("the simulator");
    let client = Client::builder(sim.base_url(), Auth::api_token(sim.email(), sim.token()))
        .allow_insecure_http(true)
        .build()
        .expect("a client");
    let sent = || {
        sim.requests()
            .iter()
            .filter(|request| request.path.trim_end_matches(".json") == "/api/v2/users")
            .count()
    };
    let settle = || tokio::time::sleep(Duration::from_secs(1));
    let mut users = client.list_users().page_size(10).stream();
    users.next().await.expect("an item").expect("the first user");
    settle().await;
    // Nine users of page one are still buffered, yet page two is on its way.
    assert_eq!(sent(), 2, "page two is requested while page one is consumed");
    for _ in 2..=10 {
        users.next().await.expect("an item").expect("a user of page one");
        settle().await;
        assert_eq!(sent(), 2, "only one page ahead: page three waits for page two");
    }
    users
        .next()
        .await
        .expect("an item")
        .expect("the first user of page two");
    settle().await;
    assert_eq!(sent(), 3, "reaching page two asks for page three");
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

/// A list endpoint as Zendesk documents it (not as our spec describes it): cursor
/// pages only for a request with `page[size]` (at most 100), offset pages (`page`,
/// `per_page`, `next_page`, no `meta`) for any other request.
fn zendesk_list(total: i64) -> impl Fn(&ReceivedRequest) -> ResponseTemplate {
    move |request: &ReceivedRequest| {
        let param = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.into_owned())
        };
        let number = |name: &str| param(name).and_then(|value| value.parse::<i64>().ok());
        if let Some(size) = number("page[size]") {
            let after = param("page[after]").and_then(|cursor| cursor.strip_prefix("after-")?.parse::<i64>().ok());
            let first = after.unwrap_or(0) + 1;
            let last = (first + size.min(100) - 1).min(total);
            let has_more = last < total;
            return ok_json(json!({
                "users": users_json(first..=last),
                "meta": { "has_more": has_more, "after_cursor": format!("after-{last}"), "before_cursor": null },
                "links": { "next": null, "prev": null },
            }));
        }
        let (page, per_page) = (number("page").unwrap_or(1), number("per_page").unwrap_or(100).min(100));
        let first = (page - 1) * per_page + 1;
        let last = (first + per_page - 1).min(total);
        let next = (last < total).then(|| format!("https://acme.zendesk.com/api/v2/users.json?page={}", page + 1));
        ok_json(json!({ "users": users_json(first..=last), "next_page": next, "previous_page": null, "count": total }))
    }
}

#[tokio::test]
async fn a_cursor_stream_asks_for_cursor_pages_so_it_reads_every_user() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v2/users"))
        .respond_with(zendesk_list(250))
        .mount(&server)
        .await;
    let users: Vec<_> = client_for(&server).list_users().stream().collect().await;
    let users: Vec<_> = users.into_iter().collect::<Result<_, _>>().expect("every item");
    assert_eq!(ids(&users), (1..=250).collect::<Vec<_>>());
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    for request in &requests {
        let size = request.url.query_pairs().find(|(name, _)| name == "page[size]");
        assert_eq!(
            size.map(|(_, value)| value.into_owned()).as_deref(),
            Some("100"),
            "{}",
            request.url
        );
    }
    // A size the caller chose is kept, on every page.
    server.reset().await;
    Mock::given(path("/api/v2/users"))
        .respond_with(zendesk_list(250))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let mut pages = client.list_users().page_size(40).pages();
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        sizes.push(page.expect("a page").into_body().users.len());
    }
    assert_eq!(sizes, [40, 40, 40, 40, 40, 40, 10]);
    assert!(received(&server)
        .await
        .iter()
        .all(|request| request.url.query().is_some_and(|query| query.contains("page[size]=40"))));
}

/// A → B → A: the cursor comes back two pages later, not at once. Zendesk does not
/// do this; a proxy or a bug could, and the stream must end rather than yield the
/// same users forever.
#[tokio::test]
async fn cursor_stream_stops_when_a_cursor_comes_back_pages_later() {
    let server = MockServer::start().await;
    Mock::given(query_param_is_missing("page[after]"))
        .respond_with(cursor_page(1..=1, true, "A"))
        .mount(&server)
        .await;
    Mock::given(query_param("page[after]", "A"))
        .respond_with(cursor_page(2..=2, true, "B"))
        .mount(&server)
        .await;
    Mock::given(query_param("page[after]", "B"))
        .respond_with(cursor_page(3..=3, true, "A"))
        .mount(&server)
        .await;
    let results: Vec<_> = client_for(&server).list_users().stream().collect().await;
    assert_eq!(results.len(), 4, "{results:?}");
    assert!(results[..3].iter().all(Result::is_ok));
    let message = results[3].as_ref().err().map(Error::to_string).unwrap_or_default();
    assert!(message.contains("cursor \"A\""), "{message}");
    // The error names the request whose page pointed back (method, path, operation).
    assert!(message.contains("GET /api/v2/users (ListUsers)"), "{message}");
    assert_eq!(results[3].as_ref().err().and_then(Error::path), Some("/api/v2/users"));
    assert_eq!(
        results[3].as_ref().err().and_then(Error::method),
        Some(&zendesk_users::reqwest::Method::GET)
    );
    assert_eq!(received(&server).await.len(), 3, "cursor A is not fetched twice");
}

/// A cursor stream given an offset page (what Zendesk answers without
/// `page[size]`, e.g. through a proxy that drops it) ends with an error naming
/// the missing field instead of ending silently after the first page.
#[tokio::test]
async fn cursor_stream_given_an_offset_page_fails_naming_the_missing_field() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v2/users"))
        .respond_with(ok_json(json!({
            "users": users_json(1..=100),
            "next_page": "https://acme.zendesk.com/api/v2/users.json?page=2",
            "previous_page": null,
            "count": 250
        })))
        .mount(&server)
        .await;
    let results: Vec<_> = client_for(&server).list_users().stream().collect().await;
    assert_eq!(results.len(), 101);
    let message = results[100].as_ref().err().map(Error::to_string).unwrap_or_default();
    assert!(message.contains("meta.has_more"), "{message}");
    assert!(
        message.starts_with("pagination of GET /api/v2/users (ListUsers) stopped"),
        "{message}"
    );
    assert!(!message.contains("page[size]="), "no query string: {message}");
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
    assert_eq!(results[2].as_ref().err().and_then(Error::status), Some(404));
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

/// The walk through all 100 pages up to the cap is a unit test of the runtime
/// (pagination.rs); here the generated search starts two pages before the cap,
/// which shows that it passes Zendesk's 10,000-record cap and its `per_page`.
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
        .page(99)
        .per_page(100)
        .stream()
        .collect()
        .await;
    let mut results = results;
    let last = results.pop().expect("results");
    let items: Vec<_> = results.into_iter().collect::<Result<_, _>>().expect("every item");
    assert_eq!(ids(&items), (9_801..=10_000).collect::<Vec<_>>());
    assert!(
        matches!(last, Err(Error::PaginationLimit { max_records: 10_000 })),
        "{last:?}"
    );
    // Pages 99 and 100, and never page 101, which Zendesk would reject.
    let pages: Vec<String> = received(&server)
        .await
        .iter()
        .filter_map(|request| {
            request
                .url
                .query_pairs()
                .find(|(name, _)| name == "page")
                .map(|(_, page)| page.into_owned())
        })
        .collect();
    assert_eq!(pages, ["99", "100"]);
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
