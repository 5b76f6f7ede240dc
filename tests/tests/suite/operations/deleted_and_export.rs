//! Deleted users and the incremental export.

use super::*;

// ------------------------------------------------------------------ deleted users

#[tokio::test]
async fn show_deleted_user_keeps_explicit_nulls() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/deleted_users/189304711533"))
        .respond_with(json_response(200, deleted_david()))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .show_deleted_user(189304711533)
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("GET", "/api/v2/deleted_users/189304711533")
    );
    assert_eq!(sent.authorization.as_deref(), Some(API_TOKEN_AUTHORIZATION));
    sent.assert_no_body();
    assert_is_deleted_david(&result.expect("ShowDeletedUser succeeds").into_body().deleted_user);
}

#[tokio::test]
async fn permanently_delete_user_sends_delete_and_decodes_the_deleted_user() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/api/v2/deleted_users/189304711533"))
        .respond_with(json_response(200, deleted_david()))
        .mount(&server)
        .await;

    let result = client_for(&server, Auth::password(EMAIL, PASSWORD))
        .permanently_delete_user(189304711533)
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("DELETE", "/api/v2/deleted_users/189304711533")
    );
    assert_eq!(sent.authorization.as_deref(), Some(PASSWORD_AUTHORIZATION));
    sent.assert_no_body();
    assert_is_deleted_david(&result.expect("PermanentlyDeleteUser succeeds").into_body().deleted_user);
}

#[tokio::test]
async fn list_deleted_users_sends_every_page_parameter_and_decodes_the_deleted_users() {
    let server = MockServer::start().await;
    let second = json!({
        "active": false,
        "created_at": "2019-08-26T02:10:28Z",
        "email": "[email protected]",
        "id": 12204720593_i64,
        "locale": "en-US",
        "locale_id": 1,
        "name": "Linda",
        "organization_id": 123123123,
        "phone": null,
        "photo": null,
        "role": "end-user",
        "shared_phone_number": null,
        "time_zone": "Eastern Time (US & Canada)",
        "updated_at": "2019-08-26T02:10:29Z",
        "url": "https://{subdomain}.zendesk.com/api/v2/deleted_users/12204720593"
    });
    let mut first = deleted_david()["deleted_user"].clone();
    first["organization_id"] = json!(12312312);
    Mock::given(method("GET"))
        .and(path("/api/v2/deleted_users"))
        .respond_with(json_response(200, json!({ "deleted_users": [first, second] })))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .list_deleted_users()
        .page_size(25)
        .page_after("after-cursor")
        .page_before("before-cursor")
        .page(1)
        .per_page(25)
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("GET", "/api/v2/deleted_users")
    );
    assert_eq!(
        sent.raw_query.as_deref(),
        Some("page[size]=25&page[after]=after-cursor&page[before]=before-cursor&page=1&per_page=25")
    );
    sent.assert_no_body();
    let users = result.expect("ListDeletedUsers succeeds").into_body().deleted_users;
    assert_eq!(
        users.iter().map(|user| user.id).collect::<Vec<_>>(),
        [189304711533, 12204720593]
    );
    assert_eq!(users[1].name, Nullable::Value("Linda".to_string()));
    assert!(users.iter().all(|user| user.phone.is_null() && user.photo.is_null()));
}

