//! The contract test: every operation of the generated client against Prism
//! (`@stoplight/prism-cli`, installed by `npm ci`) mocking
//! spec/zendesk-users.yaml. Prism validates each request against the spec
//! (path, query, headers, security, body) and answers with the spec's
//! examples, or with a body generated from the schema where there is none, so
//! this checks both directions: what the client sends is what the spec
//! describes, and what the spec documents decodes into the generated types.
//!
//! One Prism process serves the whole module: a single test starts it, calls
//! every operation in sequence, and a guard kills it when the test ends, even
//! when it fails. Failures are collected rather than raised at the first one,
//! so one run lists every operation that breaks the contract.

use std::collections::BTreeSet;
use std::fs::File;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures::{Stream, StreamExt};
use zendesk_users::models::{self, CreateOrUpdateUserResponse, Role};
use zendesk_users::reqwest::header::{HeaderMap, HeaderValue};
use zendesk_users::{Auth, Client, Error, Nullable, Response, RetryPolicy};

use crate::spec_examples::*;

/// How long Prism may take to load the spec and start listening.
const PRISM_READY_WITHIN: Duration = Duration::from_secs(60);

/// Prism's header listing what in the request broke the spec; present on any
/// response to a request with violations, even a 2xx one.
const VIOLATIONS_HEADER: &str = "sl-violations";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace root")
        .to_path_buf()
}

// ------------------------------------------------------------------ the Prism process

/// A running `prism mock`; dropping it kills the process, so a failing or
/// panicking test never leaves Prism behind.
struct Prism {
    child: Child,
    address: SocketAddr,
    log: PathBuf,
}

impl Prism {
    fn start() -> Prism {
        let root = workspace_root();
        let binary = root.join("node_modules/.bin/prism");
        assert!(
            binary.exists(),
            "the contract test needs Prism, but {} does not exist; run `npm ci` in {} to install it",
            binary.display(),
            root.display()
        );
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, free_port()));
        let log = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("prism-{}.log", address.port()));
        // Prism logs every request; a file, unlike an unread pipe, never fills up and stalls it.
        let stdout = File::create(&log).expect("create the Prism log file");
        let stderr = stdout.try_clone().expect("share the Prism log file");
        let child = Command::new(&binary)
            .args([
                "mock",
                // Warnings and errors only: a log line per request costs Prism time.
                "--verboseLevel",
                "warn",
                "-h",
                "127.0.0.1",
                "-p",
                &address.port().to_string(),
                "spec/zendesk-users.yaml",
            ])
            .current_dir(&root)
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(stderr)
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {} (is node on PATH?): {error}", binary.display()));
        let mut prism = Prism { child, address, log };
        prism.wait_until_listening();
        prism
    }

    /// Polls the port until Prism accepts connections; fails early if Prism exits.
    fn wait_until_listening(&mut self) {
        let deadline = Instant::now() + PRISM_READY_WITHIN;
        loop {
            if TcpStream::connect_timeout(&self.address, Duration::from_millis(250)).is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "Prism exited ({status}) before listening on {}; its log:\n{}",
                    self.address,
                    self.log_text()
                );
            }
            assert!(
                Instant::now() < deadline,
                "Prism did not accept connections on {} within {PRISM_READY_WITHIN:?}; its log:\n{}",
                self.address,
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log)
            .unwrap_or_else(|error| format!("(cannot read {}: {error})", self.log.display()))
    }

    /// Prism's warnings and errors (its validator explains each violation),
    /// without the line it logs for every request it receives.
    fn log_problems(&self) -> String {
        let text = self.log_text();
        let problems: Vec<&str> = text
            .lines()
            .filter(|line| line.contains("warning") || line.contains("error"))
            .collect();
        format!("{}\n(full log: {})", problems.join("\n"), self.log.display())
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        // The process may already be gone; there is nothing else to do about a failed kill.
        let _ = self.child.kill();
        let _ = self.child.wait();
        // The log only matters when the test failed; then it is kept for a look.
        if !std::thread::panicking() {
            let _ = std::fs::remove_file(&self.log);
        }
    }
}

/// A port nobody listens on right now: bind port 0 and let the OS choose.
fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind an ephemeral port on 127.0.0.1");
    listener.local_addr().expect("the bound address").port()
}

