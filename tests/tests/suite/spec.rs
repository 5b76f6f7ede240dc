//! The spec itself: it loads with `openapiv3` and describes every Users operation,
//! so an accidental deletion or rename fails CI.

use std::collections::BTreeSet;
use std::path::Path;

/// (operationId, method, path) of every operation the spec must describe.
const OPERATIONS: &[(&str, &str, &str)] = &[
    ("ListUsers", "get", "/api/v2/users"),
    ("ListGroupUsers", "get", "/api/v2/groups/{group_id}/users"),
    (
        "ListOrganizationUsers",
        "get",
        "/api/v2/organizations/{organization_id}/users",
    ),
    ("SearchUsers", "get", "/api/v2/users/search"),
    ("AutocompleteUsers", "get", "/api/v2/users/autocomplete"),
    ("CountUsers", "get", "/api/v2/users/count"),
    ("CountGroupUsers", "get", "/api/v2/groups/{group_id}/users/count"),
    (
        "CountOrganizationUsers",
        "get",
        "/api/v2/organizations/{organization_id}/users/count",
    ),
    ("ShowUser", "get", "/api/v2/users/{user_id}"),
    ("ShowManyUsers", "get", "/api/v2/users/show_many"),
    ("ShowUserRelated", "get", "/api/v2/users/{user_id}/related"),
    ("ShowCurrentUser", "get", "/api/v2/users/me"),
    ("CreateUser", "post", "/api/v2/users"),
    ("CreateManyUsers", "post", "/api/v2/users/create_many"),
    ("CreateOrUpdateUser", "post", "/api/v2/users/create_or_update"),
    ("CreateOrUpdateManyUsers", "post", "/api/v2/users/create_or_update_many"),
    ("RequestUserCreate", "post", "/api/v2/users/request_create"),
    ("UpdateUser", "put", "/api/v2/users/{user_id}"),
    ("UpdateManyUsers", "put", "/api/v2/users/update_many"),
    ("MergeEndUsers", "put", "/api/v2/users/{user_id}/merge"),
    ("DeleteUser", "delete", "/api/v2/users/{user_id}"),
    ("DestroyManyUsers", "delete", "/api/v2/users/destroy_many"),
    (
        "PermanentlyDeleteUser",
        "delete",
        "/api/v2/deleted_users/{deleted_user_id}",
    ),
    ("ListDeletedUsers", "get", "/api/v2/deleted_users"),
    ("CountDeletedUsers", "get", "/api/v2/deleted_users/count"),
    ("ShowDeletedUser", "get", "/api/v2/deleted_users/{deleted_user_id}"),
    (
        "ShowUserComplianceDeletionStatuses",
        "get",
        "/api/v2/users/{user_id}/compliance_deletion_statuses",
    ),
    ("LogoutManyUsers", "post", "/api/v2/users/logout_many"),
    ("IncrementalUserExportTime", "get", "/api/v2/incremental/users"),
    ("ShowJobStatus", "get", "/api/v2/job_statuses/{job_status_id}"),
    // The rest of the Users family (issue 10).
    ("IncrementalUserExportCursor", "get", "/api/v2/incremental/users/cursor"),
    ("ListUserIdentities", "get", "/api/v2/users/{user_id}/identities"),
    ("CreateUserIdentity", "post", "/api/v2/users/{user_id}/identities"),
    (
        "ShowUserIdentity",
        "get",
        "/api/v2/users/{user_id}/identities/{user_identity_id}",
    ),
    (
        "UpdateUserIdentity",
        "put",
        "/api/v2/users/{user_id}/identities/{user_identity_id}",
    ),
    (
        "DeleteUserIdentity",
        "delete",
        "/api/v2/users/{user_id}/identities/{user_identity_id}",
    ),
    (
        "MakeUserIdentityPrimary",
        "put",
        "/api/v2/users/{user_id}/identities/{user_identity_id}/make_primary",
    ),
    (
        "RequestUserVerfication",
        "put",
        "/api/v2/users/{user_id}/identities/{user_identity_id}/request_verification",
    ),
    (
        "VerifyUserIdentity",
        "put",
        "/api/v2/users/{user_id}/identities/{user_identity_id}/verify",
    ),
    ("SetUserPassword", "post", "/api/v2/users/{user_id}/password"),
    ("ChangeOwnPassword", "put", "/api/v2/users/{user_id}/password"),
    (
        "GetUserPasswordRequirements",
        "get",
        "/api/v2/users/{user_id}/password/requirements",
    ),
    (
        "BulkDeleteSessionsByUserId",
        "delete",
        "/api/v2/users/{user_id}/sessions",
    ),
    ("ShowSession", "get", "/api/v2/users/{user_id}/sessions/{session_id}"),
    (
        "DeleteSession",
        "delete",
        "/api/v2/users/{user_id}/sessions/{session_id}",
    ),
    ("DeleteAuthenticatedSession", "delete", "/api/v2/users/me/logout"),
    ("ShowCurrentlyAuthenticatedSession", "get", "/api/v2/users/me/session"),
    ("RenewCurrentSession", "get", "/api/v2/users/me/session/renew"),
    (
        "GroupMembershipSetDefault",
        "put",
        "/api/v2/users/{user_id}/group_memberships/{group_membership_id}/make_default",
    ),
    (
        "SetOrganizationMembershipAsDefault",
        "put",
        "/api/v2/users/{user_id}/organization_memberships/{organization_membership_id}/make_default",
    ),
    (
        "SetOrganizationAsDefault",
        "put",
        "/api/v2/users/{user_id}/organizations/{organization_id}/make_default",
    ),
    (
        "UnassignOrganization",
        "delete",
        "/api/v2/users/{user_id}/organizations/{organization_id}",
    ),
    ("ListTicketSkips", "get", "/api/v2/users/{user_id}/skips"),
];

