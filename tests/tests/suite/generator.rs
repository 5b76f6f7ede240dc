//! What the generator makes of each construct it supports: one small spec per
//! concern in `tests/fixtures/<concern>.yaml`, and the generated `src/models.rs`
//! and `src/operations.rs` as a reviewed snapshot beside it. The `assert!`s next to
//! each snapshot pin the point of the concern, so a snapshot accepted in a hurry
//! cannot quietly lose it. Also: generation is deterministic and every generated
//! Rust file carries the `// @generated` header.

use std::path::{Path, PathBuf};
use zendesk_users_codegen::{generate, FrontPage, Generated, Settings};

/// The files a snapshot shows: the ones generated from the spec, not the runtime
/// (copied verbatim), `lib.rs` or `Cargo.toml` (the same for every spec).
const SNAPSHOT_FILES: &[&str] = &["src/models.rs", "src/operations.rs"];

/// Every fixture, so that a fixture without a test is noticed.
const FIXTURES: &[&str] = &[
    "additional_properties",
    "alias_paths",
    "all_of",
    "all_of_with_union",
    "builder_field_collisions",
    "cursor_pagination",
    "deep_object_parameters",
    "enums",
    "escaped_name_collisions",
    "hostile_names",
    "id_or_key_path_parameter",
    "json_beside_other_media_types",
    "keywords",
    "multipart_bodies",
    "name_collisions",
    "nullability",
    "object_query_parameter",
    "offset_pagination",
    "parameters",
    "read_write_only",
    "recursive",
    "redundant_object_type",
    "required_cycles",
    "responses",
    "stray_keywords",
    "time_pagination",
    "union_siblings",
    "unions",
    "yaml_as_zendesk_writes_it",
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

/// The warnings a fixture generates with, as `(pointer, message)`.
fn warnings_of(generated: &Generated) -> Vec<(String, String)> {
    generated
        .warnings
        .items
        .iter()
        .map(|item| (item.pointer.clone(), item.message.clone()))
        .collect()
}

/// The snapshot text with the warnings (one line each) above the code, so an
/// accepted snapshot reviews both.
fn snapshot_with_warnings(generated: &Generated) -> String {
    let mut text = String::from("// ===== warnings =====\n");
    for line in generated.warnings.lines() {
        text.push_str(&format!("// {line}\n"));
    }
    text + &snapshot_text(generated)
}

/// The code without whitespace, to find attributes and arms whatever the
/// formatter's line breaks and spacing.
fn compact(code: &str) -> String {
    code.chars().filter(|c| !c.is_whitespace()).collect()
}

/// True when field `field` is written as `wire` on the wire: its serde attribute,
/// right before the field, renames it.
fn renamed(code: &str, field: &str, wire: &str) -> bool {
    let code = compact(code);
    code.match_indices(&format!("#[serde(rename=\"{wire}\""))
        .any(|(at, _)| {
            let after = &code[at..];
            after
                .find(")]pub")
                .is_some_and(|end| after[end + ")]pub".len()..].starts_with(&format!("{field}:")))
        })
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
    // Values named like `FromStr::Err` and `TryFrom::Error` are plain variants, and no
    // generated path names an associated item through `Self` (it would be ambiguous).
    // (The impls come from the runtime's `string_enum!` / `integer_enum!`, whose own
    // tests expand them with such variants.)
    let code_compact = compact(&code);
    assert!(
        code_compact.contains("Error(\"error\")") && code_compact.contains("Err(1)"),
        "{code}"
    );
    assert!(!code.contains("Self::Err") && !code.contains("Self::Error"), "{code}");
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
        code.contains("\"email\" => {") && code.contains(".map(Identity::EmailIdentity)"),
        "the mapping value selects the variant"
    );
    assert!(code.contains("\"phone_number\" => {") && code.contains(".map(Identity::PhoneIdentity)"));
    insta::assert_snapshot!(code);
}

