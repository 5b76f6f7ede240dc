//! Bulk operations and job statuses: comma-separated ids, `maxItems`, 202 with an empty body, path encoding of job ids.

use super::*;

// ------------------------------------------------------------------ bulk operations

#[tokio::test]
async fn create_many_users_sends_the_spec_example_and_decodes_the_job_status() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/users/create_many"))
        .respond_with(json_response(200, completed_job("update", "Updated")))
        .mount(&server)
        .await;
    let result = client_for(&server, api_token())
        .create_many_users(models::UsersCreateManyRequest::new(create_many_users_example()))
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
    let result = client_for(&server, Auth::bearer(OAUTH_TOKEN))
        .create_or_update_many_users(models::UsersCreateOrUpdateManyRequest::new(
            create_or_update_many_users_example(),
        ))
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
    let result = client_for(&server, api_token())
        .update_many_users(bulk_update_example())
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
    let result = client_for(&server, api_token())
        .update_many_users(batch_update_example())
        .send()
        .await;

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
