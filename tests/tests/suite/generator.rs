//! What the generator makes of each construct it supports: one small spec per
//! concern in `tests/fixtures/<concern>.yaml`, and the generated `src/models.rs`
//! and `src/operations.rs` as a reviewed snapshot beside it. The `assert!`s next to
//! each snapshot pin the point of the concern, so a snapshot accepted in a hurry
//! cannot quietly lose it. Also: generation is deterministic and every generated
//! Rust file carries the `// @generated` header.

use std::path::{Path, PathBuf};
use zendesk_users_codegen::{generate, Generated, Settings};

/// The files a snapshot shows: the ones generated from the spec, not the runtime
/// (copied verbatim), `lib.rs` or `Cargo.toml` (the same for every spec).
const SNAPSHOT_FILES: &[&str] = &["src/models.rs", "src/operations.rs"];

/// Every fixture, so that a fixture without a test is noticed.
const FIXTURES: &[&str] = &[
    "additional_properties",
    "all_of",
    "builder_field_collisions",
    "cursor_pagination",
    "enums",
    "escaped_name_collisions",
    "keywords",
    "name_collisions",
    "nullability",
    "offset_pagination",
    "parameters",
    "read_write_only",
    "recursive",
    "recursive_alias",
    "responses",
    "time_pagination",
    "unions",
];

fn package_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture_path(concern: &str) -> PathBuf {
    package_dir().join("fixtures").join(format!("{concern}.yaml"))
}

fn settings_for(spec_name: &str) -> Settings {
    Settings {
        spec_name: spec_name.to_string(),
        ..Settings::default()
    }
}

/// Generates the crate for `tests/fixtures/<concern>.yaml`; a fixture must generate.
fn generate_fixture(concern: &str) -> Generated {
    let path = fixture_path(concern);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    generate(&text, &settings_for(&format!("tests/fixtures/{concern}.yaml")))
        .unwrap_or_else(|diagnostics| panic!("fixture `{concern}` must generate:\n{diagnostics}"))
}

/// The snapshot text: each shown file under a line naming it.
fn snapshot_text(generated: &Generated) -> String {
    let mut text = String::new();
    for wanted in SNAPSHOT_FILES {
        let file = generated
            .files
            .iter()
            .find(|file| file.path == *wanted)
            .unwrap_or_else(|| panic!("the generator produced no `{wanted}`"));
        text.push_str(&format!("// ===== {} =====\n", file.path));
        text.push_str(&file.contents);
        if !file.contents.ends_with('\n') {
            text.push('\n');
        }
    }
    text
}

/// The code without whitespace, to find entries of a wire table
/// (`__private::wire_struct!`) whatever the formatter's line breaks and spacing.
fn compact(code: &str) -> String {
    code.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Generates a fixture and returns its snapshot text.
fn generated_code(concern: &str) -> String {
    snapshot_text(&generate_fixture(concern))
}

/// The Rust field names of `struct <name>` (a model or a builder) in generated
/// code, in order: the lines indented one level inside its body.
fn struct_fields(code: &str, name: &str) -> Vec<String> {
    let start = [format!("pub struct {name} {{"), format!("pub struct {name}<'a> {{")]
        .iter()
        .find_map(|header| code.find(header.as_str()))
        .unwrap_or_else(|| panic!("no `pub struct {name}` in:\n{code}"));
    let body = &code[start..];
    let end = body.find("\n}").expect("a struct body ends with `}`");
    body[..end]
        .lines()
        .skip(1)
        .filter(|line| line.starts_with("    ") && !line.starts_with("     "))
        .map(|line| line.trim().trim_start_matches("pub "))
        .filter(|line| !line.starts_with('#') && !line.starts_with("//"))
        .filter_map(|line| line.split_once(':').map(|(field, _)| field.to_string()))
        .collect()
}

/// Asserts that no struct in `code` declares the same Rust field name twice.
fn assert_field_names_are_unique(code: &str) {
    for line in code.lines() {
        let Some(rest) = line.strip_prefix("pub struct ") else {
            continue;
        };
        let name = rest.split(['<', ' ']).next().unwrap_or(rest);
        let fields = struct_fields(code, name);
        for (index, field) in fields.iter().enumerate() {
            assert!(
                !fields[..index].contains(field),
                "struct `{name}` declares the field `{field}` twice: {fields:?}"
            );
        }
    }
}

#[test]
fn every_fixture_has_a_test() {
    let mut on_disk: Vec<String> = std::fs::read_dir(package_dir().join("fixtures"))
        .expect("tests/fixtures exists")
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "yaml"))
        .map(|path| path.file_stem().expect("file name").to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    assert_eq!(
        on_disk, FIXTURES,
        "tests/fixtures/*.yaml and FIXTURES in generator.rs must list the same concerns"
    );
}

