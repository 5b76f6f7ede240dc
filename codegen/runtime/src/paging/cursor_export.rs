//! The cursor-based incremental export as a stream.
//!
//! Zendesk's rules, and how this follows them:
//! - The first request gives `start_time`; every later request gives the
//!   previous page's `after_cursor` as `cursor` (and no `start_time`). The
//!   `after_url` is never fetched: it could name another host, and
//!   credentials only go to the configured base URL.
//! - The export ends when a page says `end_of_stream: true`. That page's
//!   `after_cursor` is where the next run starts, so a later run picks up the
//!   changes made in between.
//! - A cursor that comes back a second time would repeat pages forever, so
//!   the stream stops with an error instead of requesting it again (the loop
//!   rule every stream shares, see `pager.rs`).
//! - A page without `end_of_stream` is not an export page: the stream ends
//!   with [`Error::Pagination`] naming the field.
//! - The endpoint allows 10 requests per minute, shared with the time-based
//!   export: every request waits for its slot of the rate budget's export
//!   scope where every request is admitted (`execute`), so the stream adds
//!   no wait of its own.
//!
//! [`CursorExport::next_cursor`] is where a new run resumes, after the stream
//! ended or failed. `CursorExport` is a named type, like `TimeExport`, so
//! callers can ask it that; the same type streams items (`stream()`) or whole
//! pages with their sideloads (`pages()`, items of type `Response<Page>`).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::future::BoxFuture;
use futures::stream::{FusedStream, Stream};

use super::pager::{PageOutcome, Pager, Then, Token};
#[cfg(test)]
use super::pagination::unplaced;
use super::pagination::{missing, outcome, Items, Page, Pages, Yield};
use crate::error::Error;
use crate::http::response::Response;
use crate::wire::nullable::Nullable;

type CursorFuture<'a, Item> = BoxFuture<'a, Result<PageOutcome<Item, Option<String>>, Error>>;
type CursorFetch<'a, Item> = Box<dyn FnMut(Option<String>) -> CursorFuture<'a, Item> + Send + 'a>;

/// A stream of everything the cursor-based incremental export hands out since a
/// start time (or after a saved cursor), following `after_cursor` until
/// `end_of_stream`, paced to Zendesk's export limit (10 requests a minute by
/// default, shared with the time-based export and by every clone of a client).
///
/// `stream()` makes one of users, `pages()` one of whole pages
/// (`Response<Page>`) with the sideloads asked for with `include`. Either way,
/// [`CursorExport::next_cursor`] is where the next run starts, after the stream
/// ended or failed. A cursor that comes back ends the stream with
/// [`Error::Pagination`] instead of looping.
pub struct CursorExport<'a, Item> {
    pager: Pager<Option<String>, Item, CursorFetch<'a, Item>, CursorFuture<'a, Item>>,
}

/// Streams the items of a cursor-based export from `start_cursor` (`None`: from
/// the request's own `start_time`); `fetch(cursor)` sends the request for one
/// page, with `cursor` when it is `Some`.
pub fn cursor_export<'a, P, F, Fut>(start_cursor: Option<String>, fetch: F) -> CursorExport<'a, P::Item>
where
    P: Page + 'a,
    P::Item: Send,
    F: FnMut(Option<String>) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Response<P>, Error>> + Send + 'a,
{
    cursor_export_of::<P, Items, F, Fut>(start_cursor, fetch)
}

/// Streams the pages of a cursor-based export, each whole (items, sideloads,
/// status and headers); see [`cursor_export`].
pub fn cursor_export_pages<'a, P, F, Fut>(start_cursor: Option<String>, fetch: F) -> CursorExport<'a, Response<P>>
where
    P: Page + Send + 'a,
    F: FnMut(Option<String>) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Response<P>, Error>> + Send + 'a,
{
    cursor_export_of::<P, Pages, F, Fut>(start_cursor, fetch)
}

/// The export handing out what `Y` takes of each page.
fn cursor_export_of<'a, P, Y, F, Fut>(start_cursor: Option<String>, mut fetch: F) -> CursorExport<'a, Y::Out>
where
    P: Page + 'a,
    Y: Yield<P> + 'a,
    Y::Out: Send + 'a,
    F: FnMut(Option<String>) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Response<P>, Error>> + Send + 'a,
{
    let fetch_outcome = move |cursor: Option<String>| -> CursorFuture<'a, Y::Out> {
        let page = fetch(cursor.clone());
        Box::pin(async move {
            let response = page.await?;
            Ok(outcome::<P, Y, _>(response, |body| cursor_export_step(cursor, body)))
        })
    };
    let first = start_cursor.as_ref().map(|cursor| Token::shown("cursor", cursor));
    CursorExport {
        pager: Pager::new(start_cursor, first, Box::new(fetch_outcome)),
    }
}

