//! The Users operations of seed 003: list, count, search, autocomplete, show, show many,
//! related, me, create, create or update, update (JSON or the multipart photo upload), delete,
//! deleted users, permanent deletion, merge, and the bulk operations that answer a job status.

use crate::input::{self, Write};
use crate::jobs::{job_id, Job, Stage, Target, Work, MAX_OPEN_JOBS};
use crate::model::{Account, Life, User};
use crate::paging::{page_request, paginate, Links, PageRequest};
use crate::query::Query;
use crate::reply::{Details, Outcome, Reply};
use crate::routes::{id, Scope};
use crate::server::{Context, RequestBody};
use axum::http::StatusCode;
use serde_json::{json, Map, Value};

/// Zendesk's cap on items of a bulk request (seed 003: "Accepts an array of up to 100").
const MAX_BULK_ITEMS: usize = 100;

/// The object under `key` of the JSON body (`{"user": {...}}`), or Zendesk's 400.
fn body_object<'a>(context: &'a Context<'_>, key: &str) -> Result<&'a Map<String, Value>, Reply> {
    match &context.body {
        RequestBody::Json(Value::Object(body)) => body.get(key).and_then(Value::as_object),
        _ => None,
    }
    .ok_or_else(|| {
        Reply::bad_request(
            "ParameterMissing",
            format!("param is missing or the value is empty: {key}"),
        )
    })
}

/// The live user `text` names, or 404.
pub(crate) fn live_user<'a>(context: &'a Context<'_>, text: &str) -> Result<&'a User, Reply> {
    let user_id = id(text)?;
    context
        .state
        .account
        .users
        .get(&user_id)
        .filter(|user| user.life == Life::Live)
        .ok_or_else(Reply::not_found)
}

/// Sideloads named in `include` for the users of a page (users sideloads: identities,
/// organizations, groups).
pub(crate) fn sideloads(context: &Context<'_>, user_ids: &[u64], page: &mut Map<String, Value>) {
    let base = context.base();
    let account = &context.state.account;
    let includes: Vec<String> = context.query.list("include");
    let users: Vec<&User> = user_ids
        .iter()
        .filter_map(|user_id| account.users.get(user_id))
        .collect();
    for include in includes {
        match include.as_str() {
            "identities" => {
                let identities = users
                    .iter()
                    .flat_map(|user| user.identities.iter().map(|identity| identity.render(user.id, base)))
                    .collect();
                page.insert("identities".into(), Value::Array(identities));
            }
            "organizations" => {
                let mut ids: Vec<u64> = users
                    .iter()
                    .flat_map(|user| {
                        user.organization_memberships
                            .iter()
                            .map(|membership| membership.organization_id)
                    })
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                let organizations = ids
                    .iter()
                    .filter_map(|organization_id| account.organizations.get(organization_id))
                    .map(|organization| json!({"id": organization.id, "name": organization.name, "url": format!("{base}/api/v2/organizations/{}.json", organization.id)}))
                    .collect();
                page.insert("organizations".into(), Value::Array(organizations));
            }
            "groups" => {
                let mut ids: Vec<u64> = users
                    .iter()
                    .flat_map(|user| user.group_memberships.iter().map(|membership| membership.group_id))
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                let groups = ids
                    .iter()
                    .filter_map(|group_id| account.groups.get(group_id))
                    .map(|group| json!({"id": group.id, "name": group.name, "url": format!("{base}/api/v2/groups/{}.json", group.id)}))
                    .collect();
                page.insert("groups".into(), Value::Array(groups));
            }
            _ => {}
        }
    }
}

/// The ids of the records under `key` of a page.
pub(crate) fn ids_in(page: &Map<String, Value>, key: &str) -> Vec<u64> {
    page.get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|record| record.get("id")?.as_u64())
        .collect()
}

