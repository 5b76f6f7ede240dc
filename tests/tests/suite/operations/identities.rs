//! User identities: list, create, show, update, delete, make primary, request
//! verification and verify.

use super::*;
use zendesk_users::models::{IdentityType, IdentityVerificationMethod};

/// The identities of the spec's `ListUserIdentities` / `MakeUserIdentityPrimary` example.
fn identities_135() -> Value {
    json!({ "identities": [
        {
            "created_at": "2011-07-20T22:55:29Z", "id": 35436, "primary": true, "type": "email",
            "updated_at": "2011-07-20T22:55:29Z", "user_id": 135, "value": "someone@example.com",
            "verification_method": "low", "verified": true
        },
        {
            "created_at": "2012-02-12T14:25:21Z", "id": 77136, "primary": false, "type": "twitter",
            "updated_at": "2012-02-12T14:25:21Z", "user_id": 135, "value": "didgeridooboy",
            "verification_method": "low", "verified": true
        },
        {
            "created_at": "2012-02-12T14:25:21Z", "id": 88136, "primary": true, "type": "phone_number",
            "updated_at": "2012-02-12T14:25:21Z", "user_id": 135, "value": "+1 555-123-4567",
            "verification_method": "low", "verified": true
        }
    ]})
}

fn assert_are_identities_135(identities: &[models::UserIdentity]) {
    let summary: Vec<(i64, Option<IdentityType>, Option<bool>)> = identities
        .iter()
        .map(|identity| (identity.id, identity.r#type.clone(), identity.primary.value().copied()))
        .collect();
    assert_eq!(
        summary,
        [
            (35436, Some(IdentityType::Email), Some(true)),
            (77136, Some(IdentityType::Twitter), Some(false)),
            (88136, Some(IdentityType::PhoneNumber), Some(true)),
        ]
    );
    assert!(identities
        .iter()
        .all(|identity| identity.verification_method == Some(IdentityVerificationMethod::Low)));
    assert_eq!(identities[0].created_at, Nullable::Value(time("2011-07-20T22:55:29Z")));
}

/// The twitter identity of the spec's `CreateUserIdentity` / `ShowUserIdentity` examples.
fn cabanaboy(verified: bool) -> Value {
    json!({ "identity": {
        "created_at": "2012-02-12T14:25:21Z", "id": 77938, "primary": false, "type": "twitter",
        "updated_at": "2012-02-12T14:25:21Z", "user_id": 13531, "value": "cabanaboy", "verified": verified
    }})
}

fn assert_is_cabanaboy(identity: &models::UserIdentity, verified: bool) {
    assert_eq!(identity.id, 77938);
    assert_eq!(identity.user_id, Nullable::Value(13531));
    assert_eq!(identity.r#type, Some(IdentityType::Twitter));
    assert_eq!(identity.value, Nullable::Value("cabanaboy".to_string()));
    assert_eq!(identity.verified, Nullable::Value(verified));
    assert_eq!(identity.primary, Nullable::Value(false));
}

#[tokio::test]
async fn list_user_identities_sends_type_filters_and_page_parameters() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/135/identities"))
        .respond_with(json_response(200, identities_135()))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .list_user_identities(135)
        .type_list([IdentityType::Email, IdentityType::PhoneNumber])
        .page_size(100)
        .page_after("cursor-a")
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("GET", "/api/v2/users/135/identities")
    );
    assert_eq!(
        sent.query,
        pairs(&[
            ("type[]", "email"),
            ("type[]", "phone_number"),
            ("page[size]", "100"),
            ("page[after]", "cursor-a")
        ])
    );
    assert_eq!(sent.authorization.as_deref(), Some(API_TOKEN_AUTHORIZATION));
    sent.assert_no_body();
    assert_are_identities_135(&result.expect("ListUserIdentities succeeds").into_body().identities);
}

#[tokio::test]
async fn list_user_identities_streams_every_page() {
    let server = MockServer::start().await;
    let page = |ids: &[i64], has_more: bool, after: &str| {
        let identities: Vec<Value> = ids
            .iter()
            .map(|id| json!({ "id": id, "type": "email", "value": format!("{id}@example.com") }))
            .collect();
        json!({ "identities": identities, "meta": { "has_more": has_more, "after_cursor": after } })
    };
    Mock::given(method("GET"))
        .and(path("/api/v2/users/135/identities"))
        .and(query_param("page[after]", "second"))
        .respond_with(json_response(200, page(&[3], false, "end")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/135/identities"))
        .respond_with(json_response(200, page(&[1, 2], true, "second")))
        .with_priority(10)
        .mount(&server)
        .await;

    let identities: Vec<Result<models::UserIdentity, Error>> = futures::StreamExt::collect(
        client_for(&server, api_token())
            .list_user_identities(135)
            .page_size(2)
            .stream(),
    )
    .await;

    let ids: Vec<i64> = identities
        .into_iter()
        .map(|identity| identity.expect("every page decodes").id)
        .collect();
    assert_eq!(ids, [1, 2, 3]);
    assert_eq!(requests_received(&server).await, 2);
}

#[tokio::test]
async fn create_user_identity_posts_the_identity_and_decodes_the_created_one() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/users/13531/identities"))
        .respond_with(json_response(
            201,
            json!({ "identity": {
                "created_at": "2012-02-12T14:25:21Z", "id": 77938, "primary": false, "type": "twitter",
                "updated_at": "2012-02-12T14:25:21Z", "user_id": 13531, "value": "cabanaboy",
                "verification_method": "none", "verified": false
            }}),
        ))
        .mount(&server)
        .await;

    let mut identity = models::IdentityCreate::new(IdentityType::Twitter, "cabanaboy");
    identity.skip_verify_email = Some(true);
    let result = client_for(&server, api_token())
        .create_user_identity(13531, models::IdentityCreateRequest::new(identity))
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("POST", "/api/v2/users/13531/identities")
    );
    // The spec's `twitter` request example.
    sent.assert_json_body(
        json!({ "identity": { "type": "twitter", "value": "cabanaboy", "skip_verify_email": true } }),
    );
    let response = result.expect("CreateUserIdentity succeeds");
    assert_eq!(response.status().as_u16(), 201);
    let created = response.into_body().identity;
    assert_is_cabanaboy(&created, false);
    assert_eq!(created.verification_method, Some(IdentityVerificationMethod::None));
}

#[tokio::test]
async fn show_user_identity_decodes_deliverability() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/135/identities/35436"))
        .respond_with(json_response(
            200,
            json!({ "identity": {
                "created_at": "2011-07-20T22:55:29Z", "deliverable_state": "deliverable", "id": 35436,
                "primary": true, "type": "email", "undeliverable_count": 0, "updated_at": "2011-07-20T22:55:29Z",
                "url": "https://company.zendesk.com/api/v2/users/135/identities/35436.json", "user_id": 135,
                "value": "someone@example.com", "verification_method": "full", "verified": true,
                "verified_at": "2011-07-20T22:55:29Z"
            }}),
        ))
        .mount(&server)
        .await;

    let result = client_for(&server, Auth::bearer(OAUTH_TOKEN))
        .show_user_identity(135, 35436)
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("GET", "/api/v2/users/135/identities/35436")
    );
    assert_eq!(sent.authorization.as_deref(), Some(BEARER_AUTHORIZATION));
    sent.assert_no_body();
    let identity = result.expect("ShowUserIdentity succeeds").into_body().identity;
    assert_eq!(identity.deliverable_state, Nullable::Value("deliverable".to_string()));
    assert_eq!(identity.undeliverable_count, Nullable::Value(0));
    assert_eq!(identity.verification_method, Some(IdentityVerificationMethod::Full));
    assert_eq!(identity.verified_at, Nullable::Value(time("2011-07-20T22:55:29Z")));
}

