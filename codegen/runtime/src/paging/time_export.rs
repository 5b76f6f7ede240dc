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
//!   instead of looping forever.
//! - The endpoint allows 10 requests per minute, so requests are paced by the
//!   client's `incremental_export_interval`, shared by all streams of a client.
//!
//! After the stream ends, [`TimeExport::next_start_time`] is where the next run
//! starts. `TimeExport` is a named type (unlike the other streams) so callers
//! can ask it that; its fetch closure is boxed to keep the name short.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::future::BoxFuture;
use futures::stream::{FusedStream, Stream};

use super::super::error::Error;
use super::super::http::response::Response;
use super::pager::{PageOutcome, Pager, Then};

/// A page of a time-based incremental export.
pub trait TimeExportPage {
    /// The exported item type.
    type Item;
    /// `end_of_stream`: true on the last page.
    fn end_of_stream(&self) -> bool;
    /// `end_time`: the time to continue from (may be null on a final empty page).
    fn end_time(&self) -> Option<i64>;
    /// `next_page`: only its `start_time` query parameter is used.
    fn next_page(&self) -> Option<&str>;
    /// The page's items, in order.
    fn into_items(self) -> Vec<Self::Item>;
}

type ExportFuture<'a, Item> = BoxFuture<'a, Result<PageOutcome<Item, i64>, Error>>;
type ExportFetch<'a, Item> = Box<dyn FnMut(i64) -> ExportFuture<'a, Item> + Send + 'a>;

/// A stream of every item exported since a start time; see the module docs.
pub struct TimeExport<'a, Item> {
    pager: Pager<i64, Item, ExportFetch<'a, Item>, ExportFuture<'a, Item>>,
}

/// Streams an incremental export from `start_time` (Unix seconds);
/// `fetch(start_time)` sends the request for one page.
pub fn time_export<'a, P, F, Fut>(start_time: i64, mut fetch: F) -> TimeExport<'a, P::Item>
where
    P: TimeExportPage + 'a,
    F: FnMut(i64) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Response<P>, Error>> + Send + 'a,
{
    let fetch_outcome = move |start: i64| -> ExportFuture<'a, P::Item> {
        let page = fetch(start);
        Box::pin(async move {
            // Pacing happens in the operation's `send`, which every export request goes through.
            Ok(export_step(start, page.await?.into_body()))
        })
    };
    TimeExport {
        pager: Pager::new(start_time, Box::new(fetch_outcome)),
    }
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
fn export_step<P: TimeExportPage>(start: i64, page: P) -> PageOutcome<P::Item, i64> {
    let end_of_stream = page.end_of_stream();
    let end_time = page.end_time();
    let next_from_url = page.next_page().and_then(start_time_parameter);
    let items = page.into_items();
    if end_of_stream {
        // Never move the resume point backwards, whatever the last page says.
        let after = end_time.or(next_from_url).unwrap_or(start).max(start);
        return PageOutcome {
            items,
            after,
            then: Then::Stop,
        };
    }
    let (after, then) = match next_from_url.or(end_time) {
        Some(next) if next > start => (next, Then::Fetch),
        Some(next) => {
            let reason = format!(
                "the incremental export answered start_time {start} with next start time {next}; more records \
                 share one timestamp than fit in a page, so raise per_page or use the cursor-based export"
            );
            (start, Then::Fail(Error::Pagination { reason }))
        }
        None => {
            let reason = format!(
                "the incremental export page for start_time {start} is not the last but names no next start time"
            );
            (start, Then::Fail(Error::Pagination { reason }))
        }
    };
    PageOutcome { items, after, then }
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

    impl TimeExportPage for Page {
        type Item = i64;
        fn end_of_stream(&self) -> bool {
            self.end_of_stream
        }
        fn end_time(&self) -> Option<i64> {
            self.next_start
        }
        fn next_page(&self) -> Option<&str> {
            None
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
        // What the generated `send` of an export operation does: wait for a slot, then send.
        let send = |start_time: i64| {
            let (client, sent) = (client.clone(), Arc::clone(&sent));
            async move {
                client.wait_for_export_slot().await;
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