/// The live users a list or count covers, after the role / permission set / external id filters.
fn filtered<'a>(context: &'a Context<'_>, scope: &Scope) -> Result<Vec<&'a User>, Reply> {
    let account = &context.state.account;
    let query = &context.query;
    let (group, organization) = match scope {
        Scope::All => (None, None),
        Scope::Group(text) => (
            Some(
                id(text)
                    .ok()
                    .filter(|group| account.groups.contains_key(group))
                    .ok_or_else(Reply::not_found)?,
            ),
            None,
        ),
        Scope::Organization(text) => (
            None,
            Some(
                id(text)
                    .ok()
                    .filter(|organization| account.organizations.contains_key(organization))
                    .ok_or_else(Reply::not_found)?,
            ),
        ),
    };
    let mut roles: Vec<&str> = query.all("role[]");
    roles.extend(query.get("role"));
    let permission_set = query.get("permission_set").and_then(|value| value.parse::<u64>().ok());
    let external_id = query.get("external_id");
    Ok(account
        .users
        .values()
        .filter(|user| user.life == Life::Live)
        .filter(|user| {
            group.map_or(true, |group| {
                user.group_memberships
                    .iter()
                    .any(|membership| membership.group_id == group)
            })
        })
        .filter(|user| {
            organization.map_or(true, |organization| {
                user.organization_memberships
                    .iter()
                    .any(|membership| membership.organization_id == organization)
            })
        })
        .filter(|user| roles.is_empty() || roles.contains(&user.role()))
        .filter(|user| {
            permission_set.map_or(true, |set| {
                user.fields.get("custom_role_id").and_then(Value::as_u64) == Some(set)
            })
        })
        .filter(|user| {
            external_id.map_or(true, |wanted| {
                user.text("external_id")
                    .is_some_and(|known| known.eq_ignore_ascii_case(wanted))
            })
        })
        .collect())
}

/// A page of `users` with its sideloads.
fn user_page(context: &Context<'_>, users: Vec<&User>, request: &PageRequest) -> Map<String, Value> {
    let base = context.base();
    let items = users.into_iter().map(|user| (user.id, user.render(base))).collect();
    let links = Links {
        base_url: base,
        path: &context.path,
        query: &context.query,
    };
    let mut page = paginate("users", items, request, &links);
    let ids = ids_in(&page, "users");
    sideloads(context, &ids, &mut page);
    page
}

/// `GET /api/v2/users` (and the group and organization lists).
pub(crate) fn list(context: &mut Context<'_>, scope: &Scope) -> Outcome {
    let request = page_request(&context.query)?;
    let users = filtered(context, scope)?;
    Ok(Reply::ok(Value::Object(user_page(context, users, &request))))
}

/// `GET /api/v2/users/count`: seed 003, `{"count": {"refreshed_at": ..., "value": N}}`.
pub(crate) fn count(context: &mut Context<'_>, scope: &Scope) -> Outcome {
    let value = filtered(context, scope)?.len();
    Ok(Reply::ok(
        json!({"count": {"value": value, "refreshed_at": crate::clock::rfc3339(context.now())}}),
    ))
}

/// Search and autocomplete are offset-only (seed 003, "Offset pagination only").
fn offset_only(query: &Query) -> Query {
    Query(
        query
            .0
            .iter()
            .filter(|(key, _)| !key.starts_with("page["))
            .cloned()
            .collect(),
    )
}

/// Splits a search query into terms, keeping quoted phrases together.
fn terms(query: &str) -> Vec<String> {
    let mut terms = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for character in query.chars() {
        match character {
            '"' => quoted = !quoted,
            character if character.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    terms.push(std::mem::take(&mut current));
                }
            }
            character => current.push(character),
        }
    }
    if !current.is_empty() {
        terms.push(current);
    }
    terms
}

/// Whether `value` matches a search value, with `*` as a wildcard at either end.
fn matches_value(value: &str, wanted: &str, whole: bool) -> bool {
    let value = value.to_lowercase();
    let wanted = wanted.to_lowercase();
    match (wanted.strip_prefix('*'), wanted.strip_suffix('*')) {
        (Some(rest), _) if rest.ends_with('*') => value.contains(rest.trim_end_matches('*')),
        (Some(rest), _) => value.ends_with(rest),
        (None, Some(rest)) => value.starts_with(rest),
        (None, None) if whole => value == wanted,
        (None, None) => value.contains(&wanted),
    }
}

