//! Every operation of the generated client against a real local HTTP server
//! (wiremock on 127.0.0.1): each test calls one operation with typed
//! arguments, then checks the request the server received (method, path,
//! query, auth, JSON headers, body equal to the spec's request example) and
//! that the spec's response example decodes into the documented type.
//!
//! The received request is read back and compared field by field *before*
//! the result is unwrapped, so a malformed request fails with a diff of what
//! was sent instead of a 404 from a mock that did not match.

use std::time::Duration;

use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zendesk_users::chrono::{DateTime, FixedOffset};
use zendesk_users::models::{self, CreateOrUpdateUserResponse, Role, RoleType, TicketRestriction};
use zendesk_users::{Auth, Client, Error, Nullable, RetryPolicy};

const EMAIL: &str = "admin@example.com";
const API_TOKEN: &str = "api-token-123";
const PASSWORD: &str = "correct-horse";
const OAUTH_TOKEN: &str = "oauth-access-token";
/// `Basic base64("admin@example.com/token:api-token-123")`.
const API_TOKEN_AUTHORIZATION: &str = "Basic YWRtaW5AZXhhbXBsZS5jb20vdG9rZW46YXBpLXRva2VuLTEyMw==";
/// `Basic base64("admin@example.com:correct-horse")`.
const PASSWORD_AUTHORIZATION: &str = "Basic YWRtaW5AZXhhbXBsZS5jb206Y29ycmVjdC1ob3JzZQ==";
const BEARER_AUTHORIZATION: &str = "Bearer oauth-access-token";

// ------------------------------------------------------------------ helpers

fn api_token() -> Auth {
    Auth::api_token(EMAIL, API_TOKEN)
}

/// A client for the mock server that never retries, so every test sends
/// exactly the requests it makes, and never paces incremental exports.
fn client_for(server: &MockServer, auth: Auth) -> Client {
    Client::builder("example", auth)
        .base_url(server.uri())
        .allow_insecure_http(true)
        .retry_policy(RetryPolicy::never())
        .incremental_export_interval(Duration::ZERO)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a client for the local mock server builds")
}

fn json_response(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

/// The one request the server received, in the terms a test compares.
#[derive(Debug)]
struct Sent {
    method: String,
    /// The path as sent, still percent-encoded.
    path: String,
    /// The query string as sent, still percent-encoded.
    raw_query: Option<String>,
    /// The query pairs, decoded, in the order they were sent.
    query: Vec<(String, String)>,
    authorization: Option<String>,
    accept: Option<String>,
    content_type: Option<String>,
    /// The body parsed as JSON; `None` when the request had no body.
    body: Option<Value>,
}

impl Sent {
    /// Asserts a request without a body: JSON is accepted, no Content-Type is claimed.
    fn assert_no_body(&self) {
        assert_eq!(self.accept.as_deref(), Some("application/json"), "Accept of {self:#?}");
        assert_eq!(
            self.content_type, None,
            "a request without a body has no Content-Type: {self:#?}"
        );
        assert_eq!(self.body, None, "no body expected: {self:#?}");
    }

    /// Asserts a JSON request body equal to `expected` (key order does not matter).
    fn assert_json_body(&self, expected: Value) {
        assert_eq!(self.accept.as_deref(), Some("application/json"), "Accept of {self:#?}");
        assert_eq!(
            self.content_type.as_deref(),
            Some("application/json"),
            "Content-Type of {self:#?}"
        );
        assert_eq!(self.body.as_ref(), Some(&expected), "request body");
    }
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
}

/// Reads back the single request the server received; fails if there were more or none.
async fn the_one_request(server: &MockServer) -> Sent {
    let mut received = server.received_requests().await.expect("request recording is on");
    assert_eq!(received.len(), 1, "expected exactly one request, got {:#?}", received);
    let request = received.remove(0);
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_string)
    };
    Sent {
        method: request.method.to_string(),
        path: request.url.path().to_string(),
        raw_query: request.url.query().map(str::to_string),
        query: request
            .url
            .query_pairs()
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect(),
        authorization: header("authorization"),
        accept: header("accept"),
        content_type: header("content-type"),
        body: (!request.body.is_empty())
            .then(|| serde_json::from_slice(&request.body).expect("the request body is JSON")),
    }
}

async fn requests_received(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .map(|requests| requests.len())
        .unwrap_or(0)
}

fn time(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).expect("a valid RFC 3339 time")
}