impl<Item> CursorExport<'_, Item> {
    /// The cursor a new run starts from (pass it to the operation's `cursor`).
    /// Once the stream has ended, that is the last page's `after_cursor`.
    /// After an error, or before the stream ends, it is the cursor of the
    /// first page not yet fully handed out, so a resumed run repeats a few
    /// records rather than skipping any. `None` until a page has been fully
    /// handed out when the run started from `start_time`: start again from
    /// that time.
    pub fn next_cursor(&self) -> Option<&str> {
        self.pager.resume_key().as_deref()
    }

    /// True once Zendesk has sent the page with `end_of_stream: true`.
    pub fn reached_end_of_stream(&self) -> bool {
        self.pager.reached_end()
    }
}

impl<Item> Stream for CursorExport<'_, Item> {
    type Item = Result<Item, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.get_mut().pager).poll_next(cx)
    }
}

impl<Item> FusedStream for CursorExport<'_, Item> {
    fn is_terminated(&self) -> bool {
        self.pager.is_terminated()
    }
}

impl<Item> fmt::Debug for CursorExport<'_, Item> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CursorExport")
            .field("next_cursor", &self.next_cursor())
            .field("reached_end_of_stream", &self.reached_end_of_stream())
            .finish_non_exhaustive()
    }
}