/// Whether a user matches one search term (`email:`, `name:`, `role:`, `external_id:`,
/// `organization:`, `tags:`, `phone:`, `notes:`, `details:`, or plain text).
fn user_matches(user: &User, account: &Account, term: &str) -> bool {
    if let Some((key, value)) = term.split_once(':') {
        return match key {
            "type" => value == "user",
            "email" => user.emails().any(|email| matches_value(&email, value, true)),
            "name" => user.text("name").is_some_and(|name| matches_value(name, value, false)),
            "role" => user.role().eq_ignore_ascii_case(value) || (value == "end_user" && user.role() == "end-user"),
            "external_id" => user
                .text("external_id")
                .is_some_and(|known| matches_value(known, value, true)),
            "phone" | "notes" | "details" => user.text(key).is_some_and(|known| matches_value(known, value, false)),
            "tags" => user
                .fields
                .get("tags")
                .and_then(Value::as_array)
                .is_some_and(|tags| tags.iter().any(|tag| tag.as_str() == Some(value))),
            "organization" => user.organization_memberships.iter().any(|membership| {
                account
                    .organizations
                    .get(&membership.organization_id)
                    .is_some_and(|organization| matches_value(&organization.name, value, false))
            }),
            _ => false,
        };
    }
    let texts = ["name", "notes", "details", "phone", "external_id"];
    texts
        .iter()
        .any(|key| user.text(key).is_some_and(|known| matches_value(known, term, false)))
        || user.emails().any(|email| matches_value(&email, term, false))
}

/// `GET /api/v2/users/search`: `query` in Zendesk's search syntax or an exact `external_id`.
pub(crate) fn search(context: &mut Context<'_>) -> Outcome {
    let paging_query = offset_only(&context.query);
    let request = page_request(&paging_query)?;
    let account = &context.state.account;
    let search_terms = context.query.get("query").map(terms).unwrap_or_default();
    let external_id = context.query.get("external_id");
    let users: Vec<&User> = account
        .users
        .values()
        .filter(|user| user.life == Life::Live)
        .filter(|user| search_terms.iter().all(|term| user_matches(user, account, term)))
        .filter(|user| {
            external_id.map_or(true, |wanted| {
                user.text("external_id")
                    .is_some_and(|known| known.eq_ignore_ascii_case(wanted))
            })
        })
        .filter(|_| !search_terms.is_empty() || external_id.is_some())
        .collect();
    Ok(Reply::ok(Value::Object(user_page(context, users, &request))))
}

/// `GET /api/v2/users/autocomplete?name=`: users whose name starts with `name`.
pub(crate) fn autocomplete(context: &mut Context<'_>) -> Outcome {
    let Some(name) = context.query.get("name").map(str::to_lowercase) else {
        return Err(Reply::bad_request(
            "ParameterMissing",
            "param is missing or the value is empty: name",
        ));
    };
    let request = page_request(&offset_only(&context.query))?;
    let users: Vec<&User> = context
        .state
        .account
        .users
        .values()
        .filter(|user| user.life == Life::Live)
        .filter(|user| {
            user.text("name")
                .is_some_and(|known| known.to_lowercase().starts_with(&name))
        })
        .collect();
    Ok(Reply::ok(Value::Object(user_page(context, users, &request))))
}

/// `GET /api/v2/users/{id}`: live and soft-deleted users (`active: false`).
pub(crate) fn show(context: &mut Context<'_>, text: &str) -> Outcome {
    let user_id = id(text)?;
    let user = context
        .state
        .account
        .users
        .get(&user_id)
        .filter(|user| input::showable(user))
        .ok_or_else(Reply::not_found)?;
    let mut body = Map::new();
    body.insert("user".into(), user.render(context.base()));
    sideloads(context, &[user_id], &mut body);
    Ok(Reply::ok(Value::Object(body)))
}

/// `GET /api/v2/users/show_many?ids=` or `?external_ids=` (up to 100).
pub(crate) fn show_many(context: &mut Context<'_>) -> Outcome {
    let ids = context.query.list("ids");
    let external_ids = context.query.list("external_ids");
    if ids.len() > MAX_BULK_ITEMS || external_ids.len() > MAX_BULK_ITEMS {
        return Err(Reply::bad_request(
            "TooManyValues",
            format!("at most {MAX_BULK_ITEMS} ids are accepted"),
        ));
    }
    let account = &context.state.account;
    let mut found: Vec<u64> = ids
        .iter()
        .filter_map(|text| text.parse().ok())
        .filter(|user_id| account.users.get(user_id).is_some_and(|user| user.life == Life::Live))
        .collect();
    found.extend(
        external_ids
            .iter()
            .filter_map(|external_id| account.live_user_by_external_id(external_id)),
    );
    let users: Vec<Value> = found
        .iter()
        .filter_map(|user_id| account.users.get(user_id))
        .map(|user| user.render(context.base()))
        .collect();
    let mut body = Map::new();
    body.insert("users".into(), Value::Array(users));
    sideloads(context, &found, &mut body);
    Ok(Reply::ok(Value::Object(body)))
}

