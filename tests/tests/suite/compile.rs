//! Compile tests of the generated client. The programs in `tests/ui/pass/`
//! use every operation and runtime helper the way a caller would and must
//! compile; each program in `tests/ui/fail/` makes one typical mistake and must
//! be rejected with the compiler output checked in beside it (`<case>.stderr`).
//! After an intended change to the generated API, refresh those files with
//! `TRYBUILD=overwrite` and review the diff.
//!
//! The pass programs are modules of this test binary, so the ordinary build of
//! the suite compiles them and a program that stops compiling stops the suite.
//! Only the fail programs go through trybuild, in one batch: with no pass case
//! in it, trybuild type-checks (`cargo check`) instead of building and linking
//! a binary per program and then running each one, which made this the
//! slowest test of the suite.

#[allow(dead_code)]
#[path = "../../ui/pass/awaited_builders.rs"]
mod pass_awaited_builders;
#[allow(dead_code)]
#[path = "../../ui/pass/bulk_jobs_export.rs"]
mod pass_bulk_jobs_export;
#[allow(dead_code)]
#[path = "../../ui/pass/client_errors_enums.rs"]
mod pass_client_errors_enums;
#[allow(dead_code)]
#[path = "../../ui/pass/no_accidental_null.rs"]
mod pass_no_accidental_null;
#[allow(dead_code)]
#[path = "../../ui/pass/reads.rs"]
mod pass_reads;
#[allow(dead_code)]
#[path = "../../ui/pass/writes.rs"]
mod pass_writes;

/// The pass programs the modules above include, so that a program added to
/// `tests/ui/pass/` and not listed here fails instead of going unchecked.
const PASS_PROGRAMS: &[&str] = &[
    "awaited_builders.rs",
    "bulk_jobs_export.rs",
    "client_errors_enums.rs",
    "no_accidental_null.rs",
    "reads.rs",
    "writes.rs",
];

/// The data-loss guard runs, not only compiles: no conversion from an `Option`
/// may put `null` on the wire.
#[test]
fn no_conversion_from_an_option_sends_null() {
    pass_no_accidental_null::main();
}

/// The value checks of `client_errors_enums.rs` run: `organization_id` decodes into
/// each of its three states.
#[test]
fn nullable_field_decodes_absent_null_or_value() {
    for (json, state) in [
        (serde_json::json!({ "id": 1 }), "absent"),
        (serde_json::json!({ "id": 1, "organization_id": null }), "null"),
        (serde_json::json!({ "id": 1, "organization_id": 7 }), "value"),
    ] {
        let user: zendesk_users::models::User =
            serde_json::from_value(json.clone()).unwrap_or_else(|error| panic!("{json} decodes: {error}"));
        assert_eq!(pass_client_errors_enums::nullable_states(&user), state, "{json}");
    }
}

/// The value checks of `client_errors_enums.rs` run: open enums decode leniently and
/// parse strictly.
#[test]
fn open_enums_decode_leniently_and_parse_strictly() {
    pass_client_errors_enums::open_enums();
}

/// The value checks of `client_errors_enums.rs` run: a user round-trips through serde.
#[test]
fn models_round_trip_through_serde() {
    pass_client_errors_enums::models_round_trip_through_serde().expect("the user round-trips");
}

/// A local server answering every write `writes.rs` sends, with the status each
/// documents (`create_or_update_user` answers 201 Created).
async fn writes_server() -> wiremock::MockServer {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    let user = serde_json::json!({ "user": { "id": 35436, "active": false } });
    let answers = [
        ("POST", "/api/v2/users", 201, user.clone()),
        ("PUT", "/api/v2/users/35436", 200, user.clone()),
        ("POST", "/api/v2/users/create_or_update", 201, user.clone()),
        ("POST", "/api/v2/users/request_create", 200, serde_json::Value::Null),
        ("PUT", "/api/v2/users/35436/merge", 200, user.clone()),
        ("DELETE", "/api/v2/users/35436", 200, user),
        (
            "DELETE",
            "/api/v2/deleted_users/35436",
            200,
            serde_json::json!({ "deleted_user": { "id": 35436, "name": "Roger" } }),
        ),
    ];
    for (verb, route, status, body) in answers {
        let response = match body {
            serde_json::Value::Null => ResponseTemplate::new(status),
            body => ResponseTemplate::new(status).set_body_json(body),
        };
        Mock::given(method(verb))
            .and(path(route))
            .respond_with(response)
            .mount(&server)
            .await;
    }
    server
}

