//! The smaller operations around a user (reference file): passwords, sessions, group and
//! organization memberships, ticket skips, compliance deletion statuses, logout many.

use crate::clock::rfc3339;
use crate::model::{Life, User};
use crate::paging::{page_request, paginate, Links};
use crate::reply::{Details, Outcome, Reply};
use crate::routes::id;
use crate::server::{Context, RequestBody};
use crate::users::live_user;
use axum::http::StatusCode;
use serde_json::{json, Value};

/// The requirements of the reference's example (`UserPasswordRequirementsResponseExample`).
const PASSWORD_REQUIREMENTS: &[&str] = &["must be at least 5 characters", "must be different from email address"];

/// A fixed CSRF token per simulator (seed 003, "Show Self": the answer has an
/// `authenticity_token`).
pub(crate) fn authenticity_token(context: &Context<'_>) -> String {
    format!("sim-csrf-{}", context.state.owner_id)
}

fn body_text<'a>(context: &'a Context<'_>, key: &str) -> Option<&'a str> {
    match &context.body {
        RequestBody::Json(body) => body.get(key).and_then(Value::as_str),
        _ => None,
    }
}

fn check_password(user: &User, password: &str) -> Result<(), Reply> {
    let mut details = Details::default();
    if password.chars().count() < 5 {
        details.add(
            "password",
            "InvalidValue",
            "Password: must be at least 5 characters".to_owned(),
        );
    }
    if user.emails().any(|email| email == password.to_lowercase()) {
        details.add(
            "password",
            "InvalidValue",
            "Password: must be different from email address".to_owned(),
        );
    }
    if details.is_empty() {
        Ok(())
    } else {
        Err(Reply::record_invalid(details))
    }
}

/// `POST /api/v2/users/{id}/password`: an admin sets a password.
pub(crate) fn set_password(context: &mut Context<'_>, user_text: &str) -> Outcome {
    let user_id = live_user(context, user_text)?.id;
    let password = body_text(context, "password")
        .ok_or_else(|| Reply::bad_request("ParameterMissing", "param is missing or the value is empty: password"))?
        .to_owned();
    check_password(&context.state.account.users[&user_id], &password)?;
    if let Some(user) = context.state.account.users.get_mut(&user_id) {
        user.password = Some(password);
    }
    Ok(Reply::empty(StatusCode::OK))
}

/// `PUT /api/v2/users/{id}/password`: only your own, and only knowing the previous one.
pub(crate) fn change_own_password(context: &mut Context<'_>, user_text: &str) -> Outcome {
    let user_id = live_user(context, user_text)?.id;
    if user_id != context.state.owner_id {
        return Err(Reply::forbidden("You can only change your own password"));
    }
    let previous = body_text(context, "previous_password").unwrap_or("").to_owned();
    let password = body_text(context, "password")
        .ok_or_else(|| Reply::bad_request("ParameterMissing", "param is missing or the value is empty: password"))?
        .to_owned();
    let user = &context.state.account.users[&user_id];
    if user.password.as_deref() != Some(previous.as_str()) {
        let mut details = Details::default();
        details.add(
            "previous_password",
            "InvalidValue",
            "Previous password: is incorrect".to_owned(),
        );
        return Err(Reply::record_invalid(details));
    }
    check_password(user, &password)?;
    if let Some(user) = context.state.account.users.get_mut(&user_id) {
        user.password = Some(password);
    }
    Ok(Reply::empty(StatusCode::OK))
}

/// `GET /api/v2/users/{id}/password/requirements`.
pub(crate) fn password_requirements(context: &mut Context<'_>, user_text: &str) -> Outcome {
    live_user(context, user_text)?;
    Ok(Reply::ok(json!({"requirements": PASSWORD_REQUIREMENTS})))
}

fn render_session(context: &Context<'_>, user: &User, session_id: u64) -> Value {
    let base = context.base();
    json!({"session": {
        "id": session_id,
        "user_id": user.id,
        "authenticated_at": rfc3339(user.created_at),
        "last_seen_at": rfc3339(user.updated_at),
        "url": format!("{base}/api/v2/users/{}/sessions/{session_id}.json", user.id),
    }})
}

/// `DELETE /api/v2/users/{id}/sessions`: 204, every session gone.
pub(crate) fn delete_sessions(context: &mut Context<'_>, user_text: &str) -> Outcome {
    let user_id = live_user(context, user_text)?.id;
    if let Some(user) = context.state.account.users.get_mut(&user_id) {
        user.sessions.clear();
    }
    Ok(Reply::empty(StatusCode::NO_CONTENT))
}

/// `GET /api/v2/users/{id}/sessions/{session_id}`.
pub(crate) fn show_session(context: &mut Context<'_>, user_text: &str, session_text: &str) -> Outcome {
    let user = live_user(context, user_text)?;
    let session_id = id(session_text)?;
    if !user.sessions.contains(&session_id) {
        return Err(Reply::not_found());
    }
    Ok(Reply::ok(render_session(context, user, session_id)))
}