/// `GET /api/v2/users/{id}/related`: ticket counts (the simulator has no tickets; the counts
/// are fixed numbers derived from the id).
pub(crate) fn related(context: &mut Context<'_>, text: &str) -> Outcome {
    let user = live_user(context, text)?;
    let agent = user.role() != "end-user";
    Ok(Reply::ok(json!({"user_related": {
        "assigned_tickets": if agent { user.id % 7 } else { 0 },
        "requested_tickets": user.id % 11,
        "ccd_tickets": user.id % 3,
        "organization_subscriptions": 0,
    }})))
}

/// `GET /api/v2/users/me`: the token's user with an `authenticity_token`.
pub(crate) fn me(context: &mut Context<'_>) -> Outcome {
    let owner = context.state.owner_id;
    let user = context.state.account.users.get(&owner).ok_or_else(Reply::not_found)?;
    let mut rendered = user.render(context.base());
    rendered["authenticity_token"] = json!(crate::accounts::authenticity_token(context));
    Ok(Reply::ok(json!({"user": rendered})))
}

/// Creates a user from a User JSON body.
pub(crate) fn create_record(account: &mut Account, input: &Map<String, Value>, now: i64) -> Result<u64, Details> {
    let user_id = account.allocate_id();
    let mut user = User::new(user_id, now);
    input::apply(account, &mut user, input, Write::Create, now)?;
    user.sessions.clear();
    account.users.insert(user_id, user);
    Ok(user_id)
}

/// Updates a live user from a User JSON body; nothing changes when validation fails.
pub(crate) fn update_record(
    account: &mut Account,
    user_id: u64,
    input: &Map<String, Value>,
    now: i64,
) -> Result<(), Details> {
    let Some(stored) = account.users.get(&user_id) else {
        return Ok(());
    };
    let mut user = stored.clone();
    input::apply(account, &mut user, input, Write::Update, now)?;
    account.users.insert(user_id, user);
    Ok(())
}

/// `POST /api/v2/users`.
pub(crate) fn create(context: &mut Context<'_>) -> Outcome {
    let input = body_object(context, "user")?.clone();
    let now = context.now();
    let user_id = create_record(&mut context.state.account, &input, now).map_err(Reply::record_invalid)?;
    let user = context.state.account.users[&user_id].render(context.base());
    Ok(Reply::json(StatusCode::CREATED, json!({"user": user})))
}

/// The existing live user a create-or-update body names by email or external id.
fn matching_user(account: &Account, input: &Map<String, Value>) -> Option<u64> {
    let by_email = input
        .get("email")
        .and_then(Value::as_str)
        .and_then(|email| account.live_user_by_email(email));
    let by_external_id = || match input.get("external_id") {
        Some(Value::String(text)) => account.live_user_by_external_id(text),
        Some(Value::Number(number)) => account.live_user_by_external_id(&number.to_string()),
        _ => None,
    };
    by_email.or_else(by_external_id)
}

/// Counts one request against the per-user create/update budget (seed 003, "Update User" →
/// "Limits": `Zendesk-RateLimit-create-update-user`, 5 per minute per user).
fn take_user_budget(context: &mut Context<'_>, key: &str) -> Result<String, Reply> {
    let limit = context.shared.config.update_user_limit_per_minute;
    let budget = context.state.limits.take(&format!("create-update-user:{key}"), limit);
    let header = budget.endpoint_header();
    if budget.refused {
        return Err(Reply::json(StatusCode::TOO_MANY_REQUESTS, json!({"error": "TooManyRequests", "description": "Rate limit for creating or updating this user exceeded"}))
            .with_header("Retry-After", budget.resets.to_string())
            .with_header("Zendesk-RateLimit-create-update-user", header));
    }
    Ok(header)
}

/// `POST /api/v2/users/create_or_update`: 201 when created, 200 when an existing user (same
/// email or external id) was updated, `Location` either way.
pub(crate) fn create_or_update(context: &mut Context<'_>) -> Outcome {
    let input = body_object(context, "user")?.clone();
    let now = context.now();
    let existing = matching_user(&context.state.account, &input);
    let budget_key = match existing {
        Some(user_id) => user_id.to_string(),
        None => input.get("email").and_then(Value::as_str).unwrap_or("").to_lowercase(),
    };
    let header = take_user_budget(context, &budget_key)?;
    let (status, user_id) = match existing {
        Some(user_id) => {
            update_record(&mut context.state.account, user_id, &input, now).map_err(Reply::record_invalid)?;
            (StatusCode::OK, user_id)
        }
        None => (
            StatusCode::CREATED,
            create_record(&mut context.state.account, &input, now).map_err(Reply::record_invalid)?,
        ),
    };
    let user = context.state.account.users[&user_id].render(context.base());
    Ok(Reply::json(status, json!({"user": user}))
        .with_header("Location", format!("/api/v2/users/{user_id}.json"))
        .with_header("Zendesk-RateLimit-create-update-user", header))
}

