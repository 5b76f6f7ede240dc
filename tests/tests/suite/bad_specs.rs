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
    "all_of_member_not_an_object",
    "array_of_itself",
    "complex_map_key",
    "cookie_parameter",
    "cursor_pagination_without_page_size",
    "cursor_parameter_not_a_string",
    "dangling_ref",
    "deep_object_parameter_not_an_object",
    "discriminator_mapping_to_a_non_member",
    "duplicate_enum_value",
    "duplicate_operation_id",
    "duplicate_parameter",
    "empty_one_of",
    "empty_operation_id",
    "enum_value_of_another_type",
    "enum_varnames_count",
    "external_example_value",
    "external_ref_to_a_file_not_handed_in",
    "form_object_holding_itself",
    "format_without_type",
    "header_parameter",
    "invalid_yaml",
    "json_without_schema",
    "matrix_path_parameter",
    "missing_openapi_version",
    "missing_operation_id",
    "multipart_field_not_a_file_or_scalar",
    "no_success_response",
    "not_a_number_example",
    "not_keyword",
    "number_enum",
    "object_and_array_keywords_without_type",
    "openapi_3_1",
    "optional_path_parameter",
    "pagination_items_not_an_array",
    "pagination_items_not_in_page",
    "pagination_page_type_with_two_items_fields",
    "pagination_unknown_key",
    "pagination_unknown_style",
    "pagination_without_a_named_page",
    "pagination_without_its_parameter",
    "pagination_without_page_fields",
    "parameter_with_content",
    "parameters_is_not_a_list",
    "path_item_ref",
    "problems_of_every_stage",
    "reference_cycle",
    "request_body_without_json_or_form",
    "required_is_not_a_boolean",
    "required_property_not_declared",
    "response_without_json",
    "space_delimited_parameter",
    "status_range",
    "template_parameter_not_declared",
    "type_beside_composition",
    "unbalanced_braces",
    "union_containing_itself",
    "union_in_all_of_without_an_object_member",
    "unknown_type",
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

#[test]
fn a_schema_that_is_an_array_of_itself_is_reported_instead_of_a_recursive_alias() {
    assert_rejected(
        "array_of_itself",
        "#/components/schemas/TagTree",
        "schema is an array or map of itself",
    );
}

#[test]
fn a_misspelled_pagination_key_is_rejected_at_the_key() {
    assert_rejected(
        "pagination_unknown_key",
        "#/paths/~1api~1v2~1users~1search/get/x-zendesk-pagination/max_records",
        "unknown field `max_records`, expected one of `style`, `items`, `max-records`",
    );
}

#[test]
fn an_unknown_pagination_style_is_rejected_at_the_style() {
    assert_rejected(
        "pagination_unknown_style",
        "#/paths/~1api~1v2~1users/get/x-zendesk-pagination/style",
        "unknown variant `page`, expected one of `cursor`, `offset`, `time`",
    );
}

#[test]
fn pagination_items_must_be_an_array() {
    assert_rejected(
        "pagination_items_not_an_array",
        "#/paths/~1api~1v2~1users/get/x-zendesk-pagination",
        "`users` of `UsersPage` is not an array",
    );
}

#[test]
fn operations_sharing_a_page_type_must_name_the_same_items_field() {
    assert_rejected(
        "pagination_page_type_with_two_items_fields",
        "#/paths/~1api~1v2~1users~1search/get/x-zendesk-pagination",
        "page type `UsersPage` holds its items in `users` for operation `ListUsers` but in `user_ids` here",
    );
}

#[test]
fn cursor_pagination_needs_the_fields_the_runtime_reads() {
    assert_rejected(
        "pagination_without_page_fields",
        "#/paths/~1api~1v2~1users/get/x-zendesk-pagination",
        "cursor pagination needs `meta.after_cursor` in page type `UsersPage`",
    );
}

#[test]
fn cursor_pagination_needs_page_size_which_asks_for_cursor_pages() {
    assert_rejected(
        "cursor_pagination_without_page_size",
        "#/paths/~1api~1v2~1users/get/x-zendesk-pagination",
        "cursor pagination needs the query parameter `page[size]`",
    );
}