#[tokio::test]
async fn show_user_compliance_deletion_statuses_sends_application_and_page_params() {
    let server = MockServer::start().await;
    let status = |action: &str, application: &str, created_at: &str, executer_id: Value| {
        json!({
            "account_subdomain": "accountABC",
            "action": action,
            "application": application,
            "created_at": created_at,
            "executer_id": executer_id,
            "user_id": 1
        })
    };
    Mock::given(method("GET"))
        .and(path("/api/v2/users/1/compliance_deletion_statuses"))
        .and(query_param("application", "support"))
        .respond_with(json_response(
            200,
            json!({ "compliance_deletion_statuses": [
                status("request_deletion", "all", "2009-07-20T22:55:23Z", json!(2000)),
                status("started", "support", "2009-07-20T22:55:29Z", Value::Null),
                status("complete", "support", "2009-07-20T22:57:02Z", Value::Null),
                status("started", "chat", "2009-07-21T02:51:18Z", Value::Null)
            ]}),
        ))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .show_user_compliance_deletion_statuses(1)
        .application("support")
        .page_size(10)
        .page_after("next")
        .page_before("prev")
        .page(2)
        .per_page(10)
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("GET", "/api/v2/users/1/compliance_deletion_statuses")
    );
    assert_eq!(
        sent.query,
        pairs(&[
            ("application", "support"),
            ("page[size]", "10"),
            ("page[after]", "next"),
            ("page[before]", "prev"),
            ("page", "2"),
            ("per_page", "10"),
        ])
    );
    sent.assert_no_body();
    let statuses = result
        .expect("ShowUserComplianceDeletionStatuses succeeds")
        .into_body()
        .compliance_deletion_statuses;
    assert_eq!(statuses.len(), 4);
    assert_eq!(statuses[0].executer_id, Nullable::Value(2000));
    assert_eq!(statuses[1].executer_id, Nullable::Null);
    assert_eq!(statuses[2].action, Nullable::Value("complete".to_string()));
    assert_eq!(statuses[3].created_at, Nullable::Value(time("2009-07-21T02:51:18Z")));
}

// ------------------------------------------------------------------ incremental export

#[tokio::test]
async fn incremental_user_export_sends_start_time_and_comma_separated_includes() {
    let server = MockServer::start().await;
    // The spec has no example for this response; this one follows IncrementalUsersPage.
    Mock::given(method("GET"))
        .and(path("/api/v2/incremental/users"))
        .and(query_param("start_time", "1332034771"))
        .and(query_param("include", "identities,organizations"))
        .respond_with(json_response(
            200,
            json!({
                "users": [{ "id": 35436, "name": "Johnny Agent", "updated_at": "2011-05-05T10:38:52Z" }],
                "count": 1,
                "end_time": 1304592000,
                "next_page": "https://example.zendesk.com/api/v2/incremental/users.json?start_time=1304592000",
                "end_of_stream": true,
                "identities": [{ "id": 7, "user_id": 35436, "type": "email", "value": "johnny@example.com", "primary": true }],
                "organizations": [{ "id": 57542, "name": "Acme" }],
                "open_ticket_count": { "35436": 3 }
            }),
        ))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .incremental_user_export_time(1332034771)
        .per_page(1000)
        .include([models::UserSideload::Identities, models::UserSideload::Organizations])
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("GET", "/api/v2/incremental/users")
    );
    assert_eq!(
        sent.query,
        pairs(&[
            ("start_time", "1332034771"),
            ("per_page", "1000"),
            ("include", "identities,organizations")
        ])
    );
    assert_eq!(
        sent.raw_query.as_deref(),
        Some("start_time=1332034771&per_page=1000&include=identities,organizations")
    );
    assert_eq!(sent.authorization.as_deref(), Some(API_TOKEN_AUTHORIZATION));
    sent.assert_no_body();
    let page = result.expect("IncrementalUserExportTime succeeds").into_body();
    assert_eq!(page.users[0].id, 35436);
    assert_eq!(page.end_time, Nullable::Value(1304592000));
    assert_eq!(page.end_of_stream, Nullable::Value(true));
    let identities = page.identities.value().expect("identities sideload");
    assert_eq!(identities[0].r#type, Some(models::IdentityType::Email));
    assert_eq!(identities[0].primary, Nullable::Value(true));
    let organizations = page.organizations.value().expect("organizations sideload");
    assert_eq!(organizations[0].id, 57542);
    assert_eq!(organizations[0].name, Nullable::Value("Acme".to_string()));
    assert_eq!(
        page.open_ticket_count.value().and_then(|counts| counts.get("35436")),
        Some(&3)
    );
    assert_eq!(page.groups, Nullable::Absent);
}

#[tokio::test]
async fn incremental_user_export_refuses_per_page_over_1000_without_sending() {
    let server = MockServer::start().await;

    let result = client_for(&server, api_token())
        .incremental_user_export_time(0)
        .per_page(1001)
        .send()
        .await;

    match result {
        Err(Error::InvalidRequest {
            operation, argument, ..
        }) => {
            assert_eq!(
                (operation, argument.as_str()),
                ("IncrementalUserExportTime", "per_page")
            );
        }
        other => panic!("per_page 1001 must be refused before sending, got {other:?}"),
    }
    assert_eq!(requests_received(&server).await, 0, "nothing reaches the server");
}
