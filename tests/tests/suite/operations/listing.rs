//! Listing and counting users: cursor and offset parameters, `role[]`, nested paths.

use super::*;

// ------------------------------------------------------------------ listing users

#[tokio::test]
async fn list_users_sends_role_array_and_cursor_params_and_decodes_the_page() {
    let server = MockServer::start().await;
    let mut page = listed_users();
    page["meta"] = json!({ "has_more": true, "after_cursor": "xyz-after", "before_cursor": null });
    page["links"] =
        json!({ "next": "https://example.zendesk.com/api/v2/users.json?page[after]=xyz-after", "prev": null });
    Mock::given(method("GET"))
        .and(path("/api/v2/users"))
        .and(query_param("role[]", "agent"))
        .and(query_param("page[size]", "2"))
        .and(query_param("page[after]", "cursor-a"))
        .respond_with(
            json_response(200, page)
                .insert_header("X-Rate-Limit", "700")
                .insert_header("X-Rate-Limit-Remaining", "699"),
        )
        .mount(&server)
        .await;
    let client = client_for(&server, api_token());

    let result = client
        .list_users()
        .external_id("ext-1")
        .permission_set(55)
        .role(Role::Agent)
        .role_list([Role::Agent, Role::Admin])
        .page_size(2)
        .page_after("cursor-a")
        .page_before("cursor-b")
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(sent.method, "GET");
    assert_eq!(sent.path, "/api/v2/users");
    // `role[]` is repeated once per role, in call order; brackets are percent-encoded on the wire.
    assert_eq!(
        sent.raw_query.as_deref(),
        Some(
            "external_id=ext-1&permission_set=55&role=agent&role[]=agent&role[]=admin\
             &page[size]=2&page[after]=cursor-a&page[before]=cursor-b"
        )
    );
    assert_eq!(
        sent.query,
        pairs(&[
            ("external_id", "ext-1"),
            ("permission_set", "55"),
            ("role", "agent"),
            ("role[]", "agent"),
            ("role[]", "admin"),
            ("page[size]", "2"),
            ("page[after]", "cursor-a"),
            ("page[before]", "cursor-b"),
        ])
    );
    assert_eq!(sent.authorization.as_deref(), Some(API_TOKEN_AUTHORIZATION));
    sent.assert_no_body();

    let response = result.expect("ListUsers succeeds");
    assert_eq!(response.status(), 200);
    assert_eq!(response.rate_limit().limit, Some(700));
    assert_eq!(response.rate_limit().remaining, Some(699));
    let page = response.into_body();
    assert_eq!(
        page.users.iter().map(|user| user.id).collect::<Vec<_>>(),
        [223443, 8678530]
    );
    assert_eq!(page.users[1].name, Nullable::Value("James A. Rosen".to_string()));
    let meta = page.meta.expect("meta");
    assert_eq!(meta.has_more, Nullable::Value(true));
    assert_eq!(meta.after_cursor, Nullable::Value("xyz-after".to_string()));
    assert_eq!(meta.before_cursor, Nullable::Null);
    assert_eq!(page.links.expect("links").prev, Nullable::Null);
    assert_eq!(page.next_page, Nullable::Absent);
}

#[tokio::test]
async fn list_users_sends_offset_params_and_decodes_next_page_and_count() {
    let server = MockServer::start().await;
    let mut page = listed_users();
    page["next_page"] = json!("https://example.zendesk.com/api/v2/users.json?page=3&per_page=2");
    page["previous_page"] = json!(null);
    page["count"] = json!(5);
    Mock::given(method("GET"))
        .and(path("/api/v2/users"))
        .respond_with(json_response(200, page))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .list_users()
        .page(2)
        .per_page(2)
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("GET", "/api/v2/users"));
    assert_eq!(sent.raw_query.as_deref(), Some("page=2&per_page=2"));
    sent.assert_no_body();
    let page = result.expect("ListUsers succeeds").into_body();
    assert_eq!(page.users.len(), 2);
    assert_eq!(page.count, Nullable::Value(5));
    assert_eq!(page.previous_page, Nullable::Null);
    assert!(page
        .next_page
        .value()
        .is_some_and(|url| url.ends_with("page=3&per_page=2")));
    assert!(page.meta.is_none());
}