/// The `operationId`s of the spec, read from its text so that an operation
/// added to the spec and not called here fails the test.
fn spec_operation_ids() -> BTreeSet<String> {
    let spec = std::fs::read_to_string(workspace_root().join("spec/zendesk-users.yaml")).expect("read the spec");
    spec.lines()
        .filter_map(|line| line.trim().strip_prefix("operationId:"))
        .map(|id| id.trim().to_string())
        .collect()
}

// ------------------------------------------------------------------ clients

fn client(base_url: &str) -> Client {
    client_with(base_url, None)
}

/// A client that sends Prism a `Prefer` header (`example=<name>`, `code=<status>`)
/// to choose which documented response it answers with.
fn client_preferring(base_url: &str, prefer: &str) -> Client {
    client_with(base_url, Some(prefer))
}

fn client_with(base_url: &str, prefer: Option<&str>) -> Client {
    let mut builder = Client::builder("example", Auth::api_token("admin@example.com", "api-token-123"))
        .base_url(base_url)
        .allow_insecure_http(true)
        .retry_policy(RetryPolicy::never())
        .incremental_export_interval(Duration::ZERO)
        .timeout(Duration::from_secs(30));
    if let Some(prefer) = prefer {
        let mut headers = HeaderMap::new();
        headers.insert("prefer", HeaderValue::from_str(prefer).expect("a valid Prefer header"));
        let http = zendesk_users::reqwest::Client::builder()
            .default_headers(headers)
            .build()
            .expect("an HTTP client with a Prefer header");
        builder = builder.http_client(http);
    }
    builder.build().expect("a client for the local Prism server")
}

// ------------------------------------------------------------------ bookkeeping

/// What the sweep saw: which operations were called and what broke the contract.
#[derive(Default)]
struct Contract {
    called: BTreeSet<String>,
    failures: Vec<String>,
}

impl Contract {
    /// Records a call of `operation` and returns its body when Prism accepted
    /// the request (no violations) and the response decoded.
    fn accepted<T>(&mut self, operation: &str, result: Result<Response<T>, Error>) -> Option<T> {
        self.called.insert(operation.to_string());
        match result {
            Ok(response) => {
                if let Some(violations) = response.headers().get(VIOLATIONS_HEADER) {
                    self.fail(operation, format!("Prism reports violations: {violations:?}"));
                    return None;
                }
                Some(response.into_body())
            }
            Err(error) => {
                // An error's message quotes the raw body only when it is not a
                // Zendesk error body, so add it for those: with Prism, that raw
                // body is the example it served, not a hint at the violation.
                let snippet = error
                    .api_error()
                    .filter(|api| api.body.is_some())
                    .map(|api| format!(" (body: {})", api.snippet))
                    .unwrap_or_default();
                self.fail(operation, format!("{error}{snippet}"));
                None
            }
        }
    }

    /// Like [`Contract::accepted`], also checking the response status.
    fn accepted_with_status<T>(
        &mut self,
        operation: &str,
        status: u16,
        result: Result<Response<T>, Error>,
    ) -> Option<T> {
        if let Ok(response) = &result {
            if response.status().as_u16() != status {
                self.fail(operation, format!("expected HTTP {status}, got {}", response.status()));
            }
        }
        self.accepted(operation, result)
    }

    /// Drains a stream of `operation`, recording the first error; returns how many items came.
    async fn streamed<T>(&mut self, operation: &str, stream: impl Stream<Item = Result<T, Error>>) -> usize {
        self.called.insert(operation.to_string());
        // Bounded, so a stream that never ends fails instead of hanging the test.
        let items: Vec<Result<T, Error>> = stream.take(50).collect().await;
        if let Some(error) = items.iter().find_map(|item| item.as_ref().err()) {
            self.fail(operation, format!("streaming failed: {error}"));
        }
        items.len()
    }

    fn check(&mut self, operation: &str, holds: bool, what: &str) {
        if !holds {
            self.fail(
                operation,
                format!("the decoded response does not match the spec example: {what}"),
            );
        }
    }

    fn fail(&mut self, operation: &str, message: String) {
        self.failures.push(format!("{operation}: {message}"));
    }
}

// ------------------------------------------------------------------ the test