#[test]
fn unknown_enum_value_has_a_catch_all_variant() {
    let code = generated_code("enums");
    // String enums keep unknown values; integer enums too, named from x-enum-varnames.
    assert!(
        code.contains("Unknown(String)"),
        "string enum without a catch-all variant"
    );
    assert!(
        code.contains("Unknown(i64)"),
        "integer enum without a catch-all variant"
    );
    assert!(
        code.contains("Low,") && code.contains("Normal,") && code.contains("Urgent,"),
        "x-enum-varnames not used"
    );
    // A listed value `unknown` keeps its name; the catch-all moves aside.
    assert!(
        code.contains("UnknownValue(String)"),
        "the catch-all must not clash with a listed `unknown`"
    );
    // Negative integers without x-enum-varnames still give valid names.
    assert!(code.contains("ValueMinus1"));
    insta::assert_snapshot!(code);
}

#[test]
fn optional_and_nullable_properties_have_distinct_presence() {
    let code = generated_code("nullability");
    assert!(code.contains("pub name: String,"), "required, not nullable: plain `T`");
    assert!(code.contains("pub alias: Option<String>,"), "optional: `Option<T>`");
    assert!(
        code.contains("pub phone: Option<String>,"),
        "required and nullable: `Option<T>`"
    );
    assert!(
        code.contains("pub details: crate::Nullable<String>,"),
        "optional and nullable: `Nullable<T>`"
    );
    insta::assert_snapshot!(code);
}

#[test]
fn read_only_and_write_only_properties_split_a_component_into_name_and_name_input() {
    let code = generated_code("read_write_only");
    assert_eq!(
        struct_fields(&code, "User"),
        ["id", "name", "created_at", "extra"],
        "responses carry no writeOnly property"
    );
    assert_eq!(
        struct_fields(&code, "UserInput"),
        ["name", "password", "extra"],
        "requests carry no readOnly property"
    );
    assert!(
        code.contains("pub user: UserInput,"),
        "the envelope used in the request refers to `UserInput`"
    );
    assert!(
        code.contains("pub user: User,"),
        "the envelope used in the response refers to `User`"
    );
    insta::assert_snapshot!(code);
}

#[test]
fn additional_properties_become_maps_or_a_typed_extra_field() {
    let code = generated_code("additional_properties");
    assert!(
        code.contains("pub labels: Option<std::collections::BTreeMap<String, String>>,"),
        "typed map"
    );
    assert!(
        code.contains("pub settings: Option<serde_json::Map<String, serde_json::Value>>,"),
        "free-form object"
    );
    assert!(
        code.contains("pub extra: std::collections::BTreeMap<String, i64>,"),
        "typed undeclared properties"
    );
    insta::assert_snapshot!(code);
}

#[test]
fn all_of_members_merge_and_a_nullable_single_member_all_of_is_a_nullable_reference() {
    let code = generated_code("all_of");
    assert_eq!(
        struct_fields(&code, "AgentUser"),
        ["id", "name", "organization", "default_group", "manager", "extra"],
        "members merged in order, a repeated property kept once"
    );
    assert!(
        code.contains("pub name: String,"),
        "the later member makes `name` required"
    );
    assert!(
        code.contains("pub organization: Option<Organization>,"),
        "required + nullable reference"
    );
    assert!(
        code.contains("pub default_group: crate::Nullable<Organization>,"),
        "optional + nullable reference"
    );
    assert!(
        code.contains("pub manager: Option<User>,"),
        "single-member allOf is the referenced type"
    );
    insta::assert_snapshot!(code);
}

#[test]
fn one_of_and_any_of_are_untagged_enums_and_a_discriminator_selects_by_tag() {
    let code = generated_code("unions");
    assert!(code.contains("pub enum ExternalId {"));
    assert!(code.contains("pub enum Contact {"));
    assert!(code.contains("pub enum Identity {"));
    assert!(
        code.contains("\"email\" => {") && code.contains(".map(Self::EmailIdentity)"),
        "the mapping value selects the variant"
    );
    assert!(code.contains("\"phone_number\" => {") && code.contains(".map(Self::PhoneIdentity)"));
    insta::assert_snapshot!(code);
}

