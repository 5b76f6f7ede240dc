//! `cargo xtask api-diff` on the real spec: a report for an edit of it, the upstream
//! comparison against Zendesk's file with the committed allow-list, and the public API
//! listing. The change engine itself is unit-tested per change kind in codegen's `diff`.

use std::path::Path;
use xtask::api_diff;
use zendesk_users_codegen::diff::Format;
use zendesk_users_codegen::{generate, Settings};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
}

fn spec() -> String {
    std::fs::read_to_string(root().join("spec/zendesk-users.yaml")).expect("spec/zendesk-users.yaml exists")
}

#[test]
fn markdown_report_lists_breaking_first_then_compatible_then_files() {
    let base = spec();
    let edited = base
        .replacen(
            "enum: [end-user, agent, admin]",
            "enum: [end-user, agent, admin, owner]",
            1,
        )
        .replacen("operationId: ShowUserRelated", "operationId: GetUserRelated", 1);
    assert_ne!(edited, base, "the edits apply to the spec");
    let report = api_diff::report("HEAD", &base, &edited, Format::Markdown, false).unwrap();
    let summary = report.lines().next().unwrap();
    assert_eq!(
        summary,
        "**API: 1 compatible change (1 by convention), 1 breaking → bump 0.2.0** (against `HEAD`)"
    );
    let breaking = report.find("### Breaking (1)").expect("a breaking section");
    let compatible = report.find("### Compatible (1)").expect("a compatible section");
    let files = report.find("Generated files that change").expect("a file list");
    assert!(breaking < compatible && compatible < files, "{report}");
    assert!(
        report.contains("`Client::show_user_related` is now `Client::get_user_related`"),
        "{report}"
    );
    assert!(
        report.contains("enum value `owner` added to `models::Role`"),
        "{report}"
    );
    assert!(report.contains("- `src/operations.rs` (+"), "{report}");
    assert!(report.contains("- `public-api.txt` (+"), "{report}");
}

#[test]
fn identical_specs_report_no_changes_and_no_files() {
    let report = api_diff::report("HEAD", &spec(), &spec(), Format::Text, false).unwrap();
    assert_eq!(report, "API: no changes → no bump (0.1.0) (against HEAD)\n");
}

#[test]
fn a_base_that_is_neither_file_nor_revision_is_an_error() {
    let error = api_diff::read_base(root(), "no-such-revision-or-file").unwrap_err();
    assert!(error.contains("is neither a file nor a git revision"), "{error}");
}

#[test]
fn every_difference_with_zendesks_description_is_explained() {
    let reference = root().join("../shared/reference/zendesk-users-family.oas.yaml");
    let Ok(theirs) = std::fs::read_to_string(&reference) else {
        eprintln!(
            "skipped: {} is absent (it is present in CI and on every development machine)",
            reference.display()
        );
        return;
    };
    let allow = std::fs::read_to_string(root().join(api_diff::ALLOW_LIST)).expect("the allow-list exists");
    let (report, explained) = api_diff::upstream_report(&spec(), &theirs, &allow, Format::Text).unwrap();
    assert!(explained, "{report}");
    // An unexplained difference fails: drop one entry and the check must notice.
    let without_statuses = allow.replace("\"* status 401: only ours\"", "\"nothing matches this\"");
    let (report, explained) = api_diff::upstream_report(&spec(), &theirs, &without_statuses, Format::Text).unwrap();
    assert!(
        !explained && report.contains("ListUsers status 401: only ours"),
        "{report}"
    );
}

#[test]
fn public_api_lists_fields_variants_and_signatures_sorted_by_item() {
    let generated = generate(&spec(), &Settings::default()).unwrap_or_else(|error| panic!("{error}"));
    let listing = &generated
        .files
        .iter()
        .find(|file| file.path == "public-api.txt")
        .expect("public-api.txt is generated")
        .contents;
    for line in [
        "pub struct models::User",
        "pub models::User::id: i64",
        "pub models::User::email: Nullable<String>",
        "impl Default for models::UserUpdate",
        "pub models::Role::Unknown(String)",
        "pub fn Client::show_user(&self, user_id: i64) -> ShowUser<'_>",
        "pub async fn ShowUser::send(self) -> Result<Response<models::UserResponse>, Error>",
        "pub fn Nullable::is_absent(&self) -> bool",
        "#[non_exhaustive] pub enum Error",
    ] {
        assert!(listing.lines().any(|listed| listed == line), "`{line}` is not listed");
    }
    // Plumbing is not public API.
    assert!(
        !listing.contains("__private") && !listing.contains("validate("),
        "plumbing listed"
    );
    assert!(!listing.contains("CursorPage for"), "impls of private traits listed");
    // A type's line comes before its members.
    let position = |needle: &str| listing.lines().position(|line| line == needle).unwrap();
    assert!(position("pub struct models::User") < position("pub models::User::id: i64"));
}