#[test]
fn every_operation_passes_prism_validation_and_decodes_prism_responses() {
    let prism = Prism::start();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let base_url = prism.base_url();
    let mut contract = Contract::default();

    runtime.block_on(async {
        listing_and_counting(&base_url, &mut contract).await;
        single_users(&base_url, &mut contract).await;
        bulk_operations(&base_url, &mut contract).await;
        deleted_users_and_exports(&base_url, &mut contract).await;
        streams(&base_url, &mut contract).await;
        users_family(&base_url, &mut contract).await;
        prism_rejects_what_breaks_the_spec(&base_url, &mut contract).await;
    });

    let not_called: Vec<_> = spec_operation_ids().difference(&contract.called).cloned().collect();
    let unknown: Vec<_> = contract.called.difference(&spec_operation_ids()).cloned().collect();
    assert!(
        contract.failures.is_empty() && not_called.is_empty() && unknown.is_empty(),
        "the generated client breaks the contract:\n  {}\noperations of the spec not called: {not_called:?}\n\
         operations called that the spec does not have: {unknown:?}\n\
         Prism's warnings and errors (the control's `role=boss` is expected among them):\n{}",
        contract.failures.join("\n  "),
        prism.log_problems()
    );
}

async fn listing_and_counting(base_url: &str, contract: &mut Contract) {
    let client = client(base_url);

    let page = contract.accepted(
        "ListUsers",
        client
            .list_users()
            .external_id("ext-1")
            .permission_set(55)
            .role(Role::Agent)
            .role_list([Role::Agent, Role::Admin])
            .page_size(2)
            .page_after("cursor-a")
            .page_before("cursor-b")
            .send()
            .await,
    );
    if let Some(page) = page {
        let ids: Vec<i64> = page.users.iter().map(|user| user.id).collect();
        contract.check("ListUsers", ids == [223443, 8678530], "users 223443 and 8678530");
    }
    contract.accepted("ListUsers", client.list_users().page(2).per_page(50).send().await);
    contract.accepted(
        "ListGroupUsers",
        client
            .list_group_users(360001)
            .external_id("ext-1")
            .permission_set(7)
            .role(Role::EndUser)
            .role_list([Role::EndUser])
            .page_size(100)
            .page_after("a")
            .page_before("b")
            .page(1)
            .per_page(100)
            .send()
            .await,
    );
    contract.accepted(
        "ListOrganizationUsers",
        client
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
            .await,
    );
    let found = contract.accepted(
        "SearchUsers",
        client
            .search_users()
            .external_id("abc")
            .query("type:user \"jdoe\" & co")
            .page(2)
            .per_page(50)
            .send()
            .await,
    );
    if let Some(found) = found {
        let notes = found.users.first().map(|user| user.notes.clone());
        contract.check(
            "SearchUsers",
            notes == Some(Nullable::Value("sigil issue".to_string())),
            "notes of user 35436",
        );
    }
    contract.accepted(
        "AutocompleteUsers",
        client
            .autocomplete_users("Johnny")
            .field_id("360000123")
            .source("zen:user")
            .send()
            .await,
    );
    let count = contract.accepted(
        "CountUsers",
        client
            .count_users()
            .permission_set(3)
            .role(Role::Agent)
            .role_list([Role::Admin, Role::Agent])
            .send()
            .await,
    );
    if let Some(count) = count {
        contract.check("CountUsers", count.count.value == 102, "count 102");
    }
    contract.accepted(
        "CountGroupUsers",
        client
            .count_group_users(42)
            .permission_set(4)
            .role(Role::Admin)
            .role_list([Role::EndUser])
            .send()
            .await,
    );
    contract.accepted(
        "CountOrganizationUsers",
        client
            .count_organization_users(57542)
            .permission_set(5)
            .role(Role::EndUser)
            .role_list([Role::Agent])
            .send()
            .await,
    );
    contract.accepted("CountDeletedUsers", client.count_deleted_users().send().await);
}

