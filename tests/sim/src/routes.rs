//! The 53 operations of the Users family by method and path (paths without `/api/v2/` and
//! without `.json`), and the 404 / 405 answers for anything else.

use crate::reply::{Outcome, Reply};
use crate::server::Context;
use axum::http::StatusCode;
use serde_json::json;

/// Which users a list or count covers.
#[derive(Debug, Clone)]
pub(crate) enum Scope {
    All,
    Group(String),
    Organization(String),
}

/// One operation with its path parameters (still text: a non-numeric id is a 404).
#[derive(Debug, Clone)]
pub(crate) enum Operation {
    ListUsers(Scope),
    CountUsers(Scope),
    CreateUser,
    SearchUsers,
    AutocompleteUsers,
    ShowUser(String),
    UpdateUser(String),
    DeleteUser(String),
    ShowManyUsers,
    ShowUserRelated(String),
    ShowCurrentUser,
    CreateManyUsers,
    CreateOrUpdateUser,
    CreateOrUpdateManyUsers,
    RequestUserCreate,
    UpdateManyUsers,
    MergeEndUsers(String),
    DestroyManyUsers,
    PermanentlyDeleteUser(String),
    ShowDeletedUser(String),
    ListDeletedUsers,
    CountDeletedUsers,
    ComplianceDeletionStatuses(String),
    LogoutManyUsers,
    ExportTimeBased,
    ExportCursorBased,
    ListIdentities(String),
    CreateIdentity(String),
    ShowIdentity(String, String),
    UpdateIdentity(String, String),
    DeleteIdentity(String, String),
    MakeIdentityPrimary(String, String),
    RequestVerification(String, String),
    VerifyIdentity(String, String),
    SetPassword(String),
    ChangeOwnPassword(String),
    PasswordRequirements(String),
    DeleteSessions(String),
    ShowSession(String, String),
    DeleteSession(String, String),
    DeleteAuthenticatedSession,
    ShowAuthenticatedSession,
    RenewSession,
    GroupMembershipMakeDefault(String, String),
    OrganizationMembershipMakeDefault(String, String),
    OrganizationMakeDefault(String, String),
    UnassignOrganization(String, String),
    ListTicketSkips(String),
    ShowJobStatus(String),
}

