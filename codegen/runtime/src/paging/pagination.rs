//! Cursor and offset pagination as streams. Generated code implements
//! [`CursorPage`] or [`OffsetPage`] for each page type and calls these
//! functions with a closure that sends the operation for one cursor or page
//! number. Retries (a 429 in the middle of a listing) happen inside that
//! closure's request, so the stream goes on from the same page: nothing is
//! lost and nothing repeated.
//!
//! To stop a long job and resume it later, use the pages stream: after
//! handling a page, store its [`CursorPage::after_cursor`]; the next run starts
//! with `page_after(cursor)`.

use std::future::Future;

use futures::stream::Stream;

use super::super::error::Error;
use super::super::http::response::Response;
use super::pager::{PageOutcome, Pager, Then};

/// A page of a cursor-paginated listing (`page[size]`, `page[after]`, `meta`).
pub trait CursorPage {
    /// The listed item type.
    type Item;
    /// `meta.has_more`: whether another page follows.
    fn has_more(&self) -> bool;
    /// `meta.after_cursor`: the cursor that fetches the next page.
    fn after_cursor(&self) -> Option<&str>;
    /// The page's items, in order.
    fn into_items(self) -> Vec<Self::Item>;
}

/// A page of an offset-paginated listing (`page`, `per_page`, `next_page`).
pub trait OffsetPage {
    /// The listed item type.
    type Item;
    /// `next_page`: present when another page follows. Only its presence is
    /// used; the URL itself is never fetched.
    fn next_page(&self) -> Option<&str>;
    /// The page's items, in order.
    fn into_items(self) -> Vec<Self::Item>;
}

/// Every page of a cursor-paginated listing, starting at `start_cursor`
/// (`None` for the first page), until a page says `has_more: false`.
/// `fetch(cursor)` sends the request for one page.
pub fn cursor_pages<'a, P, F, Fut>(
    start_cursor: Option<String>,
    mut fetch: F,
) -> impl Stream<Item = Result<Response<P>, Error>> + 'a
where
    P: CursorPage + 'a,
    F: FnMut(Option<String>) -> Fut + 'a,
    Fut: Future<Output = Result<Response<P>, Error>> + 'a,
{
    Pager::new(start_cursor, move |cursor: Option<String>| {
        let page = fetch(cursor.clone());
        async move {
            let response = page.await?;
            let (after, then) = cursor_step(cursor, response.body());
            Ok(PageOutcome {
                items: vec![response],
                after,
                then,
            })
        }
    })
}

/// Every item of a cursor-paginated listing, page after page; see [`cursor_pages`].
pub fn cursor_items<'a, P, F, Fut>(
    start_cursor: Option<String>,
    mut fetch: F,
) -> impl Stream<Item = Result<P::Item, Error>> + 'a
where
    P: CursorPage + 'a,
    F: FnMut(Option<String>) -> Fut + 'a,
    Fut: Future<Output = Result<Response<P>, Error>> + 'a,
{
    Pager::new(start_cursor, move |cursor: Option<String>| {
        let page = fetch(cursor.clone());
        async move {
            let body = page.await?.into_body();
            let (after, then) = cursor_step(cursor, &body);
            Ok(PageOutcome {
                items: body.into_items(),
                after,
                then,
            })
        }
    })
}

/// Where a cursor listing goes after `page`, which was fetched with `requested`.
fn cursor_step<P: CursorPage>(requested: Option<String>, page: &P) -> (Option<String>, Then) {
    let next = page.after_cursor().map(str::to_string);
    if !page.has_more() {
        return (next, Then::Stop);
    }
    match next {
        None => {
            let reason = "a page says has_more but gives no after_cursor; the listing cannot continue".to_string();
            (requested, Then::Fail(Error::Pagination { reason }))
        }
        Some(next) if requested.as_deref() == Some(next.as_str()) => {
            let reason =
                format!("zendesk answered cursor {next:?} with the same cursor again; stopping instead of looping");
            (requested, Then::Fail(Error::Pagination { reason }))
        }
        Some(next) => (Some(next.clone()), Then::Fetch),
    }
}

/// Every item of an offset-paginated listing (search), from page `start_page`
/// until a page has no `next_page`.
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
    P: OffsetPage + 'a,
    F: FnMut(i64) -> Fut + 'a,
    Fut: Future<Output = Result<Response<P>, Error>> + 'a,
{
    Pager::new(start_page, move |page: i64| {
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
            Ok(offset_step(page, max_records, response.await?.into_body()))
        }
    })
}

fn offset_step<P: OffsetPage>(page: i64, max_records: Option<u64>, body: P) -> PageOutcome<P::Item, i64> {
    let has_next = body.next_page().is_some();
    let items = body.into_items();
    let after = page.saturating_add(1);
    let then = if !has_next {
        Then::Stop
    } else if items.is_empty() {
        let reason = format!("page {page} is empty but names a next page; the listing cannot continue");
        Then::Fail(Error::Pagination { reason })
    } else {
        // A page with a next page is full, so its length is the real page size.
        let page_size = items.len() as u64;
        let next_ends_at = u64::try_from(after).unwrap_or(u64::MAX).saturating_mul(page_size);
        match max_records {
            Some(max_records) if next_ends_at > max_records => Then::Fail(Error::PaginationLimit { max_records }),
            _ => Then::Fetch,
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
    struct Endless(Vec<i64>);

    impl OffsetPage for Endless {
        type Item = i64;
        fn next_page(&self) -> Option<&str> {
            Some("https://acme.zendesk.com/api/v2/users/search.json?page=next")
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
            std::future::ready(Ok(Response::for_test(Endless((first..first + 100).collect()))))
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
}