/// The spec's `ShowUser` `agentView` example, the fullest user it documents.
fn agent_view_user() -> Value {
    json!({
        "active": true,
        "alias": "Mr. Johnny",
        "created_at": "2009-07-20T22:55:29Z",
        "custom_role_id": 9373643,
        "details": "",
        "email": "[email protected]",
        "external_id": "sai989sur98w9",
        "iana_time_zone": "Pacific/Pago_Pago",
        "id": 35436,
        "last_login_at": "2011-05-05T10:38:52Z",
        "locale": "en-US",
        "locale_id": 1,
        "moderator": true,
        "name": "Johnny Agent",
        "notes": "Johnny is a nice guy!",
        "only_private_comments": false,
        "organization_id": 57542,
        "phone": "+15551234567",
        "photo": {
            "content_type": "image/png",
            "content_url": "https://company.zendesk.com/photos/my_funny_profile_pic.png",
            "id": 928374,
            "name": "my_funny_profile_pic.png",
            "size": 166144,
            "thumbnails": [{
                "content_type": "image/png",
                "content_url": "https://company.zendesk.com/photos/my_funny_profile_pic_thumb.png",
                "id": 928375,
                "name": "my_funny_profile_pic_thumb.png",
                "size": 58298
            }]
        },
        "restricted_agent": true,
        "role": "agent",
        "role_type": 0,
        "shared": false,
        "shared_agent": false,
        "signature": "Have a nice day, Johnny",
        "suspended": true,
        "tags": ["enterprise", "other_tag"],
        "ticket_restriction": "assigned",
        "time_zone": "Copenhagen",
        "updated_at": "2011-05-05T10:38:52Z",
        "url": "https://company.zendesk.com/api/v2/users/35436.json",
        "user_fields": {
            "user_date": "2012-07-23T00:00:00Z",
            "user_decimal": 5.1,
            "user_dropdown": "option_1"
        },
        "verified": true
    })
}

/// The users of the spec's `ListUsers` example.
fn listed_users() -> Value {
    json!({ "users": [
        { "id": 223443, "name": "Johnny Agent" },
        { "id": 8678530, "name": "James A. Rosen" }
    ]})
}

/// The completed job every bulk operation of the spec shows, with `action`
/// and `status` as given (`update`/`Updated`, `delete`/`Deleted`).
fn completed_job(action: &str, status: &str) -> Value {
    json!({ "job_status": {
        "id": "82de0b044094f0c67893ac9fe64f1a99",
        "message": "Completed at 2018-03-08 10:07:04 +0000",
        "progress": 2,
        "results": [
            { "action": action, "id": 244, "status": status, "success": true },
            { "action": action, "id": 245, "status": status, "success": true }
        ],
        "status": "completed",
        "total": 2,
        "url": "https://example.zendesk.com/api/v2/job_statuses/82de0b0467893ac9fe64f1a99.json"
    }})
}

fn assert_completed_job(job: &models::JobStatus, action: &str) {
    assert_eq!(job.id, "82de0b044094f0c67893ac9fe64f1a99");
    assert_eq!(job.status, Nullable::Value("completed".to_string()));
    assert_eq!(job.total, Nullable::Value(2));
    assert_eq!(job.progress, Nullable::Value(2));
    let results = job.results.value().expect("results");
    assert_eq!(
        results.iter().map(|result| result.id.clone()).collect::<Vec<_>>(),
        [244, 245].map(Nullable::Value)
    );
    assert!(results
        .iter()
        .all(|result| result.action.value().map(String::as_str) == Some(action)));
    assert!(results.iter().all(|result| result.success == Nullable::Value(true)));
}

fn assert_counts_102(count: &models::Count) {
    assert_eq!(count.value, 102);
    assert_eq!(count.refreshed_at, Nullable::Value(time("2020-04-06T02:18:17Z")));
}

/// The user of the spec's `CreateUser` / `CreateOrUpdateUser` request example.
fn roger_wilco_create_json() -> Value {
    json!({
        "custom_role_id": 123456,
        "email": "[email protected]",
        "identities": [
            { "type": "email", "value": "[email protected]" },
            { "type": "twitter", "value": "tester84" }
        ],
        "name": "Roger Wilco",
        "organization": { "name": "VIP Customers" },
        "role": "agent"
    })
}

fn roger_wilco_identities() -> Vec<models::UserIdentityCreate> {
    vec![
        models::UserIdentityCreate::new("email".to_string(), "[email protected]".to_string()),
        models::UserIdentityCreate::new("twitter".to_string(), "tester84".to_string()),
    ]
}

fn roger_wilco_create() -> models::UserCreate {
    let mut user = models::UserCreate::new("Roger Wilco".to_string());
    user.custom_role_id = Some(123456);
    user.email = Some("[email protected]".to_string());
    user.identities = Some(roger_wilco_identities());
    user.organization = Some(models::OrganizationByName::new("VIP Customers".to_string()));
    user.role = Some(Role::Agent);
    user
}

fn roger_wilco_create_or_update() -> models::UserCreateOrUpdate {
    models::UserCreateOrUpdate {
        custom_role_id: Some(123456),
        email: Some("[email protected]".to_string()),
        identities: Some(roger_wilco_identities()),
        name: Some("Roger Wilco".to_string()),
        organization: Some(models::OrganizationByName::new("VIP Customers".to_string())),
        role: Some(Role::Agent),
        ..Default::default()
    }
}

/// The user of the spec's `CreateUser` 201 and `CreateOrUpdateUser` examples.
fn created_roger_wilco() -> Value {
    json!({ "user": {
        "custom_role_id": 123456,
        "email": "[email protected]",
        "id": 9873843,
        "name": "Roger Wilco",
        "organization_id": 57542,
        "role": "agent",
        "role_type": 0
    }})
}

