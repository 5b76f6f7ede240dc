//! The time-based incremental export as a stream.
//!
//! Zendesk's rules, and how this follows them:
//! - The export ends when a page says `end_of_stream: true`, not when
//!   `next_page` is null: the last page still carries a `next_page` URL, and
//!   a final empty page may have `end_time: null`.
//! - The next request's `start_time` is read from `next_page`'s `start_time`
//!   query parameter, falling back to `end_time`. The `next_page` URL itself is
//!   never fetched: it could name another host, and credentials only go to the
//!   configured base URL.
//! - When more records share one timestamp than fit in a page, Zendesk
//!   answers with the same start time again; the stream stops with an error
//!   instead of looping forever (the loop rule every stream shares, see
//!   `pager.rs`: a start time followed earlier ends the stream). A next start
//!   time earlier than the page's own is an error too.
//! - A page without `end_of_stream` is not an export page: the stream ends
//!   with [`Error::Pagination`] naming the field.
//! - The endpoint allows 10 requests per minute, so requests are paced by the
//!   client's `incremental_export_interval`, shared by all streams of a client:
//!   the rate budget's export scope admits each request (in `execute`).
//!
//! After the stream ends, [`TimeExport::next_start_time`] is where the next run
//! starts. `TimeExport` is a named type (unlike the other streams) so callers
//! can ask it that; its fetch closure is boxed to keep the name short. The same
//! type streams items (`stream()`) or whole pages with their sideloads
//! (`pages()`, items of type `Response<Page>`).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::future::BoxFuture;
use futures::stream::{FusedStream, Stream};

use super::pager::{PageOutcome, Pager, Then, Token};
use super::pagination::{missing, outcome, unplaced, Items, Page, Pages, Yield};
use crate::error::Error;
use crate::http::response::Response;
use crate::wire::nullable::Nullable;

type ExportFuture<'a, Item> = BoxFuture<'a, Result<PageOutcome<Item, i64>, Error>>;
type ExportFetch<'a, Item> = Box<dyn FnMut(i64) -> ExportFuture<'a, Item> + Send + 'a>;

/// A stream of everything the time-based incremental export hands out since a
/// start time, following `next_page` until `end_of_stream`, paced to Zendesk's
/// export limit (10 requests a minute by default, shared by every export of a
/// client).
///
/// `stream()` makes one of users, `pages()` one of whole pages
/// (`Response<Page>`) with the sideloads asked for with `include`. Either way,
/// [`TimeExport::next_start_time`] is where the next run starts. A start time
/// that comes back (more records share one timestamp than fit in a page) ends
/// the stream with [`Error::Pagination`] instead of looping.
pub struct TimeExport<'a, Item> {
    pager: Pager<i64, Item, ExportFetch<'a, Item>, ExportFuture<'a, Item>>,
}

/// Streams the items of an incremental export from `start_time` (Unix seconds);
/// `fetch(start_time)` sends the request for one page.
pub fn time_export<'a, P, F, Fut>(start_time: i64, fetch: F) -> TimeExport<'a, P::Item>
where
    P: Page + 'a,
    P::Item: Send,
    F: FnMut(i64) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Response<P>, Error>> + Send + 'a,
{
    time_export_of::<P, Items, F, Fut>(start_time, fetch)
}

/// Streams the pages of an incremental export from `start_time`, each whole
/// (items, sideloads, status and headers); see [`time_export`].
pub fn time_export_pages<'a, P, F, Fut>(start_time: i64, fetch: F) -> TimeExport<'a, Response<P>>
where
    P: Page + Send + 'a,
    F: FnMut(i64) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Response<P>, Error>> + Send + 'a,
{
    time_export_of::<P, Pages, F, Fut>(start_time, fetch)
}

/// The export handing out what `Y` takes of each page. Pacing happens where every
/// request is admitted (`execute`), which every export request goes through.
fn time_export_of<'a, P, Y, F, Fut>(start_time: i64, mut fetch: F) -> TimeExport<'a, Y::Out>
where
    P: Page + 'a,
    Y: Yield<P> + 'a,
    Y::Out: Send + 'a,
    F: FnMut(i64) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Response<P>, Error>> + Send + 'a,
{
    let fetch_outcome = move |start: i64| -> ExportFuture<'a, Y::Out> {
        let page = fetch(start);
        Box::pin(async move {
            let response = page.await?;
            Ok(outcome::<P, Y, _>(response, |body| export_step(start, body)))
        })
    };
    TimeExport {
        pager: Pager::new(start_time, Some(start_token(start_time)), Box::new(fetch_outcome)),
    }
}

/// A start time for the loop rule, with the reason Zendesk repeats one.
fn start_token(start_time: i64) -> Token {
    Token::number("start_time", start_time)
        .advice("more records share one timestamp than fit in a page; raise per_page or use the cursor-based export")
}

impl<Item> TimeExport<'_, Item> {
    /// The `start_time` for the next run. Once the stream has ended, that is
    /// the last page's `end_time`. Before that, it is the start of the first
    /// page not yet fully handed out, so a run stopped early repeats a few
    /// records rather than skipping any (exports repeat records anyway; key
    /// them by id and `updated_at`).
    pub fn next_start_time(&self) -> i64 {
        *self.pager.resume_key()
    }

    /// True once Zendesk has sent the page with `end_of_stream: true`.
    pub fn reached_end_of_stream(&self) -> bool {
        self.pager.reached_end()
    }
}

