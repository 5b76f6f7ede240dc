//! `cargo xtask api-diff` on the real spec: a report for an edit of it, the upstream
//! comparison against Zendesk's file with the committed allow-list, and the public API
//! listing. The change engine itself is unit-tested per change kind in codegen's `diff`.

use std::path::{Path, PathBuf};
use xtask::api_diff::{self, SpecFiles};
use xtask::SpecPath;
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

/// A spec given as one text, with no other files.
fn whole(text: &str) -> SpecFiles {
    SpecFiles {
        text: text.to_string(),
        ..SpecFiles::default()
    }
}

fn ours() -> SpecPath {
    SpecPath::InWorkspace(api_diff::SPEC.to_string())
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
    let report = api_diff::report(
        "HEAD",
        &whole(&base),
        &whole(&edited),
        api_diff::SPEC,
        Format::Markdown,
        false,
    )
    .unwrap();
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
    let report = api_diff::report(
        "HEAD",
        &whole(&spec()),
        &whole(&spec()),
        api_diff::SPEC,
        Format::Text,
        false,
    )
    .unwrap();
    assert_eq!(report, "API: no changes → no bump (0.1.0) (against HEAD)\n");
}

#[test]
fn a_base_that_is_neither_file_nor_revision_is_an_error() {
    let error = api_diff::read_base(root(), "no-such-revision-or-file", &ours()).unwrap_err();
    assert!(error.contains("is neither a file nor a git revision"), "{error}");
}

/// A copy of `tests/fixtures/external_refs` (a spec whose schemas live in sibling
/// files, one of them reached only through another) in a fresh folder under `target/`.
fn copy_of_external_refs_fixture(name: &str) -> PathBuf {
    let from = root().join("tests/fixtures/external_refs");
    let to = root().join("target/api-diff-tests").join(name);
    let _ = std::fs::remove_dir_all(&to);
    for file in ["api.yaml", "resources/users.yaml", "shared/common.yaml"] {
        let target = to.join(file);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(from.join(file), &target).unwrap();
    }
    to
}

#[test]
fn api_diff_reads_the_files_a_spec_refers_to_transitively() {
    let base = copy_of_external_refs_fixture("base");
    let edited = copy_of_external_refs_fixture("edited");
    // Role lives in shared/common.yaml, which only resources/users.yaml refers to.
    let common = edited.join("shared/common.yaml");
    let text = std::fs::read_to_string(&common).unwrap();
    let changed = text.replace(
        "enum: [end-user, agent, admin]",
        "enum: [end-user, agent, admin, owner]",
    );
    assert_ne!(changed, text, "the edit applies");
    std::fs::write(&common, changed).unwrap();

    let base_spec = base.join("api.yaml");
    let base_files = api_diff::read_base(root(), base_spec.to_str().unwrap(), &ours()).unwrap();
    assert_eq!(
        base_files.documents.keys().collect::<Vec<_>>(),
        ["resources/users.yaml", "shared/common.yaml"]
    );
    let new_files = SpecFiles::read(&edited.join("api.yaml")).unwrap();
    let report = api_diff::report("base", &base_files, &new_files, "api.yaml", Format::Text, false).unwrap();
    assert!(
        report.contains("enum value `owner` added to `models::Role`"),
        "{report}"
    );
}

#[test]
fn a_git_revision_gives_the_referenced_files_of_the_same_revision() {
    let fixture = SpecPath::InWorkspace("tests/fixtures/external_refs/api.yaml".to_string());
    let Ok(head) = api_diff::read_base(root(), "HEAD", &fixture) else {
        eprintln!("skipped: not a git checkout");
        return;
    };
    assert_eq!(
        head.documents.keys().collect::<Vec<_>>(),
        ["resources/users.yaml", "shared/common.yaml"]
    );
    let on_disk = SpecFiles::read(&root().join("tests/fixtures/external_refs/api.yaml")).unwrap();
    let report = api_diff::report("HEAD", &head, &on_disk, "api.yaml", Format::Text, false).unwrap();
    assert!(report.starts_with("API: no changes"), "{report}");
}

