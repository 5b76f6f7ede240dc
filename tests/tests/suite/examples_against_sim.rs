//! Every example program of `codegen/client-examples` run end to end against the simulator
//! (`tests/sim`) as a user runs it: the compiled binary, with `ZENDESK_URL` pointing at a
//! simulator on 127.0.0.1 and the program's real arguments and input files. Each test checks
//! what the program printed against the simulator's state, and what it changed there.
//!
//! The binaries are the ones `cargo test --workspace` already builds (it builds the examples
//! of every workspace package). One `cargo build --examples` per test run makes sure they
//! exist and are current when only this suite is run; it does nothing when they are.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::{json, Value};
use zendesk_users_sim::Simulator;

use crate::sim_client::client_for;

/// How long one program may run before the test gives up on it (a hung stream, say). The
/// slowest, `bulk_import`, waits about 2 s per batch for its jobs.
const RUN_LIMIT: Duration = Duration::from_secs(60);

/// The folder holding the example binaries (`target/debug/examples`), after one
/// `cargo build --examples` for the whole test run.
fn examples_dir() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        // The suite runs as `target/<profile>/deps/suite-HASH`; the examples of the same
        // build are in `target/<profile>/examples`.
        let test_binary = std::env::current_exe().expect("the test binary knows its path");
        let profile_dir = test_binary
            .parent()
            .and_then(Path::parent)
            .expect("the test binary lives in target/<profile>/deps")
            .to_path_buf();
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut build = std::process::Command::new(cargo);
        // `--workspace` (not `-p zendesk-users-examples`) so the features of the shared
        // dependencies are the ones `cargo test --workspace` resolved: the binaries it built
        // are fresh, and nothing is compiled twice.
        build
            .args(["build", "--offline", "--quiet", "--workspace", "--examples"])
            .current_dir(&workspace);
        // What cargo set for this test binary is not the environment of a build: a build
        // script that watches one of these (ring's watches CARGO_MANIFEST_DIR) would run
        // again, and every crate above it would be compiled again, here and in the next
        // `cargo test`.
        for (name, _) in std::env::vars_os() {
            let name = name.to_string_lossy();
            let set_by_cargo = name.starts_with("CARGO_PKG_")
                || [
                    "CARGO_MANIFEST_DIR",
                    "CARGO_MANIFEST_PATH",
                    "CARGO_CRATE_NAME",
                    "CARGO_BIN_NAME",
                    "CARGO_PRIMARY_PACKAGE",
                    "CARGO_TARGET_TMPDIR",
                    "CARGO_RUSTC_CURRENT_DIR",
                    "OUT_DIR",
                ]
                .contains(&name.as_ref());
            if set_by_cargo {
                build.env_remove(name.as_ref());
            }
        }
        if profile_dir.file_name().is_some_and(|name| name == "release") {
            build.arg("--release");
        }
        let output = build.output().expect("cargo runs");
        assert!(
            output.status.success(),
            "the examples do not build:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        profile_dir.join("examples")
    })
}

/// A simulator with `users` seeded users (the default clock, 2026-01-01T00:00:00Z).
pub(crate) async fn simulator(users: usize) -> Simulator {
    Simulator::builder()
        .users(users)
        .start()
        .await
        .expect("the simulator starts on 127.0.0.1")
}