fn assert_is_created_roger_wilco(user: &models::User) {
    assert_eq!(user.id, 9873843);
    assert_eq!(user.name, Nullable::Value("Roger Wilco".to_string()));
    assert_eq!(user.custom_role_id, Nullable::Value(123456));
    assert_eq!(user.organization_id, Nullable::Value(57542));
    assert_eq!(user.role, Some(Role::Agent));
    assert_eq!(user.role_type, Nullable::Value(RoleType::CustomAgent));
    assert_eq!(
        user.active,
        Nullable::Absent,
        "a property the response leaves out stays absent"
    );
}

/// The deleted user of the spec's `ShowDeletedUser` / `PermanentlyDeleteUser` example.
fn deleted_david() -> Value {
    json!({ "deleted_user": {
        "active": false,
        "created_at": "2019-08-26T02:10:24Z",
        "email": "[email protected]",
        "id": 189304711533_i64,
        "locale": "en-US",
        "locale_id": 1,
        "name": "David",
        "organization_id": 360000000008_i64,
        "phone": null,
        "photo": null,
        "role": "end-user",
        "shared_phone_number": null,
        "time_zone": "Eastern Time (US & Canada)",
        "updated_at": "2019-08-26T02:10:27Z",
        "url": "https://{subdomain}.zendesk.com/api/v2/deleted_users/189304711533"
    }})
}

fn assert_is_deleted_david(user: &models::DeletedUser) {
    assert_eq!(user.id, 189304711533);
    assert_eq!(user.active, Nullable::Value(false));
    assert_eq!(user.name, Nullable::Value("David".to_string()));
    assert_eq!(user.organization_id, Nullable::Value(360000000008));
    assert_eq!(user.role, Some(Role::EndUser));
    assert_eq!(user.created_at, Nullable::Value(time("2019-08-26T02:10:24Z")));
    // Explicit nulls stay nulls: they are not confused with absent properties.
    assert_eq!(user.phone, Nullable::Null);
    assert_eq!(user.photo, Nullable::Null);
    assert_eq!(user.shared_phone_number, Nullable::Null);
}

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
            "external_id=ext-1&permission_set=55&role=agent&role%5B%5D=agent&role%5B%5D=admin\
             &page%5Bsize%5D=2&page%5Bafter%5D=cursor-a&page%5Bbefore%5D=cursor-b"
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
            "external_id=ext-9&permission_set=8&role=admin&role%5B%5D=agent&role%5B%5D=admin\
             &page%5Bsize%5D=1&page%5Bafter%5D=after&page%5Bbefore%5D=before&page=3&per_page=1"
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
        Some("permission_set=3&role=agent&role%5B%5D=admin&role%5B%5D=agent")
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

// ------------------------------------------------------------------ single users

#[tokio::test]
async fn show_user_decodes_the_agent_view_with_photo_thumbnails_and_user_fields() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/35436"))
        .respond_with(json_response(200, json!({ "user": agent_view_user() })))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token()).show_user(35436).send().await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("GET", "/api/v2/users/35436")
    );
    assert_eq!(sent.raw_query, None);
    assert_eq!(sent.authorization.as_deref(), Some(API_TOKEN_AUTHORIZATION));
    sent.assert_no_body();

    let user = result.expect("ShowUser succeeds").into_body().user;
    assert_eq!(user.id, 35436);
    assert_eq!(user.name, Nullable::Value("Johnny Agent".to_string()));
    assert_eq!(user.details, Nullable::Value(String::new()));
    assert_eq!(user.role, Some(Role::Agent));
    assert_eq!(user.role_type, Nullable::Value(RoleType::CustomAgent));
    assert_eq!(user.ticket_restriction, Nullable::Value(TicketRestriction::Assigned));
    assert_eq!(user.created_at, Nullable::Value(time("2009-07-20T22:55:29Z")));
    assert_eq!(
        user.tags,
        Nullable::Value(vec!["enterprise".to_string(), "other_tag".to_string()])
    );
    let photo = user.photo.value().expect("photo");
    assert_eq!(photo.id, 928374);
    assert_eq!(photo.size, Nullable::Value(166144));
    let thumbnails = photo.thumbnails.value().expect("thumbnails");
    assert_eq!(thumbnails.len(), 1);
    assert_eq!(thumbnails[0].id, 928375);
    assert_eq!(
        thumbnails[0].name,
        Nullable::Value("my_funny_profile_pic_thumb.png".to_string())
    );
    let fields = user.user_fields.value().expect("user_fields");
    assert_eq!(fields.get("user_decimal"), Some(&json!(5.1)));
    assert_eq!(fields.get("user_dropdown"), Some(&json!("option_1")));
    assert!(
        user.extra.is_empty(),
        "every property of the example is declared: {:?}",
        user.extra
    );
}

