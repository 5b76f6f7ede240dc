//! Typed sideloads: `include` as a typed list on list, show, search and me,
//! and the sideloaded records decoded into their own types (abilities inside
//! each user, roles with every field null, open ticket counts keyed by user
//! id), with unknown sideloads kept.

use zendesk_users::models::UserSideload;

use super::*;

/// A user with `include=abilities`: the abilities arrive inside the user.
fn user_with_abilities(id: i64) -> Value {
    json!({
        "id": id,
        "name": "Johnny Agent",
        "abilities": {
            "url": format!("https://company.zendesk.com/api/v2/users/{id}/abilities.json"),
            "user_id": id,
            "can_edit": true,
            "can_edit_password": false,
            "can_manage_identities_of": true,
            "can_verify_identities": true,
            "can_assume": false
        }
    })
}

/// Every documented sideload beside the users, plus one this client does not know.
fn sideloads() -> Value {
    json!({
        "identities": [{ "id": 7, "user_id": 35436, "type": "email", "value": "johnny@example.com", "primary": true }],
        "organizations": [{ "id": 57542, "name": "Acme", "domain_names": ["acme.example"], "shared_tickets": false }],
        "groups": [{ "id": 360001, "name": "Support", "default": true, "deleted": false }],
        "roles": [{ "id": null, "name": null, "description": null, "role_type": null, "configuration": null,
                    "created_at": null, "updated_at": null }],
        "open_ticket_count": { "35436": 3 },
        "brands": [{ "id": 1, "name": "Acme Brand" }]
    })
}

fn with_sideloads(mut body: Value) -> Value {
    if let (Some(body), Value::Object(extra)) = (body.as_object_mut(), sideloads()) {
        body.extend(extra);
    }
    body
}

fn assert_user_abilities(user: &models::User) {
    let abilities = user.abilities.value().expect("abilities inside the user");
    assert_eq!(abilities.user_id, Nullable::Value(user.id));
    assert_eq!(abilities.can_edit, Nullable::Value(true));
    assert_eq!(abilities.can_edit_password, Nullable::Value(false));
    assert_eq!(abilities.can_verify_identities, Nullable::Value(true));
    // An ability this client does not name is kept.
    assert_eq!(abilities.extra.get("can_assume"), Some(&json!(false)));
}

#[tokio::test]
async fn list_users_sends_a_typed_include_and_decodes_every_sideload() {
    let server = MockServer::start().await;
    let body = with_sideloads(json!({ "users": [user_with_abilities(35436)] }));
    Mock::given(method("GET"))
        .and(path("/api/v2/users"))
        .respond_with(json_response(200, body.clone()))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .list_users()
        .include([
            UserSideload::Abilities,
            UserSideload::Identities,
            UserSideload::Organizations,
            UserSideload::Groups,
            UserSideload::Roles,
            UserSideload::OpenTicketCount,
        ])
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        sent.raw_query.as_deref(),
        Some("include=abilities,identities,organizations,groups,roles,open_ticket_count")
    );
    let page = result.expect("ListUsers succeeds").into_body();
    assert_user_abilities(&page.users[0]);
    let identities = page.identities.value().expect("identities");
    assert_eq!(identities[0].r#type, Some(models::IdentityType::Email));
    let organizations = page.organizations.value().expect("organizations");
    assert_eq!(
        (organizations[0].id, organizations[0].domain_names.value().cloned()),
        (57542, Some(vec!["acme.example".to_string()]))
    );
    let groups = page.groups.value().expect("groups");
    assert_eq!(
        (groups[0].id, groups[0].name.value().map(String::as_str)),
        (360001, Some("Support"))
    );
    let roles = page.roles.value().expect("roles");
    assert_eq!(roles[0].id, Nullable::Null, "roles arrive with every field null");
    assert_eq!(roles[0].name, Nullable::Null);
    assert_eq!(
        page.open_ticket_count.value().and_then(|counts| counts.get("35436")),
        Some(&3)
    );
    assert_eq!(
        page.extra.get("brands"),
        Some(&json!([{ "id": 1, "name": "Acme Brand" }]))
    );
    // Nothing is lost on the way back.
    assert_eq!(serde_json::to_value(&page).expect("re-encodes"), body);
}

#[tokio::test]
async fn show_user_accepts_include_as_strings_and_decodes_the_sideloads() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/35436"))
        .respond_with(json_response(
            200,
            with_sideloads(json!({ "user": user_with_abilities(35436) })),
        ))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .show_user(35436)
        .include([UserSideload::Abilities, UserSideload::OpenTicketCount])
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(sent.query, pairs(&[("include", "abilities,open_ticket_count")]));
    let body = result.expect("ShowUser succeeds").into_body();
    assert_user_abilities(&body.user);
    assert_eq!(
        body.open_ticket_count.value().and_then(|counts| counts.get("35436")),
        Some(&3)
    );
}

#[tokio::test]
async fn search_users_and_me_take_include_too() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/search"))
        .respond_with(json_response(
            200,
            with_sideloads(json!({ "users": [user_with_abilities(35436)] })),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/me"))
        .respond_with(json_response(
            200,
            with_sideloads(json!({ "user": user_with_abilities(35436) })),
        ))
        .mount(&server)
        .await;
    let client = client_for(&server, api_token());

    let found = client
        .search_users()
        .query("jdoe")
        .include([UserSideload::Groups])
        .send()
        .await
        .expect("SearchUsers succeeds")
        .into_body();
    let me = client
        .show_current_user()
        .include([UserSideload::Roles, UserSideload::Abilities])
        .send()
        .await
        .expect("ShowCurrentUser succeeds")
        .into_body();

    let queries: Vec<Option<String>> = server
        .received_requests()
        .await
        .expect("recorded")
        .iter()
        .map(|request| request.url.query().map(str::to_string))
        .collect();
    assert_eq!(
        queries,
        [
            Some("query=jdoe&include=groups".to_string()),
            Some("include=roles,abilities".to_string())
        ]
    );
    assert_eq!(found.groups.value().map(Vec::len), Some(1));
    assert_user_abilities(&found.users[0]);
    assert_eq!(me.roles.value().map(Vec::len), Some(1));
    let abilities = me.user.abilities.value().expect("abilities inside the current user");
    assert_eq!(abilities.can_edit, Nullable::Value(true));
}