#[test]
fn rust_keywords_become_raw_identifiers_or_get_an_underscore_and_keep_their_wire_name() {
    let code = generated_code("keywords");
    assert_field_names_are_unique(&code);
    assert!(code.contains("pub r#type: String,"));
    assert!(code.contains("pub self_: String,"));
    assert!(
        compact(&code).contains(r#"self_:implInto<String>="self","#),
        "`self_` is required and keeps its wire name in the table"
    );
    assert!(compact(&code).contains(r#"crate_="crate","#));
    assert!(code.contains("pub r#match: Option<bool>,"));
    assert!(
        code.contains("pub fn r#match("),
        "operationId `Match` is the client method `r#match`"
    );
    insta::assert_snapshot!(code);
}

#[test]
fn colliding_names_get_deterministic_suffixes() {
    let code = generated_code("name_collisions");
    assert_field_names_are_unique(&code);
    assert!(code.contains("role_list: Vec<String>"), "`role[]` is `role_list`");
    assert!(code.contains("role: Option<String>"), "`role` keeps its name");
    assert!(
        code.contains("pub struct ListUsers {"),
        "the component keeps its name; builders live elsewhere"
    );
    assert!(
        code.contains("pub struct ListUsersResponse {"),
        "the component keeps its name"
    );
    assert!(
        code.contains("pub struct UserPhotoUrl {") && code.contains("pub struct UserPhotoUrlType {"),
        "the second inline type gets a suffix"
    );
    assert_eq!(
        struct_fields(&code, "User"),
        ["user_name", "user_name_", "extra", "photo_url", "extra_"]
    );
    insta::assert_snapshot!(code);
}

#[test]
fn names_that_collide_only_after_keyword_escaping_stay_distinct() {
    let code = generated_code("escaped_name_collisions");
    assert_field_names_are_unique(&code);
    for (field, wire) in [
        ("self_", "self"),
        ("self__", "Self"),
        ("crate_", "crate"),
        ("crate__", "crate_"),
    ] {
        assert!(
            compact(&code).contains(&format!("{field}=\"{wire}\"")),
            "`{wire}` is field `{field}` and keeps its wire name"
        );
    }
    insta::assert_snapshot!(code);
}

#[test]
fn parameters_named_like_builder_internals_get_other_names() {
    let code = generated_code("builder_field_collisions");
    assert_field_names_are_unique(&code);
    for wire in ["body", "client", "send"] {
        assert!(
            code.contains(&format!("request.query(\"{wire}\"")),
            "the `{wire}` parameter keeps its wire name"
        );
    }
    assert!(
        code.contains("request.json_body(&self.body)?;"),
        "the request body stays `body`"
    );
    insta::assert_snapshot!(code);
}

#[test]
fn path_and_query_parameters_are_encoded_by_style_and_checked_against_their_limits() {
    let code = generated_code("parameters");
    // The path-level parameter comes first; required parameters are method arguments.
    assert!(code.contains("organization_slug: impl Into<String>,"));
    assert!(code.contains("user_id: i64,"));
    assert!(code.contains("locale: impl Into<String>"));
    // `role[]` is repeated, `ids` comma-separated.
    assert!(code.contains("for value in &self.role_list {"));
    assert!(code.contains("request.query_list(\"ids\""));
    assert!(
        code.contains("to_rfc3339()"),
        "date-time parameters are written as RFC 3339"
    );
    assert!(code.contains("check_max_items(operation, \"ids\""));
    assert!(
        code.contains("check_minimum(operation, \"per_page\"")
            && code.contains("check_maximum(operation, \"per_page\"")
    );
    insta::assert_snapshot!(code);
}

#[test]
fn several_success_statuses_become_a_response_enum_and_empty_responses_decode_to_unit() {
    let code = generated_code("responses");
    assert!(code.contains("pub enum CreateOrUpdateUserResponse {"));
    assert!(code.contains("Ok(User)") && code.contains("Created(User)"));
    assert!(
        code.contains("pub enum SyncUserResponse {") && code.contains("NoContent,"),
        "an empty status is a unit variant"
    );
    assert!(
        code.contains("Result<Response<()>, Error>"),
        "a single empty response decodes to `()`"
    );
    insta::assert_snapshot!(code);
}

#[test]
fn cursor_pagination_streams_pages_by_after_cursor() {
    let code = generated_code("cursor_pagination");
    assert!(code.contains("impl CursorPage for models::UsersPage {"));
    assert!(code.contains("pub fn pages(") && code.contains("pub fn stream("));
    insta::assert_snapshot!(code);
}

#[test]
fn offset_pagination_streams_pages_up_to_max_records() {
    let code = generated_code("offset_pagination");
    assert!(code.contains("impl OffsetPage for models::UsersSearchPage {"));
    assert!(code.contains("Some(10000"), "max-records reaches the runtime");
    insta::assert_snapshot!(code);
}

#[test]
fn time_based_pagination_exports_from_start_time_until_end_of_stream() {
    let code = generated_code("time_pagination");
    assert!(code.contains("impl TimeExportPage for models::UsersExport {"));
    assert!(code.contains("TimeExport<'a, models::User>"));
    insta::assert_snapshot!(code);
}

#[test]
fn recursive_fields_are_boxed_unless_behind_a_vec() {
    let code = generated_code("recursive");
    assert!(code.contains("pub parent: Option<Box<TreeNode>>,"));
    assert!(code.contains("pub children: Option<Vec<TreeNode>>,"));
    assert!(
        code.contains("pub team: Box<Team>,") && code.contains("pub group: Option<Box<Group>>,"),
        "mutual recursion is boxed"
    );
    assert!(
        code.contains("pub group: Option<Group>,"),
        "a field that does not lead back to its struct is not boxed"
    );
    insta::assert_snapshot!(code);
}

#[test]
fn a_schema_that_is_an_array_of_itself_is_not_a_recursive_type_alias() {
    // Either outcome is acceptable: a type that compiles, or a diagnostic at the schema.
    let text = std::fs::read_to_string(fixture_path("recursive_alias")).expect("fixture exists");
    match generate(&text, &settings_for("tests/fixtures/recursive_alias.yaml")) {
        Ok(generated) => {
            let code = snapshot_text(&generated);
            assert!(
                !code.contains("pub type TagTree = Vec<TagTree>;"),
                "a type alias cannot refer to itself:\n{code}"
            );
        }
        Err(diagnostics) => {
            assert!(
                diagnostics
                    .items
                    .iter()
                    .any(|item| item.pointer == "#/components/schemas/TagTree"),
                "{diagnostics}"
            );
        }
    }
}

#[test]
fn generating_twice_gives_identical_bytes() {
    let spec_path = package_dir().join("../spec/zendesk-users.yaml");
    let spec = std::fs::read_to_string(&spec_path).expect("spec/zendesk-users.yaml exists");
    let mut inputs = vec![("spec/zendesk-users.yaml".to_string(), spec)];
    for concern in FIXTURES {
        let text = std::fs::read_to_string(fixture_path(concern)).expect("fixture exists");
        inputs.push((format!("tests/fixtures/{concern}.yaml"), text));
    }
    for (name, text) in &inputs {
        let settings = settings_for(name);
        // Files as (path, contents), or the error text: both must repeat exactly.
        let run = || {
            generate(text, &settings)
                .map(|generated| generated.files)
                .map_err(|diagnostics| diagnostics.to_string())
        };
        let first = run();
        // A second run on another thread gets other hash seeds, should anything iterate a HashMap.
        let second = std::thread::scope(|scope| scope.spawn(run).join()).expect("generation does not panic");
        if *name == "spec/zendesk-users.yaml" {
            assert!(
                first.is_ok(),
                "the spec must generate:\n{}",
                first.as_ref().err().map(String::as_str).unwrap_or_default()
            );
        }
        match (&first, &second) {
            (Ok(first), Ok(second)) => {
                let paths = |files: &[zendesk_users_codegen::GeneratedFile]| {
                    files.iter().map(|file| file.path.clone()).collect::<Vec<_>>()
                };
                assert_eq!(paths(first), paths(second), "{name}: a different list of files");
                for (first, second) in first.iter().zip(second) {
                    assert!(
                        first.contents == second.contents,
                        "{name}: `{}` differs between two runs",
                        first.path
                    );
                }
            }
            _ => assert_eq!(first, second, "{name}: the two runs disagree"),
        }
    }
}

#[test]
fn every_generated_file_starts_with_the_generated_header() {
    let spec = std::fs::read_to_string(package_dir().join("../spec/zendesk-users.yaml"))
        .expect("spec/zendesk-users.yaml exists");
    let generated = generate(&spec, &Settings::default())
        .unwrap_or_else(|diagnostics| panic!("the spec must generate:\n{diagnostics}"));
    for file in &generated.files {
        let first_line = file.contents.lines().next().unwrap_or_default();
        if file.path.ends_with(".rs") {
            assert!(
                first_line.starts_with("// @generated by `cargo xtask generate`"),
                "`{}` starts with {first_line:?}",
                file.path
            );
            assert!(
                first_line.ends_with("Do not edit."),
                "`{}` starts with {first_line:?}",
                file.path
            );
        } else {
            assert!(
                first_line.starts_with("# @generated by `cargo xtask generate`"),
                "`{}` starts with {first_line:?}",
                file.path
            );
        }
        // Files generated from the spec name it; hand-written ones copied verbatim name their source.
        assert!(
            first_line.contains(" from spec/zendesk-users.yaml. ") || first_line.contains(", copied from codegen/"),
            "`{}` names neither the spec nor the file it is copied from: {first_line:?}",
            file.path
        );
    }
    assert!(generated.files.iter().any(|file| file.path == "src/models.rs"));
}