/// `DELETE /api/v2/users/{id}/sessions/{session_id}`: 204.
pub(crate) fn delete_session(context: &mut Context<'_>, user_text: &str, session_text: &str) -> Outcome {
    let user_id = live_user(context, user_text)?.id;
    let session_id = id(session_text)?;
    let user = context.user_mut(user_id)?;
    let before = user.sessions.len();
    user.sessions.retain(|known| *known != session_id);
    if user.sessions.len() == before {
        return Err(Reply::not_found());
    }
    Ok(Reply::empty(StatusCode::NO_CONTENT))
}

/// `GET /api/v2/users/me/session`: the token user's first session.
pub(crate) fn my_session(context: &mut Context<'_>) -> Outcome {
    let owner = context.state.owner_id;
    let user = context.state.account.users.get(&owner).ok_or_else(Reply::not_found)?;
    let session_id = *user.sessions.first().ok_or_else(Reply::not_found)?;
    Ok(Reply::ok(render_session(context, user, session_id)))
}

/// `POST /api/v2/users/logout_many?ids=`: 202 (up to 100 ids); the users' sessions end.
pub(crate) fn logout_many(context: &mut Context<'_>) -> Outcome {
    let ids = context.query.list("ids");
    if ids.len() > 100 {
        return Err(Reply::bad_request("TooManyValues", "at most 100 ids are accepted"));
    }
    for user_id in ids.iter().filter_map(|text| text.parse::<u64>().ok()) {
        if let Some(user) = context.state.account.users.get_mut(&user_id) {
            user.sessions.clear();
        }
    }
    Ok(Reply::empty(StatusCode::ACCEPTED))
}

fn render_group_memberships(context: &Context<'_>, user: &User) -> Value {
    let base = context.base();
    let memberships: Vec<Value> = user
        .group_memberships
        .iter()
        .map(|membership| {
            json!({
                "id": membership.id, "user_id": user.id, "group_id": membership.group_id, "default": membership.default,
                "created_at": rfc3339(membership.created_at), "updated_at": rfc3339(user.updated_at),
                "url": format!("{base}/api/v2/group_memberships/{}.json", membership.id),
            })
        })
        .collect();
    json!({"group_memberships": memberships})
}

fn render_organization_membership(
    context: &Context<'_>,
    user: &User,
    membership: &crate::model::OrganizationMembership,
) -> Value {
    let base = context.base();
    let name = context
        .state
        .account
        .organizations
        .get(&membership.organization_id)
        .map(|organization| organization.name.clone());
    json!({
        "id": membership.id, "user_id": user.id, "organization_id": membership.organization_id, "organization_name": name,
        // The reference: "If false, returns `null`".
        "default": if membership.default { Some(true) } else { None },
        "view_tickets": false,
        "created_at": rfc3339(membership.created_at), "updated_at": rfc3339(user.updated_at),
        "url": format!("{base}/api/v2/organization_memberships/{}.json", membership.id),
    })
}

/// Makes the membership `membership_id` of one user's `memberships` (group or
/// organization) the default and every other one not: 404 when the user has no such
/// membership. `fields` gives a membership's id and its default flag.
fn make_default<M>(
    memberships: &mut [M],
    membership_id: u64,
    fields: impl Fn(&mut M) -> (u64, &mut bool),
) -> Result<(), Reply> {
    if !memberships
        .iter_mut()
        .any(|membership| fields(membership).0 == membership_id)
    {
        return Err(Reply::not_found());
    }
    for membership in memberships {
        let (id, default) = fields(membership);
        *default = id == membership_id;
    }
    Ok(())
}

/// `PUT /api/v2/users/{id}/group_memberships/{membership_id}/make_default`.
pub(crate) fn group_membership_make_default(
    context: &mut Context<'_>,
    user_text: &str,
    membership_text: &str,
) -> Outcome {
    let user_id = live_user(context, user_text)?.id;
    let membership_id = id(membership_text)?;
    let now = context.now();
    let user = context.user_mut(user_id)?;
    make_default(&mut user.group_memberships, membership_id, |membership| {
        (membership.id, &mut membership.default)
    })?;
    user.updated_at = now;
    let user = &context.state.account.users[&user_id];
    Ok(Reply::ok(render_group_memberships(context, user)))
}

/// `PUT /api/v2/users/{id}/organization_memberships/{membership_id}/make_default`.
pub(crate) fn organization_membership_make_default(
    context: &mut Context<'_>,
    user_text: &str,
    membership_text: &str,
) -> Outcome {
    let user_id = live_user(context, user_text)?.id;
    let membership_id = id(membership_text)?;
    let now = context.now();
    let user = context.user_mut(user_id)?;
    make_default(&mut user.organization_memberships, membership_id, |membership| {
        (membership.id, &mut membership.default)
    })?;
    user.updated_at = now;
    let user = &context.state.account.users[&user_id];
    let memberships: Vec<Value> = user
        .organization_memberships
        .iter()
        .map(|membership| render_organization_membership(context, user, membership))
        .collect();
    Ok(Reply::ok(json!({"organization_memberships": memberships})))
}