/// The operations a path serves, by method.
fn operations_of(segments: &[&str]) -> Option<Vec<(&'static str, Operation)>> {
    use Operation::*;
    let own = |text: &str| text.to_owned();
    let found = match segments {
        ["users"] => vec![("GET", ListUsers(Scope::All)), ("POST", CreateUser)],
        ["users", "search"] => vec![("GET", SearchUsers)],
        ["users", "autocomplete"] => vec![("GET", AutocompleteUsers)],
        ["users", "count"] => vec![("GET", CountUsers(Scope::All))],
        ["users", "show_many"] => vec![("GET", ShowManyUsers)],
        ["users", "me"] => vec![("GET", ShowCurrentUser)],
        ["users", "me", "session"] => vec![("GET", ShowAuthenticatedSession)],
        ["users", "me", "session", "renew"] => vec![("GET", RenewSession)],
        ["users", "me", "logout"] => vec![("DELETE", DeleteAuthenticatedSession)],
        ["users", "create_many"] => vec![("POST", CreateManyUsers)],
        ["users", "create_or_update"] => vec![("POST", CreateOrUpdateUser)],
        ["users", "create_or_update_many"] => vec![("POST", CreateOrUpdateManyUsers)],
        ["users", "request_create"] => vec![("POST", RequestUserCreate)],
        ["users", "update_many"] => vec![("PUT", UpdateManyUsers)],
        ["users", "destroy_many"] => vec![("DELETE", DestroyManyUsers)],
        ["users", "logout_many"] => vec![("POST", LogoutManyUsers)],
        ["users", user] => vec![
            ("GET", ShowUser(own(user))),
            ("PUT", UpdateUser(own(user))),
            ("DELETE", DeleteUser(own(user))),
        ],
        ["users", user, "related"] => vec![("GET", ShowUserRelated(own(user)))],
        ["users", user, "merge"] => vec![("PUT", MergeEndUsers(own(user)))],
        ["users", user, "compliance_deletion_statuses"] => vec![("GET", ComplianceDeletionStatuses(own(user)))],
        ["users", user, "identities"] => vec![("GET", ListIdentities(own(user))), ("POST", CreateIdentity(own(user)))],
        ["users", user, "identities", identity] => vec![
            ("GET", ShowIdentity(own(user), own(identity))),
            ("PUT", UpdateIdentity(own(user), own(identity))),
            ("DELETE", DeleteIdentity(own(user), own(identity))),
        ],
        ["users", user, "identities", identity, "make_primary"] => {
            vec![("PUT", MakeIdentityPrimary(own(user), own(identity)))]
        }
        ["users", user, "identities", identity, "request_verification"] => {
            vec![("PUT", RequestVerification(own(user), own(identity)))]
        }
        ["users", user, "identities", identity, "verify"] => vec![("PUT", VerifyIdentity(own(user), own(identity)))],
        ["users", user, "password"] => vec![("POST", SetPassword(own(user))), ("PUT", ChangeOwnPassword(own(user)))],
        ["users", user, "password", "requirements"] => vec![("GET", PasswordRequirements(own(user)))],
        ["users", user, "sessions"] => vec![("DELETE", DeleteSessions(own(user)))],
        ["users", user, "sessions", session] => vec![
            ("GET", ShowSession(own(user), own(session))),
            ("DELETE", DeleteSession(own(user), own(session))),
        ],
        ["users", user, "group_memberships", membership, "make_default"] => {
            vec![("PUT", GroupMembershipMakeDefault(own(user), own(membership)))]
        }
        ["users", user, "organization_memberships", membership, "make_default"] => {
            vec![("PUT", OrganizationMembershipMakeDefault(own(user), own(membership)))]
        }
        ["users", user, "organizations", organization, "make_default"] => {
            vec![("PUT", OrganizationMakeDefault(own(user), own(organization)))]
        }
        ["users", user, "organizations", organization] => {
            vec![("DELETE", UnassignOrganization(own(user), own(organization)))]
        }
        ["users", user, "skips"] => vec![("GET", ListTicketSkips(own(user)))],
        ["groups", group, "users"] => vec![("GET", ListUsers(Scope::Group(own(group))))],
        ["groups", group, "users", "count"] => vec![("GET", CountUsers(Scope::Group(own(group))))],
        ["organizations", organization, "users"] => vec![("GET", ListUsers(Scope::Organization(own(organization))))],
        ["organizations", organization, "users", "count"] => {
            vec![("GET", CountUsers(Scope::Organization(own(organization))))]
        }
        ["deleted_users"] => vec![("GET", ListDeletedUsers)],
        ["deleted_users", "count"] => vec![("GET", CountDeletedUsers)],
        ["deleted_users", user] => vec![
            ("GET", ShowDeletedUser(own(user))),
            ("DELETE", PermanentlyDeleteUser(own(user))),
        ],
        ["incremental", "users"] => vec![("GET", ExportTimeBased)],
        ["incremental", "users", "cursor"] => vec![("GET", ExportCursorBased)],
        ["job_statuses", job] => vec![("GET", ShowJobStatus(own(job)))],
        _ => return None,
    };
    Some(found)
}

/// The operation for `method` and `path` (already without `.json`), or the 404 / 405 answer.
pub(crate) fn route(method: &str, path: &str) -> Result<Operation, Reply> {
    let rest = path.strip_prefix("/api/v2/").ok_or_else(Reply::invalid_endpoint)?;
    let segments: Vec<&str> = rest.split('/').collect();
    if segments.iter().any(|segment| segment.is_empty()) {
        return Err(Reply::invalid_endpoint());
    }
    let operations = operations_of(&segments).ok_or_else(Reply::invalid_endpoint)?;
    let allowed: Vec<&str> = operations.iter().map(|(allowed, _)| *allowed).collect();
    match operations.into_iter().find(|(allowed, _)| *allowed == method) {
        Some((_, operation)) => Ok(operation),
        None => Err(Reply::json(
            StatusCode::METHOD_NOT_ALLOWED,
            json!({"error": "MethodNotAllowed", "description": format!("{method} is not allowed here; allowed: {}", allowed.join(", "))}),
        )
        .with_header("Allow", allowed.join(", "))),
    }
}