#[tokio::test]
async fn show_user_related_decodes_ticket_counts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/35436/related"))
        .respond_with(json_response(
            200,
            json!({ "user_related": {
                "assigned_tickets": 5,
                "ccd_tickets": 3,
                "organization_subscriptions": 1,
                "requested_tickets": 10
            }}),
        ))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token()).show_user_related(35436).send().await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("GET", "/api/v2/users/35436/related")
    );
    sent.assert_no_body();
    let related = result.expect("ShowUserRelated succeeds").into_body().user_related;
    assert_eq!(related.assigned_tickets, Nullable::Value(5));
    assert_eq!(related.ccd_tickets, Nullable::Value(3));
    assert_eq!(related.organization_subscriptions, Nullable::Value(1));
    assert_eq!(related.requested_tickets, Nullable::Value(10));
}

#[tokio::test]
async fn show_current_user_decodes_the_authenticity_token() {
    let server = MockServer::start().await;
    let mut user = agent_view_user();
    user["authenticity_token"] = json!("<CORS TOKEN>");
    user.as_object_mut().expect("an object").remove("iana_time_zone");
    Mock::given(method("GET"))
        .and(path("/api/v2/users/me"))
        .respond_with(json_response(200, json!({ "user": user })))
        .mount(&server)
        .await;

    let result = client_for(&server, Auth::bearer(OAUTH_TOKEN))
        .show_current_user()
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("GET", "/api/v2/users/me"));
    assert_eq!(sent.authorization.as_deref(), Some(BEARER_AUTHORIZATION));
    sent.assert_no_body();
    let me = result.expect("ShowCurrentUser succeeds").into_body().user;
    assert_eq!(me.id, Nullable::Value(35436));
    assert_eq!(me.authenticity_token, Nullable::Value("<CORS TOKEN>".to_string()));
    assert_eq!(me.iana_time_zone, Nullable::Absent);
    assert_eq!(me.photo.value().map(|photo| photo.id), Some(928374));
}

#[tokio::test]
async fn show_current_user_decodes_the_anonymous_user_with_a_null_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/me"))
        .respond_with(json_response(
            200,
            json!({ "user": { "id": null, "name": "Anonymous user", "role": "end-user" } }),
        ))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token()).show_current_user().send().await;

    let me = result.expect("ShowCurrentUser succeeds").into_body().user;
    assert_eq!(me.id, Nullable::Null);
    assert_eq!(me.role, Some(Role::EndUser));
}

#[tokio::test]
async fn create_user_sends_the_spec_example_body_and_decodes_the_created_user() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/users"))
        .respond_with(json_response(201, created_roger_wilco()))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .create_user(models::UserCreateRequest::new(roger_wilco_create()))
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("POST", "/api/v2/users"));
    assert_eq!(sent.raw_query, None);
    assert_eq!(sent.authorization.as_deref(), Some(API_TOKEN_AUTHORIZATION));
    sent.assert_json_body(json!({ "user": roger_wilco_create_json() }));
    let response = result.expect("CreateUser succeeds");
    assert_eq!(response.status(), 201);
    assert_is_created_roger_wilco(&response.body().user);
}

#[tokio::test]
async fn update_user_sends_only_the_changed_property_and_exposes_the_rate_limit_header() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/api/v2/users/9873843"))
        .respond_with(
            json_response(200, json!({ "user": { "id": 9873843, "name": "Roger Wilco II" } })).insert_header(
                "Zendesk-RateLimit-create-update-user",
                "total=5; remaining=4; resets=60",
            ),
        )
        .mount(&server)
        .await;
    let change = models::UserUpdate {
        name: Some("Roger Wilco II".to_string()),
        ..Default::default()
    };

    let result = client_for(&server, Auth::password(EMAIL, PASSWORD))
        .update_user(9873843, models::UserUpdateRequest::new(change))
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("PUT", "/api/v2/users/9873843")
    );
    assert_eq!(sent.authorization.as_deref(), Some(PASSWORD_AUTHORIZATION));
    sent.assert_json_body(json!({ "user": { "name": "Roger Wilco II" } }));
    let response = result.expect("UpdateUser succeeds");
    assert_eq!(
        response.rate_limit().zendesk,
        vec![(
            "create-update-user".to_string(),
            "total=5; remaining=4; resets=60".to_string()
        )]
    );
    assert_eq!(response.body().user.name, Nullable::Value("Roger Wilco II".to_string()));
}

#[tokio::test]
async fn update_user_sends_an_explicit_null_to_clear_the_organization() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/api/v2/users/9873843"))
        .respond_with(json_response(
            200,
            json!({ "user": { "id": 9873843, "organization_id": null } }),
        ))
        .mount(&server)
        .await;
    let change = models::UserUpdate {
        organization_id: Nullable::Null,
        ..Default::default()
    };

    let result = client_for(&server, api_token())
        .update_user(9873843, models::UserUpdateRequest::new(change))
        .send()
        .await;

    the_one_request(&server)
        .await
        .assert_json_body(json!({ "user": { "organization_id": null } }));
    assert_eq!(
        result.expect("UpdateUser succeeds").into_body().user.organization_id,
        Nullable::Null
    );
}

