//! The one page trait every paginated stream reads ([`Page`]), and the streams
//! of cursor- and offset-paginated lists. Generated code implements [`Page`]
//! for each page type and calls these functions with a closure that sends the
//! operation for one cursor or page number. Retries (a 429 in the middle of a
//! listing) happen inside that closure's request, so the stream goes on from
//! the same page: nothing is lost and nothing repeated.
//!
//! A page that is not in the shape its stream reads (a cursor stream given an
//! offset page, which is what Zendesk sends to a list request without
//! `page[size]`; a page missing a field the stream needs) ends the stream with
//! [`Error::Pagination`] naming the field, never silently.
//!
//! To stop a long job and resume it later, use the pages stream: after
//! handling a page, store its `meta.after_cursor`; the next run starts with
//! `page_after(cursor)`.

use std::future::Future;

use futures::stream::Stream;

use super::pager::{PageOutcome, Pager, Then, Token};
use crate::error::Error;
use crate::http::response::Response;
use crate::wire::nullable::Nullable;

/// A page of any paginated listing or export: its items, and the fields that say
/// what follows. Each style reads only its own fields; the others keep their
/// default, [`Nullable::Absent`] ("the page has no such field"), so a page of the
/// wrong shape is told apart from a page whose field is `null`.
pub trait Page {
    /// The listed item type.
    type Item;
    /// The page's items, in order.
    fn into_items(self) -> Vec<Self::Item>;
    /// `meta.has_more` (cursor lists): whether another page follows.
    fn has_more(&self) -> Nullable<bool> {
        Nullable::Absent
    }
    /// `meta.after_cursor` (cursor lists) or `after_cursor` (cursor export): the
    /// cursor that fetches the next page.
    fn after_cursor(&self) -> Nullable<&str> {
        Nullable::Absent
    }
    /// `next_page` (offset lists, time export): the next page's URL, `null` on the
    /// last offset page. The URL is never fetched: it could name another host.
    fn next_page(&self) -> Nullable<&str> {
        Nullable::Absent
    }
    /// `end_of_stream` (exports): true on the last page.
    fn end_of_stream(&self) -> Nullable<bool> {
        Nullable::Absent
    }
    /// `end_time` (time export): where the next page starts.
    fn end_time(&self) -> Nullable<i64> {
        Nullable::Absent
    }
}

/// The error for a page without a field its stream needs; see [`unplaced`].
pub(crate) fn missing(field: &str, stream: &str, hint: &str) -> Error {
    unplaced(format!(
        "a page of the {stream} has no `{field}`, which the stream needs to go on{hint}"
    ))
}

/// A pagination error not yet placed at its request: the steps read only page
/// bodies, and each stream places their errors at the request whose answer they
/// read ([`Then::about`]) before anyone sees them.
pub(crate) fn unplaced(reason: String) -> Error {
    Error::Pagination {
        operation: "",
        method: reqwest::Method::GET,
        path: "".into(),
        reason,
    }
}

const NOT_A_CURSOR_PAGE: &str = "; it is not a cursor page (zendesk answers a list request without \
    `page[size]` with offset pages)";

/// What a stream hands out of each page: its items ([`Items`], `stream()`), or the
/// page whole with its status and headers ([`Pages`], `pages()`). Every stream is
/// written once over this choice.
pub(crate) trait Yield<P: Page> {
    /// What one page gives the stream.
    type Out;
    /// The page's share of the stream.
    fn take(response: Response<P>) -> Vec<Self::Out>;
}

/// Hand out a page's items.
pub(crate) struct Items;

/// Hand out whole pages.
pub(crate) struct Pages;

impl<P: Page> Yield<P> for Items {
    type Out = P::Item;
    fn take(response: Response<P>) -> Vec<P::Item> {
        response.into_body().into_items()
    }
}

impl<P: Page> Yield<P> for Pages {
    type Out = Response<P>;
    fn take(response: Response<P>) -> Vec<Response<P>> {
        vec![response]
    }
}

/// What one page means for its stream: where `step` (which reads the page) says the
/// stream goes, placed at the page's request, and what `Y` hands out of it.
pub(crate) fn outcome<P: Page, Y: Yield<P>, K>(
    response: Response<P>,
    step: impl FnOnce(&P) -> (K, Then),
) -> PageOutcome<Y::Out, K> {
    let (after, then) = step(response.body());
    let then = then.about(response.request());
    PageOutcome {
        items: Y::take(response),
        after,
        then,
    }
}

/// Every page of a cursor-paginated listing, starting at `start_cursor`
/// (`None` for the first page), until a page says `has_more: false`.
/// `fetch(cursor)` sends the request for one page.
pub fn cursor_pages<'a, P, F, Fut>(
    start_cursor: Option<String>,
    fetch: F,
) -> impl Stream<Item = Result<Response<P>, Error>> + 'a
where
    P: Page + 'a,
    F: FnMut(Option<String>) -> Fut + 'a,
    Fut: Future<Output = Result<Response<P>, Error>> + 'a,
{
    cursor_stream::<P, Pages, F, Fut>(start_cursor, fetch)
}