#[test]
fn rust_keywords_become_raw_identifiers_or_get_an_underscore_and_keep_their_wire_name() {
    let code = generated_code("keywords");
    assert_field_names_are_unique(&code);
    assert!(code.contains("pub r#type: String,"));
    assert!(code.contains("pub self_: String,"));
    assert!(
        renamed(&code, "self_", "self") && compact(&code).contains("self_:implInto<String>"),
        "`self_` is required (an argument of `new`) and keeps its wire name"
    );
    assert!(renamed(&code, "crate_", "crate"));
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
    // `crate_` is not a keyword, but `crate` already took the name `crate_`.
    assert_eq!(
        struct_fields(&code, "Link"),
        ["self_", "self__", "crate_", "crate__", "extra"]
    );
    for (field, wire) in [
        ("self_", "self"),
        ("self__", "Self"),
        ("crate_", "crate"),
        ("crate__", "crate_"),
    ] {
        assert!(
            renamed(&code, field, wire),
            "`{wire}` is field `{field}` and keeps its wire name"
        );
    }
    insta::assert_snapshot!(code);
}

#[test]
fn parameters_named_like_builder_internals_get_other_names() {
    let code = generated_code("builder_field_collisions");
    assert_field_names_are_unique(&code);
    for wire in ["body", "client", "send", "deadline", "into_future"] {
        assert!(
            code.contains(&format!("request.query(\"{wire}\"")),
            "the `{wire}` parameter keeps its wire name"
        );
    }
    assert!(
        code.contains("request.query(\"deadline\", &self.deadline_)?;"),
        "a `deadline` parameter does not take the builder's own `deadline`"
    );
    assert!(
        code.contains(".with_deadline(self.deadline)"),
        "the builder's `deadline` is the call's deadline"
    );
    assert!(
        code.contains("request.json_body(&self.body)?;"),
        "the request body stays `body`"
    );
    insta::assert_snapshot!(code);
}

#[test]
fn names_the_runtime_rust_and_std_already_use_get_other_names() {
    let code = generated_code("hostile_names");
    assert_field_names_are_unique(&code);
    // The runtime's `Client` has `job_status`, `wait_for_job`, `builder`, `new`,
    // `base_url` (read from its sources): the operations take other names.
    for method in ["job_status_", "wait_for_job_", "builder_", "new_", "base_url_"] {
        assert!(
            code.contains(&format!("pub fn {method}(&self")),
            "client method `{method}`"
        );
    }
    assert!(
        code.contains("pub fn client(&self) -> ClientBuilder2<'_>"),
        "`Client` and `ClientBuilder` are the runtime's: the builder takes another name"
    );
    for setter in [
        "send_",
        "deadline_",
        "stream_",
        "pages_",
        "client_",
        "a_b",
        "a_b_",
        "a_b_2",
    ] {
        assert!(
            code.contains(&format!("pub fn {setter}(mut self, value")),
            "setter `{setter}`"
        );
    }
    insta::assert_snapshot!(code);
}

#[test]
fn path_and_query_parameters_are_encoded_by_style_and_checked_against_their_limits() {
    let code = generated_code("parameters");
    // The path-level parameter comes first; required parameters are method arguments.
    assert!(code.contains("organization_slug: impl Into<String>,"));
    assert!(code.contains("user_id: i64,"));
    assert!(code.contains("locale: impl Into<String>"));
    // `role[]` is repeated, `ids` comma-separated: one runtime call each.
    assert!(code.contains("request.query(\"role[]\", &self.role_list)?;"));
    assert!(code.contains("request.query_list(\"ids\", &self.ids)?;"));
    assert!(
        code.contains("updated_since: Option<chrono::DateTime<chrono::FixedOffset>>")
            && code.contains("request.query(\"updated_since\", &self.updated_since)?;"),
        "date-time parameters are serialized (RFC 3339) by the runtime"
    );
    assert!(code.contains("check_count(operation, \"ids\", &self.ids, None, Some(100))?;"));
    assert!(code.contains("check_range(operation, \"per_page\", &self.per_page, Some(1.0), Some(100.0))?;"));
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
    let generated = generate_fixture("cursor_pagination");
    let code = snapshot_text(&generated);
    assert!(code.contains("impl Page for models::UsersPage {"));
    assert!(code.contains("fn has_more(&self) -> Nullable<bool>") && code.contains("fn after_cursor(&self)"));
    // `pages` and `stream` come from the runtime's `cursor_list!`, given the cursor
    // parameter and the page size to ask for (Zendesk answers a list request without
    // one with offset pages); the runtime's own tests run the expansion.
    assert!(
        compact(&code)
            .contains("__private::cursor_list!(ListUsers=>models::UsersPage,models::User;page_after,page_size=100);"),
        "streams ask for cursor pages of 100:\n{code}"
    );
    let listing = &generated
        .files
        .iter()
        .find(|file| file.path == "public-api.txt")
        .expect("a public-api.txt")
        .contents;
    assert!(
        listing.contains("pub fn ListUsers::pages(self) -> impl Stream<Item = Result<Response<models::UsersPage>, Error>> + Send + Unpin + 'a")
            && listing.contains("pub fn ListUsers::stream(self) -> impl Stream<Item = Result<models::User, Error>> + Send + Unpin + 'a"),
        "the listing shows what the macro gives the builder:\n{listing}"
    );
    insta::assert_snapshot!(code);
}

