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
//!   the stream stops with an error instead of requesting it again.
//! - The endpoint allows 10 requests per minute, shared with the time-based
//!   export: every request waits for the client's export slot (in the
//!   operation's `send`).
//!
//! [`CursorExport::next_cursor`] is where a new run resumes, after the stream
//! ended or failed. `CursorExport` is a named type, like [`TimeExport`], so
//! callers can ask it that.
//!
//! [`TimeExport`]: super::TimeExport

use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::future::BoxFuture;
use futures::stream::{FusedStream, Stream};

use super::error::Error;
use super::pager::{PageOutcome, Pager, Then};
use super::response::Response;

/// A page of a cursor-based incremental export.
pub trait CursorExportPage {
    /// The exported item type.
    type Item;
    /// `end_of_stream`: true on the last page.
    fn end_of_stream(&self) -> bool;
    /// `after_cursor`: the cursor of the next page (and, on the last page,
    /// of the next run).
    fn after_cursor(&self) -> Option<&str>;
    /// The page's items, in order.
    fn into_items(self) -> Vec<Self::Item>;
}

type CursorFuture<'a, Item> = BoxFuture<'a, Result<PageOutcome<Item, Option<String>>, Error>>;
type CursorFetch<'a, Item> = Box<dyn FnMut(Option<String>) -> CursorFuture<'a, Item> + Send + 'a>;

/// A stream of every item a cursor-based export hands out; see the module docs.
pub struct CursorExport<'a, Item> {
    pager: Pager<Option<String>, Item, CursorFetch<'a, Item>, CursorFuture<'a, Item>>,
}

/// Streams a cursor-based export from `start_cursor` (`None`: from the
/// request's own `start_time`); `fetch(cursor)` sends the request for one
/// page, with `cursor` when it is `Some`.
pub fn cursor_export<'a, P, F, Fut>(start_cursor: Option<String>, mut fetch: F) -> CursorExport<'a, P::Item>
where
    P: CursorExportPage + 'a,
    P::Item: Send,
    F: FnMut(Option<String>) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Response<P>, Error>> + Send + 'a,
{
    // Every cursor requested so far: one short string per page.
    let mut requested = HashSet::new();
    let fetch_outcome = move |cursor: Option<String>| -> CursorFuture<'a, P::Item> {
        if let Some(repeated) = cursor.as_ref().filter(|cursor| !requested.insert((*cursor).clone())) {
            let reason = format!(
                "the cursor-based export handed out cursor {repeated:?} a second time; stopping instead of looping"
            );
            return Box::pin(async move { Err(Error::Pagination { reason }) });
        }
        let page = fetch(cursor.clone());
        Box::pin(async move { Ok(cursor_export_step(cursor, page.await?.into_body())) })
    };
    CursorExport {
        pager: Pager::new(start_cursor, Box::new(fetch_outcome)),
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
fn cursor_export_step<P: CursorExportPage>(
    requested: Option<String>,
    page: P,
) -> PageOutcome<P::Item, Option<String>> {
    let end_of_stream = page.end_of_stream();
    let next = page.after_cursor().map(str::to_string);
    let items = page.into_items();
    if end_of_stream {
        // A last page without a cursor leaves the resume point where it was.
        return PageOutcome {
            items,
            after: next.or(requested),
            then: Then::Stop,
        };
    }
    match next {
        Some(next) => PageOutcome {
            items,
            after: Some(next),
            then: Then::Fetch,
        },
        None => {
            let reason =
                "a page of the cursor-based export is not the last but gives no after_cursor; the export cannot continue"
                    .to_string();
            PageOutcome {
                items,
                after: requested,
                then: Then::Fail(Error::Pagination { reason }),
            }
        }
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

    impl CursorExportPage for Page {
        type Item = u32;
        fn end_of_stream(&self) -> bool {
            self.end_of_stream
        }
        fn after_cursor(&self) -> Option<&str> {
            self.after_cursor
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
        let outcome = cursor_export_step(Some("a".to_string()), page(false, Some("b")));
        assert_eq!(outcome.after.as_deref(), Some("b"));
        assert!(matches!(outcome.then, Then::Fetch));
        assert_eq!(outcome.items, [1, 2]);
    }

    #[test]
    fn the_last_page_keeps_its_after_cursor_for_the_next_run() {
        let outcome = cursor_export_step(Some("a".to_string()), page(true, Some("z")));
        assert_eq!(outcome.after.as_deref(), Some("z"));
        assert!(matches!(outcome.then, Then::Stop));
    }

    #[test]
    fn a_last_page_without_a_cursor_keeps_the_requested_one() {
        let outcome = cursor_export_step(Some("a".to_string()), page(true, None));
        assert_eq!(outcome.after.as_deref(), Some("a"));
        assert!(matches!(outcome.then, Then::Stop));
    }

    #[test]
    fn a_middle_page_without_a_cursor_fails_after_its_items() {
        let outcome = cursor_export_step(None, page(false, None));
        assert_eq!(outcome.after, None);
        assert_eq!(outcome.items, [1, 2]);
        assert!(matches!(outcome.then, Then::Fail(Error::Pagination { .. })));
    }
}