impl<Item> Stream for TimeExport<'_, Item> {
    type Item = Result<Item, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.get_mut().pager).poll_next(cx)
    }
}

impl<Item> FusedStream for TimeExport<'_, Item> {
    fn is_terminated(&self) -> bool {
        self.pager.is_terminated()
    }
}

impl<Item> fmt::Debug for TimeExport<'_, Item> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TimeExport")
            .field("next_start_time", &self.next_start_time())
            .field("reached_end_of_stream", &self.reached_end_of_stream())
            .finish_non_exhaustive()
    }
}

/// Where the export goes after `page`, which was fetched with `start`.
fn export_step<P: Page>(start: i64, page: &P) -> (i64, Then) {
    let Nullable::Value(end_of_stream) = page.end_of_stream() else {
        let error = missing("end_of_stream", "time-based export", "; it is not an export page");
        return (start, Then::Fail(error));
    };
    let end_time = page.end_time().into_option();
    let next_from_url = page.next_page().into_option().and_then(start_time_parameter);
    if end_of_stream {
        // Never move the resume point backwards, whatever the last page says.
        let after = end_time.or(next_from_url).unwrap_or(start).max(start);
        return (after, Then::Stop);
    }
    match next_from_url.or(end_time) {
        // The same start time again is the loop rule's to report (with its advice).
        Some(next) if next >= start => (next, Then::Fetch(start_token(next))),
        Some(next) => {
            let reason = format!(
                "the incremental export answered start_time {start} with an earlier next start time {next}; \
                 stopping instead of going back"
            );
            (start, Then::Fail(unplaced(reason)))
        }
        None => (
            start,
            Then::Fail(missing(
                "end_time",
                "time-based export",
                " (nor a next_page with a start_time) on a page that is not the last",
            )),
        ),
    }
}

/// The `start_time` query parameter of a `next_page` URL (absolute or relative).
fn start_time_parameter(next_page: &str) -> Option<i64> {
    let placeholder = reqwest::Url::parse("https://zendesk.invalid/").ok()?;
    let url = placeholder.join(next_page).ok()?;
    let (_, value) = url.query_pairs().find(|(name, _)| name == "start_time")?;
    value.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Auth, Client};
    use futures::StreamExt;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;
    use tokio::time::Instant;

    /// A page of ids; `next_start` names the next page's start time.
    struct Page {
        ids: Vec<i64>,
        next_start: Option<i64>,
        end_of_stream: bool,
    }

    impl super::Page for Page {
        type Item = i64;
        fn end_of_stream(&self) -> Nullable<bool> {
            Nullable::Value(self.end_of_stream)
        }
        fn end_time(&self) -> Nullable<i64> {
            self.next_start.into()
        }
        fn into_items(self) -> Vec<i64> {
            self.ids
        }
    }

    /// Pages from start time 1 to 3, one id each; the page at 3 is the last.
    fn page_at(start_time: i64) -> Page {
        Page {
            ids: vec![start_time],
            next_start: Some(start_time + 1),
            end_of_stream: start_time >= 3,
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_stream_is_paced_once_per_request_and_shares_the_pace_with_single_sends() {
        let client = Client::builder("acme", Auth::bearer("token"))
            .incremental_export_interval(Duration::from_secs(6))
            .build()
            .expect("a client");
        let start = Instant::now();
        let sent = Arc::new(Mutex::new(Vec::new()));
        // What `execute` does for an export request: admit it under the export scope, then send.
        let send = |start_time: i64| {
            let (client, sent) = (client.clone(), Arc::clone(&sent));
            async move {
                let admitted = client
                    .admit(&reqwest::Method::GET, "/api/v2/incremental/users", None)
                    .await;
                assert!(admitted.is_ok(), "{admitted:?}");
                sent.lock().expect("the log").push((start_time, start.elapsed()));
                Ok::<_, Error>(Response::for_test(page_at(start_time)))
            }
        };
        for _ in 0..2 {
            send(1).await.expect("a page");
        }
        let ids: Vec<i64> = time_export(1, send).map(|id| id.expect("an id")).collect().await;
        assert_eq!(ids, [1, 2, 3]);
        // Each request of the stream waits one interval after the one before,
        // continuing the pace of the single sends; the stream adds no wait of its own.
        let seconds = |list: [(i64, u64); 5]| list.map(|(start, at)| (start, Duration::from_secs(at)));
        assert_eq!(
            *sent.lock().expect("the log"),
            seconds([(1, 0), (1, 6), (1, 12), (2, 18), (3, 24)])
        );
    }

    #[test]
    fn start_time_comes_from_absolute_or_relative_next_page() {
        let absolute = "https://other.example.com/api/v2/incremental/users.json?per_page=2&start_time=1700000000";
        assert_eq!(start_time_parameter(absolute), Some(1_700_000_000));
        assert_eq!(
            start_time_parameter("/api/v2/incremental/users?start_time=42"),
            Some(42)
        );
        assert_eq!(start_time_parameter("https://x/y?start_time=soon"), None);
        assert_eq!(start_time_parameter("::not a url"), None);
    }
}