#[test]
fn offset_pagination_streams_pages_up_to_max_records() {
    let code = generated_code("offset_pagination");
    assert!(code.contains("impl Page for models::UsersSearchPage {"));
    assert!(code.contains("fn next_page(&self) -> Nullable<&str>"));
    assert!(code.contains("Some(10000"), "max-records reaches the runtime");
    insta::assert_snapshot!(code);
}

#[test]
fn time_based_pagination_exports_from_start_time_until_end_of_stream() {
    let code = generated_code("time_pagination");
    assert!(code.contains("impl Page for models::UsersExport {"));
    assert!(code.contains("fn end_of_stream(&self) -> Nullable<bool>"));
    assert!(code.contains("TimeExport<'a, models::User>"));
    assert!(
        code.contains("TimeExport<'a, Response<models::UsersExport>>"),
        "pages() with the sideloads"
    );
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
fn required_properties_that_lead_back_to_their_struct_become_optional_with_a_warning() {
    let generated = generate_fixture("required_cycles");
    let gist = |property: &str, owner: &str| {
        format!("required property `{property}` leads back to `{owner}` through required properties only, so no finite value has it: it is generated as optional")
    };
    assert_eq!(
        warnings_of(&generated),
        [
            ("#/components/schemas/Link".to_string(), gist("next", "Link")),
            ("#/components/schemas/Right".to_string(), gist("left", "Right")),
            ("#/components/schemas/Left".to_string(), gist("right", "Left")),
        ]
    );
    let code = snapshot_with_warnings(&generated);
    assert!(code.contains("pub next: Option<Box<Link>>,"), "{code}");
    assert!(
        code.contains("pub right: Option<Box<Right>>,") && code.contains("pub left: Option<Box<Left>>,"),
        "{code}"
    );
    assert!(code.contains("pub fn new(label: impl Into<String>) -> Link"), "{code}");
    // What has a finite value stays required.
    assert!(code.contains("pub links: Vec<Chain>,"), "{code}");
    assert!(
        code.contains("pub first: Option<Box<Chain>>,"),
        "required and nullable: {code}"
    );
    insta::assert_snapshot!(code);
}

#[test]
fn a_path_parameter_missing_from_an_alias_path_is_dropped_with_one_warning_per_location() {
    let generated = generate_fixture("alias_paths");
    let code = snapshot_with_warnings(&generated);
    // Path-level: one warning although two methods share the list; operation-level: at the operation.
    assert_eq!(
        warnings_of(&generated),
        [
            (
                "#/paths/~1api~1v2~1group_memberships/parameters/0".to_string(),
                "path parameter `user_id` does not appear in the path template `/api/v2/group_memberships`: it is left out of the operation".to_string()
            ),
            (
                "#/paths/~1api~1v2~1group_memberships/post/parameters/0".to_string(),
                "path parameter `group_id` does not appear in the path template `/api/v2/group_memberships`: it is left out of the operation".to_string()
            ),
        ]
    );
    assert!(
        code.contains("pub fn list_group_memberships(&self) -> ListGroupMemberships"),
        "the alias path takes no `user_id`:\n{code}"
    );
    assert!(
        !snapshot_text(&generated).contains("group_id"),
        "the stray operation parameter is dropped"
    );
    assert!(code.contains("user_id: i64"), "the long form keeps its path parameter");
    insta::assert_snapshot!(code);
}

#[test]
fn all_of_with_a_union_member_merges_the_union_members_properties_as_optional_fields() {
    let generated = generate_fixture("all_of_with_union");
    assert!(warnings_of(&generated).is_empty(), "{}", generated.warnings);
    let code = snapshot_text(&generated);
    assert_eq!(
        struct_fields(&code, "User"),
        ["id", "name", "role", "permissions", "signature", "notes", "extra"],
        "object members first, then each union member's properties"
    );
    assert!(
        code.contains("pub id: i64,") && code.contains("pub name: String,"),
        "required object fields stay required"
    );
    assert!(
        code.contains("pub permissions: Option<Vec<String>>,"),
        "a property the union member requires is optional in the merge"
    );
    assert!(
        code.contains("pub role: Option<serde_json::Value>,"),
        "a property the union members type differently keeps any value"
    );
    assert!(
        code.contains("pub signature: crate::Nullable<String>,"),
        "nullable in one union member: nullable in the merge"
    );
    assert_eq!(
        struct_fields(&code, "UserSummary"),
        ["url", "role", "permissions", "signature", "notes", "extra"],
        "a union beside `properties` reads the same way"
    );
    assert!(code.contains("pub url: String,"));
    insta::assert_snapshot!(code);
}

#[test]
fn a_redundant_type_object_beside_a_composition_changes_nothing() {
    let generated = generate_fixture("redundant_object_type");
    assert!(warnings_of(&generated).is_empty(), "{}", generated.warnings);
    let code = snapshot_text(&generated);
    assert_eq!(
        struct_fields(&code, "Skip"),
        ["reason", "ticket", "attachment", "target", "extra"]
    );
    assert!(
        code.contains("pub ticket: Option<Ticket>,"),
        "`type: object` + single-member `allOf` is the referenced type"
    );
    assert!(
        code.contains("pub enum SkipAttachment {"),
        "`type: object` + `anyOf` is a union"
    );
    assert!(
        code.contains("pub enum SkipTarget {"),
        "`type: object` + `oneOf` is a union"
    );
    insta::assert_snapshot!(code);
}

#[test]
fn a_union_with_sibling_additional_properties_true_is_a_union() {
    let generated = generate_fixture("union_siblings");
    assert!(warnings_of(&generated).is_empty(), "{}", generated.warnings);
    let code = snapshot_text(&generated);
    assert!(
        code.contains("pub enum UserObject {"),
        "anyOf + additionalProperties: true"
    );
    assert!(
        code.contains("pub enum UpdateManyUsersRequest {"),
        "oneOf + additionalProperties: true, inline"
    );
    assert!(code.contains("pub enum JobResultResultsItem {"), "as array items");
    assert_eq!(
        struct_fields(&code, "JobResultJob"),
        ["url", "id", "status", "error", "extra"],
        "a union beside `properties` is one struct"
    );
    insta::assert_snapshot!(code);
}

#[test]
fn keywords_that_do_not_fit_the_type_are_read_with_the_obvious_meaning_and_a_warning() {
    let generated = generate_fixture("stray_keywords");
    let at = "#/components/schemas/User";
    assert_eq!(
        warnings_of(&generated),
        [
            (
                format!("{at}/properties"),
                "`properties` without `type: object`: the schema is read as an object".to_string()
            ),
            (
                format!("{at}/properties/email/required"),
                "`required` does not apply to a `type: string` schema: it is ignored".to_string()
            ),
            (
                format!("{at}/properties/tags/additionalProperties"),
                "`additionalProperties` does not apply to a `type: array` schema: it is ignored".to_string()
            ),
            (
                format!("{at}/properties/photo/properties"),
                "`properties` without `type: object`: the schema is read as an object".to_string()
            ),
            (
                format!("{at}/properties/shared_ids"),
                "array schema without `items`: its elements are read as any json value".to_string()
            ),
        ]
    );
    let code = snapshot_with_warnings(&generated);
    assert!(
        code.contains("pub email: Option<String>,"),
        "a string with `required` is a string"
    );
    assert!(
        code.contains("pub tags: Option<Vec<String>>,"),
        "an array with `additionalProperties` is an array"
    );
    assert!(
        code.contains("pub photo: Option<UserPhoto>,") && code.contains("pub struct UserPhoto {"),
        "properties without `type: object` make an object"
    );
    assert!(
        code.contains("pub shared_ids: Option<Vec<serde_json::Value>>,"),
        "an array without items holds any JSON value"
    );
    insta::assert_snapshot!(code);
}

#[test]
fn nullable_references_the_bare_equals_scalar_and_unquoted_timestamps_are_read_as_zendesk_means_them() {
    let generated = generate_fixture("yaml_as_zendesk_writes_it");
    assert!(warnings_of(&generated).is_empty(), "{}", generated.warnings);
    let code = snapshot_text(&generated);
    assert!(
        code.contains("pub organization: crate::Nullable<Organization>,"),
        "nullable + allOf [$ref]: a nullable reference"
    );
    assert!(
        compact(&code).contains("string_enum!(") && compact(&code).contains("Equals(\"=\")"),
        "the bare `=` is an enum value (the runtime's `string_enum!` writes and parses it):\n{code}"
    );
    let examples = generated
        .files
        .iter()
        .find(|file| file.path == "tests/examples.rs")
        .expect("examples are emitted as tests");
    assert!(
        examples.contents.contains("2009-07-20T22:55:29Z") && examples.contents.contains(r#"\"operator\":\"=\""#),
        "the unquoted timestamp and the bare `=` reach the example as strings:\n{}",
        examples.contents
    );
    insta::assert_snapshot!(code);
}

/// Generates `text` a second time on another thread (other hash seeds, should
/// anything iterate a `HashMap`) and compares files, or error text, with `first`.
fn assert_generates_identically(
    name: &str,
    text: &str,
    first: Result<Vec<zendesk_users_codegen::GeneratedFile>, String>,
) {
    let settings = settings_for(name);
    let run = || {
        generate(text, &settings)
            .map(|generated| generated.files)
            .map_err(|diagnostics| diagnostics.to_string())
    };
    let second = std::thread::scope(|scope| scope.spawn(run).join()).expect("generation does not panic");
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

#[test]
fn generating_the_spec_twice_gives_identical_bytes() {
    let spec_path = package_dir().join("../spec/zendesk-users.yaml");
    let spec = std::fs::read_to_string(&spec_path).expect("spec/zendesk-users.yaml exists");
    // The first run is the one the other tests share (Settings::default() names the
    // spec as this test does).
    let first = Ok(crate::generated_spec().files.clone());
    assert_generates_identically("spec/zendesk-users.yaml", &spec, first);
}

/// One determinism test per fixture, so a failure names its fixture.
macro_rules! generating_each_fixture_twice_gives_identical_bytes {
    ($($concern:ident),* $(,)?) => {
        mod generating_twice_gives_identical_bytes {
            use super::*;

            /// The fixtures listed here, compared with [`FIXTURES`].
            const LISTED: &[&str] = &[$(stringify!($concern)),*];

            #[test]
            fn every_fixture_is_listed() {
                assert_eq!(LISTED, FIXTURES, "list every fixture in the determinism tests of generator.rs");
            }

            $(
                #[test]
                fn $concern() {
                    let concern = stringify!($concern);
                    let name = format!("tests/fixtures/{concern}.yaml");
                    let text = std::fs::read_to_string(fixture_path(concern)).expect("fixture exists");
                    let first = generate(&text, &settings_for(&name))
                        .map(|generated| generated.files)
                        .map_err(|diagnostics| diagnostics.to_string());
                    assert_generates_identically(&name, &text, first);
                }
            )*
        }
    };
}

generating_each_fixture_twice_gives_identical_bytes!(
    additional_properties,
    alias_paths,
    all_of,
    all_of_with_union,
    builder_field_collisions,
    cursor_pagination,
    deep_object_parameters,
    enums,
    escaped_name_collisions,
    hostile_names,
    id_or_key_path_parameter,
    json_beside_other_media_types,
    keywords,
    multipart_bodies,
    name_collisions,
    nullability,
    object_query_parameter,
    offset_pagination,
    parameters,
    read_write_only,
    recursive,
    redundant_object_type,
    required_cycles,
    responses,
    stray_keywords,
    time_pagination,
    union_siblings,
    unions,
    yaml_as_zendesk_writes_it,
);

#[test]
fn every_generated_file_starts_with_the_generated_header() {
    let generated = crate::generated_spec();
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

#[test]
fn deep_object_parameters_are_typed_objects_or_maps_written_with_brackets() {
    let code = generated_code("deep_object_parameters");
    // An object with properties is a struct; the setter takes it.
    assert!(code.contains("pub struct ListUsersFilter {"));
    assert!(code.contains("pub fn filter(mut self, value: impl Into<models::ListUsersFilter>) -> Self"));
    // `additionalProperties` only: a map, set from key/value pairs.
    assert!(code.contains("custom_fields: std::collections::BTreeMap<String, String>,"));
    assert!(code.contains("entries: impl IntoIterator<Item = (K, V)>,"));
    // One runtime call each writes `name[key]=value`; the nested object's limits are checked.
    for wire in ["filter", "custom_fields", "page"] {
        assert!(
            code.contains(&format!("request.query_deep_object(\"{wire}\", &self.")),
            "`{wire}` is written as a deep object"
        );
    }
    assert!(code.contains("value.validate(operation, \"page\")?;"));
    insta::assert_snapshot!(code);
}

#[test]
fn a_path_parameter_that_is_an_id_or_a_key_takes_either() {
    let code = generated_code("id_or_key_path_parameter");
    assert!(code.contains("user_field_id: impl Into<IdOrKey>,"));
    // Inline `oneOf`, a component alias and `anyOf` in either order all qualify.
    assert!(code.contains("user_id: impl Into<IdOrKey>,"));
    assert!(code.contains("identity_key: impl Into<IdOrKey>,"));
    assert!(code.contains("&path_segment(&self.user_field_id)"));
    insta::assert_snapshot!(code);
}

#[test]
fn an_object_query_parameter_becomes_one_pair_per_property() {
    let code = generated_code("object_query_parameter");
    // Required: an argument taking the typed object; optional: a setter.
    assert!(code.contains("criteria: impl Into<models::SearchUsersCriteria>,"));
    assert!(code.contains("pub fn options(mut self, value: impl Into<models::SearchOptions>) -> Self"));
    assert!(code.contains("request.query_form_object(\"criteria\", &self.criteria)?;"));
    assert!(code.contains("request.query_form_object(\"options\", &self.options)?;"));
    insta::assert_snapshot!(code);
}

#[test]
fn multipart_bodies_are_form_structs_with_file_parts_beside_or_instead_of_json() {
    let code = generated_code("multipart_bodies");
    // The form alone: the operation's own method takes it.
    assert!(code.contains("pub struct UploadFileForm {"));
    assert!(code.contains("pub file: FilePart,"));
    assert!(code.contains("form: UploadFileForm,"));
    assert!(code.contains("request.form_file(\"file\", Some(&form.file));"));
    assert!(code.contains("pub attachments: Vec<FilePart>,"));
    assert!(code.contains("request.form_files(\"attachments\", &form.attachments);"));
    // JSON or a form: the JSON method as before, a second method for the form.
    assert!(code.contains("pub fn update_user(") && code.contains("pub fn update_user_multipart("));
    assert!(code.contains("form: UpdateUserForm,"));
    // Nested objects flatten into bracketed names; optional parts are `Option`s.
    assert!(code.contains("pub user_photo_uploaded_data: Option<FilePart>,"));
    assert!(code.contains("\"user[photo][uploaded_data]\""));
    assert!(code.contains("request.form_text(\"user[name]\", &form.user_name)?;"));
    insta::assert_snapshot!(code);
}

#[test]
fn json_is_chosen_beside_other_media_types() {
    let code = generated_code("json_beside_other_media_types");
    assert!(code.contains("request.json_body(&self.body)?;"));
    assert!(code.contains("Result<Response<models::ExportUsersResponse>, Error>"));
    insta::assert_snapshot!(code);
}

#[test]
fn role_and_role_list_are_two_parameters_in_one_operation() {
    let code = generated_code("parameters");
    assert!(code.contains("request.query(\"role\", &self.role)?;"));
    assert!(code.contains("request.query(\"role[]\", &self.role_list)?;"));
}

#[test]
fn crate_name_version_and_description_come_from_settings() {
    let text = std::fs::read_to_string(fixture_path("parameters")).unwrap_or_default();
    let settings = Settings {
        crate_name: "zendesk-help-center".to_string(),
        crate_version: "2.1.0".to_string(),
        front_page: FrontPage::FromSpec,
        ..settings_for("tests/fixtures/parameters.yaml")
    };
    let generated = generate(&text, &settings).unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    let file = |path: &str| {
        generated
            .files
            .iter()
            .find(|file| file.path == path)
            .map(|file| file.contents.clone())
            .unwrap_or_default()
    };
    let manifest = file("Cargo.toml");
    assert!(manifest.contains("name = \"zendesk-help-center\""));
    assert!(manifest.contains("version = \"2.1.0\""));
    assert!(
        manifest.contains(
            "description = \"Typed async client for the Parameters, generated from its OpenAPI description\""
        ),
        "the description follows the spec's title:\n{manifest}"
    );
    assert!(
        generated.files.iter().all(|file| !file.path.starts_with("examples/")),
        "the Zendesk Users example programs are left out of another crate"
    );
    let described = Settings {
        crate_description: Some("A \"quoted\" client".to_string()),
        ..settings
    };
    let generated = generate(&text, &described).unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    assert!(generated
        .files
        .iter()
        .any(|file| file.path == "Cargo.toml" && file.contents.contains(r#"description = "A \"quoted\" client""#)));
}

/// The files of the split spec in `tests/fixtures/external_refs/`, by path relative to `api.yaml`.
fn split_spec_documents() -> std::collections::BTreeMap<String, String> {
    let directory = package_dir().join("fixtures").join("external_refs");
    let mut documents = std::collections::BTreeMap::new();
    let mut pending = zendesk_users_codegen::bundle::external_files(&read(&directory.join("api.yaml")), "");
    while let Some(file) = pending.pop() {
        if documents.contains_key(&file) {
            continue;
        }
        let text = read(&directory.join(&file));
        pending.extend(zendesk_users_codegen::bundle::external_files(&text, &file));
        documents.insert(file, text);
    }
    documents
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

#[test]
fn a_spec_split_over_sibling_files_generates_as_one() {
    let documents = split_spec_documents();
    let files: Vec<&str> = documents.keys().map(String::as_str).collect();
    assert_eq!(
        files,
        ["resources/users.yaml", "shared/common.yaml"],
        "the referenced files, found transitively and relative to the referring file"
    );
    let main = read(&package_dir().join("fixtures/external_refs/api.yaml"));
    let generated = zendesk_users_codegen::generate_with_documents(
        &main,
        &documents,
        &settings_for("tests/fixtures/external_refs/api.yaml"),
    )
    .unwrap_or_else(|diagnostics| panic!("the split spec must generate:\n{diagnostics}"));
    let code = snapshot_text(&generated);
    // Imported components keep their names; the imported path item is an operation.
    assert!(code.contains("pub struct User {") && code.contains("pub enum Role {"));
    assert!(code.contains("pub struct UsersPage {"));
    assert!(code.contains("pub fn show_user(&self, user_id: i64)"));
    assert!(code.contains("pub fn per_page(mut self, value: i64) -> Self"));
    insta::assert_snapshot!(code);
}

#[test]
fn a_problem_in_a_sibling_file_names_that_file() {
    let main = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Page: {$ref: 'users.yaml#/components/schemas/User'}\n";
    let users = "components:\n  schemas:\n    User:\n      type: object\n      properties:\n        id: {not: {type: string}}\n";
    let documents = std::collections::BTreeMap::from([("users.yaml".to_string(), users.to_string())]);
    let diagnostics = zendesk_users_codegen::generate_with_documents(main, &documents, &settings_for("api.yaml"))
        .err()
        .unwrap_or_else(|| panic!("`not` is unsupported"));
    let message = diagnostics.to_string();
    assert!(
        diagnostics.items.iter().any(|item| item
            .message
            .contains("(in users.yaml#/components/schemas/User/properties/id")),
        "{message}"
    );
}

/// The front page's map of the API by task reaches every operation: each method of
/// `Client` that starts a request (read off `public-api.txt`, so a new operation or a
/// second method such as `update_user_multipart` counts) is linked from it.
#[test]
fn the_front_page_map_links_every_operation() {
    let generated = crate::generated_spec();
    let file = |path: &str| {
        generated
            .files
            .iter()
            .find(|file| file.path == path)
            .map(|file| file.contents.as_str())
            .unwrap_or_else(|| panic!("no {path}"))
    };
    let lib = file("src/lib.rs");
    let map = lib
        .split("## The API by task")
        .nth(1)
        .unwrap_or_else(|| panic!("the front page has no `The API by task` section"));
    // `pub fn Client::show_user(&self, user_id: i64) -> ShowUser<'_>`: a builder borrowing the client.
    let operations: Vec<&str> = file("public-api.txt")
        .lines()
        .filter_map(|line| line.strip_prefix("pub fn Client::"))
        .filter(|signature| signature.ends_with("<'_>"))
        .filter_map(|signature| signature.split('(').next())
        .collect();
    assert!(operations.len() > 50, "{operations:?}");
    let unlinked: Vec<&&str> = operations
        .iter()
        .filter(|name| !map.contains(&format!("[`Client::{name}`]")))
        .collect();
    assert!(
        unlinked.is_empty(),
        "operations the front page's map does not link: {unlinked:?}"
    );
}