#[tokio::test]
async fn list_group_users_puts_group_id_in_the_path_and_sends_every_parameter() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/groups/360001/users"))
        .respond_with(json_response(200, listed_users()))
        .mount(&server)
        .await;

    let result = client_for(&server, Auth::password(EMAIL, PASSWORD))
        .list_group_users(360001)
        .external_id("ext 1")
        .permission_set(7)
        .role(Role::EndUser)
        .role_list([Role::EndUser])
        .page_size(100)
        .page_after("a")
        .page_before("b")
        .page(1)
        .per_page(100)
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("GET", "/api/v2/groups/360001/users")
    );
    assert_eq!(
        sent.query,
        pairs(&[
            ("external_id", "ext 1"),
            ("permission_set", "7"),
            ("role", "end-user"),
            ("role[]", "end-user"),
            ("page[size]", "100"),
            ("page[after]", "a"),
            ("page[before]", "b"),
            ("page", "1"),
            ("per_page", "100"),
        ])
    );
    assert_eq!(sent.authorization.as_deref(), Some(PASSWORD_AUTHORIZATION));
    sent.assert_no_body();
    let page = result.expect("ListGroupUsers succeeds").into_body();
    assert_eq!(
        page.users.iter().map(|user| user.id).collect::<Vec<_>>(),
        [223443, 8678530]
    );
}

#[tokio::test]
async fn list_organization_users_puts_organization_id_in_the_path_and_sends_every_parameter() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/organizations/57542/users"))
        .and(query_param("role[]", "admin"))
        .respond_with(json_response(200, listed_users()))
        .mount(&server)
        .await;

    let result = client_for(&server, Auth::bearer(OAUTH_TOKEN))
        .list_organization_users(57542)
        .external_id("ext-9")
        .permission_set(8)
        .role(Role::Admin)
        .role_list([Role::Agent, Role::Admin])
        .page_size(1)
        .page_after("after")
        .page_before("before")
        .page(3)
        .per_page(1)
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("GET", "/api/v2/organizations/57542/users")
    );
    assert_eq!(
        sent.raw_query.as_deref(),
        Some(
            "external_id=ext-9&permission_set=8&role=admin&role[]=agent&role[]=admin\
             &page[size]=1&page[after]=after&page[before]=before&page=3&per_page=1"
        )
    );
    assert_eq!(sent.authorization.as_deref(), Some(BEARER_AUTHORIZATION));
    sent.assert_no_body();
    let page = result.expect("ListOrganizationUsers succeeds").into_body();
    assert_eq!(page.users[0].name, Nullable::Value("Johnny Agent".to_string()));
}

#[tokio::test]
async fn search_users_encodes_the_query_and_decodes_matching_users() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/search"))
        .and(query_param("query", "type:user \"jdoe\" & co"))
        .respond_with(json_response(
            200,
            json!({ "users": [
                { "id": 35436, "name": "Robert Jones", "notes": "sigil issue" },
                { "id": 9873843, "name": "Terry Gilliam" }
            ]}),
        ))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .search_users()
        .external_id("abc")
        .query("type:user \"jdoe\" & co")
        .page(2)
        .per_page(50)
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("GET", "/api/v2/users/search")
    );
    assert_eq!(
        sent.query,
        pairs(&[
            ("external_id", "abc"),
            ("query", "type:user \"jdoe\" & co"),
            ("page", "2"),
            ("per_page", "50")
        ])
    );
    // `&` inside a value must not split the query into another parameter.
    assert!(sent
        .raw_query
        .as_deref()
        .is_some_and(|query| !query.contains(" & ") && query.contains("%26")));
    assert_eq!(sent.authorization.as_deref(), Some(API_TOKEN_AUTHORIZATION));
    sent.assert_no_body();
    let users = result.expect("SearchUsers succeeds").into_body().users;
    assert_eq!(users.iter().map(|user| user.id).collect::<Vec<_>>(), [35436, 9873843]);
    assert_eq!(users[0].notes, Nullable::Value("sigil issue".to_string()));
    assert_eq!(users[1].notes, Nullable::Absent);
}

