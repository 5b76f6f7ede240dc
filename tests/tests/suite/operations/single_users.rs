//! One user at a time: show, related, me, create, update, delete, merge, request, create-or-update.

use super::*;

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
        external_id: Nullable::Value("account_54321".to_string()),
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