fn load_spec() -> openapiv3::OpenAPI {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/zendesk-users.yaml");
    let text = std::fs::read_to_string(&path).expect("spec/zendesk-users.yaml exists");
    serde_yaml_ng::from_str(&text).expect("the spec is an OpenAPI 3.0 document openapiv3 can read")
}

fn operations(api: &openapiv3::OpenAPI) -> BTreeSet<(String, String, String)> {
    let mut found = BTreeSet::new();
    for (path, item) in api.paths.iter() {
        let item = item.as_item().expect("path items are written inline");
        for (method, operation) in item.iter() {
            let id = operation.operation_id.clone().unwrap_or_default();
            found.insert((id, method.to_string(), path.clone()));
        }
    }
    found
}

#[test]
fn spec_describes_every_users_operation_and_no_other() {
    let found = operations(&load_spec());
    let expected: BTreeSet<(String, String, String)> = OPERATIONS
        .iter()
        .map(|(id, method, path)| (id.to_string(), method.to_string(), path.to_string()))
        .collect();
    let missing: Vec<_> = expected.difference(&found).collect();
    let unexpected: Vec<_> = found.difference(&expected).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "missing: {missing:#?}\nunexpected: {unexpected:#?}"
    );
}

#[test]
fn every_operation_has_a_summary_description_tag_and_error_response() {
    let api = load_spec();
    for (path, item) in api.paths.iter() {
        for (method, operation) in item.as_item().expect("inline path items").iter() {
            let at = format!("{method} {path}");
            assert!(
                operation.summary.as_deref().is_some_and(|text| !text.is_empty()),
                "{at} has no summary"
            );
            assert!(
                operation.description.as_deref().is_some_and(|text| !text.is_empty()),
                "{at} has no description"
            );
            assert!(!operation.tags.is_empty(), "{at} has no tag");
            let has_4xx = operation.responses.responses.keys().any(|status| match status {
                openapiv3::StatusCode::Code(code) => (400..500).contains(code),
                openapiv3::StatusCode::Range(range) => *range == 4,
            });
            assert!(has_4xx, "{at} documents no 4xx response");
        }
    }
}

#[test]
fn bulk_request_bodies_are_capped_at_100_users() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/zendesk-users.yaml")).unwrap();
    let spec: serde_json::Value = serde_yaml_ng::from_str(&text).unwrap();
    for schema in [
        "UsersCreateManyRequest",
        "UsersCreateOrUpdateManyRequest",
        "UsersBatchUpdateRequest",
    ] {
        let max = &spec["components"]["schemas"][schema]["properties"]["users"]["maxItems"];
        assert_eq!(max, 100, "{schema}.users must declare maxItems: 100");
    }
}