#[tokio::test]
async fn delete_user_sends_delete_and_decodes_the_inactive_user() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/api/v2/users/9873843"))
        .respond_with(json_response(
            200,
            json!({ "user": { "active": false, "id": 9873843, "name": "Roger Wilco II" } }),
        ))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token()).delete_user(9873843).send().await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("DELETE", "/api/v2/users/9873843")
    );
    assert_eq!(sent.authorization.as_deref(), Some(API_TOKEN_AUTHORIZATION));
    sent.assert_no_body();
    let user = result.expect("DeleteUser succeeds").into_body().user;
    assert_eq!(user.id, 9873843);
    assert_eq!(user.active, Nullable::Value(false));
}

#[tokio::test]
async fn merge_end_users_puts_the_source_in_the_path_and_the_target_in_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/api/v2/users/9873843/merge"))
        .respond_with(json_response(
            200,
            json!({ "user": { "id": 35436, "name": "Johnny Agent" } }),
        ))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .merge_end_users(
            9873843,
            models::UserMergeRequest::new(models::UserMergeTarget::new(1234)),
        )
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("PUT", "/api/v2/users/9873843/merge")
    );
    sent.assert_json_body(json!({ "user": { "id": 1234 } }));
    let user = result.expect("MergeEndUsers succeeds").into_body().user;
    assert_eq!(user.id, 35436);
    assert_eq!(user.name, Nullable::Value("Johnny Agent".to_string()));
}

#[tokio::test]
async fn request_user_create_sends_the_agent_and_accepts_a_null_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/users/request_create"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("null", "application/json"))
        .mount(&server)
        .await;
    let mut agent = models::UserRequestCreate::new("Roger Wilco".to_string());
    agent.email = Some("[email protected]".to_string());

    let result = client_for(&server, api_token())
        .request_user_create(models::UserRequestCreateRequest::new(agent))
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("POST", "/api/v2/users/request_create")
    );
    sent.assert_json_body(json!({ "user": { "email": "[email protected]", "name": "Roger Wilco" } }));
    let response = result.expect("RequestUserCreate succeeds with a null body");
    assert_eq!(response.status(), 200);
    let () = response.into_body();
}

// ------------------------------------------------------------------ create or update

#[tokio::test]
async fn create_or_update_user_tells_201_created_and_exposes_location_and_rate_limit() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/users/create_or_update"))
        .respond_with(
            json_response(201, created_roger_wilco())
                .insert_header("Location", "/api/v2/users/9873843.json")
                .insert_header(
                    "Zendesk-RateLimit-create-update-user",
                    "total=5; remaining=4; resets=60",
                ),
        )
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .create_or_update_user(models::UserCreateOrUpdateRequest::new(roger_wilco_create_or_update()))
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("POST", "/api/v2/users/create_or_update")
    );
    assert_eq!(sent.authorization.as_deref(), Some(API_TOKEN_AUTHORIZATION));
    sent.assert_json_body(json!({ "user": roger_wilco_create_json() }));
    let response = result.expect("CreateOrUpdateUser succeeds");
    assert_eq!(response.status(), 201);
    assert_eq!(response.location(), Some("/api/v2/users/9873843.json"));
    assert_eq!(response.rate_limit().zendesk[0].0, "create-update-user");
    match response.body() {
        CreateOrUpdateUserResponse::Created(created) => assert_is_created_roger_wilco(&created.user),
        other => panic!("a 201 is the Created variant, got {other:?}"),
    }
}

#[tokio::test]
async fn create_or_update_user_tells_200_ok_when_the_user_existed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/users/create_or_update"))
        .respond_with(json_response(200, created_roger_wilco()).insert_header("Location", "/api/v2/users/9873843.json"))
        .mount(&server)
        .await;
    let user = models::UserCreateOrUpdate {
        external_id: Some("account_54321".to_string()),
        ..Default::default()
    };

    let result = client_for(&server, api_token())
        .create_or_update_user(models::UserCreateOrUpdateRequest::new(user))
        .send()
        .await;

    the_one_request(&server)
        .await
        .assert_json_body(json!({ "user": { "external_id": "account_54321" } }));
    let response = result.expect("CreateOrUpdateUser succeeds");
    assert_eq!(response.status(), 200);
    assert_eq!(response.location(), Some("/api/v2/users/9873843.json"));
    match response.into_body() {
        CreateOrUpdateUserResponse::Ok(updated) => assert_is_created_roger_wilco(&updated.user),
        other => panic!("a 200 is the Ok variant, got {other:?}"),
    }
}

#[tokio::test]
async fn create_or_update_user_reports_an_undocumented_success_status() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/users/create_or_update"))
        .respond_with(json_response(202, created_roger_wilco()))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .create_or_update_user(models::UserCreateOrUpdateRequest::new(roger_wilco_create_or_update()))
        .send()
        .await;

    match result {
        Err(Error::UnexpectedStatus { operation, status, .. }) => {
            assert_eq!((operation, status.as_u16()), ("CreateOrUpdateUser", 202));
        }
        other => panic!("a 202 is not documented for CreateOrUpdateUser, got {other:?}"),
    }
}

// ------------------------------------------------------------------ bulk operations