#[test]
fn the_generate_summary_compares_only_with_heads_copy_of_the_same_spec() {
    // A spec outside the repository has no copy in HEAD: no comparison, rather than
    // every difference between it and our spec.
    let outside = SpecPath::Outside("zendesk-support.oas.yaml".to_string());
    let summary = api_diff::summary_against_head(root(), &outside, &whole(&spec()));
    assert_eq!(
        summary,
        "API: no comparison (zendesk-support.oas.yaml is outside the repository)"
    );
    // A spec HEAD does not have: no comparison either.
    let new_file = SpecPath::InWorkspace("spec/not-committed.yaml".to_string());
    let summary = api_diff::summary_against_head(root(), &new_file, &whole(&spec()));
    assert!(summary.starts_with("API: no comparison"), "{summary}");
    // Another spec of the repository is compared with its own committed copy, not
    // with spec/zendesk-users.yaml (against which it would lose 50 operations).
    let fixture = SpecPath::InWorkspace("tests/fixtures/external_refs/api.yaml".to_string());
    let on_disk = SpecFiles::read(&root().join("tests/fixtures/external_refs/api.yaml")).unwrap();
    if api_diff::read_base(root(), "HEAD", &fixture).is_ok() {
        let summary = api_diff::summary_against_head(root(), &fixture, &on_disk);
        assert!(summary.starts_with("API: no changes"), "{summary}");
    }
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
        // What the runtime's macros produce for the models and builders.
        "pub fn models::UserCreate::new(name: impl Into<String>) -> UserCreate",
        "impl Serialize for models::User",
        "impl Deserialize for models::User",
        "pub fn models::Role::as_str(&self) -> &str",
        "impl Display for models::Role",
        "impl FromStr for models::Role",
        "impl TryFrom<&str> for models::Role",
        "impl Serialize for models::Role",
        "impl Deserialize for models::Role",
        "impl IntoFuture for ShowUser<'a>",
        // Runtime items as the crate exposes them: at its root.
        "pub struct Client",
        "pub use reqwest",
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

/// The listing of a crate generated from `spec`.
fn listing_of(spec: &str) -> String {
    let generated = generate(spec, &Settings::default()).unwrap_or_else(|error| panic!("{error}"));
    generated
        .files
        .into_iter()
        .find(|file| file.path == "public-api.txt")
        .expect("public-api.txt is generated")
        .contents
}

#[test]
fn a_new_required_field_changes_the_new_line_of_the_listing() {
    let without = r#"
openapi: 3.0.3
info: {title: Listing, version: '1'}
paths:
  /things:
    post:
      operationId: CreateThing
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses:
        '204': {description: done}
components:
  schemas:
    Thing:
      type: object
      required: [name]
      properties:
        name: {type: string}
        size: {type: integer}
"#;
    let with = without.replace("required: [name]", "required: [name, size]");
    assert_ne!(with, without, "the edit applies");
    let before = listing_of(without);
    let after = listing_of(&with);
    let removed: Vec<&str> = before
        .lines()
        .filter(|line| !after.lines().any(|other| other == *line))
        .collect();
    let added: Vec<&str> = after
        .lines()
        .filter(|line| !before.lines().any(|other| other == *line))
        .collect();
    assert!(
        removed.contains(&"pub fn models::Thing::new(name: impl Into<String>) -> Thing"),
        "{removed:#?}"
    );
    assert!(
        added.contains(&"pub fn models::Thing::new(name: impl Into<String>, size: i64) -> Thing"),
        "{added:#?}"
    );
    // The field's own type changes too, and nothing else does.
    assert_eq!(removed.len(), 2, "{removed:#?}");
    assert!(
        removed.contains(&"pub models::Thing::size: Option<i64>"),
        "{removed:#?}"
    );
    assert_eq!(added.len(), 2, "{added:#?}");
    assert!(added.contains(&"pub models::Thing::size: i64"), "{added:#?}");
}
