//! What the generator says about specs it accepts with a stated meaning: each
//! `tests/warnings/<case>.yaml` generates (so the crate is written), and reports
//! a warning that names the JSON pointer of the construct and what was made of it.
//! The printed warnings are a reviewed snapshot
//! (`snapshots/suite__warning_specs__<case>.snap`); each test also pins the pointer
//! and the gist, so an accepted snapshot cannot move them. `cargo xtask generate
//! --deny-warnings` turns these into errors (CI does, for spec/).

use std::path::Path;
use zendesk_users_codegen::{generate, Settings, Severity};

/// Every case, so that a warning spec without a test is noticed.
const CASES: &[&str] = &[
    "array_without_items",
    "path_parameter_not_in_template",
    "union_member_in_all_of_never_an_object",
    "union_with_ignored_siblings",
];

fn warnings_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("warnings")
}

/// Generates `tests/warnings/<case>.yaml`, checks that it is accepted with exactly
/// the `expected` warnings `(pointer, gist)`, in order, and snapshots the printed lines.
fn assert_accepted_with_warnings(case: &str, expected: &[(&str, &str)]) {
    let path = warnings_dir().join(format!("{case}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let settings = Settings {
        spec_name: format!("tests/warnings/{case}.yaml"),
        ..Settings::default()
    };
    let generated = generate(&text, &settings)
        .unwrap_or_else(|diagnostics| panic!("tests/warnings/{case}.yaml must generate:\n{diagnostics}"));
    assert!(!generated.files.is_empty(), "a crate is generated");
    let items = &generated.warnings.items;
    assert_eq!(
        items.len(),
        expected.len(),
        "expected {} warnings, got:\n{}",
        expected.len(),
        generated.warnings
    );
    for (item, (pointer, gist)) in items.iter().zip(expected) {
        assert_eq!(item.severity, Severity::Warning);
        assert_eq!(&item.pointer, pointer, "{}", generated.warnings);
        assert!(
            item.message.contains(gist),
            "{:?} does not contain {gist:?}",
            item.message
        );
        assert!(item.position.is_some(), "a warning has a line and column");
        assert!(!item.message.starts_with(|c: char| c.is_uppercase()) && !item.message.ends_with('.'));
    }
    let printed: Vec<String> = generated.warnings.lines().collect();
    assert!(printed
        .iter()
        .all(|line| line.starts_with(&format!("warning: tests/warnings/{case}.yaml#/"))));
    insta::assert_snapshot!(case, printed.join("\n"));
}

#[test]
fn every_warning_spec_has_a_test() {
    let mut on_disk: Vec<String> = std::fs::read_dir(warnings_dir())
        .expect("tests/warnings exists")
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "yaml"))
        .map(|path| path.file_stem().expect("file name").to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    assert_eq!(
        on_disk, CASES,
        "tests/warnings/*.yaml and CASES in warning_specs.rs must list the same cases"
    );
}

#[test]
fn a_path_parameter_missing_from_the_template_is_left_out_with_a_warning_at_the_parameter() {
    assert_accepted_with_warnings(
        "path_parameter_not_in_template",
        &[(
            "#/paths/~1api~1v2~1users/get/parameters/0",
            "path parameter `user_id` does not appear in the path template `/api/v2/users`: it is left out of the operation",
        )],
    );
}

#[test]
fn an_array_without_items_holds_any_json_value_with_a_warning() {
    assert_accepted_with_warnings(
        "array_without_items",
        &[(
            "#/components/schemas/User/properties/tags",
            "array schema without `items`: its elements are read as any json value",
        )],
    );
}

#[test]
fn keywords_beside_a_union_that_have_no_meaning_there_are_ignored_with_a_warning_each() {
    assert_accepted_with_warnings(
        "union_with_ignored_siblings",
        &[
            (
                "#/components/schemas/AOrB/additionalProperties",
                "`additionalProperties` beside `oneOf` is ignored",
            ),
            (
                "#/components/schemas/AOrB/required",
                "`required` beside `oneOf` without `properties` is ignored",
            ),
        ],
    );
}

#[test]
fn a_union_member_in_all_of_that_can_never_be_an_object_is_left_out_with_a_warning_at_the_union() {
    assert_accepted_with_warnings(
        "union_member_in_all_of_never_an_object",
        &[(
            "#/components/schemas/Broken/allOf/1/anyOf",
            "`anyOf` member 1 is of `type: integer` and can never match the object this composition describes: it is left out of the struct",
        )],
    );
}

#[test]
fn warnings_are_listed_beside_errors_when_a_spec_also_has_errors() {
    // One run reports everything: the error that stops generation and the warning.
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: integer}}\n      responses:\n        '200': {description: ok}\n";
    let diagnostics = generate(text, &Settings::default()).expect_err("no operationId is an error");
    let severities: Vec<Severity> = diagnostics.items.iter().map(|item| item.severity).collect();
    assert_eq!(severities, [Severity::Error, Severity::Warning], "{diagnostics}");
    assert!(diagnostics
        .to_string()
        .contains("\nwarning: spec/zendesk-users.yaml#/paths/~1a/get/parameters/0"));
}
