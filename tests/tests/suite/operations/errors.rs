//! Client-side checks made before sending, and error responses.

use super::*;

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
    assert_eq!(error.status(), Some(404));
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