/// Runs the example `name` with `args` in `dir` against `sim`, as its doc comment says to
/// (credentials in `ZENDESK_EMAIL` / `ZENDESK_API_TOKEN`, the server in `ZENDESK_URL`),
/// and returns its standard output; fails the test when it does not exit successfully.
pub(crate) async fn run_example(sim: &Simulator, name: &str, args: &[&str], dir: &Path) -> String {
    let binary = examples_dir().join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    let child = tokio::process::Command::new(&binary)
        .args(args)
        .current_dir(dir)
        .env("ZENDESK_URL", sim.base_url())
        .env("ZENDESK_EMAIL", sim.email())
        .env("ZENDESK_API_TOKEN", sim.token())
        // The URL alone must be enough: a subdomain in the developer's environment would
        // send the program to a real account if ZENDESK_URL were ignored.
        .env_remove("ZENDESK_SUBDOMAIN")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start {}: {error}", binary.display()));
    let output = tokio::time::timeout(RUN_LIMIT, child.wait_with_output())
        .await
        .unwrap_or_else(|_| panic!("{name} {args:?} still runs after {RUN_LIMIT:?}"))
        .expect("the example's output is read");
    let stdout = String::from_utf8(output.stdout).expect("the example prints UTF-8");
    assert!(
        output.status.success(),
        "{name} {args:?} failed ({}):\nstdout:\n{stdout}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// An empty folder of its own for one test's input files and working directory.
pub(crate) fn scratch_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("examples_against_sim")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("the scratch folder is created");
    dir
}

/// A user's id as the simulator renders it.
fn id(user: &Value) -> u64 {
    user["id"].as_u64().expect("a simulator user has a numeric id")
}

/// A seeded, live end user with an organization and an external id (the seed gives a third
/// of the end users an organization and every other user an external id).
fn end_user_with_organization(sim: &Simulator) -> Value {
    sim.live_users()
        .into_iter()
        .find(|user| user["role"] == "end-user" && user["organization_id"].is_u64() && user["external_id"].is_string())
        .expect("the seed has end users with an organization and an external id")
}

/// Every seeded agent's name and email as `stream_agents` prints them (`name<TAB>email`), in
/// id order, the order of Zendesk's list.
pub(crate) fn agent_lines(sim: &Simulator) -> Vec<String> {
    sim.live_users()
        .iter()
        .filter(|user| user["role"] == "agent")
        .map(|user| {
            format!(
                "{}\t{}",
                user["name"].as_str().unwrap(),
                user["email"].as_str().unwrap()
            )
        })
        .collect()
}

#[tokio::test]
async fn stream_agents_prints_every_seeded_agent() {
    let sim = simulator(250).await;
    let expected = agent_lines(&sim);
    assert!(!expected.is_empty(), "the seed has agents");

    let printed = run_example(&sim, "stream_agents", &[], &scratch_dir("stream_agents")).await;

    let printed: Vec<&str> = printed.lines().collect();
    assert_eq!(printed.len(), expected.len(), "one line per agent");
    assert_eq!(printed, expected);
    // The list asked Zendesk for agents only, not for everyone to filter here.
    let lists: Vec<_> = sim
        .requests()
        .into_iter()
        .filter(|request| request.path.starts_with("/api/v2/users"))
        .collect();
    assert!(!lists.is_empty());
    for request in lists {
        assert!(
            request
                .query
                .iter()
                .any(|(key, value)| key.starts_with("role") && value == "agent"),
            "{request:?} asks for agents"
        );
    }
}

#[tokio::test]
async fn create_or_update_user_creates_then_updates_the_same_user() {
    let sim = simulator(20).await;
    let before = sim.live_users().len();
    let dir = scratch_dir("create_or_update_user");

    let first = run_example(&sim, "create_or_update_user", &[], &dir).await;
    let created: Vec<_> = sim
        .live_users()
        .into_iter()
        .filter(|user| user["email"] == "roge@example.org")
        .collect();
    let [user] = &created[..] else {
        panic!("one user has the example's email: {created:?}")
    };
    assert_eq!(user["name"], "Roger Wilco");
    assert_eq!(user["external_id"], "hr-4711");
    assert_eq!(user["role"], "end-user");
    // One request so far, so 699 of the simulator's 700 per minute are left.
    assert_eq!(
        first,
        format!("created user {}\nrequests left in this minute: Some(699)\n", id(user))
    );

    let second = run_example(&sim, "create_or_update_user", &[], &dir).await;
    assert_eq!(
        second,
        format!("updated user {}\nrequests left in this minute: Some(698)\n", id(user))
    );
    assert_eq!(sim.live_users().len(), before + 1, "the second run created nobody");
}

#[tokio::test]
async fn update_and_clear_field_sets_the_phone_and_clears_the_organization() {
    let sim = simulator(30).await;
    let before = end_user_with_organization(&sim);
    let user_id = id(&before);

    let printed = run_example(
        &sim,
        "update_and_clear_field",
        &[&user_id.to_string(), "+15551234567"],
        &scratch_dir("update_and_clear_field"),
    )
    .await;

    assert_eq!(
        printed,
        format!("user {user_id}: phone +15551234567, organization none\n")
    );
    let after = sim.user(user_id).expect("the user still exists");
    assert_eq!(after["phone"], "+15551234567");
    assert_eq!(after["organization_id"], Value::Null);
    // Every other field is as it was (`None` leaves a field unchanged).
    for field in [
        "name",
        "email",
        "external_id",
        "role",
        "notes",
        "details",
        "tags",
        "user_fields",
    ] {
        assert_eq!(after[field], before[field], "{field} is unchanged");
    }
}

#[tokio::test]
async fn bulk_import_upserts_the_csv_in_batches_and_reports_the_invalid_row() {
    let sim = simulator(30).await;
    let existing = end_user_with_organization(&sim);
    let existing_email = existing["email"].as_str().unwrap().to_owned();
    let existing_external_id = existing["external_id"].as_str().unwrap().to_owned();
    let live_before = sim.live_users().len();

    // Row 0 updates a seeded user (same email and external id, a new name), rows 1..=100 are
    // new people, so the file takes two batches of 100; row 101 (the second batch's item 1)
    // has an email Zendesk refuses, which fails that person alone.
    let mut csv = String::from("name,email,external_id\n");
    csv.push_str(&format!("Renamed By HR,{existing_email},{existing_external_id}\n"));
    for n in 1..=100 {
        csv.push_str(&format!("New Person {n},new.person{n}@hr.example,hr-{n}\n"));
    }
    csv.push_str("Broken Row,not-an-email,hr-broken\n");
    let dir = scratch_dir("bulk_import");
    let path = dir.join("people.csv");
    std::fs::write(&path, csv).expect("the CSV is written");

    let printed = run_example(&sim, "bulk_import", &[path.to_str().unwrap()], &dir).await;

    let lines: Vec<&str> = printed.lines().collect();
    let [failure, summary] = lines[..] else {
        panic!("one failure line and the summary expected:\n{printed}")
    };
    assert!(
        failure.starts_with("item 1") && failure.ends_with("(not-an-email)"),
        "the failure names the second batch's item 1 and its email: {failure}"
    );
    assert_eq!(summary, "102 people sent, 1 failed");

    let live = sim.live_users();
    assert_eq!(live.len(), live_before + 100, "100 people created, the broken row not");
    let updated = sim.user(id(&existing)).expect("the existing user is still there");
    assert_eq!(updated["name"], "Renamed By HR");
    assert_eq!(updated["email"], existing["email"]);
    for n in 1..=100 {
        let email = format!("new.person{n}@hr.example");
        let person = live
            .iter()
            .find(|user| user["email"] == email.as_str())
            .unwrap_or_else(|| panic!("{email} was imported"));
        assert_eq!(person["name"], format!("New Person {n}"));
        assert_eq!(person["external_id"], format!("hr-{n}"));
    }
    assert!(!live.iter().any(|user| user["name"] == "Broken Row"));
    // Two batches, two jobs.
    let posts = sim
        .requests()
        .into_iter()
        .filter(|request| request.method == "POST" && request.path.starts_with("/api/v2/users/create_or_update_many"))
        .count();
    assert_eq!(posts, 2);
}

/// The ids an `incremental_export` run printed (the first column of every line but the last),
/// and the `end_time` its last line reports.
fn exported(printed: &str) -> (Vec<u64>, i64) {
    let mut lines: Vec<&str> = printed.lines().collect();
    let summary = lines.pop().expect("the export prints a summary line");
    let end_time = summary
        .rsplit_once("next run starts at ")
        .and_then(|(_, time)| time.parse().ok())
        .unwrap_or_else(|| panic!("the summary names the next start time: {summary}"));
    let changed: usize = summary
        .split_once(" users changed")
        .and_then(|(count, _)| count.parse().ok())
        .unwrap_or_else(|| panic!("the summary counts the users: {summary}"));
    let ids: Vec<u64> = lines
        .iter()
        .map(|line| {
            line.split('\t')
                .next()
                .and_then(|id| id.parse().ok())
                .unwrap_or_else(|| panic!("a user line starts with the id: {line}"))
        })
        .collect();
    assert_eq!(ids.len(), changed, "the summary counts the printed users");
    (ids, end_time)
}

#[tokio::test]
async fn incremental_export_prints_every_change_and_resumes_from_the_saved_end_time() {
    let sim = simulator(250).await;
    let dir = scratch_dir("incremental_export");
    let state_file = dir.join("incremental-users.start_time");

    // The first run has no saved time: everything from the epoch.
    let first = run_example(&sim, "incremental_export", &[], &dir).await;
    let (ids, end_time) = exported(&first);
    // Every seeded user, oldest change first (the seed makes them an hour apart, by id).
    let seeded: Vec<u64> = sim.live_users().iter().map(id).collect();
    assert_eq!(ids, seeded);
    let saved = std::fs::read_to_string(&state_file).expect("the end time is saved");
    assert_eq!(saved.trim(), end_time.to_string());
    // The end time is the last exported change: the newest seeded user's.
    let newest = sim.user(*seeded.last().unwrap()).unwrap();
    assert_eq!(end_time, unix_time(&newest["updated_at"]));

    // A user changes; a minute later (Zendesk exports nothing of the last minute) the next
    // run starts from the saved time and prints the change. Zendesk's `start_time` is
    // inclusive, so the change at exactly the saved time comes again.
    let new_id = sim
        .insert_user(json!({"name": "Changed Later", "email": "later@example.org"}))
        .expect("the simulator accepts the user");
    sim.set_now_unix(sim.now_unix() + 61);
    let second = run_example(&sim, "incremental_export", &[], &dir).await;
    let (ids, next_end_time) = exported(&second);
    assert_eq!(ids, [*seeded.last().unwrap(), new_id]);
    assert_eq!(next_end_time, unix_time(&sim.user(new_id).unwrap()["updated_at"]));
    let saved = std::fs::read_to_string(&state_file).expect("the end time is saved");
    assert_eq!(saved.trim(), next_end_time.to_string());
    let starts: Vec<String> = sim
        .requests()
        .into_iter()
        .filter(|request| request.path.starts_with("/api/v2/incremental/users"))
        .filter_map(|request| request.query.into_iter().find(|(key, _)| key == "start_time"))
        .map(|(_, value)| value)
        .collect();
    assert_eq!(
        starts,
        ["0".to_string(), end_time.to_string()],
        "each run asked once, from its start time"
    );
}

/// A simulator timestamp (`2026-01-01T00:00:00Z`, UTC) as Unix seconds.
fn unix_time(timestamp: &Value) -> i64 {
    let text = timestamp.as_str().expect("a timestamp is a string");
    let number = |range: std::ops::Range<usize>| -> i64 { text[range].parse().expect("a timestamp field is a number") };
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let seconds_of_day = number(11..13) * 3600 + number(14..16) * 60 + number(17..19);
    // Days from the civil date (Howard Hinnant's algorithm), then seconds.
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    (era * 146_097 + day_of_era - 719_468) * 86_400 + seconds_of_day
}

#[tokio::test]
async fn gdpr_erasure_permanently_deletes_the_user_and_waits_for_complete_statuses() {
    let sim = simulator(20).await;
    let user = sim
        .live_users()
        .into_iter()
        .find(|user| user["role"] == "end-user")
        .expect("the seed has end users");
    let user_id = id(&user);

    let printed = run_example(
        &sim,
        "gdpr_erasure",
        &[&user_id.to_string()],
        &scratch_dir("gdpr_erasure"),
    )
    .await;

    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines.len(), 3, "no wait was needed:\n{printed}");
    assert!(
        lines[0].starts_with(&format!("deleted user {user_id} ")),
        "{}",
        lines[0]
    );
    assert_eq!(lines[1], format!("permanent deletion requested for {user_id}"));
    assert_eq!(lines[2], "every area of compliance reports the erasure complete");

    let erased = sim
        .user(user_id)
        .expect("Zendesk keeps a permanently deleted user's record");
    assert_eq!(erased["name"], "Permanently Deleted User");
    assert_eq!(erased["email"], Value::Null);
    assert_eq!(erased["active"], false);
    assert!(!sim.live_users().iter().any(|user| id(user) == user_id));
    // Every area of compliance that reports on the user reports it complete.
    let statuses = client_for(&sim)
        .show_user_compliance_deletion_statuses(i64::try_from(user_id).unwrap())
        .await
        .expect("the statuses are listed")
        .compliance_deletion_statuses;
    let mut latest = std::collections::BTreeMap::new();
    for status in &statuses {
        let (Some(application), Some(action)) = (status.application.value(), status.action.value()) else {
            continue;
        };
        if action != "request_deletion" {
            latest.insert(application.clone(), action.clone());
        }
    }
    assert!(!latest.is_empty(), "some area reports the erasure: {statuses:?}");
    assert!(latest.values().all(|action| action == "complete"), "{latest:?}");
}