#[tokio::test]
async fn an_identity_type_zendesk_adds_later_is_kept() {
    let server = MockServer::start().await;
    let body = json!({ "identity": { "id": 5, "type": "carrier_pigeon", "value": "loft 7" } });
    Mock::given(method("GET"))
        .and(path("/api/v2/users/1/identities/5"))
        .respond_with(json_response(200, body.clone()))
        .mount(&server)
        .await;

    let identity = client_for(&server, api_token())
        .show_user_identity(1, 5)
        .send()
        .await
        .expect("an unknown identity type decodes")
        .into_body();

    assert_eq!(
        identity.identity.r#type,
        Some(IdentityType::Unknown("carrier_pigeon".to_string()))
    );
    assert_eq!(serde_json::to_value(&identity).expect("re-encodes"), body);
}

#[tokio::test]
async fn update_user_identity_puts_the_change() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/api/v2/users/135/identities/35436"))
        .respond_with(json_response(
            200,
            json!({ "identity": {
                "created_at": "2011-07-20T22:55:29Z", "deliverable_state": "deliverable", "id": 35436,
                "primary": true, "type": "email", "updated_at": "2011-07-20T22:55:29Z", "user_id": 135,
                "value": "someone@example.com", "verification_method": "low", "verified": true
            }}),
        ))
        .mount(&server)
        .await;

    let change = models::IdentityUpdate {
        verified: Some(true),
        ..Default::default()
    };
    let result = client_for(&server, api_token())
        .update_user_identity(135, 35436, models::IdentityUpdateRequest::new(change))
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("PUT", "/api/v2/users/135/identities/35436")
    );
    sent.assert_json_body(json!({ "identity": { "verified": true } }));
    let identity = result.expect("UpdateUserIdentity succeeds").into_body().identity;
    assert_eq!(identity.verified, Nullable::Value(true));
    assert_eq!(identity.verification_method, Some(IdentityVerificationMethod::Low));
}