async fn single_users(base_url: &str, contract: &mut Contract) {
    let client = client(base_url);

    contract.accepted("ShowUser", client.show_user(35436).send().await);
    // Every documented example of ShowUser and ShowCurrentUser must decode, not only the first.
    let agent_view = contract.accepted(
        "ShowUser",
        client_preferring(base_url, "example=agentView")
            .show_user(35436)
            .send()
            .await,
    );
    if let Some(agent_view) = agent_view {
        let thumbnail = agent_view
            .user
            .photo
            .value()
            .and_then(|photo| photo.thumbnails.value())
            .map(|thumbnails| thumbnails[0].id);
        contract.check(
            "ShowUser",
            thumbnail == Some(928375),
            "agentView photo thumbnail 928375",
        );
    }
    contract.accepted(
        "ShowUser",
        client_preferring(base_url, "example=endUserView")
            .show_user(35436)
            .send()
            .await,
    );
    let me = contract.accepted("ShowCurrentUser", client.show_current_user().send().await);
    if let Some(me) = me {
        let token = me.user.authenticity_token.value().cloned();
        contract.check(
            "ShowCurrentUser",
            token.as_deref() == Some("<CORS TOKEN>"),
            "authenticity_token",
        );
    }
    contract.accepted(
        "ShowCurrentUser",
        client_preferring(base_url, "example=endUserView")
            .show_current_user()
            .send()
            .await,
    );
    contract.accepted("ShowUserRelated", client.show_user_related(35436).send().await);

    contract.accepted_with_status(
        "CreateUser",
        201,
        client
            .create_user(models::UserCreateRequest::new(roger_wilco_create()))
            .send()
            .await,
    );

    let change = models::UserUpdate {
        name: Some("Roger Wilco II".to_string()),
        ..Default::default()
    };
    contract.accepted(
        "UpdateUser",
        client
            .update_user(9873843, models::UserUpdateRequest::new(change))
            .send()
            .await,
    );
    contract.accepted("DeleteUser", client.delete_user(9873843).send().await);
    contract.accepted(
        "MergeEndUsers",
        client
            .merge_end_users(
                9873843,
                models::UserMergeRequest::new(models::UserMergeTarget::new(1234)),
            )
            .send()
            .await,
    );
    let mut agent = models::UserRequestCreate::new("Roger Wilco".to_string());
    agent.email = Some("roger@example.com".to_string());
    contract.accepted(
        "RequestUserCreate",
        client
            .request_user_create(models::UserRequestCreateRequest::new(agent))
            .send()
            .await,
    );

    for (prefer, status) in [("code=200", 200), ("code=201", 201)] {
        let request = models::UserCreateOrUpdateRequest::new(roger_wilco_create_or_update());
        let outcome = contract.accepted_with_status(
            "CreateOrUpdateUser",
            status,
            client_preferring(base_url, prefer)
                .create_or_update_user(request)
                .send()
                .await,
        );
        let variant_matches = match outcome {
            Some(CreateOrUpdateUserResponse::Ok(_)) => status == 200,
            Some(CreateOrUpdateUserResponse::Created(_)) => status == 201,
            None => true,
        };
        contract.check(
            "CreateOrUpdateUser",
            variant_matches,
            "200 decodes as Ok and 201 as Created",
        );
    }

    // The documented 404 decodes into the error body too.
    match client_preferring(base_url, "code=404").show_user(1).send().await {
        Err(Error::Api(api)) if api.status.as_u16() == 404 => {
            let code = api.body.as_ref().and_then(|body| body.error.clone());
            contract.check(
                "ShowUser",
                code.as_deref() == Some("RecordNotFound"),
                "404 error RecordNotFound",
            );
        }
        other => contract.fail(
            "ShowUser",
            format!("Prefer code=404 should give Error::Api with 404, got {other:?}"),
        ),
    }
}

async fn bulk_operations(base_url: &str, contract: &mut Contract) {
    let client = client(base_url);

    let job = contract.accepted(
        "CreateManyUsers",
        client
            .create_many_users(models::UsersCreateManyRequest::new(create_many_users_example()))
            .send()
            .await,
    );
    if let Some(job) = job {
        contract.check(
            "CreateManyUsers",
            job.job_status.id == "82de0b044094f0c67893ac9fe64f1a99",
            "job id",
        );
    }

    contract.accepted(
        "CreateOrUpdateManyUsers",
        client
            .create_or_update_many_users(models::UsersCreateOrUpdateManyRequest::new(
                create_or_update_many_users_example(),
            ))
            .send()
            .await,
    );

    contract.accepted(
        "UpdateManyUsers",
        client
            .update_many_users(bulk_update_example())
            .external_ids(["ext-1", "ext-2"])
            .ids([1_i64, 2, 3])
            .send()
            .await,
    );
    contract.accepted(
        "UpdateManyUsers",
        client.update_many_users(batch_update_example()).send().await,
    );

    contract.accepted(
        "DestroyManyUsers",
        client
            .destroy_many_users()
            .external_ids(["account_1", "account_2"])
            .ids([1_i64, 2, 3])
            .send()
            .await,
    );
    contract.accepted(
        "ShowManyUsers",
        client
            .show_many_users()
            .external_ids(["apple", "root"])
            .ids([345678_i64, 901234])
            .send()
            .await,
    );
    contract.accepted_with_status(
        "LogoutManyUsers",
        202,
        client.logout_many_users().ids([7_i64, 8]).send().await,
    );
    let job = contract.accepted(
        "ShowJobStatus",
        client.show_job_status("82de0b044094f0c67893ac9fe64f1a99").send().await,
    );
    if let Some(job) = job {
        let status = job.job_status.status.value().cloned();
        contract.check(
            "ShowJobStatus",
            status.as_deref() == Some("completed"),
            "status completed",
        );
    }
}

