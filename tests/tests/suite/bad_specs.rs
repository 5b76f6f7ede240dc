//! What the generator says about broken specs: each `tests/bad/<case>.yaml` is
//! rejected (so nothing is written), with a message that names the JSON pointer of
//! the offending spec location and the reason. The full message is a reviewed
//! snapshot (`snapshots/suite__bad_specs__<case>.snap`); each test also pins the
//! pointer and the gist of the reason, so an accepted snapshot cannot move them.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use zendesk_users_codegen::{generate, Settings};

/// Every case, so that a broken spec without a test is noticed.
const CASES: &[&str] = &[
    "array_without_items",
    "cursor_parameter_not_a_string",
    "dangling_ref",
    "deep_object_parameter_not_an_object",
    "duplicate_enum_value",
    "duplicate_operation_id",
    "external_ref_to_a_file_not_handed_in",
    "header_parameter",
    "invalid_yaml",
    "missing_operation_id",
    "multipart_field_not_a_file_or_scalar",
    "not_keyword",
    "number_enum",
    "openapi_3_1",
    "pagination_items_not_in_page",
    "parameters_is_not_a_list",
    "path_parameter_not_in_template",
    "reference_cycle",
    "request_body_without_json_or_form",
    "required_is_not_a_boolean",
    "space_delimited_parameter",
    "status_range",
    "template_parameter_not_declared",
    "url_ref",
];

fn bad_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("bad")
}

/// Generates `tests/bad/<case>.yaml` and checks that it is rejected with a
/// diagnostic at `pointer` whose message contains `reason`; every diagnostic must
/// follow the message style (lowercase, no trailing period). The whole message is
/// then compared with its snapshot.
fn assert_rejected(case: &str, pointer: &str, reason: &str) {
    assert_rejected_where(case, pointer, reason, |found| found == pointer);
}

/// Like [`assert_rejected`], but the diagnostic may point at `node` or anywhere
/// inside it, for errors where pointing at the exact key is a bonus.
fn assert_rejected_within(case: &str, node: &str, reason: &str) {
    assert_rejected_where(case, node, reason, |found| {
        found == node || found.starts_with(&format!("{node}/"))
    });
}

fn assert_rejected_where(case: &str, pointer: &str, reason: &str, pointer_matches: impl Fn(&str) -> bool) {
    let path = bad_dir().join(format!("{case}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let settings = Settings {
        spec_name: format!("tests/bad/{case}.yaml"),
        ..Settings::default()
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| generate(&text, &settings))).unwrap_or_else(|_| {
        panic!("generator bug: `generate` panicked on tests/bad/{case}.yaml instead of reporting a diagnostic")
    });
    let diagnostics = match outcome {
        Ok(generated) => panic!(
            "generator bug: tests/bad/{case}.yaml was accepted ({} files) instead of being rejected at {pointer}",
            generated.files.len()
        ),
        Err(diagnostics) => diagnostics,
    };
    let message = diagnostics.to_string();
    assert!(
        diagnostics
            .items
            .iter()
            .any(|item| pointer_matches(&item.pointer) && item.message.contains(reason)),
        "expected a diagnostic at {pointer} containing {reason:?}, got:\n{message}"
    );
    for item in &diagnostics.items {
        assert!(item.pointer.starts_with('#'), "not a JSON pointer: {:?}", item.pointer);
        assert!(
            !item.message.starts_with(|c: char| c.is_uppercase()),
            "messages start lowercase: {:?}",
            item.message
        );
        assert!(
            !item.message.ends_with('.'),
            "messages have no trailing period: {:?}",
            item.message
        );
    }
    insta::assert_snapshot!(case, message);
}

#[test]
fn every_broken_spec_has_a_test() {
    let mut on_disk: Vec<String> = std::fs::read_dir(bad_dir())
        .expect("tests/bad exists")
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "yaml"))
        .map(|path| path.file_stem().expect("file name").to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    assert_eq!(
        on_disk, CASES,
        "tests/bad/*.yaml and CASES in bad_specs.rs must list the same cases"
    );
}

#[test]
fn a_dangling_ref_is_reported_where_it_is_written() {
    assert_rejected(
        "dangling_ref",
        "#/components/schemas/User/properties/organization",
        "dangling reference `#/components/schemas/Organisation`",
    );
}

#[test]
fn an_external_ref_to_a_file_not_handed_in_is_reported_at_the_reference() {
    assert_rejected(
        "external_ref_to_a_file_not_handed_in",
        "#/components/schemas/User/properties/organization",
        "reference `other-file.yaml#/X` points into `other-file.yaml`, which was not handed in",
    );
}

#[test]
fn a_url_ref_is_unsupported() {
    assert_rejected(
        "url_ref",
        "#/components/schemas/User/properties/organization",
        "unsupported reference `https://example.com/openapi.yaml#/components/schemas/Organization`: URLs are not fetched",
    );
}

#[test]
fn a_path_parameter_missing_from_the_template_is_reported_at_the_parameter() {
    assert_rejected(
        "path_parameter_not_in_template",
        "#/paths/~1api~1v2~1users/get/parameters/0",
        "path parameter `user_id` does not appear in the path template `/api/v2/users`",
    );
}

