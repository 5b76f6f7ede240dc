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

// ------------------------------------------------------------------ nullable request fields

/// Which resource of Zendesk's published description a request model writes: its
/// nullable marks say which properties an update may clear (Zendesk's own request
/// schemas carry no such marks). Every request model must be listed, so a new one
/// cannot skip the check; `None` for a model that writes no Zendesk resource.
const WRITES: &[(&str, Option<&str>)] = &[
    ("UserCreate", Some("UserForAdmin")),
    ("UserUpdate", Some("UserForAdmin")),
    ("UserBatchUpdate", Some("UserForAdmin")),
    ("UserCreateOrUpdate", Some("UserForAdmin")),
    ("UserRequestCreate", Some("UserForAdmin")),
    ("UserMergeTarget", Some("UserForAdmin")),
    ("UserIdentityCreate", Some("UserIdentityObject")),
    ("IdentityCreate", Some("UserIdentityObject")),
    ("IdentityUpdate", Some("UserIdentityObject")),
    // `user.organization` at creation: an organization looked up or created by name.
    ("OrganizationByName", None),
    ("PasswordSetRequest", None),
    ("PasswordChangeRequest", None),
];

fn yaml_file(relative: &str) -> Option<serde_json::Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let text = std::fs::read_to_string(&path).ok()?;
    Some(serde_yaml_ng::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display())))
}

/// The component a `$ref` names, or `None` for an inline schema.
fn ref_name(schema: &serde_json::Value) -> Option<&str> {
    schema.get("$ref")?.as_str()?.rsplit('/').next()
}

/// Every named object schema a request body reaches (through properties, items, allOf).
fn request_models(spec: &serde_json::Value) -> BTreeSet<String> {
    fn walk(spec: &serde_json::Value, schema: &serde_json::Value, found: &mut BTreeSet<String>) {
        let schema = match ref_name(schema) {
            Some(name) => {
                if !found.insert(name.to_string()) {
                    return;
                }
                &spec["components"]["schemas"][name]
            }
            None => schema,
        };
        for part in schema["allOf"].as_array().into_iter().flatten() {
            walk(spec, part, found);
        }
        walk_children(spec, schema, found);
    }
    fn walk_children(spec: &serde_json::Value, schema: &serde_json::Value, found: &mut BTreeSet<String>) {
        if let Some(items) = schema.get("items") {
            walk(spec, items, found);
        }
        for property in schema["properties"]
            .as_object()
            .into_iter()
            .flat_map(|map| map.values())
        {
            walk(spec, property, found);
        }
    }
    let mut found = BTreeSet::new();
    for item in spec["paths"].as_object().expect("paths").values() {
        for operation in item.as_object().expect("a path item").values() {
            if let Some(schema) = operation.pointer("/requestBody/content/application~1json/schema") {
                walk(spec, schema, &mut found);
            }
        }
    }
    found
}

/// Whether a property schema allows `null` (directly or through its `allOf` member).
fn is_nullable(spec: &serde_json::Value, property: &serde_json::Value) -> bool {
    let through = |schema: &serde_json::Value| {
        ref_name(schema).is_some_and(|name| spec["components"]["schemas"][name]["nullable"] == true)
    };
    property["nullable"] == true || through(property) || property["allOf"].as_array().into_iter().flatten().any(through)
}

/// Every request model's property that Zendesk's description lets an update clear
/// (nullable, not read-only, on the resource it writes) is nullable in ours, so an
/// update can send `null`; a property we make nullable where Zendesk does not, or leave
/// not nullable where it is, is explained in `spec/upstream-differences.yaml`
/// (`nullable:`), and every entry there still matches something.
#[test]
fn request_models_can_clear_what_zendesk_lets_an_update_clear() {
    let ours = yaml_file("../spec/zendesk-users.yaml").expect("spec/zendesk-users.yaml");
    let Some(theirs) = yaml_file("../../shared/reference/zendesk-users-family.oas.yaml") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared/reference is required in CI"
        );
        println!("SKIPPED: Zendesk's published description is absent; nullable marks not compared");
        return;
    };
    let allowed = yaml_file("../spec/upstream-differences.yaml").expect("spec/upstream-differences.yaml");
    let allowed: Vec<(String, String)> = allowed["nullable"]
        .as_array()
        .expect("upstream-differences.yaml has a `nullable:` list")
        .iter()
        .map(|entry| {
            let pattern = entry["match"].as_str().expect("match").to_string();
            let reason = entry["reason"].as_str().expect("reason").to_string();
            assert!(!reason.trim().is_empty(), "{pattern} has no reason");
            (pattern, reason)
        })
        .collect();
    let models = request_models(&ours);
    let listed: BTreeSet<String> = WRITES.iter().map(|(name, _)| name.to_string()).collect();
    let object_models: BTreeSet<String> = models
        .iter()
        .filter(|name| {
            let schema = &ours["components"]["schemas"][name.as_str()];
            // Envelopes (`{user: ...}`) and enums write nothing of their own.
            schema["properties"].as_object().is_some_and(|properties| {
                properties
                    .values()
                    .any(|property| ref_name(property).is_none() && property.get("items").is_none())
            })
        })
        .cloned()
        .collect();
    let unlisted: Vec<_> = object_models.difference(&listed).collect();
    assert!(unlisted.is_empty(), "request models missing from WRITES: {unlisted:?}");

    let mut differences = Vec::new();
    for (model, resource) in WRITES {
        let Some(resource) = resource else { continue };
        let schema = &ours["components"]["schemas"][*model];
        let upstream = &theirs["components"]["schemas"][*resource]["properties"];
        assert!(upstream.is_object(), "Zendesk's description has no {resource}");
        let properties = schema["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{model} has properties"));
        for (name, property) in properties {
            let Some(their) = upstream.get(name) else {
                if is_nullable(&ours, property) {
                    differences.push(format!(
                        "{model}.{name}: nullable only in ours ({resource} has no {name})"
                    ));
                }
                continue;
            };
            if their["readOnly"] == true {
                continue;
            }
            match (is_nullable(&ours, property), their["nullable"] == true) {
                (true, false) => differences.push(format!("{model}.{name}: ours nullable, upstream not")),
                (false, true) => differences.push(format!("{model}.{name}: upstream nullable, ours not")),
                _ => {}
            }
        }
    }
    let matches = zendesk_users_codegen::diff::upstream::matches;
    let unexplained: Vec<&String> = differences
        .iter()
        .filter(|line| !allowed.iter().any(|(pattern, _)| matches(pattern, line)))
        .collect();
    assert!(
        unexplained.is_empty(),
        "nullable marks differ from Zendesk's description without a reason in \
         spec/upstream-differences.yaml (make the property nullable, or explain it):\n{unexplained:#?}"
    );
    let stale: Vec<&String> = allowed
        .iter()
        .map(|(pattern, _)| pattern)
        .filter(|pattern| !differences.iter().any(|line| matches(pattern, line)))
        .collect();
    assert!(stale.is_empty(), "entries of `nullable:` that match nothing: {stale:?}");
}