/// `PUT /api/v2/users/{id}`: a JSON User body, or a multipart body carrying the profile photo
/// as `user[photo][uploaded_data]` (and text fields as `user[name]`...).
pub(crate) fn update(context: &mut Context<'_>, text: &str) -> Outcome {
    let user_id = live_user(context, text)?.id;
    let now = context.now();
    let (input, photo) = match &context.body {
        RequestBody::Multipart(parts) => {
            let mut input = Map::new();
            let mut photo = None;
            for part in parts {
                if part.name == "user[photo][uploaded_data]" {
                    photo = Some(part.clone());
                } else if let Some(property) = part.name.strip_prefix("user[").and_then(|rest| rest.strip_suffix(']')) {
                    input.insert(
                        property.to_owned(),
                        Value::String(String::from_utf8_lossy(&part.data).into_owned()),
                    );
                }
            }
            if photo.is_none() && input.is_empty() {
                return Err(Reply::bad_request(
                    "ParameterMissing",
                    "param is missing or the value is empty: user",
                ));
            }
            (input, photo)
        }
        _ => (body_object(context, "user")?.clone(), None),
    };
    let header = take_user_budget(context, &user_id.to_string())?;
    update_record(&mut context.state.account, user_id, &input, now).map_err(|details| {
        Reply::record_invalid(details).with_header("Zendesk-RateLimit-create-update-user", header.clone())
    })?;
    if let Some(part) = photo {
        let base = context.base().to_owned();
        let account = &mut context.state.account;
        let photo_id = account.allocate_id();
        let thumbnail_id = account.allocate_id();
        let name = part.file_name.clone().unwrap_or_else(|| "photo".to_owned());
        let (stem, extension) = name.rsplit_once('.').unwrap_or((name.as_str(), "png"));
        let thumbnail_name = format!("{stem}_thumb.{extension}");
        let content_type = part
            .content_type
            .clone()
            .unwrap_or_else(|| "application/octet-stream".to_owned());
        let size = part.data.len();
        if let Some(user) = account.users.get_mut(&user_id) {
            user.photo = Some(json!({
                "id": photo_id,
                "name": name,
                "content_url": format!("{base}/photos/{photo_id}/{name}"),
                "content_type": content_type,
                "size": size,
                "thumbnails": [{
                    "id": thumbnail_id,
                    "name": thumbnail_name,
                    "content_url": format!("{base}/photos/{thumbnail_id}/{thumbnail_name}"),
                    "content_type": content_type,
                    "size": size.div_ceil(4),
                }],
            }));
            user.updated_at = now;
        }
    }
    let user = context.state.account.users[&user_id].render(context.base());
    Ok(Reply::ok(json!({"user": user})).with_header("Zendesk-RateLimit-create-update-user", header))
}

/// `DELETE /api/v2/users/{id}`: the user moves to the deleted users (`active: false`).
pub(crate) fn delete(context: &mut Context<'_>, text: &str) -> Outcome {
    let user_id = live_user(context, text)?.id;
    let now = context.now();
    let user = context.user_mut(user_id)?;
    user.life = Life::SoftDeleted;
    user.deleted_at = Some(now);
    user.updated_at = now;
    let rendered = context.state.account.users[&user_id].render(context.base());
    Ok(Reply::ok(json!({"user": rendered})))
}

/// A deleted user as the reference's `DeletedUserObject` shows it.
fn render_deleted(user: &User, base: &str) -> Value {
    let full = user.render(base);
    let keys = [
        "id",
        "url",
        "name",
        "email",
        "created_at",
        "updated_at",
        "time_zone",
        "phone",
        "shared_phone_number",
        "photo",
        "locale_id",
        "locale",
        "organization_id",
        "role",
        "active",
    ];
    let mut deleted = Map::new();
    for key in keys {
        deleted.insert(key.to_owned(), full.get(key).cloned().unwrap_or(Value::Null));
    }
    deleted.insert(
        "url".into(),
        json!(format!("{base}/api/v2/deleted_users/{}.json", user.id)),
    );
    Value::Object(deleted)
}