#[test]
fn a_template_placeholder_without_a_path_parameter_is_reported_at_the_operation() {
    assert_rejected(
        "template_parameter_not_declared",
        "#/paths/~1api~1v2~1users~1{user_id}/get",
        "declares no path parameter `user_id`",
    );
}

#[test]
fn a_duplicate_operation_id_names_its_first_use() {
    assert_rejected(
        "duplicate_operation_id",
        "#/paths/~1api~1v2~1agents/get/operationId",
        "duplicate operationId `ListUsers`, first used at #/paths/~1api~1v2~1users/get",
    );
}

#[test]
fn an_operation_without_an_operation_id_is_rejected() {
    assert_rejected(
        "missing_operation_id",
        "#/paths/~1api~1v2~1users/get",
        "missing `operationId`",
    );
}

#[test]
fn a_space_delimited_parameter_is_unsupported_and_named_as_written() {
    // The message quotes the style as the spec spells it, `spaceDelimited`.
    assert_rejected(
        "space_delimited_parameter",
        "#/paths/~1api~1v2~1users/get/parameters/0",
        "unsupported parameter style `spaceDelimited`",
    );
}

#[test]
fn a_deep_object_parameter_that_is_not_an_object_is_rejected() {
    assert_rejected(
        "deep_object_parameter_not_an_object",
        "#/paths/~1api~1v2~1users/get/parameters/0",
        "unsupported type for `style: deepObject` parameter `filter`",
    );
}

#[test]
fn a_header_parameter_is_unsupported() {
    assert_rejected(
        "header_parameter",
        "#/paths/~1api~1v2~1users/get/parameters/0",
        "unsupported header parameter `X-On-Behalf-Of`",
    );
}

#[test]
fn a_non_boolean_required_is_reported_at_its_parameter() {
    // Ideally at `.../parameters/0/required`, as the snapshot says; `.../parameters/0` will do.
    assert_rejected_within(
        "required_is_not_a_boolean",
        "#/paths/~1api~1v2~1users~1{user_id}/get/parameters/0",
        "expected a boolean",
    );
}

#[test]
fn parameters_written_as_a_map_are_reported_at_parameters() {
    assert_rejected(
        "parameters_is_not_a_list",
        "#/paths/~1api~1v2~1users/get/parameters",
        "must be a list",
    );
}

#[test]
fn the_not_keyword_is_unsupported() {
    assert_rejected(
        "not_keyword",
        "#/components/schemas/NotAnAdmin",
        "unsupported schema keyword `not`",
    );
}

#[test]
fn an_array_without_items_is_rejected() {
    assert_rejected(
        "array_without_items",
        "#/components/schemas/User/properties/tags",
        "array schema without `items`",
    );
}

#[test]
fn a_reference_cycle_between_components_is_reported_instead_of_looping() {
    // The chain starts at the component being reported, so it reads as a loop from there.
    assert_rejected(
        "reference_cycle",
        "#/components/schemas/A",
        "reference cycle: A -> B -> A",
    );
}

#[test]
fn a_request_body_without_json_or_form_is_unsupported() {
    assert_rejected(
        "request_body_without_json_or_form",
        "#/paths/~1api~1v2~1uploads/post/requestBody/content",
        "only `application/json` and `multipart/form-data` are supported",
    );
}

#[test]
fn a_form_field_that_is_neither_a_file_nor_text_is_rejected() {
    assert_rejected(
        "multipart_field_not_a_file_or_scalar",
        "#/paths/~1api~1v2~1uploads/post/requestBody/content/multipart~1form-data/schema/properties/attachments",
        "unsupported form field `attachments`",
    );
}

#[test]
fn invalid_yaml_is_reported_with_line_and_column() {
    assert_rejected("invalid_yaml", "#", "invalid yaml");
}

#[test]
fn openapi_3_1_is_unsupported() {
    assert_rejected("openapi_3_1", "#/openapi", "unsupported openapi version `3.1.0`");
}

#[test]
fn pagination_items_must_name_a_field_of_the_page_type() {
    assert_rejected(
        "pagination_items_not_in_page",
        "#/paths/~1api~1v2~1users/get/x-zendesk-pagination",
        "page type `UsersPage` has no field `users`",
    );
}

#[test]
fn a_number_enum_is_unsupported() {
    assert_rejected(
        "number_enum",
        "#/components/schemas/Ratio",
        "unsupported `enum` on a `number` schema",
    );
}

#[test]
fn a_status_range_is_unsupported() {
    assert_rejected(
        "status_range",
        "#/paths/~1api~1v2~1users/get/responses/2XX",
        "unsupported status range `2XX`",
    );
}

#[test]
fn an_enum_value_listed_twice_is_reported_at_the_enum() {
    assert_rejected(
        "duplicate_enum_value",
        "#/components/schemas/Role/enum",
        "enum value `agent` is listed twice",
    );
}

#[test]
fn a_cursor_parameter_that_is_not_a_string_is_reported_at_the_pagination_extension() {
    assert_rejected(
        "cursor_parameter_not_a_string",
        "#/paths/~1api~1v2~1users/get/x-zendesk-pagination",
        "cursor pagination needs `page[after]` to be an optional string parameter",
    );
}
