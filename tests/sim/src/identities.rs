//! User identities (reference, "User Identities"): list (paginated), add, show, update (value,
//! verified; never `primary`), delete, make primary, request verification, verify. A user with
//! email identities always has exactly one primary email, which is the User JSON's `email`.

use crate::input::email_is_well_formed;
use crate::model::{Identity, User};
use crate::paging::{page_request, paginate, Links};
use crate::reply::{Details, Outcome, Reply};
use crate::routes::id;
use crate::server::{Context, RequestBody};
use crate::users::live_user;
use axum::http::StatusCode;
use serde_json::{json, Map, Value};

/// Identity types the reference lists for "Create Identity".
const CREATABLE_TYPES: &[&str] = &[
    "email",
    "twitter",
    "facebook",
    "google",
    "agent_forwarding",
    "phone_number",
];

fn identity_input(context: &Context<'_>) -> Result<Map<String, Value>, Reply> {
    match &context.body {
        RequestBody::Json(Value::Object(body)) => body.get("identity").and_then(Value::as_object).cloned(),
        _ => None,
    }
    .ok_or_else(|| Reply::bad_request("ParameterMissing", "param is missing or the value is empty: identity"))
}

fn user_and_identity(context: &Context<'_>, user_text: &str, identity_text: &str) -> Result<(u64, u64), Reply> {
    let user = live_user(context, user_text)?;
    let identity_id = id(identity_text)?;
    if !user.identities.iter().any(|identity| identity.id == identity_id) {
        return Err(Reply::not_found());
    }
    Ok((user.id, identity_id))
}

fn identity_mut<'a>(context: &'a mut Context<'_>, user_id: u64, identity_id: u64) -> Result<&'a mut Identity, Reply> {
    context
        .state
        .account
        .users
        .get_mut(&user_id)
        .and_then(|user| user.identities.iter_mut().find(|identity| identity.id == identity_id))
        .ok_or_else(Reply::not_found)
}

fn render_one(context: &Context<'_>, user_id: u64, identity_id: u64) -> Value {
    let user = &context.state.account.users[&user_id];
    let identity = user.identities.iter().find(|identity| identity.id == identity_id);
    json!({"identity": identity.map(|identity| identity.render(user_id, context.base()))})
}

fn render_all(user: &User, base: &str) -> Value {
    json!({"identities": user.identities.iter().map(|identity| identity.render(user.id, base)).collect::<Vec<_>>()})
}

/// `GET /api/v2/users/{id}/identities`, optionally filtered by `type[]`.
pub(crate) fn list(context: &mut Context<'_>, user_text: &str) -> Outcome {
    let request = page_request(&context.query)?;
    let user = live_user(context, user_text)?;
    let types = context.query.all("type[]");
    let items = user
        .identities
        .iter()
        .filter(|identity| types.is_empty() || types.contains(&identity.kind.as_str()))
        .map(|identity| (identity.id, identity.render(user.id, context.base())))
        .collect();
    let links = Links {
        base_url: context.base(),
        path: &context.path,
        query: &context.query,
    };
    Ok(Reply::ok(Value::Object(paginate(
        "identities",
        items,
        &request,
        &links,
    ))))
}

/// `POST /api/v2/users/{id}/identities`: 201; the first email identity becomes primary.
pub(crate) fn create(context: &mut Context<'_>, user_text: &str) -> Outcome {
    let user_id = live_user(context, user_text)?.id;
    let input = identity_input(context)?;
    let kind = input.get("type").and_then(Value::as_str).unwrap_or("");
    let value = input.get("value").and_then(Value::as_str).unwrap_or("");
    let mut details = Details::default();
    if !CREATABLE_TYPES.contains(&kind) {
        details.add(
            "type",
            "InvalidValue",
            format!("Type: {kind} is not a valid identity type"),
        );
    }
    if value.trim().is_empty() {
        details.add("value", "BlankValue", "Value: cannot be blank".to_owned());
    } else if kind == "email" {
        if !email_is_well_formed(value) {
            details.add(
                "value",
                "InvalidFormat",
                format!("Email: {value} is not properly formatted"),
            );
        } else if context.state.account.live_user_by_email(value).is_some() {
            details.add(
                "value",
                "DuplicateValue",
                format!("Email: {value} is already being used by another user"),
            );
        }
    }
    if !details.is_empty() {
        return Err(Reply::record_invalid(details));
    }
    let now = context.now();
    let identity_id = context.state.account.allocate_id();
    let user = context.user_mut(user_id)?;
    let primary = !user
        .identities
        .iter()
        .any(|identity| identity.kind == kind && identity.primary);
    let verified = input.get("verified").and_then(Value::as_bool).unwrap_or(false);
    user.identities.push(Identity {
        id: identity_id,
        kind: kind.to_owned(),
        value: value.to_owned(),
        verified,
        primary,
        created_at: now,
        updated_at: now,
    });
    user.updated_at = now;
    Ok(Reply::json(
        StatusCode::CREATED,
        render_one(context, user_id, identity_id),
    ))
}