fn writes_client(server: &wiremock::MockServer) -> zendesk_users::Client {
    zendesk_users::Client::builder("example", zendesk_users::Auth::api_token("a@b.c", "t"))
        .base_url(server.uri())
        .allow_insecure_http(true)
        .retry_policy(zendesk_users::RetryPolicy::never())
        .build()
        .expect("a client for the local server")
}

/// The bodies the server received, in order, as JSON (`null` for none).
async fn received_bodies(server: &wiremock::MockServer) -> Vec<(String, serde_json::Value)> {
    let requests = server.received_requests().await.expect("request recording is on");
    requests
        .iter()
        .map(|request| {
            let body = serde_json::from_slice(&request.body).unwrap_or(serde_json::Value::Null);
            (format!("{} {}", request.method, request.url.path()), body)
        })
        .collect()
}

/// `writes.rs` runs: `create` sends the minimal and the full user.
#[tokio::test]
async fn writes_create_runs() {
    let server = writes_server().await;
    pass_writes::create(&writes_client(&server)).await.expect("create runs");
    let bodies = received_bodies(&server).await;
    assert_eq!(bodies.len(), 2);
    assert_eq!(bodies[0].1, serde_json::json!({ "user": { "name": "Roger Wilco" } }));
    assert_eq!(bodies[1].1["user"]["identities"][0]["value"], "roger@example.org");
    assert_eq!(bodies[1].1["user"]["ticket_restriction"], "groups");
}

/// `writes.rs` runs: the three states of a nullable field reach the wire as written.
#[tokio::test]
async fn writes_update_with_three_states_runs() {
    let server = writes_server().await;
    pass_writes::update_with_three_states(&writes_client(&server))
        .await
        .expect("the updates run");
    let bodies: Vec<serde_json::Value> = received_bodies(&server)
        .await
        .into_iter()
        .map(|(_, body)| body)
        .collect();
    assert_eq!(
        bodies,
        [
            serde_json::json!({ "user": { "organization_id": null, "ticket_restriction": null } }),
            serde_json::json!({ "user": {
                "name": "Roger W.",
                "organization_id": 360002,
                "suspended": false,
                "ticket_restriction": "assigned"
            } }),
            serde_json::json!({ "user": { "notes": "keeps the organization" } }),
        ]
    );
}

/// `writes.rs` runs: create-or-update takes the `Created` branch on a 201.
#[tokio::test]
async fn writes_create_or_update_runs() {
    let server = writes_server().await;
    pass_writes::create_or_update(&writes_client(&server))
        .await
        .expect("create-or-update runs");
    let bodies = received_bodies(&server).await;
    assert_eq!(
        bodies,
        [(
            "POST /api/v2/users/create_or_update".to_string(),
            serde_json::json!({ "user": { "name": "Roger Wilco", "external_id": "hr-4711", "organization_id": 360002 } })
        )]
    );
}

/// `writes.rs` runs: request, merge, delete and permanently delete, in that order.
#[tokio::test]
async fn writes_request_merge_and_delete_runs() {
    let server = writes_server().await;
    pass_writes::request_merge_and_delete(&writes_client(&server))
        .await
        .expect("the writes run");
    let routes: Vec<String> = received_bodies(&server)
        .await
        .into_iter()
        .map(|(route, _)| route)
        .collect();
    assert_eq!(
        routes,
        [
            "POST /api/v2/users/request_create",
            "PUT /api/v2/users/35436/merge",
            "DELETE /api/v2/users/35436",
            "DELETE /api/v2/deleted_users/35436",
        ]
    );
}

#[test]
fn every_pass_program_is_compiled_into_the_suite() {
    let directory = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/pass");
    let mut found: Vec<String> = std::fs::read_dir(&directory)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", directory.display()))
        .map(|entry| {
            entry
                .expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        PASS_PROGRAMS,
        "list every program of {} in compile.rs",
        directory.display()
    );
}

#[test]
fn generated_client_rejects_typical_mistakes() {
    trybuild::TestCases::new().compile_fail("ui/fail/*.rs");
}
