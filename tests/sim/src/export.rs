//! Incremental user exports (seed 004 and the reference's "Incremental Export" operations):
//! time-based pages with `end_time`, `next_page`, `count`, `end_of_stream`; cursor-based pages
//! with `after_cursor`, `after_url`, `end_of_stream`; `per_page` up to 1000 (the default);
//! `start_time` must be at least one minute in the past and the most recent minute is not
//! exported; sideloads on every page; 10 requests per minute with its own header.

use crate::model::User;
use crate::reply::{Outcome, Reply};
use crate::server::Context;
use crate::users::sideloads;
use axum::http::StatusCode;
use base64::Engine;
use serde_json::{json, Map, Value};

/// Zendesk's export page size (default and maximum).
const EXPORT_PAGE_SIZE: usize = 1000;
/// The name of the export endpoint budget header.
const EXPORT_HEADER: &str = "Zendesk-RateLimit-incremental-exports";

/// Counts the request against the export budget.
fn take_export_budget(context: &mut Context<'_>) -> Result<String, Reply> {
    let limit = context.shared.config.export_limit_per_minute;
    let budget = context.state.limits.take("incremental-exports", limit);
    let header = budget.endpoint_header();
    if budget.refused {
        return Err(Reply::json(StatusCode::TOO_MANY_REQUESTS, json!({"error": "TooManyRequests", "description": format!("Incremental export rate limit of {limit} requests per minute exceeded")}))
            .with_header("Retry-After", budget.resets.to_string())
            .with_header(EXPORT_HEADER, header));
    }
    Ok(header)
}

fn per_page(context: &Context<'_>) -> Result<usize, Reply> {
    match context.query.get("per_page") {
        None | Some("") => Ok(EXPORT_PAGE_SIZE),
        Some(text) => text
            .parse::<usize>()
            .map(|size| size.clamp(1, EXPORT_PAGE_SIZE))
            .map_err(|_| Reply::bad_request("InvalidValue", format!("per_page is not a number: {text}"))),
    }
}

/// Reads `start_time` and applies the rule "at least one minute in the past".
fn start_time(context: &Context<'_>) -> Result<i64, Reply> {
    let text = context
        .query
        .get("start_time")
        .ok_or_else(|| Reply::bad_request("InvalidValue", "start_time is required"))?;
    let start: i64 = text
        .parse()
        .map_err(|_| Reply::bad_request("InvalidValue", format!("start_time is not a Unix time: {text}")))?;
    if start < 0 {
        return Err(Reply::bad_request("InvalidValue", "start_time must not be negative"));
    }
    if start > context.now() - 60 {
        return Err(Reply::bad_request(
            "InvalidValue",
            "Too recent start_time. Use a start_time older than 1 minute",
        ));
    }
    Ok(start)
}

/// Every user (deleted ones too, as `active: false`) changed up to a minute ago, ordered by
/// (updated_at, id).
fn exportable<'a>(context: &'a Context<'_>) -> Vec<&'a User> {
    let horizon = context.now() - 60;
    let mut users: Vec<&User> = context
        .state
        .account
        .users
        .values()
        .filter(|user| user.updated_at <= horizon)
        .collect();
    users.sort_by_key(|user| (user.updated_at, user.id));
    users
}

fn url(context: &Context<'_>, path: &str, dropped: &[&str], added: &[(&str, String)]) -> String {
    format!(
        "{}{path}.json?{}",
        context.base(),
        context.query.encode_without(dropped, added)
    )
}

fn page_body(context: &Context<'_>, users: &[&User]) -> Map<String, Value> {
    let mut body = Map::new();
    body.insert(
        "users".into(),
        Value::Array(users.iter().map(|user| user.render(context.base())).collect()),
    );
    let ids: Vec<u64> = users.iter().map(|user| user.id).collect();
    sideloads(context, &ids, &mut body);
    body
}

/// `GET /api/v2/incremental/users?start_time=`.
pub(crate) fn time_based(context: &mut Context<'_>) -> Outcome {
    let size = per_page(context)?;
    let start = start_time(context)?;
    let header = take_export_budget(context)?;
    let candidates: Vec<&User> = exportable(context)
        .into_iter()
        .filter(|user| user.updated_at >= start)
        .collect();
    let mut take = candidates.len().min(size);
    // A page never splits one timestamp: the rest of the last timestamp's records come along.
    if let Some(last) = take.checked_sub(1).map(|index| candidates[index].updated_at) {
        while take < candidates.len() && candidates[take].updated_at == last {
            take += 1;
        }
    }
    let page = &candidates[..take];
    let end_of_stream = take == candidates.len();
    let end_time = match (page.first(), page.last()) {
        // A page of one timestamp moves on past it, or the next page would be this page again.
        (Some(first), Some(last)) if first.updated_at == last.updated_at && !end_of_stream => last.updated_at + 1,
        (_, Some(last)) => last.updated_at,
        _ => start,
    };
    let mut body = page_body(context, page);
    body.insert("count".into(), json!(page.len()));
    body.insert("end_time".into(), json!(end_time));
    body.insert("end_of_stream".into(), json!(end_of_stream));
    body.insert(
        "next_page".into(),
        json!(url(
            context,
            "/api/v2/incremental/users",
            &["start_time"],
            &[("start_time", end_time.to_string())]
        )),
    );
    Ok(Reply::ok(Value::Object(body)).with_header(EXPORT_HEADER, header))
}

fn encode(position: (i64, u64)) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("export:{}:{}", position.0, position.1))
}

fn decode(cursor: &str) -> Option<(i64, u64)> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(cursor).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (time, user_id) = text.strip_prefix("export:")?.split_once(':')?;
    Some((time.parse().ok()?, user_id.parse().ok()?))
}

/// `GET /api/v2/incremental/users/cursor?start_time=` then `?cursor=`.
pub(crate) fn cursor_based(context: &mut Context<'_>) -> Outcome {
    let size = per_page(context)?;
    let position = match context.query.get("cursor") {
        Some(cursor) => decode(cursor).ok_or_else(|| Reply::bad_request("InvalidValue", "cursor is not valid"))?,
        // Strictly after (start_time, 0): every record of start_time's second is included.
        None => (start_time(context)?, 0),
    };
    let header = take_export_budget(context)?;
    let candidates: Vec<&User> = exportable(context)
        .into_iter()
        .filter(|user| (user.updated_at, user.id) > position)
        .collect();
    let page = &candidates[..candidates.len().min(size)];
    let end_of_stream = page.len() == candidates.len();
    let after = page.last().map_or(position, |user| (user.updated_at, user.id));
    let after_cursor = encode(after);
    let after_url = url(
        context,
        "/api/v2/incremental/users/cursor",
        &["cursor", "start_time"],
        &[("cursor", after_cursor.clone())],
    );
    let mut body = page_body(context, page);
    body.insert("after_cursor".into(), json!(after_cursor));
    body.insert("after_url".into(), json!(after_url));
    body.insert("before_cursor".into(), Value::Null);
    body.insert("before_url".into(), Value::Null);
    body.insert("end_of_stream".into(), json!(end_of_stream));
    Ok(Reply::ok(Value::Object(body)).with_header(EXPORT_HEADER, header))
}