/// `GET /api/v2/users/{id}/identities/{identity_id}`.
pub(crate) fn show(context: &mut Context<'_>, user_text: &str, identity_text: &str) -> Outcome {
    let (user_id, identity_id) = user_and_identity(context, user_text, identity_text)?;
    Ok(Reply::ok(render_one(context, user_id, identity_id)))
}

/// `PUT /api/v2/users/{id}/identities/{identity_id}`: `verified` and `value` change; `primary`
/// is ignored (the reference: use Make Identity Primary).
pub(crate) fn update(context: &mut Context<'_>, user_text: &str, identity_text: &str) -> Outcome {
    let (user_id, identity_id) = user_and_identity(context, user_text, identity_text)?;
    let input = identity_input(context)?;
    let now = context.now();
    let kind = identity_mut(context, user_id, identity_id)?.kind.clone();
    if let Some(value) = input.get("value").and_then(Value::as_str) {
        if kind == "email" && !email_is_well_formed(value) {
            let mut details = Details::default();
            details.add(
                "value",
                "InvalidFormat",
                format!("Email: {value} is not properly formatted"),
            );
            return Err(Reply::record_invalid(details));
        }
    }
    let identity = identity_mut(context, user_id, identity_id)?;
    if let Some(value) = input.get("value").and_then(Value::as_str) {
        identity.value = value.to_owned();
    }
    match input.get("verified").and_then(Value::as_bool) {
        Some(verified) => identity.verified = verified,
        None => match input.get("verification_method").and_then(Value::as_str) {
            Some("none") => identity.verified = false,
            Some("low" | "full") => identity.verified = true,
            _ => {}
        },
    }
    identity.updated_at = now;
    Ok(Reply::ok(render_one(context, user_id, identity_id)))
}

/// `DELETE /api/v2/users/{id}/identities/{identity_id}`: 204. Deleting the primary email
/// promotes the oldest remaining email, so one email stays primary.
pub(crate) fn delete(context: &mut Context<'_>, user_text: &str, identity_text: &str) -> Outcome {
    let (user_id, identity_id) = user_and_identity(context, user_text, identity_text)?;
    let now = context.now();
    let user = context.user_mut(user_id)?;
    let removed = user
        .identities
        .iter()
        .position(|identity| identity.id == identity_id)
        .map(|index| user.identities.remove(index));
    if let Some(removed) = removed.filter(|removed| removed.primary) {
        if let Some(next) = user
            .identities
            .iter_mut()
            .find(|identity| identity.kind == removed.kind)
        {
            next.primary = true;
        }
    }
    user.updated_at = now;
    Ok(Reply::empty(StatusCode::NO_CONTENT))
}

/// `PUT .../make_primary`: this identity becomes the primary of its type; answers all
/// identities of the user.
pub(crate) fn make_primary(context: &mut Context<'_>, user_text: &str, identity_text: &str) -> Outcome {
    let (user_id, identity_id) = user_and_identity(context, user_text, identity_text)?;
    let now = context.now();
    let user = context.user_mut(user_id)?;
    let kind = user
        .identities
        .iter()
        .find(|identity| identity.id == identity_id)
        .map(|identity| identity.kind.clone())
        .unwrap_or_default();
    for identity in user.identities.iter_mut().filter(|identity| identity.kind == kind) {
        identity.primary = identity.id == identity_id;
        identity.updated_at = now;
    }
    user.updated_at = now;
    let user = &context.state.account.users[&user_id];
    Ok(Reply::ok(render_all(user, context.base())))
}

/// `PUT .../request_verification`: Zendesk sends an email; nothing changes here.
pub(crate) fn request_verification(context: &mut Context<'_>, user_text: &str, identity_text: &str) -> Outcome {
    user_and_identity(context, user_text, identity_text)?;
    Ok(Reply::empty(StatusCode::OK))
}

/// `PUT .../verify`: the identity becomes verified.
pub(crate) fn verify(context: &mut Context<'_>, user_text: &str, identity_text: &str) -> Outcome {
    let (user_id, identity_id) = user_and_identity(context, user_text, identity_text)?;
    let now = context.now();
    let identity = identity_mut(context, user_id, identity_id)?;
    identity.verified = true;
    identity.updated_at = now;
    Ok(Reply::ok(render_one(context, user_id, identity_id)))
}