/// Where the export goes after `page`, which was fetched with `requested`.
fn cursor_export_step<P: Page>(requested: Option<String>, page: &P) -> (Option<String>, Then) {
    let Nullable::Value(end_of_stream) = page.end_of_stream() else {
        let error = missing("end_of_stream", "cursor-based export", "; it is not an export page");
        return (requested, Then::Fail(error));
    };
    let next = page.after_cursor().into_option().map(str::to_string);
    if end_of_stream {
        // A last page without a cursor leaves the resume point where it was.
        return (next.or(requested), Then::Stop);
    }
    match next {
        Some(next) => {
            let token = Token::shown("cursor", &next);
            (Some(next), Then::Fetch(token))
        }
        None => (
            requested,
            Then::Fail(missing(
                "after_cursor",
                "cursor-based export",
                " on a page that is not the last",
            )),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Page {
        end_of_stream: bool,
        after_cursor: Option<&'static str>,
        items: Vec<u32>,
    }

    impl super::Page for Page {
        type Item = u32;
        fn end_of_stream(&self) -> Nullable<bool> {
            Nullable::Value(self.end_of_stream)
        }
        fn after_cursor(&self) -> Nullable<&str> {
            self.after_cursor.into()
        }
        fn into_items(self) -> Vec<u32> {
            self.items
        }
    }

    fn page(end_of_stream: bool, after_cursor: Option<&'static str>) -> Page {
        Page {
            end_of_stream,
            after_cursor,
            items: vec![1, 2],
        }
    }

    #[test]
    fn a_middle_page_continues_at_its_after_cursor() {
        let (after, then) = cursor_export_step(Some("a".to_string()), &page(false, Some("b")));
        assert_eq!(after.as_deref(), Some("b"));
        assert!(matches!(then, Then::Fetch(Token { what: "cursor", .. })));
    }

    #[test]
    fn the_last_page_keeps_its_after_cursor_for_the_next_run() {
        let (after, then) = cursor_export_step(Some("a".to_string()), &page(true, Some("z")));
        assert_eq!(after.as_deref(), Some("z"));
        assert!(matches!(then, Then::Stop));
    }

    #[test]
    fn a_last_page_without_a_cursor_keeps_the_requested_one() {
        let (after, then) = cursor_export_step(Some("a".to_string()), &page(true, None));
        assert_eq!(after.as_deref(), Some("a"));
        assert!(matches!(then, Then::Stop));
    }

    #[test]
    fn a_middle_page_without_a_cursor_fails() {
        let (after, then) = cursor_export_step(None, &page(false, None));
        assert_eq!(after, None);
        assert!(matches!(then, Then::Fail(Error::Pagination { .. })));
    }

    /// A page of another shape (no `end_of_stream`): a time-export or list page.
    struct NotAnExportPage;

    impl super::Page for NotAnExportPage {
        type Item = u32;
        fn into_items(self) -> Vec<u32> {
            Vec::new()
        }
    }

    #[test]
    fn a_page_without_end_of_stream_fails_naming_it() {
        let (_, then) = cursor_export_step(None, &NotAnExportPage);
        let Then::Fail(error) = then else {
            panic!("the stream must fail")
        };
        assert!(error.to_string().contains("no `end_of_stream`"), "{error}");
    }

    // ------------------------------------------------------------ the stream

    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use futures::StreamExt;

    use crate::{Auth, Client};

    /// Pages keyed by the cursor that fetches them (`None`: the first request).
    fn pages(list: &[(Option<&'static str>, bool, Option<&'static str>, u32)]) -> HashMap<Option<String>, Page> {
        list.iter()
            .map(|(cursor, end_of_stream, after_cursor, item)| {
                let page = Page {
                    end_of_stream: *end_of_stream,
                    after_cursor: *after_cursor,
                    items: vec![*item],
                };
                (cursor.map(str::to_string), page)
            })
            .collect()
    }

    /// A cursor export over `pages` that records every cursor it requests.
    fn export(
        pages: HashMap<Option<String>, Page>,
        start: Option<&str>,
        requested: Arc<Mutex<Vec<Option<String>>>>,
    ) -> CursorExport<'static, u32> {
        let pages = Arc::new(Mutex::new(pages));
        cursor_export(start.map(str::to_string), move |cursor: Option<String>| {
            requested.lock().unwrap().push(cursor.clone());
            let page = pages.lock().unwrap().remove(&cursor);
            async move {
                page.map(Response::for_test)
                    .ok_or_else(|| unplaced(format!("test: no page for {cursor:?}")))
            }
        })
    }

    async fn drain(stream: &mut CursorExport<'static, u32>) -> Vec<Result<u32, Error>> {
        let mut results = Vec::new();
        while let Some(result) = stream.next().await {
            results.push(result);
        }
        results
    }

    #[tokio::test]
    async fn the_stream_follows_after_cursor_until_end_of_stream_and_resumes_from_the_last_cursor() {
        let requested = Arc::new(Mutex::new(Vec::new()));
        let pages = pages(&[
            (None, false, Some("b"), 1),
            (Some("b"), false, Some("c"), 2),
            (Some("c"), true, Some("d"), 3),
        ]);
        let mut stream = export(pages, None, requested.clone());
        assert_eq!(stream.next_cursor(), None);
        let items: Vec<u32> = drain(&mut stream).await.into_iter().map(Result::unwrap).collect();
        assert_eq!(items, [1, 2, 3]);
        assert_eq!(
            *requested.lock().unwrap(),
            [None, Some("b".to_string()), Some("c".to_string())]
        );
        assert!(stream.reached_end_of_stream());
        assert_eq!(stream.next_cursor(), Some("d"));
    }

    #[tokio::test]
    async fn a_saved_cursor_is_where_the_stream_starts() {
        let requested = Arc::new(Mutex::new(Vec::new()));
        let pages = pages(&[(Some("d"), true, Some("e"), 4)]);
        let mut stream = export(pages, Some("d"), requested.clone());
        assert_eq!(stream.next_cursor(), Some("d"));
        let items: Vec<u32> = drain(&mut stream).await.into_iter().map(Result::unwrap).collect();
        assert_eq!(items, [4]);
        assert_eq!(*requested.lock().unwrap(), [Some("d".to_string())]);
        assert_eq!(stream.next_cursor(), Some("e"));
    }

    #[tokio::test]
    async fn a_cursor_handed_out_twice_ends_the_stream_with_an_error_instead_of_looping() {
        let requested = Arc::new(Mutex::new(Vec::new()));
        // a -> b -> a: a cycle longer than one page, never requested twice.
        let pages = pages(&[(Some("a"), false, Some("b"), 1), (Some("b"), false, Some("a"), 2)]);
        let mut stream = export(pages, Some("a"), requested.clone());
        let results = drain(&mut stream).await;
        assert_eq!(results.len(), 3, "{results:?}");
        assert_eq!(results[0].as_ref().ok(), Some(&1));
        assert_eq!(results[1].as_ref().ok(), Some(&2));
        let message = results[2].as_ref().err().map(Error::to_string).unwrap_or_default();
        assert!(
            message.contains("cursor \"a\", which this stream had already followed"),
            "{message}"
        );
        assert_eq!(
            *requested.lock().unwrap(),
            [Some("a".to_string()), Some("b".to_string())]
        );
        assert!(!stream.reached_end_of_stream());
        assert_eq!(stream.next_cursor(), Some("a"));
    }

    #[tokio::test]
    async fn after_a_failed_request_next_cursor_is_the_page_that_failed() {
        let requested = Arc::new(Mutex::new(Vec::new()));
        // The page for "c" is missing: its request fails.
        let pages = pages(&[(None, false, Some("b"), 1), (Some("b"), false, Some("c"), 2)]);
        let mut stream = export(pages, None, requested);
        let results = drain(&mut stream).await;
        assert_eq!(results.len(), 3, "{results:?}");
        assert!(results[2].is_err());
        assert_eq!(stream.next_cursor(), Some("c"));
        assert!(!stream.reached_end_of_stream());
    }

    #[tokio::test]
    async fn a_run_stopped_mid_page_resumes_at_that_page() {
        let requested = Arc::new(Mutex::new(Vec::new()));
        let mut pages = pages(&[(None, false, Some("b"), 1), (Some("b"), true, Some("c"), 2)]);
        if let Some(page) = pages.get_mut(&Some("b".to_string())) {
            page.items = vec![2, 3];
        }
        let mut stream = export(pages, None, requested);
        assert_eq!(stream.next().await.and_then(Result::ok), Some(1));
        assert_eq!(stream.next().await.and_then(Result::ok), Some(2));
        // Item 3 of page "b" is not handed out yet: a new run starts at "b".
        assert_eq!(stream.next_cursor(), Some("b"));
    }

    // ------------------------------------------------------------ pacing

    /// A client paced like Zendesk's limit (10 export requests a minute).
    fn paced_client() -> Client {
        Client::builder("example", Auth::api_token("agent@example.com", "token"))
            .incremental_export_interval(Duration::from_secs(6))
            .build()
            .expect("a client builds")
    }

    /// Admits an export request as `execute` does before sending it (the
    /// request itself is the test's page; the permit goes unanswered).
    async fn admit_export(client: &Client, path: &str) {
        let admitted = client.admit(&reqwest::Method::GET, path, None).await;
        assert!(admitted.is_ok(), "{admitted:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn the_cursor_and_the_time_export_share_one_pace() {
        let client = paced_client();
        let sent_at = Arc::new(Mutex::new(Vec::new()));
        let pages = Arc::new(Mutex::new(pages(&[
            (None, false, Some("b"), 1),
            (Some("b"), false, Some("c"), 2),
            (Some("c"), true, Some("d"), 3),
        ])));
        // Each request is admitted for its export slot first, as `execute` does.
        let cursor_client = client.clone();
        let cursor_sent_at = sent_at.clone();
        let mut cursor_stream = cursor_export(None, move |cursor: Option<String>| {
            let client = cursor_client.clone();
            let sent_at = cursor_sent_at.clone();
            let page = pages.lock().unwrap().remove(&cursor);
            async move {
                admit_export(&client, "/api/v2/incremental/users/cursor").await;
                sent_at.lock().unwrap().push(("cursor", tokio::time::Instant::now()));
                page.map(Response::for_test)
                    .ok_or_else(|| unplaced("test: no such page".to_string()))
            }
        });
        let time_export_requests = async {
            for _ in 0..2 {
                admit_export(&client, "/api/v2/incremental/users").await;
                sent_at.lock().unwrap().push(("time", tokio::time::Instant::now()));
            }
        };
        let started = tokio::time::Instant::now();
        let (items, ()) = tokio::join!(drain(&mut cursor_stream), time_export_requests);
        assert_eq!(items.len(), 3);
        let mut sent_at = sent_at.lock().unwrap().clone();
        sent_at.sort_by_key(|(_, at)| *at);
        assert_eq!(sent_at.len(), 5);
        assert!(sent_at.iter().any(|(export, _)| *export == "time"));
        for pair in sent_at.windows(2) {
            let gap = pair[1].1 - pair[0].1;
            assert!(gap >= Duration::from_secs(6), "{pair:?} are {gap:?} apart");
        }
        // Five requests, four intervals, and no more than that.
        assert_eq!(sent_at[4].1 - started, Duration::from_secs(24));
    }
}
