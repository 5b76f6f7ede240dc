//! Sessions: show and delete one of a user's sessions, delete them all, and
//! the current session (show, renew, log out).

use super::*;
use zendesk_users::models::SessionOrList;

/// The session of the spec's session examples.
fn session_3432() -> Value {
    json!({
        "authenticated_at": "2014-11-18T17:24:29Z",
        "id": 3432,
        "last_seen_at": "2014-11-18T17:30:52Z",
        "url": "https://company.zendesk.com/api/v2/users/12345/sessions/3432.json",
        "user_id": 12345
    })
}

fn assert_is_session_3432(session: &models::Session) {
    assert_eq!(session.id, 3432);
    assert_eq!(session.user_id, Nullable::Value(12345));
    assert_eq!(session.authenticated_at, Nullable::Value(time("2014-11-18T17:24:29Z")));
    assert_eq!(session.last_seen_at, Nullable::Value(time("2014-11-18T17:30:52Z")));
}

#[tokio::test]
async fn show_session_decodes_a_single_session_object() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/12345/sessions/3432"))
        .respond_with(json_response(200, json!({ "session": session_3432() })))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token()).show_session(12345, 3432).send().await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("GET", "/api/v2/users/12345/sessions/3432")
    );
    assert_eq!(sent.authorization.as_deref(), Some(API_TOKEN_AUTHORIZATION));
    sent.assert_no_body();
    match result.expect("ShowSession succeeds").into_body().session {
        SessionOrList::Session(session) => assert_is_session_3432(&session),
        other => panic!("a single session object decodes as Session, got {other:?}"),
    }
}

#[tokio::test]
async fn show_session_decodes_the_list_zendesk_documents() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/12345/sessions/3432"))
        .respond_with(json_response(200, json!({ "session": [session_3432()] })))
        .mount(&server)
        .await;

    let session = client_for(&server, api_token())
        .show_session(12345, 3432)
        .send()
        .await
        .expect("ShowSession succeeds")
        .into_body()
        .session;

    match session {
        SessionOrList::SessionList(sessions) => {
            assert_eq!(sessions.len(), 1);
            assert_is_session_3432(&sessions[0]);
        }
        other => panic!("a list decodes as SessionList, got {other:?}"),
    }
}

#[tokio::test]
async fn delete_session_sends_delete_and_accepts_204() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/api/v2/users/12345/sessions/3432"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .delete_session(12345, 3432)
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("DELETE", "/api/v2/users/12345/sessions/3432")
    );
    sent.assert_no_body();
    assert_eq!(result.expect("DeleteSession succeeds").status().as_u16(), 204);
}

#[tokio::test]
async fn bulk_delete_sessions_sends_delete_on_the_user_sessions() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/api/v2/users/12345/sessions"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;

    let result = client_for(&server, Auth::password(EMAIL, PASSWORD))
        .bulk_delete_sessions_by_user_id(12345)
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("DELETE", "/api/v2/users/12345/sessions")
    );
    assert_eq!(sent.authorization.as_deref(), Some(PASSWORD_AUTHORIZATION));
    sent.assert_no_body();
    assert_eq!(
        result.expect("BulkDeleteSessionsByUserId succeeds").status().as_u16(),
        204
    );
}

#[tokio::test]
async fn bulk_delete_sessions_of_an_unknown_user_is_a_404() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/api/v2/users/9/sessions"))
        .respond_with(json_response(
            404,
            json!({ "error": "RecordNotFound", "description": "Not found" }),
        ))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .bulk_delete_sessions_by_user_id(9)
        .send()
        .await;

    assert!(
        matches!(&result, Err(Error::Api(api)) if api.status.as_u16() == 404),
        "{result:?}"
    );
}

#[tokio::test]
async fn delete_authenticated_session_logs_out_with_delete_on_me_logout() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/api/v2/users/me/logout"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;

    let result = client_for(&server, Auth::bearer(OAUTH_TOKEN))
        .delete_authenticated_session()
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("DELETE", "/api/v2/users/me/logout")
    );
    assert_eq!(sent.authorization.as_deref(), Some(BEARER_AUTHORIZATION));
    sent.assert_no_body();
    assert_eq!(
        result.expect("DeleteAuthenticatedSession succeeds").status().as_u16(),
        204
    );
}

#[tokio::test]
async fn show_currently_authenticated_session_decodes_the_session() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/users/me/session"))
        .respond_with(json_response(200, json!({ "session": [session_3432()] })))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token())
        .show_currently_authenticated_session()
        .send()
        .await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("GET", "/api/v2/users/me/session")
    );
    sent.assert_no_body();
    match result
        .expect("ShowCurrentlyAuthenticatedSession succeeds")
        .into_body()
        .session
    {
        SessionOrList::SessionList(sessions) => assert_is_session_3432(&sessions[0]),
        other => panic!("expected the documented list, got {other:?}"),
    }
}

#[tokio::test]
async fn renew_current_session_returns_the_new_authenticity_token() {
    let server = MockServer::start().await;
    let token = "huU19Z76zNC9Yvt+i9p7MviIOlOIg/JWqEdf6nGmnu9JInV04fksCIdtNDvoYAoV";
    Mock::given(method("GET"))
        .and(path("/api/v2/users/me/session/renew"))
        .respond_with(json_response(200, json!({ "authenticity_token": token })))
        .mount(&server)
        .await;

    let result = client_for(&server, api_token()).renew_current_session().send().await;

    let sent = the_one_request(&server).await;
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("GET", "/api/v2/users/me/session/renew")
    );
    sent.assert_no_body();
    assert_eq!(
        result
            .expect("RenewCurrentSession succeeds")
            .into_body()
            .authenticity_token,
        Nullable::Value(token.to_string())
    );
}