#[test]
fn offset_pagination_needs_its_page_parameter() {
    assert_rejected(
        "pagination_without_its_parameter",
        "#/paths/~1api~1v2~1users/get/x-zendesk-pagination",
        "offset pagination needs the query parameter `page`",
    );
}

#[test]
fn pagination_needs_a_named_page_type() {
    assert_rejected(
        "pagination_without_a_named_page",
        "#/paths/~1api~1v2~1users/get/x-zendesk-pagination",
        "needs exactly one success response whose body is a named object",
    );
}

#[test]
fn an_enum_value_of_another_type_is_reported_at_the_value() {
    assert_rejected(
        "enum_value_of_another_type",
        "#/components/schemas/Role/enum/1",
        "enum value `7` is not a string",
    );
}

#[test]
fn an_unknown_type_is_reported_at_type() {
    assert_rejected(
        "unknown_type",
        "#/components/schemas/Upload/type",
        "unsupported `type: file`",
    );
}

#[test]
fn a_scalar_type_beside_a_composition_is_reported_at_type() {
    assert_rejected(
        "type_beside_composition",
        "#/components/schemas/IdOrName/type",
        "`type: string` beside `allOf`/`anyOf`/`oneOf`",
    );
}

#[test]
fn a_format_without_a_type_is_reported_at_format() {
    assert_rejected(
        "format_without_type",
        "#/components/schemas/Stamp/format",
        "`format` without a `type`",
    );
}

#[test]
fn object_and_array_keywords_without_a_type_are_ambiguous() {
    assert_rejected(
        "object_and_array_keywords_without_type",
        "#/components/schemas/Thing",
        "schema has both `properties` and `items` but no `type`",
    );
}

#[test]
fn an_all_of_member_that_is_not_an_object_is_reported_at_the_member() {
    assert_rejected(
        "all_of_member_not_an_object",
        "#/components/schemas/Broken/allOf/1",
        "`allOf` member is not an object schema",
    );
}

#[test]
fn a_form_object_holding_itself_is_reported_where_it_leads_back() {
    assert_rejected(
        "form_object_holding_itself",
        "#/components/schemas/UserForm/properties/manager",
        "unsupported form field `user[manager]`: its object holds itself (`#/components/schemas/UserForm`)",
    );
}

#[test]
fn a_union_containing_itself_is_reported_at_the_union() {
    assert_rejected(
        "union_containing_itself",
        "#/components/schemas/Ok",
        "union contains itself with no object, array or map in between (Ok -> Ok)",
    );
}

#[test]
fn a_union_inside_all_of_without_an_object_member_is_reported_at_the_union() {
    // One scalar member beside an object member is a warning (tests/warnings/);
    // with no object member at all, nothing can match.
    assert_rejected(
        "union_in_all_of_without_an_object_member",
        "#/components/schemas/Broken/allOf/1/anyOf",
        "no `anyOf` member is an object schema",
    );
}

#[test]
fn a_path_item_ref_is_unsupported() {
    assert_rejected(
        "path_item_ref",
        "#/paths/~1api~1v2~1users",
        "unsupported `$ref` on a path item",
    );
}

#[test]
fn unbalanced_braces_in_a_template_are_reported_at_the_path() {
    assert_rejected(
        "unbalanced_braces",
        "#/paths/~1api~1v2~1users~1{user_id",
        "unbalanced braces in path template",
    );
}

#[test]
fn a_blank_operation_id_is_reported_at_operation_id() {
    assert_rejected(
        "empty_operation_id",
        "#/paths/~1api~1v2~1users/get/operationId",
        "empty `operationId`",
    );
}

#[test]
fn a_matrix_path_parameter_is_unsupported() {
    assert_rejected(
        "matrix_path_parameter",
        "#/paths/~1api~1v2~1users~1{user_id}/get/parameters/0",
        "unsupported parameter style `matrix`",
    );
}

#[test]
fn a_path_parameter_must_be_required() {
    assert_rejected(
        "optional_path_parameter",
        "#/paths/~1api~1v2~1users~1{user_id}/get/parameters/0",
        "path parameter `user_id` must be `required: true`",
    );
}