#[tokio::test]
async fn create_many_users_sends_the_spec_example_and_decodes_the_job_status() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/users/create_many"))
        .respond_with(json_response(200, completed_job("update", "Updated")))
        .mount(&server)
        .await;
    let mut roger = models::UserCreate::new("Roger Wilco".to_string());
    roger.email = Some("[email protected]".to_string());
    roger.organization_id = Some(567812345);
    roger.role = Some(Role::Agent);
    let mut woger = models::UserCreate::new("Woger Rilco".to_string());
    woger.email = Some("[email protected]".to_string());
    woger.role = Some(Role::Admin);

    let result = client_for(&server, api_token())
        .create_many_users(models::UsersCreateManyRequest::new(vec![roger, woger]))
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("POST", "/api/v2/users/create_many")
    );
    assert_eq!(sent.authorization.as_deref(), Some(API_TOKEN_AUTHORIZATION));
    sent.assert_json_body(json!({ "users": [
        { "email": "[email protected]", "name": "Roger Wilco", "organization_id": 567812345, "role": "agent" },
        { "email": "[email protected]", "name": "Woger Rilco", "role": "admin" }
    ]}));
    assert_completed_job(
        &result.expect("CreateManyUsers succeeds").into_body().job_status,
        "update",
    );
}

#[tokio::test]
async fn create_many_users_refuses_more_than_100_users_without_sending() {
    let server = MockServer::start().await;
    let users = (0..101).map(|n| models::UserCreate::new(format!("User {n}"))).collect();

    let result = client_for(&server, api_token())
        .create_many_users(models::UsersCreateManyRequest::new(users))
        .send()
        .await;

    match result {
        Err(Error::InvalidRequest {
            operation,
            argument,
            reason,
        }) => {
            assert_eq!(operation, "CreateManyUsers");
            assert_eq!(argument, "body.users");
            assert!(reason.contains("101") && reason.contains("100"), "{reason}");
        }
        other => panic!("101 users must be refused before sending, got {other:?}"),
    }
    assert_eq!(requests_received(&server).await, 0, "nothing reaches the server");
}

#[tokio::test]
async fn create_or_update_many_users_sends_the_spec_example_and_decodes_the_job_status() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/users/create_or_update_many"))
        .respond_with(json_response(200, completed_job("update", "Updated")))
        .mount(&server)
        .await;
    let woger = models::UserCreateOrUpdate {
        email: Some("[email protected]".to_string()),
        external_id: Some("account_54321".to_string()),
        name: Some("Woger Rilco".to_string()),
        role: Some(Role::Admin),
        ..Default::default()
    };

    let result = client_for(&server, Auth::bearer(OAUTH_TOKEN))
        .create_or_update_many_users(models::UsersCreateOrUpdateManyRequest::new(vec![
            roger_wilco_create_or_update(),
            woger,
        ]))
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("POST", "/api/v2/users/create_or_update_many")
    );
    assert_eq!(sent.authorization.as_deref(), Some(BEARER_AUTHORIZATION));
    sent.assert_json_body(json!({ "users": [
        roger_wilco_create_json(),
        { "email": "[email protected]", "external_id": "account_54321", "name": "Woger Rilco", "role": "admin" }
    ]}));
    assert_completed_job(
        &result.expect("CreateOrUpdateManyUsers succeeds").into_body().job_status,
        "update",
    );
}

#[tokio::test]
async fn update_many_users_sends_ids_comma_separated_with_the_bulk_body() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/api/v2/users/update_many"))
        .and(query_param("ids", "1,2,3"))
        .and(query_param("external_ids", "ext-1,ext-2"))
        .respond_with(json_response(200, completed_job("update", "Updated")))
        .mount(&server)
        .await;
    let change = models::UserUpdate {
        organization_id: Nullable::Value(1),
        ..Default::default()
    };
    let body = models::UsersUpdateManyRequest::UsersBulkUpdateRequest(models::UsersBulkUpdateRequest::new(change));

    let result = client_for(&server, api_token())
        .update_many_users(body)
        .external_ids(["ext-1", "ext-2"])
        .ids([1_i64, 2, 3])
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("PUT", "/api/v2/users/update_many")
    );
    assert_eq!(sent.query, pairs(&[("external_ids", "ext-1,ext-2"), ("ids", "1,2,3")]));
    // OpenAPI `style: form, explode: false`: one parameter, values joined by a literal comma.
    assert_eq!(sent.raw_query.as_deref(), Some("external_ids=ext-1,ext-2&ids=1,2,3"));
    sent.assert_json_body(json!({ "user": { "organization_id": 1 } }));
    assert_completed_job(
        &result.expect("UpdateManyUsers succeeds").into_body().job_status,
        "update",
    );
}