/// `PUT /api/v2/users/{id}/organizations/{organization_id}/make_default`.
pub(crate) fn organization_make_default(
    context: &mut Context<'_>,
    user_text: &str,
    organization_text: &str,
) -> Outcome {
    let user_id = live_user(context, user_text)?.id;
    let organization_id = id(organization_text)?;
    let now = context.now();
    let user = context.user_mut(user_id)?;
    if !user
        .organization_memberships
        .iter()
        .any(|membership| membership.organization_id == organization_id)
    {
        return Err(Reply::not_found());
    }
    for membership in &mut user.organization_memberships {
        membership.default = membership.organization_id == organization_id;
    }
    user.updated_at = now;
    let user = &context.state.account.users[&user_id];
    let membership = user
        .organization_memberships
        .iter()
        .find(|membership| membership.default)
        .ok_or_else(Reply::not_found)?;
    Ok(Reply::ok(
        json!({"organization_membership": render_organization_membership(context, user, membership)}),
    ))
}

/// `DELETE /api/v2/users/{id}/organizations/{organization_id}`: 204; when the default goes,
/// the next membership becomes the default.
pub(crate) fn unassign_organization(context: &mut Context<'_>, user_text: &str, organization_text: &str) -> Outcome {
    let user_id = live_user(context, user_text)?.id;
    let organization_id = id(organization_text)?;
    let now = context.now();
    let user = context.user_mut(user_id)?;
    let index = user
        .organization_memberships
        .iter()
        .position(|membership| membership.organization_id == organization_id)
        .ok_or_else(Reply::not_found)?;
    let removed = user.organization_memberships.remove(index);
    if removed.default {
        if let Some(next) = user.organization_memberships.first_mut() {
            next.default = true;
        }
    }
    user.updated_at = now;
    Ok(Reply::empty(StatusCode::NO_CONTENT))
}

/// `GET /api/v2/users/{id}/skips`: paginated, `sort_order` asc (default) or desc.
pub(crate) fn ticket_skips(context: &mut Context<'_>, user_text: &str) -> Outcome {
    let request = page_request(&context.query)?;
    let user = live_user(context, user_text)?;
    let base = context.base();
    let descending = context.query.get("sort_order") == Some("desc");
    let mut items: Vec<(u64, Value)> = user
        .skips
        .iter()
        .map(|skip| {
            let skip_json = json!({
                "id": skip.id, "ticket_id": skip.ticket_id, "user_id": user.id, "reason": skip.reason,
                "created_at": rfc3339(skip.created_at), "updated_at": rfc3339(skip.created_at),
                "ticket": {"id": skip.ticket_id, "subject": format!("Ticket {}", skip.ticket_id), "status": "open",
                           "url": format!("{base}/api/v2/tickets/{}.json", skip.ticket_id)},
            });
            (skip.id, skip_json)
        })
        .collect();
    if descending {
        // Cursor keys must grow along the list, so a descending list is keyed by its position.
        items.reverse();
        items = items
            .into_iter()
            .enumerate()
            .map(|(position, (_, value))| (position as u64 + 1, value))
            .collect();
    }
    let links = Links {
        base_url: base,
        path: &context.path,
        query: &context.query,
    };
    Ok(Reply::ok(Value::Object(paginate("skips", items, &request, &links))))
}

/// `GET /api/v2/users/{id}/compliance_deletion_statuses`: empty for a live user; a deletion
/// request for a deleted one; started and complete once permanently deleted. 404 for an
/// unknown user (seed 003).
pub(crate) fn compliance_deletion_statuses(context: &mut Context<'_>, user_text: &str) -> Outcome {
    let request = page_request(&context.query)?;
    let user_id = id(user_text)?;
    let user = context.state.account.users.get(&user_id).ok_or_else(Reply::not_found)?;
    let at = user.deleted_at.unwrap_or(user.updated_at);
    let owner = context.state.owner_id;
    let status = |action: &str, application: &str, executer: Option<u64>, offset: i64| json!({"action": action, "application": application, "account_subdomain": "sim", "executer_id": executer, "user_id": user_id, "created_at": rfc3339(at + offset)});
    let mut statuses = Vec::new();
    if user.life != Life::Live {
        statuses.push(status("request_deletion", "all", Some(owner), 0));
    }
    if user.life == Life::PermanentlyDeleted {
        statuses.push(status("started", "support", None, 1));
        statuses.push(status("complete", "support", None, 2));
    }
    let application = context.query.get("application");
    let items = statuses
        .into_iter()
        .filter(|status| application.map_or(true, |wanted| status["application"] == wanted))
        .enumerate()
        .map(|(position, status)| (position as u64 + 1, status))
        .collect();
    let links = Links {
        base_url: context.base(),
        path: &context.path,
        query: &context.query,
    };
    Ok(Reply::ok(Value::Object(paginate(
        "compliance_deletion_statuses",
        items,
        &request,
        &links,
    ))))
}