#[test]
fn a_cookie_parameter_is_unsupported() {
    assert_rejected(
        "cookie_parameter",
        "#/paths/~1api~1v2~1users/get/parameters/0",
        "unsupported cookie parameter `session`",
    );
}

#[test]
fn a_parameter_with_content_is_unsupported() {
    assert_rejected(
        "parameter_with_content",
        "#/paths/~1api~1v2~1users/get/parameters/0",
        "unsupported `content` on parameter `filter`",
    );
}

#[test]
fn a_parameter_declared_twice_names_its_first_declaration() {
    assert_rejected(
        "duplicate_parameter",
        "#/paths/~1api~1v2~1users/get/parameters/1",
        "duplicate query parameter `role`, first declared at #/paths/~1api~1v2~1users/get/parameters/0",
    );
}

#[test]
fn a_required_property_must_be_declared() {
    assert_rejected(
        "required_property_not_declared",
        "#/components/schemas/User/required",
        "required property `email` is not declared in `properties`",
    );
}

#[test]
fn a_discriminator_mapping_must_name_a_member() {
    assert_rejected(
        "discriminator_mapping_to_a_non_member",
        "#/components/schemas/Pet/discriminator/mapping",
        "which is not one of the `oneOf` members",
    );
}

#[test]
fn enum_varnames_must_name_every_value() {
    assert_rejected(
        "enum_varnames_count",
        "#/components/schemas/Priority/x-enum-varnames",
        "`x-enum-varnames` has 2 names for 3 enum values",
    );
}

#[test]
fn an_operation_needs_a_success_response() {
    assert_rejected(
        "no_success_response",
        "#/paths/~1api~1v2~1users/get/responses",
        "no success (2xx) response",
    );
}

#[test]
fn a_success_response_without_json_is_unsupported() {
    assert_rejected(
        "response_without_json",
        "#/paths/~1api~1v2~1users~1export/get/responses/200/content",
        "unsupported response body: only `application/json` is supported",
    );
}

#[test]
fn json_content_needs_a_schema() {
    assert_rejected(
        "json_without_schema",
        "#/paths/~1api~1v2~1users/get/responses/200/content/application~1json",
        "json content without a `schema`",
    );
}

#[test]
fn an_external_example_value_is_unsupported() {
    assert_rejected(
        "external_example_value",
        "#/paths/~1api~1v2~1users/get/responses/200/content/application~1json/examples/remote",
        "external examples are not supported",
    );
}

#[test]
fn a_map_key_that_is_not_a_scalar_is_reported() {
    assert_rejected("complex_map_key", "#/components/schemas/User", "keys must be strings");
}

#[test]
fn a_nan_example_is_reported_at_the_example() {
    assert_rejected(
        "not_a_number_example",
        "#/components/schemas/Ratio/example",
        "cannot be represented in json",
    );
}

#[test]
fn a_document_without_an_openapi_field_is_rejected() {
    assert_rejected("missing_openapi_version", "#", "missing `openapi` version field");
}

#[test]
fn validation_and_lowering_problems_are_reported_in_one_run() {
    assert_rejected(
        "problems_of_every_stage",
        "#/paths/~1api~1v2~1users/get",
        "missing `operationId`",
    );
    let text = std::fs::read_to_string(bad_dir().join("problems_of_every_stage.yaml")).expect("case exists");
    let diagnostics = generate(&text, &Settings::default()).expect_err("rejected");
    let pointers: Vec<&str> = diagnostics.items.iter().map(|item| item.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "#/paths/~1api~1v2~1users/get",
            "#/paths/~1api~1v2~1users~1{user_id}/get/parameters/0",
            "#/components/schemas/User/properties/role",
            "#/components/schemas/User/properties/kind/type",
            "#/components/schemas/User/properties/email/required",
        ],
        "{diagnostics}"
    );
}

#[test]
fn an_empty_one_of_is_reported_at_the_keyword() {
    assert_rejected(
        "empty_one_of",
        "#/components/schemas/Nothing/oneOf",
        "empty `oneOf`: list at least one schema",
    );
}