/// `GET /api/v2/deleted_users`: soft-deleted and permanently deleted users.
pub(crate) fn list_deleted(context: &mut Context<'_>) -> Outcome {
    let request = page_request(&context.query)?;
    let base = context.base();
    let items = context
        .state
        .account
        .users
        .values()
        .filter(|user| user.life != Life::Live)
        .map(|user| (user.id, render_deleted(user, base)))
        .collect();
    let links = Links {
        base_url: base,
        path: &context.path,
        query: &context.query,
    };
    Ok(Reply::ok(Value::Object(paginate(
        "deleted_users",
        items,
        &request,
        &links,
    ))))
}

/// `GET /api/v2/deleted_users/count`.
pub(crate) fn count_deleted(context: &mut Context<'_>) -> Outcome {
    let value = context
        .state
        .account
        .users
        .values()
        .filter(|user| user.life != Life::Live)
        .count();
    Ok(Reply::ok(
        json!({"count": {"value": value, "refreshed_at": crate::clock::rfc3339(context.now())}}),
    ))
}

/// `GET /api/v2/deleted_users/{id}`: deleted but not yet permanently.
pub(crate) fn show_deleted(context: &mut Context<'_>, text: &str) -> Outcome {
    let user_id = id(text)?;
    let user = context
        .state
        .account
        .users
        .get(&user_id)
        .filter(|user| user.life == Life::SoftDeleted)
        .ok_or_else(Reply::not_found)?;
    Ok(Reply::ok(json!({"deleted_user": render_deleted(user, context.base())})))
}

/// `DELETE /api/v2/deleted_users/{id}`: only a deleted user can be deleted permanently.
pub(crate) fn permanently_delete(context: &mut Context<'_>, text: &str) -> Outcome {
    let user_id = id(text)?;
    let now = context.now();
    let user = context
        .state
        .account
        .users
        .get_mut(&user_id)
        .filter(|user| user.life == Life::SoftDeleted)
        .ok_or_else(Reply::not_found)?;
    user.life = Life::PermanentlyDeleted;
    user.updated_at = now;
    user.identities.clear();
    user.photo = None;
    let rendered = render_deleted(user, &context.shared.base_url);
    Ok(Reply::ok(json!({"deleted_user": rendered})))
}

/// `PUT /api/v2/users/{id}/merge`: merges an end user into another end user named by `id` or
/// by `email`; the merged user's identities move over and the merged user is deleted.
pub(crate) fn merge(context: &mut Context<'_>, text: &str) -> Outcome {
    let source_id = live_user(context, text)?.id;
    let input = body_object(context, "user")?.clone();
    let account = &context.state.account;
    let target_id = match (
        input.get("id").and_then(Value::as_u64),
        input.get("email").and_then(Value::as_str),
    ) {
        (Some(target), _) => {
            Some(target).filter(|target| account.users.get(target).is_some_and(|user| user.life == Life::Live))
        }
        (None, Some(email)) => account.live_user_by_email(email),
        (None, None) => {
            return Err(Reply::bad_request(
                "ParameterMissing",
                "param is missing or the value is empty: user.id or user.email",
            ))
        }
    }
    .ok_or_else(Reply::not_found)?;
    let mut details = Details::default();
    if source_id == target_id {
        details.add("base", "InvalidValue", "A user cannot be merged into itself".to_owned());
    }
    for user_id in [source_id, target_id] {
        if account.users[&user_id].role() != "end-user" {
            details.add(
                "base",
                "InvalidValue",
                format!("User {user_id} is not an end user; agents and admins cannot be merged"),
            );
        }
    }
    if !details.is_empty() {
        return Err(Reply::record_invalid(details));
    }
    let now = context.now();
    let account = &mut context.state.account;
    let mut moved = account
        .users
        .get(&source_id)
        .map(|user| user.identities.clone())
        .unwrap_or_default();
    if let Some(target) = account.users.get_mut(&target_id) {
        for identity in &mut moved {
            identity.primary = !target
                .identities
                .iter()
                .any(|known| known.kind == identity.kind && known.primary)
                && identity.primary;
        }
        target.identities.extend(moved);
        target.updated_at = now;
    }
    if let Some(source) = account.users.get_mut(&source_id) {
        source.identities.clear();
        source.life = Life::SoftDeleted;
        source.deleted_at = Some(now);
        source.updated_at = now;
    }
    let user = account.users[&target_id].render(&context.shared.base_url);
    Ok(Reply::ok(json!({"user": user})))
}