#[tokio::test]
async fn update_many_users_sends_the_batch_body_without_ids() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/api/v2/users/update_many"))
        .respond_with(json_response(200, completed_job("update", "Updated")))
        .mount(&server)
        .await;
    let mut first = models::UserBatchUpdate::new(10071);
    first.name = Some("New Name".to_string());
    first.organization_id = Nullable::Value(1);
    let mut second = models::UserBatchUpdate::new(12307);
    second.verified = Some(true);
    let body = models::UsersUpdateManyRequest::UsersBatchUpdateRequest(models::UsersBatchUpdateRequest::new(vec![
        first, second,
    ]));

    let result = client_for(&server, api_token()).update_many_users(body).send().await;

    let sent = the_one_request(&server).await;
    assert_eq!(sent.raw_query, None, "no ids or external_ids when none are given");
    sent.assert_json_body(json!({ "users": [
        { "id": 10071, "name": "New Name", "organization_id": 1 },
        { "id": 12307, "verified": true }
    ]}));
    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn destroy_many_users_sends_ids_comma_separated_and_decodes_the_job_status() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/api/v2/users/destroy_many"))
        .and(query_param("ids", "1,2,3"))
        .respond_with(json_response(200, completed_job("delete", "Deleted")))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .destroy_many_users()
        .external_ids(["account_1", "account_2"])
        .ids([1_i64, 2, 3])
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("DELETE", "/api/v2/users/destroy_many")
    );
    assert_eq!(
        sent.query,
        pairs(&[("external_ids", "account_1,account_2"), ("ids", "1,2,3")])
    );
    assert_eq!(
        sent.raw_query.as_deref(),
        Some("external_ids=account_1,account_2&ids=1,2,3")
    );
    assert_eq!(sent.authorization.as_deref(), Some(API_TOKEN_AUTHORIZATION));
    sent.assert_no_body();
    assert_completed_job(
        &result.expect("DestroyManyUsers succeeds").into_body().job_status,
        "delete",
    );
}

#[tokio::test]
async fn show_many_users_sends_ids_comma_separated_and_decodes_the_users() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/show_many"))
        .and(query_param("ids", "345678,901234"))
        .respond_with(json_response(
            200,
            json!({ "users": [{ "id": 345678, "name": "Johnny Appleseed" }, { "id": 901234, "name": "Rupert Root" }] }),
        ))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .show_many_users()
        .external_ids(["apple", "root"])
        .ids([345678_i64, 901234])
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("GET", "/api/v2/users/show_many")
    );
    assert_eq!(
        sent.query,
        pairs(&[("external_ids", "apple,root"), ("ids", "345678,901234")])
    );
    assert_eq!(
        sent.raw_query.as_deref(),
        Some("external_ids=apple,root&ids=345678,901234")
    );
    sent.assert_no_body();
    let users = result.expect("ShowManyUsers succeeds").into_body().users;
    assert_eq!(users.iter().map(|user| user.id).collect::<Vec<_>>(), [345678, 901234]);
    assert_eq!(users[1].name, Nullable::Value("Rupert Root".to_string()));
}

#[tokio::test]
async fn show_many_users_refuses_more_than_100_ids_without_sending() {
    let server = MockServer::start().await;

    let result = client_for(&server, api_token())
        .show_many_users()
        .ids(1..=101_i64)
        .send()
        .await;

    match result {
        Err(Error::InvalidRequest {
            operation, argument, ..
        }) => {
            assert_eq!((operation, argument.as_str()), ("ShowManyUsers", "ids"));
        }
        other => panic!("101 ids must be refused before sending, got {other:?}"),
    }
    assert_eq!(requests_received(&server).await, 0, "nothing reaches the server");
}

#[tokio::test]
async fn logout_many_users_sends_ids_and_accepts_202_with_an_empty_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/users/logout_many"))
        .and(query_param("ids", "7,8"))
        .respond_with(ResponseTemplate::new(202))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .logout_many_users()
        .ids([7_i64, 8])
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("POST", "/api/v2/users/logout_many")
    );
    assert_eq!(sent.query, pairs(&[("ids", "7,8")]));
    assert_eq!(sent.raw_query.as_deref(), Some("ids=7,8"));
    assert_eq!(sent.authorization.as_deref(), Some(API_TOKEN_AUTHORIZATION));
    sent.assert_no_body();
    let response = result.expect("LogoutManyUsers succeeds");
    assert_eq!(response.status(), 202);
    let () = response.into_body();
}

#[tokio::test]
async fn show_job_status_puts_the_job_id_in_the_path_and_decodes_the_job() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/job_statuses/82de0b044094f0c67893ac9fe64f1a99"))
        .respond_with(json_response(200, completed_job("update", "Updated")))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .show_job_status("82de0b044094f0c67893ac9fe64f1a99")
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("GET", "/api/v2/job_statuses/82de0b044094f0c67893ac9fe64f1a99")
    );
    assert_eq!(sent.authorization.as_deref(), Some(API_TOKEN_AUTHORIZATION));
    sent.assert_no_body();
    let job = result.expect("ShowJobStatus succeeds").into_body().job_status;
    assert_completed_job(&job, "update");
    assert_eq!(job.job_type, Nullable::Absent);
}

#[tokio::test]
async fn show_job_status_percent_encodes_a_slash_and_a_space_in_the_job_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/job_statuses/82de%2F0b04%204094"))
        .respond_with(json_response(
            200,
            json!({ "job_status": { "id": "82de/0b04 4094", "status": "queued" } }),
        ))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .show_job_status("82de/0b04 4094")
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        sent.path, "/api/v2/job_statuses/82de%2F0b04%204094",
        "the id stays one path segment"
    );
    let job = result.expect("ShowJobStatus succeeds").into_body().job_status;
    assert_eq!(job.id, "82de/0b04 4094");
    assert_eq!(job.results, Nullable::Absent);
}