/// Runs an operation.
pub(crate) fn dispatch(context: &mut Context<'_>, operation: Operation) -> Outcome {
    use crate::{accounts as a, export as e, identities as i, users as u};
    use Operation::*;
    match operation {
        ListUsers(scope) => u::list(context, &scope),
        CountUsers(scope) => u::count(context, &scope),
        CreateUser => u::create(context),
        SearchUsers => u::search(context),
        AutocompleteUsers => u::autocomplete(context),
        ShowUser(user) => u::show(context, &user),
        UpdateUser(user) => u::update(context, &user),
        DeleteUser(user) => u::delete(context, &user),
        ShowManyUsers => u::show_many(context),
        ShowUserRelated(user) => u::related(context, &user),
        ShowCurrentUser => u::me(context),
        CreateManyUsers => u::bulk(context, u::Bulk::Create),
        CreateOrUpdateUser => u::create_or_update(context),
        CreateOrUpdateManyUsers => u::bulk(context, u::Bulk::CreateOrUpdate),
        RequestUserCreate => u::request_create(context),
        UpdateManyUsers => u::bulk(context, u::Bulk::Update),
        MergeEndUsers(user) => u::merge(context, &user),
        DestroyManyUsers => u::bulk(context, u::Bulk::Destroy),
        PermanentlyDeleteUser(user) => u::permanently_delete(context, &user),
        ShowDeletedUser(user) => u::show_deleted(context, &user),
        ListDeletedUsers => u::list_deleted(context),
        CountDeletedUsers => u::count_deleted(context),
        ComplianceDeletionStatuses(user) => a::compliance_deletion_statuses(context, &user),
        LogoutManyUsers => a::logout_many(context),
        ExportTimeBased => e::time_based(context),
        ExportCursorBased => e::cursor_based(context),
        ListIdentities(user) => i::list(context, &user),
        CreateIdentity(user) => i::create(context, &user),
        ShowIdentity(user, identity) => i::show(context, &user, &identity),
        UpdateIdentity(user, identity) => i::update(context, &user, &identity),
        DeleteIdentity(user, identity) => i::delete(context, &user, &identity),
        MakeIdentityPrimary(user, identity) => i::make_primary(context, &user, &identity),
        RequestVerification(user, identity) => i::request_verification(context, &user, &identity),
        VerifyIdentity(user, identity) => i::verify(context, &user, &identity),
        SetPassword(user) => a::set_password(context, &user),
        ChangeOwnPassword(user) => a::change_own_password(context, &user),
        PasswordRequirements(user) => a::password_requirements(context, &user),
        DeleteSessions(user) => a::delete_sessions(context, &user),
        ShowSession(user, session) => a::show_session(context, &user, &session),
        DeleteSession(user, session) => a::delete_session(context, &user, &session),
        DeleteAuthenticatedSession => Ok(Reply::empty(StatusCode::NO_CONTENT)),
        ShowAuthenticatedSession => a::my_session(context),
        RenewSession => Ok(Reply::ok(json!({"authenticity_token": a::authenticity_token(context)}))),
        GroupMembershipMakeDefault(user, membership) => a::group_membership_make_default(context, &user, &membership),
        OrganizationMembershipMakeDefault(user, membership) => {
            a::organization_membership_make_default(context, &user, &membership)
        }
        OrganizationMakeDefault(user, organization) => a::organization_make_default(context, &user, &organization),
        UnassignOrganization(user, organization) => a::unassign_organization(context, &user, &organization),
        ListTicketSkips(user) => a::ticket_skips(context, &user),
        ShowJobStatus(job) => u::job_status(context, &job),
    }
}

/// Parses a numeric path parameter; anything else names no record (404).
pub(crate) fn id(text: &str) -> Result<u64, Reply> {
    text.parse().map_err(|_| Reply::not_found())
}