/// `POST /api/v2/users/request_create`: Zendesk emails the owner; nothing to store.
pub(crate) fn request_create(context: &mut Context<'_>) -> Outcome {
    let input = body_object(context, "user")?;
    let mut details = Details::default();
    match input.get("email").and_then(Value::as_str) {
        Some(email) if input::email_is_well_formed(email) => {}
        other => details.add(
            "email",
            "InvalidFormat",
            format!("Email: {} is not properly formatted", other.unwrap_or("")),
        ),
    }
    if input
        .get("name")
        .and_then(Value::as_str)
        .map_or(true, |name| name.trim().is_empty())
    {
        details.add(
            "name",
            "BlankValue",
            "Name: is too short (minimum one character)".to_owned(),
        );
    }
    if !details.is_empty() {
        return Err(Reply::record_invalid(details));
    }
    Ok(Reply::empty(StatusCode::OK))
}

/// The bulk operations that answer a job status.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Bulk {
    Create,
    CreateOrUpdate,
    Update,
    Destroy,
}

/// Queues a bulk job (at most 100 items, at most 30 open jobs) and answers its status.
pub(crate) fn bulk(context: &mut Context<'_>, kind: Bulk) -> Outcome {
    let too_many = || {
        Reply::bad_request(
            "TooManyValues",
            format!("a bulk request accepts at most {MAX_BULK_ITEMS} items"),
        )
    };
    let users_array = |context: &Context<'_>| -> Result<Vec<Value>, Reply> {
        match &context.body {
            RequestBody::Json(Value::Object(body)) => body.get("users").and_then(Value::as_array).cloned(),
            _ => None,
        }
        .ok_or_else(|| Reply::bad_request("ParameterMissing", "param is missing or the value is empty: users"))
    };
    let targets = |query: &Query| -> Vec<Target> {
        let mut targets: Vec<Target> = query.list("ids").into_iter().map(Target::Id).collect();
        targets.extend(query.list("external_ids").into_iter().map(Target::ExternalId));
        targets
    };
    let (job_type, work, total) = match kind {
        Bulk::Create => {
            let users = users_array(context)?;
            let n = users.len();
            ("bulk_create_users", Work::CreateMany(users), n)
        }
        Bulk::CreateOrUpdate => {
            let users = users_array(context)?;
            let n = users.len();
            ("bulk_create_or_update_users", Work::CreateOrUpdateMany(users), n)
        }
        Bulk::Update => {
            let targets = targets(&context.query);
            if targets.is_empty() {
                let users = users_array(context)?;
                let n = users.len();
                ("bulk_update_users", Work::UpdateManyBatch(users), n)
            } else {
                let change = Value::Object(body_object(context, "user")?.clone());
                let n = targets.len();
                ("bulk_update_users", Work::UpdateManySame { targets, change }, n)
            }
        }
        Bulk::Destroy => {
            let targets = targets(&context.query);
            if targets.is_empty() {
                return Err(Reply::bad_request(
                    "ParameterMissing",
                    "param is missing or the value is empty: ids or external_ids",
                ));
            }
            let n = targets.len();
            ("bulk_delete_users", Work::DestroyMany(targets), n)
        }
    };
    if total > MAX_BULK_ITEMS {
        return Err(too_many());
    }
    if context.state.jobs.values().filter(|job| job.is_open()).count() >= MAX_OPEN_JOBS {
        return Err(Reply::json(StatusCode::TOO_MANY_REQUESTS, json!({"error": "TooManyJobs", "description": format!("At most {MAX_OPEN_JOBS} jobs can be queued or running")}))
            .with_header("Retry-After", "10"));
    }
    context.state.job_counter += 1;
    let job = Job {
        id: job_id(context.state.job_counter),
        job_type,
        total,
        stage: Stage::Queued,
        work,
        results: Vec::new(),
        completed_at: None,
    };
    let rendered = job.render(context.base());
    context.state.jobs.insert(job.id.clone(), job);
    Ok(Reply::ok(json!({"job_status": rendered})))
}

/// `GET /api/v2/job_statuses/{id}`: each poll moves the job one stage on.
pub(crate) fn job_status(context: &mut Context<'_>, job_id_text: &str) -> Outcome {
    let now = context.now();
    let Some(mut job) = context.state.jobs.get(job_id_text).cloned() else {
        return Err(Reply::not_found());
    };
    match job.stage {
        Stage::Queued => job.stage = Stage::Working,
        Stage::Working => {
            job.results = run_work(&mut context.state.account, &job.work, now);
            job.stage = Stage::Completed;
            job.completed_at = Some(now);
        }
        Stage::Completed => {}
    }
    let rendered = job.render(context.base());
    context.state.jobs.insert(job.id.clone(), job);
    Ok(Reply::ok(json!({"job_status": rendered})))
}