#[tokio::test]
async fn show_job_status_refuses_a_dot_dot_id_without_sending() {
    let server = MockServer::start().await;

    let result = client_for(&server, api_token()).show_job_status("..").send().await;

    assert!(
        matches!(
            &result,
            Err(Error::InvalidRequest {
                operation: "ShowJobStatus",
                ..
            })
        ),
        "`..` would address /api/v2/ instead of a job: {result:?}"
    );
    assert_eq!(requests_received(&server).await, 0, "nothing reaches the server");
}

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
        Some("page%5Bsize%5D=25&page%5Bafter%5D=after-cursor&page%5Bbefore%5D=before-cursor&page=1&per_page=25")
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
        .include(["identities", "organizations"])
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
    assert_eq!(identities[0].r#type, Nullable::Value("email".to_string()));
    assert_eq!(identities[0].primary, Nullable::Value(true));
    assert_eq!(
        page.organizations
            .value()
            .map(|organizations| organizations[0].get("name").cloned()),
        Some(Some(json!("Acme")))
    );
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

// ------------------------------------------------------------------ client-side checks and errors

#[tokio::test]
async fn list_users_refuses_page_size_over_100_naming_the_argument_without_sending() {
    let server = MockServer::start().await;

    let result = client_for(&server, api_token())
        .list_users()
        .page_size(101)
        .send()
        .await;

    match &result {
        Err(Error::InvalidRequest {
            operation,
            argument,
            reason,
        }) => {
            assert_eq!(*operation, "ListUsers");
            assert_eq!(
                argument, "page[size]",
                "the argument is named as the spec names the parameter"
            );
            assert!(reason.contains("101") && reason.contains("100"), "{reason}");
        }
        other => panic!("page[size] 101 must be refused before sending, got {other:?}"),
    }
    let message = result.map(|_| ()).expect_err("refused").to_string();
    assert!(
        message.contains("page[size]") && message.contains("nothing was sent"),
        "{message}"
    );
    assert_eq!(requests_received(&server).await, 0, "nothing reaches the server");
}

#[tokio::test]
async fn list_users_refuses_page_size_zero_without_sending() {
    let server = MockServer::start().await;

    let result = client_for(&server, api_token()).list_users().page_size(0).send().await;

    assert!(
        matches!(&result, Err(Error::InvalidRequest { argument, .. }) if argument == "page[size]"),
        "{result:?}"
    );
    assert_eq!(requests_received(&server).await, 0, "nothing reaches the server");
}

#[tokio::test]
async fn show_user_404_is_an_api_error_with_the_decoded_zendesk_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/404"))
        .respond_with(
            json_response(404, json!({ "error": "RecordNotFound", "description": "Not found" }))
                .insert_header("X-Zendesk-Request-Id", "req-123"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let result = client_for(&server, api_token()).show_user(404).send().await;

    let error = result.expect_err("a 404 is an error");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(404));
    assert_eq!(error.operation(), Some("ShowUser"));
    assert!(!error.is_transient());
    let api = match &error {
        Error::Api(api) => api,
        other => panic!("a 404 is Error::Api, got {other:?}"),
    };
    let body = api.body.as_ref().expect("the Zendesk error body is decoded");
    assert_eq!(body.error.as_deref(), Some("RecordNotFound"));
    assert_eq!(body.description.as_deref(), Some("Not found"));
    assert_eq!(api.request_id.as_deref(), Some("req-123"));
    let message = error.to_string();
    assert!(
        message.contains("ShowUser") && message.contains("404") && message.contains("RecordNotFound"),
        "{message}"
    );
}

#[tokio::test]
async fn create_user_422_is_an_api_error_with_per_field_details() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/users"))
        .respond_with(json_response(
            422,
            json!({
                "error": "RecordInvalid",
                "description": "Record validation errors",
                "details": {
                    "email": [{
                        "description": "Email: [email protected] is already being used by another user",
                        "error": "DuplicateValue"
                    }]
                }
            }),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .create_user(models::UserCreateRequest::new(roger_wilco_create()))
        .send()
        .await;

    let error = result.expect_err("a 422 is an error");
    let api = error.api_error().expect("a 422 carries the API error");
    assert_eq!(api.status.as_u16(), 422);
    assert_eq!(api.operation, "CreateUser");
    let body = api.body.as_ref().expect("the Zendesk error body is decoded");
    assert_eq!(body.error.as_deref(), Some("RecordInvalid"));
    assert_eq!(body.description.as_deref(), Some("Record validation errors"));
    let email = body.details.get("email").expect("details for email");
    assert_eq!(email.len(), 1);
    assert_eq!(email[0].error.as_deref(), Some("DuplicateValue"));
    assert!(email[0]
        .description
        .as_deref()
        .is_some_and(|text| text.contains("already being used")));
    assert!(error.to_string().contains("DuplicateValue"), "{error}");
}