#[tokio::test]
async fn autocomplete_users_sends_the_required_name_and_optional_field_params() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/autocomplete"))
        .and(query_param("name", "Johnny"))
        .respond_with(json_response(
            200,
            json!({ "users": [
                { "id": 35436, "name": "Robert Jones", "notes": "sigil issue" },
                { "id": 9873843, "name": "Terry Gilliam" }
            ]}),
        ))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .autocomplete_users("Johnny")
        .field_id("360000123")
        .source("zen:user")
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("GET", "/api/v2/users/autocomplete")
    );
    assert_eq!(
        sent.query,
        pairs(&[("field_id", "360000123"), ("name", "Johnny"), ("source", "zen:user")])
    );
    sent.assert_no_body();
    let response = result.expect("AutocompleteUsers succeeds");
    assert_eq!(response.body().users.len(), 2);
    assert_eq!(
        response.body().users[1].name,
        Nullable::Value("Terry Gilliam".to_string())
    );
}

// ------------------------------------------------------------------ counting users

fn count_102() -> Value {
    json!({ "count": { "refreshed_at": "2020-04-06T02:18:17Z", "value": 102 } })
}

#[tokio::test]
async fn count_users_sends_role_filters_and_decodes_the_count() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/count"))
        .respond_with(json_response(200, count_102()))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .count_users()
        .permission_set(3)
        .role(Role::Agent)
        .role_list([Role::Admin, Role::Agent])
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("GET", "/api/v2/users/count")
    );
    assert_eq!(
        sent.raw_query.as_deref(),
        Some("permission_set=3&role=agent&role[]=admin&role[]=agent")
    );
    sent.assert_no_body();
    assert_counts_102(&result.expect("CountUsers succeeds").into_body().count);
}

#[tokio::test]
async fn count_group_users_puts_group_id_in_the_path_and_sends_role_filters() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/groups/42/users/count"))
        .respond_with(json_response(200, count_102()))
        .mount(&server)
        .await;

    let result = client_for(&server, Auth::bearer(OAUTH_TOKEN))
        .count_group_users(42)
        .permission_set(4)
        .role(Role::Admin)
        .role_list([Role::EndUser, Role::Admin])
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("GET", "/api/v2/groups/42/users/count")
    );
    assert_eq!(
        sent.query,
        pairs(&[
            ("permission_set", "4"),
            ("role", "admin"),
            ("role[]", "end-user"),
            ("role[]", "admin")
        ])
    );
    assert_eq!(sent.authorization.as_deref(), Some(BEARER_AUTHORIZATION));
    sent.assert_no_body();
    assert_counts_102(&result.expect("CountGroupUsers succeeds").into_body().count);
}

#[tokio::test]
async fn count_organization_users_puts_organization_id_in_the_path_and_sends_role_filters() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/organizations/57542/users/count"))
        .respond_with(json_response(200, count_102()))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .count_organization_users(57542)
        .permission_set(5)
        .role(Role::EndUser)
        .role_list([Role::Agent])
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("GET", "/api/v2/organizations/57542/users/count")
    );
    assert_eq!(
        sent.query,
        pairs(&[("permission_set", "5"), ("role", "end-user"), ("role[]", "agent")])
    );
    sent.assert_no_body();
    assert_counts_102(&result.expect("CountOrganizationUsers succeeds").into_body().count);
}

#[tokio::test]
async fn count_deleted_users_decodes_the_count() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/deleted_users/count"))
        .respond_with(json_response(
            200,
            json!({ "count": { "refreshed_at": "2020-04-06T02:18:17Z", "value": 13 } }),
        ))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token()).count_deleted_users().send().await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("GET", "/api/v2/deleted_users/count")
    );
    assert_eq!(sent.raw_query, None);
    assert_eq!(sent.authorization.as_deref(), Some(API_TOKEN_AUTHORIZATION));
    sent.assert_no_body();
    let count = result.expect("CountDeletedUsers succeeds").into_body().count;
    assert_eq!(count.value, 13);
    assert_eq!(count.refreshed_at, Nullable::Value(time("2020-04-06T02:18:17Z")));
}