#[tokio::test]
async fn make_work_email_primary_leaves_the_new_email_primary_and_the_old_one_gone() {
    let sim = simulator(20).await;
    let user = sim
        .live_users()
        .into_iter()
        .find(|user| user["role"] == "end-user")
        .expect("the seed has end users");
    let user_id = id(&user);
    let old_email = user["email"]
        .as_str()
        .expect("a seeded user has a primary email")
        .to_owned();
    let work_email = "jane.work@acme.example";

    let printed = run_example(
        &sim,
        "make_work_email_primary",
        &[&user_id.to_string(), work_email],
        &scratch_dir("make_work_email_primary"),
    )
    .await;

    let identities = sim.identities(user_id);
    let emails: Vec<&Value> = identities
        .iter()
        .filter(|identity| identity["type"] == "email")
        .collect();
    let new = emails
        .iter()
        .find(|identity| identity["value"] == work_email)
        .unwrap_or_else(|| panic!("the work email was added: {identities:?}"));
    assert_eq!(new["primary"], true);
    assert_eq!(new["verified"], true);
    assert!(
        !identities
            .iter()
            .any(|identity| identity["value"] == old_email.as_str()),
        "the old primary email is gone: {identities:?}"
    );
    assert_eq!(emails.iter().filter(|identity| identity["primary"] == true).count(), 1);
    assert_eq!(sim.user(user_id).unwrap()["email"], work_email);
    assert_eq!(
        printed,
        format!(
            "added identity {} ({work_email})\nremoved the previous primary address {old_email}\n\
             {work_email} is now the primary email address of user {user_id}\n",
            new["id"]
        )
    );
}