async fn deleted_users_and_exports(base_url: &str, contract: &mut Contract) {
    let client = client(base_url);

    let deleted = contract.accepted("ShowDeletedUser", client.show_deleted_user(189304711533).send().await);
    if let Some(deleted) = deleted {
        contract.check("ShowDeletedUser", deleted.deleted_user.phone.is_null(), "phone is null");
    }
    contract.accepted(
        "PermanentlyDeleteUser",
        client.permanently_delete_user(189304711533).send().await,
    );
    contract.accepted(
        "ListDeletedUsers",
        client
            .list_deleted_users()
            .page_size(25)
            .page_after("after-cursor")
            .page_before("before-cursor")
            .page(1)
            .per_page(25)
            .send()
            .await,
    );
    contract.accepted(
        "ShowUserComplianceDeletionStatuses",
        client
            .show_user_compliance_deletion_statuses(1)
            .application("support")
            .page_size(10)
            .page_after("next")
            .page_before("prev")
            .page(2)
            .per_page(10)
            .send()
            .await,
    );
    // No example in the spec: Prism generates the body from IncrementalUsersPage.
    contract.accepted(
        "IncrementalUserExportTime",
        client
            .incremental_user_export_time(1332034771)
            .per_page(1000)
            .include([models::UserSideload::Identities, models::UserSideload::Organizations])
            .send()
            .await,
    );
}

/// The streams read the pagination fields of the pages Prism serves (the
/// spec's examples and schema): each must end after its one page.
async fn streams(base_url: &str, contract: &mut Contract) {
    let client = client(base_url);

    let users = contract
        .streamed("ListUsers", client.list_users().page_size(2).stream())
        .await;
    contract.check("ListUsers", users == 2, "the example page has 2 users");
    let users = contract
        .streamed("SearchUsers", client.search_users().query("jdoe").stream())
        .await;
    contract.check("SearchUsers", users == 2, "the example page has 2 users");
    let users = contract
        .streamed("ListDeletedUsers", client.list_deleted_users().stream())
        .await;
    contract.check("ListDeletedUsers", users == 2, "the example page has 2 deleted users");
    let statuses = contract
        .streamed(
            "ShowUserComplianceDeletionStatuses",
            client.show_user_compliance_deletion_statuses(1).stream(),
        )
        .await;
    contract.check(
        "ShowUserComplianceDeletionStatuses",
        statuses == 4,
        "the example page has 4 statuses",
    );
    let exported = contract
        .streamed(
            "IncrementalUserExportTime",
            client.incremental_user_export_time(0).stream(),
        )
        .await;
    contract.check(
        "IncrementalUserExportTime",
        exported >= 1,
        "the generated page has users and ends the stream",
    );
}

/// A control: a request that breaks the spec must be reported, or the sweep
/// above would pass whatever the client sent.
async fn prism_rejects_what_breaks_the_spec(base_url: &str, contract: &mut Contract) {
    let result = client(base_url)
        .list_users()
        .role(Role::Unknown("boss".to_string()))
        .send()
        .await;
    let rejected = match &result {
        Ok(response) => response.headers().contains_key(VIOLATIONS_HEADER),
        Err(error) => error.status() == Some(422),
    };
    if !rejected {
        contract.fail(
            "control",
            format!("Prism accepted `role=boss`, so violations would go unnoticed: {result:?}"),
        );
    }
}

// ------------------------------------------------------------------ the rest of the Users family (issue 10)