/// A failed item in the reference's `FailedResult` shape.
fn failure(index: usize, action: &str, user_id: Option<u64>, error: &str, details: String) -> Value {
    json!({"index": index, "id": user_id, "action": action, "success": false, "error": error, "details": details})
}

fn resolve(account: &Account, target: &Target) -> Option<u64> {
    match target {
        Target::Id(text) => text
            .parse()
            .ok()
            .filter(|user_id| account.users.get(user_id).is_some_and(|user| user.life == Life::Live)),
        Target::ExternalId(external_id) => account.live_user_by_external_id(external_id),
    }
}

/// Does a job's work and returns its per-item results.
fn run_work(account: &mut Account, work: &Work, now: i64) -> Vec<Value> {
    let mut results = Vec::new();
    match work {
        Work::CreateMany(users) | Work::CreateOrUpdateMany(users) => {
            let upsert = matches!(work, Work::CreateOrUpdateMany(_));
            for (index, item) in users.iter().enumerate() {
                let Some(input) = item.as_object() else {
                    results.push(failure(
                        index,
                        "create",
                        None,
                        "InvalidValue",
                        "the item is not a user object".to_owned(),
                    ));
                    continue;
                };
                let existing = if upsert { matching_user(account, input) } else { None };
                results.push(match existing {
                    Some(user_id) => match update_record(account, user_id, input, now) {
                        Ok(()) => updated(index, user_id),
                        Err(details) => failure(index, "update", Some(user_id), "RecordInvalid", details.first_description()),
                    },
                    None => match create_record(account, input, now) {
                        Ok(user_id) => json!({"index": index, "id": user_id, "action": "create", "status": "Created", "success": true}),
                        Err(details) => failure(index, "create", None, "RecordInvalid", details.first_description()),
                    },
                });
            }
        }
        Work::UpdateManySame { targets, change } => {
            let input = change.as_object().cloned().unwrap_or_default();
            for (index, target) in targets.iter().enumerate() {
                results.push(update_item(account, index, target, &input, now));
            }
        }
        Work::UpdateManyBatch(users) => {
            for (index, item) in users.iter().enumerate() {
                let input = item.as_object().cloned().unwrap_or_default();
                let target = match (input.get("id"), input.get("external_id").and_then(Value::as_str)) {
                    (Some(user_id), _) => Target::Id(user_id.to_string()),
                    (None, Some(external_id)) => Target::ExternalId(external_id.to_owned()),
                    (None, None) => {
                        results.push(failure(
                            index,
                            "update",
                            None,
                            "InvalidValue",
                            "the item names no id or external_id".to_owned(),
                        ));
                        continue;
                    }
                };
                results.push(update_item(account, index, &target, &input, now));
            }
        }
        Work::DestroyMany(targets) => {
            for (index, target) in targets.iter().enumerate() {
                results.push(match resolve(account, target).and_then(|user_id| account.users.get_mut(&user_id)) {
                    None => failure(index, "delete", None, "UserNotFound", format!("No user found for {target:?}")),
                    Some(user) => {
                        user.life = Life::SoftDeleted;
                        user.deleted_at = Some(now);
                        user.updated_at = now;
                        json!({"index": index, "id": user.id, "action": "delete", "status": "Deleted", "success": true})
                    }
                });
            }
        }
    }
    results
}

/// Updates the user `target` names with `input`: the job result of item `index`,
/// a failure when no user matches or the update is invalid.
fn update_item(account: &mut Account, index: usize, target: &Target, input: &Map<String, Value>, now: i64) -> Value {
    match resolve(account, target) {
        None => failure(
            index,
            "update",
            None,
            "UserNotFound",
            format!("No user found for {target:?}"),
        ),
        Some(user_id) => match update_record(account, user_id, input, now) {
            Ok(()) => updated(index, user_id),
            Err(details) => failure(
                index,
                "update",
                Some(user_id),
                "RecordInvalid",
                details.first_description(),
            ),
        },
    }
}

/// The job result of an item updated as asked.
fn updated(index: usize, user_id: u64) -> Value {
    json!({"index": index, "id": user_id, "action": "update", "status": "Updated", "success": true})
}