/// Every item of a cursor-paginated listing, page after page; see [`cursor_pages`].
pub fn cursor_items<'a, P, F, Fut>(
    start_cursor: Option<String>,
    fetch: F,
) -> impl Stream<Item = Result<P::Item, Error>> + 'a
where
    P: Page + 'a,
    F: FnMut(Option<String>) -> Fut + 'a,
    Fut: Future<Output = Result<Response<P>, Error>> + 'a,
{
    cursor_stream::<P, Items, F, Fut>(start_cursor, fetch)
}

/// A cursor listing handing out what `Y` takes of each page.
fn cursor_stream<'a, P, Y, F, Fut>(
    start_cursor: Option<String>,
    mut fetch: F,
) -> impl Stream<Item = Result<Y::Out, Error>> + 'a
where
    P: Page + 'a,
    Y: Yield<P> + 'a,
    F: FnMut(Option<String>) -> Fut + 'a,
    Fut: Future<Output = Result<Response<P>, Error>> + 'a,
{
    let first = start_cursor.as_ref().map(|cursor| Token::shown("cursor", cursor));
    Pager::new(start_cursor, first, move |cursor: Option<String>| {
        let page = fetch(cursor.clone());
        async move {
            let response = page.await?;
            Ok(outcome::<P, Y, _>(response, |body| cursor_step(cursor, body)))
        }
    })
}

/// Where a cursor listing goes after `page`, which was fetched with `requested`.
fn cursor_step<P: Page>(requested: Option<String>, page: &P) -> (Option<String>, Then) {
    let Nullable::Value(has_more) = page.has_more() else {
        return (
            requested,
            Then::Fail(missing("meta.has_more", "cursor-paginated list", NOT_A_CURSOR_PAGE)),
        );
    };
    let next = page.after_cursor().into_option().map(str::to_string);
    if !has_more {
        return (next.or(requested), Then::Stop);
    }
    match next {
        None => (
            requested,
            Then::Fail(missing(
                "meta.after_cursor",
                "cursor-paginated list",
                " (it says has_more)",
            )),
        ),
        Some(next) => {
            let token = Token::shown("cursor", &next);
            (Some(next), Then::Fetch(token))
        }
    }
}

/// Every item of an offset-paginated listing (search), from page `start_page`
/// until a page's `next_page` is `null`.
///
/// Zendesk pages through at most `max_records` results. When more results
/// exist beyond that cap, the stream hands out every page that lies within
/// it and then ends with [`Error::PaginationLimit`] instead of requesting a
/// page Zendesk would reject; when the results end at or before the cap, the
/// stream simply ends. Pick a `per_page` that divides the cap (100 does) to
/// reach exactly the cap. The cap is placed using the size of the pages
/// Zendesk actually returns (it may use fewer than `per_page`); `per_page`
/// only lets a start page already beyond the cap fail before any request.
pub fn offset_items<'a, P, F, Fut>(
    start_page: i64,
    per_page: Option<i64>,
    max_records: Option<u64>,
    mut fetch: F,
) -> impl Stream<Item = Result<P::Item, Error>> + 'a
where
    P: Page + 'a,
    F: FnMut(i64) -> Fut + 'a,
    Fut: Future<Output = Result<Response<P>, Error>> + 'a,
{
    Pager::new(start_page, None, move |page: i64| {
        let records_before = u64::try_from(page.saturating_sub(1))
            .unwrap_or(0)
            .saturating_mul(per_page.and_then(|size| u64::try_from(size).ok()).unwrap_or(0));
        let starts_beyond_cap = max_records.filter(|max| records_before >= *max);
        // Building the future sends nothing; it is dropped unpolled when the cap is hit.
        let response = fetch(page);
        async move {
            if let Some(max_records) = starts_beyond_cap {
                return Err(Error::PaginationLimit { max_records });
            }
            let response = response.await?;
            let request = response.request().clone();
            let outcome = offset_step(page, max_records, response.into_body());
            Ok(PageOutcome {
                then: outcome.then.about(&request),
                ..outcome
            })
        }
    })
}