/// Identities, passwords, sessions, membership defaults, ticket skips, the
/// cursor-based export and typed sideloads, each against Prism.
async fn users_family(base_url: &str, contract: &mut Contract) {
    use zendesk_users::models::{IdentityType, SessionOrList, SortOrder, UserSideload};
    let client = client(base_url);

    // Sideloads: a typed `include` on every operation that documents it.
    let every_sideload = [
        UserSideload::Abilities,
        UserSideload::Groups,
        UserSideload::Identities,
        UserSideload::OpenTicketCount,
        UserSideload::Organizations,
        UserSideload::Roles,
    ];
    contract.accepted(
        "ListUsers",
        client.list_users().include(every_sideload.clone()).send().await,
    );
    contract.accepted(
        "ShowUser",
        client.show_user(35436).include(every_sideload.clone()).send().await,
    );
    contract.accepted(
        "SearchUsers",
        client
            .search_users()
            .query("jdoe")
            .include([UserSideload::Identities])
            .send()
            .await,
    );
    contract.accepted(
        "ShowCurrentUser",
        client
            .show_current_user()
            .include([UserSideload::Abilities])
            .send()
            .await,
    );

    // The cursor-based export, one request and the stream.
    let page = contract.accepted(
        "IncrementalUserExportCursor",
        client
            .incremental_user_export_cursor()
            .start_time(1332034771)
            .per_page(1000)
            .include(every_sideload.clone())
            .send()
            .await,
    );
    if let Some(page) = page {
        contract.check(
            "IncrementalUserExportCursor",
            page.after_cursor.value().map(String::as_str) == Some("MTU3NjYxMzUzOS4wfHw0Njd8")
                && page.end_of_stream == Nullable::Value(true),
            "after_cursor and end_of_stream of the example",
        );
    }
    contract.accepted(
        "IncrementalUserExportCursor",
        client
            .incremental_user_export_cursor()
            .cursor("MTU3NjYxMzUzOS4wfHw0Njd8")
            .send()
            .await,
    );
    let exported = contract
        .streamed(
            "IncrementalUserExportCursor",
            client.incremental_user_export_cursor().start_time(0).stream(),
        )
        .await;
    contract.check(
        "IncrementalUserExportCursor",
        exported == 1,
        "the example page has one user and ends the stream",
    );

    // Identities.
    let identities = contract.accepted(
        "ListUserIdentities",
        client
            .list_user_identities(135)
            .type_list([IdentityType::Email, IdentityType::PhoneNumber])
            .page_size(10)
            .page_after("after")
            .page_before("before")
            .page(1)
            .per_page(10)
            .send()
            .await,
    );
    if let Some(identities) = identities {
        let types: Vec<_> = identities
            .identities
            .iter()
            .map(|identity| identity.r#type.clone())
            .collect();
        contract.check(
            "ListUserIdentities",
            types
                == [
                    Some(IdentityType::Email),
                    Some(IdentityType::Twitter),
                    Some(IdentityType::PhoneNumber),
                ],
            "identity types email, twitter, phone_number",
        );
    }
    let listed = contract
        .streamed("ListUserIdentities", client.list_user_identities(135).stream())
        .await;
    contract.check("ListUserIdentities", listed == 3, "the example page has 3 identities");
    let mut identity = models::IdentityCreate::new(IdentityType::Email, "someone@example.com");
    identity.skip_verify_email = Some(true);
    contract.accepted_with_status(
        "CreateUserIdentity",
        201,
        client
            .create_user_identity(13531, models::IdentityCreateRequest::new(identity))
            .send()
            .await,
    );
    contract.accepted("ShowUserIdentity", client.show_user_identity(13531, 77938).send().await);
    let deliverable = contract.accepted(
        "ShowUserIdentity",
        client_preferring(base_url, "example=deliverableEmail")
            .show_user_identity(135, 35436)
            .send()
            .await,
    );
    if let Some(deliverable) = deliverable {
        contract.check(
            "ShowUserIdentity",
            deliverable.identity.deliverable_state.value().map(String::as_str) == Some("deliverable"),
            "deliverable_state",
        );
    }
    let change = models::IdentityUpdate {
        verified: Some(true),
        ..Default::default()
    };
    contract.accepted(
        "UpdateUserIdentity",
        client
            .update_user_identity(135, 35436, models::IdentityUpdateRequest::new(change))
            .send()
            .await,
    );
    contract.accepted_with_status(
        "DeleteUserIdentity",
        204,
        client.delete_user_identity(135, 77136).send().await,
    );
    contract.accepted(
        "MakeUserIdentityPrimary",
        client.make_user_identity_primary(135, 35436).send().await,
    );
    contract.accepted(
        "RequestUserVerfication",
        client.request_user_verfication(135, 35436).send().await,
    );
    contract.accepted(
        "VerifyUserIdentity",
        client.verify_user_identity(13531, 77938).send().await,
    );

    // Passwords.
    contract.accepted(
        "SetUserPassword",
        client
            .set_user_password(35436, models::PasswordSetRequest::new("newpassword"))
            .send()
            .await,
    );
    contract.accepted(
        "ChangeOwnPassword",
        client
            .change_own_password(35436, models::PasswordChangeRequest::new("oldpassword", "newpassword"))
            .send()
            .await,
    );
    let requirements = contract.accepted(
        "GetUserPasswordRequirements",
        client.get_user_password_requirements(35436).send().await,
    );
    if let Some(requirements) = requirements {
        contract.check(
            "GetUserPasswordRequirements",
            requirements.requirements.len() == 2,
            "two requirements",
        );
    }

    // Sessions: both documented forms of `session` decode.
    let session = contract.accepted("ShowSession", client.show_session(12345, 3432).send().await);
    if let Some(session) = session {
        contract.check(
            "ShowSession",
            matches!(&session.session, SessionOrList::SessionList(list) if list.first().map(|one| one.id) == Some(3432)),
            "the default example is a one-session list",
        );
    }
    let single = contract.accepted(
        "ShowSession",
        client_preferring(base_url, "example=single")
            .show_session(12345, 3432)
            .send()
            .await,
    );
    if let Some(single) = single {
        contract.check(
            "ShowSession",
            matches!(&single.session, SessionOrList::Session(one) if one.id == 3432),
            "the single example is one session",
        );
    }
    contract.accepted_with_status("DeleteSession", 204, client.delete_session(12345, 3432).send().await);
    contract.accepted_with_status(
        "BulkDeleteSessionsByUserId",
        204,
        client.bulk_delete_sessions_by_user_id(12345).send().await,
    );
    contract.accepted_with_status(
        "DeleteAuthenticatedSession",
        204,
        client.delete_authenticated_session().send().await,
    );
    contract.accepted(
        "ShowCurrentlyAuthenticatedSession",
        client.show_currently_authenticated_session().send().await,
    );
    let renewed = contract.accepted("RenewCurrentSession", client.renew_current_session().send().await);
    if let Some(renewed) = renewed {
        contract.check(
            "RenewCurrentSession",
            renewed.authenticity_token.value().is_some(),
            "authenticity_token",
        );
    }

    // Memberships and organizations.
    contract.accepted(
        "GroupMembershipSetDefault",
        client.group_membership_set_default(29, 4).send().await,
    );
    let memberships = contract.accepted(
        "SetOrganizationMembershipAsDefault",
        client.set_organization_membership_as_default(29, 4).send().await,
    );
    if let Some(memberships) = memberships {
        contract.check(
            "SetOrganizationMembershipAsDefault",
            memberships
                .organization_memberships
                .get(1)
                .map(|membership| membership.default.is_null())
                == Some(true),
            "the second membership's default is null",
        );
    }
    contract.accepted(
        "SetOrganizationAsDefault",
        client.set_organization_as_default(29, 12).send().await,
    );
    contract.accepted_with_status(
        "UnassignOrganization",
        204,
        client.unassign_organization(29, 12).send().await,
    );

    // Ticket skips.
    let skips = contract.accepted(
        "ListTicketSkips",
        client
            .list_ticket_skips(456)
            .sort_order(SortOrder::Desc)
            .page_size(10)
            .page_after("after")
            .page_before("before")
            .page(1)
            .per_page(10)
            .send()
            .await,
    );
    if let Some(skips) = skips {
        let tickets: Vec<_> = skips.skips.iter().map(|skip| skip.ticket_id.value().copied()).collect();
        contract.check(
            "ListTicketSkips",
            tickets == [Some(123), Some(321)],
            "tickets 123 and 321",
        );
    }
    let skipped = contract
        .streamed("ListTicketSkips", client.list_ticket_skips(456).stream())
        .await;
    contract.check("ListTicketSkips", skipped == 2, "the example page has 2 skips");
}
