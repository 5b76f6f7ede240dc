//! Passwords (set, change, requirements), default group and organization
//! memberships, unassigning an organization, and ticket skips.

use super::*;
use zendesk_users::models::SortOrder;

// ------------------------------------------------------------------ passwords

#[tokio::test]
async fn set_user_password_posts_the_new_password() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/users/35436/password"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .set_user_password(35436, models::PasswordSetRequest::new("newpassword"))
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("POST", "/api/v2/users/35436/password")
    );
    assert_eq!(sent.authorization.as_deref(), Some(API_TOKEN_AUTHORIZATION));
    sent.assert_json_body(json!({ "password": "newpassword" }));
    assert_eq!(result.expect("SetUserPassword succeeds").status().as_u16(), 200);
}

#[tokio::test]
async fn set_user_password_when_the_account_forbids_it_is_a_403() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/users/35436/password"))
        .respond_with(json_response(
            403,
            json!({ "error": "Forbidden", "description": "You do not have access to this page" }),
        ))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .set_user_password(35436, models::PasswordSetRequest::new("newpassword"))
        .send()
        .await;

    match result {
        Err(Error::Api(api)) => {
            assert_eq!(api.status.as_u16(), 403);
            assert_eq!(
                api.body.as_ref().and_then(|body| body.error.clone()).as_deref(),
                Some("Forbidden")
            );
        }
        other => panic!("expected a 403 API error, got {other:?}"),
    }
}

#[tokio::test]
async fn change_own_password_puts_the_previous_and_the_new_password() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/api/v2/users/35436/password"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;

    let result = client_for(&server, Auth::password(EMAIL, PASSWORD))
        .change_own_password(35436, models::PasswordChangeRequest::new("oldpassword", "newpassword"))
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("PUT", "/api/v2/users/35436/password")
    );
    assert_eq!(sent.authorization.as_deref(), Some(PASSWORD_AUTHORIZATION));
    sent.assert_json_body(json!({ "previous_password": "oldpassword", "password": "newpassword" }));
    assert_eq!(result.expect("ChangeOwnPassword succeeds").status().as_u16(), 200);
}

#[tokio::test]
async fn get_user_password_requirements_decodes_the_rules() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/35436/password/requirements"))
        .respond_with(json_response(
            200,
            json!({ "requirements": ["must be at least 5 characters", "must be different from email address"] }),
        ))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .get_user_password_requirements(35436)
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("GET", "/api/v2/users/35436/password/requirements")
    );
    sent.assert_no_body();
    assert_eq!(
        result
            .expect("GetUserPasswordRequirements succeeds")
            .into_body()
            .requirements,
        ["must be at least 5 characters", "must be different from email address"]
    );
}

// ------------------------------------------------------------------ memberships

#[tokio::test]
async fn group_membership_set_default_returns_the_agent_memberships() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/api/v2/users/29/group_memberships/4/make_default"))
        .respond_with(json_response(
            200,
            json!({ "group_memberships": [
                { "created_at": "2009-05-13T00:07:08Z", "default": true, "group_id": 12, "id": 4,
                  "updated_at": "2011-07-22T00:11:12Z", "user_id": 29 },
                { "created_at": "2012-03-13T22:01:32Z", "default": false, "group_id": 3, "id": 49,
                  "updated_at": "2012-03-13T22:01:32Z", "user_id": 155 }
            ]}),
        ))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .group_membership_set_default(29, 4)
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("PUT", "/api/v2/users/29/group_memberships/4/make_default")
    );
    sent.assert_no_body();
    let memberships = result
        .expect("GroupMembershipSetDefault succeeds")
        .into_body()
        .group_memberships;
    let summary: Vec<(i64, Option<i64>, Option<bool>)> = memberships
        .iter()
        .map(|membership| {
            (
                membership.id,
                membership.group_id.value().copied(),
                membership.default.value().copied(),
            )
        })
        .collect();
    assert_eq!(summary, [(4, Some(12), Some(true)), (49, Some(3), Some(false))]);
}

#[tokio::test]
async fn set_organization_membership_as_default_keeps_a_null_default() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/api/v2/users/29/organization_memberships/4/make_default"))
        .respond_with(json_response(
            200,
            json!({ "organization_memberships": [
                { "created_at": "2009-05-13T00:07:08Z", "default": true, "id": 4, "organization_id": 12,
                  "organization_name": "first organization", "updated_at": "2011-07-22T00:11:12Z",
                  "user_id": 29, "view_tickets": true },
                { "created_at": "2012-03-13T22:01:32Z", "default": null, "id": 49, "organization_id": 3,
                  "organization_name": "second organization", "updated_at": "2012-03-13T22:01:32Z",
                  "user_id": 155, "view_tickets": true }
            ]}),
        ))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .set_organization_membership_as_default(29, 4)
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("PUT", "/api/v2/users/29/organization_memberships/4/make_default")
    );
    sent.assert_no_body();
    let memberships = result
        .expect("SetOrganizationMembershipAsDefault succeeds")
        .into_body()
        .organization_memberships;
    assert_eq!(memberships.len(), 2);
    assert_eq!(memberships[0].default, Nullable::Value(true));
    assert_eq!(
        memberships[0].organization_name,
        Nullable::Value("first organization".to_string())
    );
    // Zendesk sends null, not false, for a membership that is not the default.
    assert_eq!(memberships[1].default, Nullable::Null);
}