fn offset_step<P: Page>(page: i64, max_records: Option<u64>, body: P) -> PageOutcome<P::Item, i64> {
    // The URL is only hashed for the loop rule, never fetched or shown: a search
    // URL carries the query, which may hold an email.
    let next = match body.next_page() {
        Nullable::Absent => Err(missing(
            "next_page",
            "offset-paginated list",
            "; it is not an offset page",
        )),
        Nullable::Null => Ok(None),
        Nullable::Value(url) => Ok(Some(url.to_string())),
    };
    let items = body.into_items();
    let after = page.saturating_add(1);
    let then = match next {
        Err(error) => Then::Fail(error),
        Ok(None) => Then::Stop,
        Ok(Some(_)) if items.is_empty() => {
            let reason = format!("page {page} is empty but names a next page; the listing cannot continue");
            Then::Fail(unplaced(reason))
        }
        Ok(Some(url)) => {
            // A page with a next page is full, so its length is the real page size.
            let page_size = items.len() as u64;
            let next_ends_at = u64::try_from(after).unwrap_or(u64::MAX).saturating_mul(page_size);
            match max_records {
                Some(max_records) if next_ends_at > max_records => Then::Fail(Error::PaginationLimit { max_records }),
                _ => Then::Fetch(Token {
                    what: "next_page URL",
                    value: url,
                    shown: false,
                    quoted: false,
                    advice: "",
                    request: None,
                }),
            }
        }
    };
    PageOutcome { items, after, then }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::StreamExt;
    use std::cell::RefCell;

    /// A search page of `per_page` records that always names a next page.
    struct Endless(Vec<i64>, String);

    impl Page for Endless {
        type Item = i64;
        fn next_page(&self) -> Nullable<&str> {
            // A URL of its own per page, as Zendesk's.
            Nullable::Value(self.1.as_str())
        }
        fn into_items(self) -> Vec<i64> {
            self.0
        }
    }

    #[tokio::test]
    async fn offset_stream_hands_out_exactly_the_capped_records_and_never_asks_beyond_the_cap() {
        let requested = RefCell::new(Vec::new());
        let results: Vec<_> = offset_items(1, Some(100), Some(10_000), |page: i64| {
            requested.borrow_mut().push(page);
            let first = (page - 1) * 100 + 1;
            let next = format!("https://acme.zendesk.com/api/v2/users/search.json?page={}", page + 1);
            std::future::ready(Ok(Response::for_test(Endless((first..first + 100).collect(), next))))
        })
        .collect()
        .await;
        let (last, items) = results.split_last().expect("results");
        let ids: Vec<i64> = items.iter().map(|item| *item.as_ref().expect("an item")).collect();
        assert_eq!(ids, (1..=10_000).collect::<Vec<_>>());
        assert!(
            matches!(last, Err(Error::PaginationLimit { max_records: 10_000 })),
            "{last:?}"
        );
        // Pages 1..=100 and never page 101, which Zendesk would reject.
        assert_eq!(*requested.borrow(), (1..=100).collect::<Vec<_>>());
    }

    /// A page with only the fields a test gives it.
    #[derive(Default)]
    struct Shaped {
        has_more: Nullable<bool>,
        after_cursor: Nullable<&'static str>,
        next_page: Nullable<&'static str>,
    }

    impl Page for Shaped {
        type Item = i64;
        fn into_items(self) -> Vec<i64> {
            vec![1]
        }
        fn has_more(&self) -> Nullable<bool> {
            self.has_more
        }
        fn after_cursor(&self) -> Nullable<&str> {
            self.after_cursor
        }
        fn next_page(&self) -> Nullable<&str> {
            self.next_page
        }
    }

    fn failure(then: &Then) -> String {
        match then {
            Then::Fail(error) => error.to_string(),
            Then::Stop => "stop".to_string(),
            Then::Fetch(_) => "fetch".to_string(),
        }
    }

    #[test]
    fn a_cursor_stream_given_an_offset_page_fails_naming_the_missing_field() {
        let offset_page = Shaped {
            next_page: Nullable::Value("https://acme.zendesk.com/api/v2/users.json?page=2"),
            ..Shaped::default()
        };
        let (_, then) = cursor_step(None, &offset_page);
        let message = failure(&then);
        assert!(message.contains("no `meta.has_more`"), "{message}");
        assert!(message.contains("page[size]"), "{message}");
        // has_more without a cursor names the cursor.
        let stuck = Shaped {
            has_more: Nullable::Value(true),
            after_cursor: Nullable::Null,
            ..Shaped::default()
        };
        assert!(failure(&cursor_step(None, &stuck).1).contains("no `meta.after_cursor`"));
        // has_more: false ends the stream, with or without a cursor.
        let last = Shaped {
            has_more: Nullable::Value(false),
            ..Shaped::default()
        };
        assert_eq!(failure(&cursor_step(None, &last).1), "stop");
    }

    #[test]
    fn an_offset_stream_given_a_cursor_page_fails_but_a_null_next_page_ends_it() {
        let cursor_page = Shaped {
            has_more: Nullable::Value(true),
            after_cursor: Nullable::Value("c1"),
            ..Shaped::default()
        };
        let message = failure(&offset_step(1, None, cursor_page).then);
        assert!(message.contains("no `next_page`"), "{message}");
        let last = Shaped {
            next_page: Nullable::Null,
            ..Shaped::default()
        };
        assert_eq!(failure(&offset_step(1, None, last).then), "stop");
    }
}
