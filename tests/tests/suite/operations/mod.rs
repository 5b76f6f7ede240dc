//! Every operation of the generated client against a real local HTTP server
//! (wiremock on 127.0.0.1): each test calls one operation with typed
//! arguments, then checks the request the server received (method, path,
//! query, auth, JSON headers, body equal to the spec's request example) and
//! that the spec's response example decodes into the documented type.
//!
//! The received request is read back and compared field by field *before*
//! the result is unwrapped, so a malformed request fails with a diff of what
//! was sent instead of a 404 from a mock that did not match.

mod bulk;
mod deleted_and_export;
mod errors;
mod listing;
mod single_users;
// The rest of the Users family (issue 10).
mod cursor_export;
mod identities;
mod passwords_memberships;
mod sessions;
mod sideloads;

use std::time::Duration;

use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};
use zendesk_users::chrono::{DateTime, FixedOffset};
use zendesk_users::models::{self, CreateOrUpdateUserResponse, Role, RoleType, TicketRestriction};
use zendesk_users::{Auth, Client, Error, Nullable, RetryPolicy};

use crate::spec_examples::*;

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
        results.iter().map(|result| result.id).collect::<Vec<_>>(),
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