#[tokio::test]
async fn set_organization_as_default_returns_the_membership() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/api/v2/users/29/organizations/12/make_default"))
        .respond_with(json_response(
            200,
            json!({ "organization_membership": {
                "created_at": "2009-05-13T00:07:08Z", "default": true, "id": 4, "organization_id": 12,
                "updated_at": "2011-07-22T00:11:12Z", "user_id": 29
            }}),
        ))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .set_organization_as_default(29, 12)
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("PUT", "/api/v2/users/29/organizations/12/make_default")
    );
    sent.assert_no_body();
    let membership = result
        .expect("SetOrganizationAsDefault succeeds")
        .into_body()
        .organization_membership;
    assert_eq!(membership.id, 4);
    assert_eq!(membership.organization_id, Nullable::Value(12));
    assert_eq!(membership.default, Nullable::Value(true));
    assert_eq!(membership.created_at, Nullable::Value(time("2009-05-13T00:07:08Z")));
}

#[tokio::test]
async fn unassign_organization_sends_delete_and_accepts_204() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/api/v2/users/29/organizations/12"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .unassign_organization(29, 12)
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("DELETE", "/api/v2/users/29/organizations/12")
    );
    sent.assert_no_body();
    assert_eq!(result.expect("UnassignOrganization succeeds").status().as_u16(), 204);
}

// ------------------------------------------------------------------ ticket skips

#[tokio::test]
async fn list_ticket_skips_sends_the_sort_order_and_keeps_the_ticket_whole() {
    let server = MockServer::start().await;
    let body = json!({ "skips": [{
        "created_at": "2015-09-30T21:44:03Z",
        "id": 1,
        "reason": "I have no idea.",
        "ticket": {
            "id": 123, "subject": "Help, my printer is on fire!", "priority": "high",
            "custom_fields": [{ "id": 27642, "value": "745" }], "via": { "channel": "web" }
        },
        "ticket_id": 123,
        "updated_at": "2015-09-30T21:44:03Z",
        "user_id": 456
    }]});
    Mock::given(method("GET"))
        .and(path("/api/v2/users/456/skips"))
        .respond_with(json_response(200, body.clone()))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .list_ticket_skips(456)
        .sort_order(SortOrder::Desc)
        .page(2)
        .per_page(50)
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("GET", "/api/v2/users/456/skips")
    );
    assert_eq!(
        sent.query,
        pairs(&[("sort_order", "desc"), ("page", "2"), ("per_page", "50")])
    );
    sent.assert_no_body();
    let page = result.expect("ListTicketSkips succeeds").into_body();
    let skip = &page.skips[0];
    assert_eq!(skip.id, 1);
    assert_eq!(skip.ticket_id, Nullable::Value(123));
    assert_eq!(skip.user_id, Nullable::Value(456));
    assert_eq!(skip.reason, Nullable::Value("I have no idea.".to_string()));
    let ticket = skip.ticket.value().expect("the skipped ticket");
    assert_eq!(ticket.get("subject"), Some(&json!("Help, my printer is on fire!")));
    // The ticket is kept whole, so the page re-encodes to what was received.
    assert_eq!(serde_json::to_value(&page).expect("re-encodes"), body);
}

#[tokio::test]
async fn list_ticket_skips_streams_every_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/456/skips"))
        .and(query_param("page[after]", "next"))
        .respond_with(json_response(
            200,
            json!({ "skips": [{ "id": 3 }], "meta": { "has_more": false, "after_cursor": null } }),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/456/skips"))
        .respond_with(json_response(
            200,
            json!({ "skips": [{ "id": 1 }, { "id": 2 }], "meta": { "has_more": true, "after_cursor": "next" } }),
        ))
        .with_priority(10)
        .mount(&server)
        .await;

    let skips: Vec<Result<models::TicketSkip, Error>> =
        futures::StreamExt::collect(client_for(&server, api_token()).list_ticket_skips(456).stream()).await;

    let ids: Vec<i64> = skips.into_iter().map(|skip| skip.expect("decodes").id).collect();
    assert_eq!(ids, [1, 2, 3]);
}
