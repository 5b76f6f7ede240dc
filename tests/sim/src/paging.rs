//! Pagination as Zendesk does it (zendesk-behaviour.md, "Pagination"): cursor pagination only
//! when the request carries `page[size]` (at most 100, else 400), offset pagination otherwise
//! (`page`, `per_page` up to 100, `next_page` / `previous_page` full URLs, `count`), and a 400
//! for an offset request reaching past the first 10,000 records.

use crate::query::Query;
use crate::reply::Reply;
use base64::Engine;
use serde_json::{json, Map, Value};

/// Zendesk's cap on `page[size]` and `per_page` for the Users family.
pub(crate) const MAX_PAGE_SIZE: usize = 100;
/// The offset limit: no offset page may reach past this many records.
pub(crate) const OFFSET_LIMIT: usize = 10_000;

/// Which pagination a list request gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PageRequest {
    /// `page[size]` was sent.
    Cursor {
        size: usize,
        after: Option<u64>,
        before: Option<u64>,
    },
    /// Anything else.
    Offset { page: usize, per_page: usize },
}

/// Where page links point: the public base URL, the path (without `.json`) and the query.
pub(crate) struct Links<'a> {
    pub(crate) base_url: &'a str,
    pub(crate) path: &'a str,
    pub(crate) query: &'a Query,
}

impl Links<'_> {
    /// Zendesk's page links carry the `.json` suffix (`.../api/v2/users.json?page=2`).
    fn url(&self, dropped: &[&str], added: &[(&str, String)]) -> String {
        format!(
            "{}{}.json?{}",
            self.base_url,
            self.path,
            self.query.encode_without(dropped, added)
        )
    }
}

fn pagination_error(description: impl Into<String>) -> Reply {
    Reply::bad_request("InvalidPaginationParameter", description)
}

/// Encodes a record key as an opaque cursor.
pub(crate) fn encode_cursor(key: u64) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("sim:{key}"))
}

/// Decodes a cursor made by [`encode_cursor`].
pub(crate) fn decode_cursor(cursor: &str) -> Option<u64> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(cursor).ok()?;
    String::from_utf8(bytes).ok()?.strip_prefix("sim:")?.parse().ok()
}

/// Reads the pagination parameters of a list request.
pub(crate) fn page_request(query: &Query) -> Result<PageRequest, Reply> {
    if let Some(size) = query.get("page[size]") {
        let size: usize = size
            .parse()
            .map_err(|_| pagination_error(format!("page[size] is not a number: {size}")))?;
        if size == 0 || size > MAX_PAGE_SIZE {
            return Err(pagination_error(format!(
                "page[size] must be between 1 and {MAX_PAGE_SIZE}"
            )));
        }
        let cursor = |name: &str| -> Result<Option<u64>, Reply> {
            match query.get(name) {
                None | Some("") => Ok(None),
                Some(text) => decode_cursor(text)
                    .map(Some)
                    .ok_or_else(|| pagination_error(format!("{name} is not a valid cursor"))),
            }
        };
        return Ok(PageRequest::Cursor {
            size,
            after: cursor("page[after]")?,
            before: cursor("page[before]")?,
        });
    }
    let number = |name: &str, default: usize| -> Result<usize, Reply> {
        match query.get(name) {
            None | Some("") => Ok(default),
            Some(text) => text
                .parse()
                .map_err(|_| pagination_error(format!("{name} is not a number: {text}"))),
        }
    };
    let page = number("page", 1)?.max(1);
    let per_page = number("per_page", MAX_PAGE_SIZE)?.clamp(1, MAX_PAGE_SIZE);
    if (page - 1).saturating_mul(per_page).saturating_add(per_page) > OFFSET_LIMIT {
        return Err(pagination_error(format!(
            "Offset pagination is limited to the first {OFFSET_LIMIT} records; use cursor pagination (page[size]) or an incremental export"
        )));
    }
    Ok(PageRequest::Offset { page, per_page })
}

/// One page of `items` (sorted by key ascending) under `name`, with the page fields of the
/// pagination the request asked for.
pub(crate) fn paginate(
    name: &str,
    items: Vec<(u64, Value)>,
    request: &PageRequest,
    links: &Links<'_>,
) -> Map<String, Value> {
    let mut page = Map::new();
    match *request {
        PageRequest::Offset { page: number, per_page } => {
            let total = items.len();
            let start = (number - 1) * per_page;
            let records: Vec<Value> = items
                .into_iter()
                .skip(start)
                .take(per_page)
                .map(|(_, value)| value)
                .collect();
            let next = (start + per_page < total).then(|| {
                links.url(
                    &["page", "per_page"],
                    &[("page", (number + 1).to_string()), ("per_page", per_page.to_string())],
                )
            });
            let previous = (number > 1).then(|| {
                links.url(
                    &["page", "per_page"],
                    &[("page", (number - 1).to_string()), ("per_page", per_page.to_string())],
                )
            });
            page.insert(name.to_owned(), Value::Array(records));
            page.insert("next_page".into(), json!(next));
            page.insert("previous_page".into(), json!(previous));
            page.insert("count".into(), json!(total));
        }
        PageRequest::Cursor { size, after, before } => {
            let (selected, has_more): (Vec<(u64, Value)>, bool) = if let Some(before) = before {
                let earlier: Vec<(u64, Value)> = items.into_iter().filter(|(key, _)| *key < before).collect();
                let skip = earlier.len().saturating_sub(size);
                (earlier.into_iter().skip(skip).collect(), skip > 0)
            } else {
                let later: Vec<(u64, Value)> = items
                    .into_iter()
                    .filter(|(key, _)| after.map_or(true, |after| *key > after))
                    .collect();
                let has_more = later.len() > size;
                (later.into_iter().take(size).collect(), has_more)
            };
            let first = selected.first().map(|(key, _)| encode_cursor(*key));
            let last = selected.last().map(|(key, _)| encode_cursor(*key));
            let dropped = ["page[size]", "page[after]", "page[before]"];
            let next = last.as_ref().filter(|_| has_more || before.is_some()).map(|cursor| {
                links.url(
                    &dropped,
                    &[("page[size]", size.to_string()), ("page[after]", cursor.clone())],
                )
            });
            let previous = first.as_ref().map(|cursor| {
                links.url(
                    &dropped,
                    &[("page[size]", size.to_string()), ("page[before]", cursor.clone())],
                )
            });
            page.insert(
                name.to_owned(),
                Value::Array(selected.into_iter().map(|(_, value)| value).collect()),
            );
            page.insert(
                "meta".into(),
                json!({"has_more": has_more, "after_cursor": last, "before_cursor": first}),
            );
            page.insert("links".into(), json!({"next": next, "prev": previous}));
        }
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        assert_eq!(decode_cursor(&encode_cursor(1234)), Some(1234));
        assert_eq!(decode_cursor("not a cursor"), None);
    }

    #[test]
    fn offset_limit_counts_records_not_pages() {
        let request = |raw: &str| page_request(&Query::parse(raw)).map_err(|reply| reply.status.as_u16());
        assert_eq!(
            request("page=100&per_page=100"),
            Ok(PageRequest::Offset {
                page: 100,
                per_page: 100
            })
        );
        assert_eq!(request("page=101&per_page=100"), Err(400));
        assert_eq!(request("page=334&per_page=30"), Err(400));
        assert_eq!(
            request("per_page=500"),
            Ok(PageRequest::Offset { page: 1, per_page: 100 })
        );
    }
}