#[tokio::test]
async fn delete_user_identity_sends_delete_and_accepts_204() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/api/v2/users/135/identities/77136"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .delete_user_identity(135, 77136)
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("DELETE", "/api/v2/users/135/identities/77136")
    );
    sent.assert_no_body();
    assert_eq!(result.expect("DeleteUserIdentity succeeds").status().as_u16(), 204);
}

#[tokio::test]
async fn make_user_identity_primary_returns_every_identity() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/api/v2/users/135/identities/35436/make_primary"))
        .respond_with(json_response(200, identities_135()))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .make_user_identity_primary(135, 35436)
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("PUT", "/api/v2/users/135/identities/35436/make_primary")
    );
    sent.assert_no_body();
    assert_are_identities_135(&result.expect("MakeUserIdentityPrimary succeeds").into_body().identities);
}

#[tokio::test]
async fn request_user_verfication_sends_put_and_accepts_an_empty_200() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/api/v2/users/135/identities/35436/request_verification"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .request_user_verfication(135, 35436)
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("PUT", "/api/v2/users/135/identities/35436/request_verification")
    );
    sent.assert_no_body();
    assert_eq!(result.expect("RequestUserVerfication succeeds").status().as_u16(), 200);
}

#[tokio::test]
async fn verify_user_identity_decodes_the_verified_identity() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/api/v2/users/13531/identities/77938/verify"))
        .respond_with(json_response(200, cabanaboy(true)))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .verify_user_identity(13531, 77938)
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("PUT", "/api/v2/users/13531/identities/77938/verify")
    );
    sent.assert_no_body();
    assert_is_cabanaboy(&result.expect("VerifyUserIdentity succeeds").into_body().identity, true);
}

#[tokio::test]
async fn verifying_the_account_owner_is_refused_with_the_zendesk_error() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/api/v2/users/1/identities/2/verify"))
        .respond_with(json_response(
            422,
            json!({ "error": "RecordInvalid", "description": "Record validation errors" }),
        ))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token()).verify_user_identity(1, 2).send().await;

    match result {
        Err(Error::Api(api)) => {
            assert_eq!(api.status.as_u16(), 422);
            assert_eq!(
                api.body.as_ref().and_then(|body| body.error.clone()).as_deref(),
                Some("RecordInvalid")
            );
        }
        other => panic!("expected a 422 API error, got {other:?}"),
    }
}
