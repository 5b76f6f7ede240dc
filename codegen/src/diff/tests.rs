//! One test per change kind: a small base spec, one edit, the expected change and verdict.

use super::{bump, compare_specs, summary_line, Change, Verdict};

const BASE: &str = r#"
openapi: 3.0.3
info: {title: Diff, version: '1'}
paths:
  /api/v2/users:
    get:
      operationId: ListUsers
      parameters:
        - {name: role, in: query, schema: {$ref: '#/components/schemas/Role'}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/UsersPage'}
    post:
      operationId: CreateUser
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/UserCreate'}
      responses:
        '201':
          description: created
          content:
            application/json:
              schema: {$ref: '#/components/schemas/User'}
  /api/v2/users/{user_id}:
    get:
      operationId: ShowUser
      parameters:
        - {name: user_id, in: path, required: true, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/User'}
components:
  schemas:
    Role:
      type: string
      enum: [end-user, agent]
    UsersPage:
      type: object
      properties:
        users: {type: array, items: {$ref: '#/components/schemas/User'}}
    User:
      type: object
      required: [id]
      properties:
        id: {type: integer}
        name: {type: string}
        role: {$ref: '#/components/schemas/Role'}
    UserCreate:
      type: object
      properties:
        name: {type: string}
        email: {type: string}
"#;

/// The changes made by replacing `from` with `to` in the base spec.
fn edit(from: &str, to: &str) -> Vec<Change> {
    assert!(BASE.contains(from), "the base spec has no `{from}`");
    let new = BASE.replacen(from, to, 1);
    compare_specs(BASE, &new).unwrap_or_else(|error| panic!("{error}"))
}

/// Asserts there is exactly one change, containing `needle`, with `verdict`.
fn only(changes: &[Change], needle: &str, verdict: Verdict) {
    assert_eq!(changes.len(), 1, "expected one change, got {changes:#?}");
    assert!(changes[0].what.contains(needle), "`{needle}` not in {:#?}", changes[0]);
    assert_eq!(changes[0].verdict, verdict, "{:#?}", changes[0]);
    assert!(!changes[0].reason.is_empty());
}

#[test]
fn identical_specs_have_no_changes() {
    assert_eq!(compare_specs(BASE, BASE).unwrap(), Vec::new());
}

#[test]
fn added_operation_is_compatible() {
    let changes = edit(
        "components:\n",
        "  /api/v2/users/count:\n    get:\n      operationId: CountUsers\n      responses:\n        '200': {description: ok}\ncomponents:\n",
    );
    only(
        &changes,
        "operation `CountUsers` added (`Client::count_users`",
        Verdict::Compatible,
    );
}

#[test]
fn removed_operation_is_breaking() {
    let new = BASE.replacen(
        "    post:\n      operationId: CreateUser",
        "    x-post:\n      operationId: CreateUser",
        1,
    );
    let changes = compare_specs(BASE, &new).unwrap();
    assert!(
        changes
            .iter()
            .any(|change| change.what.starts_with("operation `CreateUser` removed")
                && change.verdict == Verdict::Breaking)
    );
}

#[test]
fn renamed_operation_is_breaking_when_the_method_name_changes() {
    only(
        &edit("operationId: ShowUser", "operationId: GetUser"),
        "`Client::show_user` is now `Client::get_user`",
        Verdict::Breaking,
    );
}

#[test]
fn changed_path_keeps_the_signature() {
    only(
        &edit("  /api/v2/users/{user_id}:", "  /api/v2/people/{user_id}:"),
        "now sends GET /api/v2/people/{user_id}",
        Verdict::Compatible,
    );
}

#[test]
fn added_optional_query_parameter_is_compatible() {
    only(
        &edit(
            "        - {name: role, in: query",
            "        - {name: external_id, in: query, schema: {type: string}}\n        - {name: role, in: query",
        ),
        "optional parameter `external_id` added to `ListUsers`",
        Verdict::Compatible,
    );
}

#[test]
fn added_required_query_parameter_is_breaking() {
    only(
        &edit(
            "        - {name: role, in: query",
            "        - {name: external_id, in: query, required: true, schema: {type: string}}\n        - {name: role, in: query",
        ),
        "required parameter `external_id` added",
        Verdict::Breaking,
    );
}

#[test]
fn removed_parameter_is_breaking() {
    let changes = edit(
        "      parameters:\n        - {name: role, in: query, schema: {$ref: '#/components/schemas/Role'}}\n",
        "",
    );
    only(&changes, "parameter `role` of `ListUsers` removed", Verdict::Breaking);
}

#[test]
fn parameter_made_required_is_breaking() {
    only(
        &edit(
            "{name: role, in: query, schema",
            "{name: role, in: query, required: true, schema",
        ),
        "parameter `role` of `ListUsers` made required",
        Verdict::Breaking,
    );
}

#[test]
fn parameter_type_change_is_breaking() {
    only(
        &edit(
            "{name: user_id, in: path, required: true, schema: {type: integer}}",
            "{name: user_id, in: path, required: true, schema: {type: string}}",
        ),
        "parameter `user_id` of `ShowUser` type changed: i64 → String",
        Verdict::Breaking,
    );
}

#[test]
fn added_optional_field_is_compatible_by_convention() {
    only(
        &edit(
            "        email: {type: string}\n",
            "        email: {type: string}\n        phone: {type: string}\n",
        ),
        "optional field `models::UserCreate::phone` added: Option<String>",
        Verdict::CompatibleByConvention,
    );
}

#[test]
fn added_required_request_field_is_breaking_and_loses_default() {
    let changes = edit(
        "    UserCreate:\n      type: object\n",
        "    UserCreate:\n      type: object\n      required: [name]\n",
    );
    only(&changes, "`models::UserCreate::name` made required", Verdict::Breaking);
    let changes = edit(
        "        email: {type: string}\n",
        "        email: {type: string}\n        phone: {type: string}\n      required: [phone]\n",
    );
    only(
        &changes,
        "required field `models::UserCreate::phone` added: String",
        Verdict::Breaking,
    );
    assert!(
        changes[0].reason.contains("no longer implements `Default`"),
        "{changes:#?}"
    );
}

#[test]
fn removed_field_is_breaking() {
    only(
        &edit("        name: {type: string}\n        role:", "        role:"),
        "field `models::User::name` removed",
        Verdict::Breaking,
    );
}

#[test]
fn field_type_change_is_breaking() {
    only(
        &edit("        id: {type: integer}\n", "        id: {type: string}\n"),
        "field `models::User::id` type changed: i64 → String",
        Verdict::Breaking,
    );
}

#[test]
fn field_made_nullable_is_breaking() {
    only(
        &edit(
            "        name: {type: string}\n        role:",
            "        name: {type: string, nullable: true}\n        role:",
        ),
        "`models::User::name` made nullable: Option<String> → Nullable<String>",
        Verdict::Breaking,
    );
}

#[test]
fn added_enum_value_is_compatible_by_convention() {
    only(
        &edit("enum: [end-user, agent]", "enum: [end-user, agent, admin]"),
        "enum value `admin` added to `models::Role` (variant `Admin`)",
        Verdict::CompatibleByConvention,
    );
}

#[test]
fn removed_enum_value_is_breaking() {
    only(
        &edit("enum: [end-user, agent]", "enum: [end-user]"),
        "enum value `agent` removed from `models::Role`",
        Verdict::Breaking,
    );
}

#[test]
fn renamed_type_is_one_breaking_change_not_a_cascade() {
    let new = BASE.replace("UserCreate", "NewUser");
    let changes = compare_specs(BASE, &new).unwrap();
    only(
        &changes,
        "type `models::UserCreate` renamed to `models::NewUser`",
        Verdict::Breaking,
    );
}

#[test]
fn added_type_is_compatible_and_removed_type_breaking() {
    let changes = edit(
        "    Role:\n",
        "    Tag:\n      type: object\n      properties:\n        name: {type: string}\n    Role:\n",
    );
    // Unused components are still generated, so the type appears in the crate.
    only(&changes, "type `models::Tag` added (struct)", Verdict::Compatible);
    let back = compare_specs(
        &BASE.replacen(
            "    Role:\n",
            "    Tag:\n      type: object\n      properties:\n        name: {type: string}\n    Role:\n",
            1,
        ),
        BASE,
    )
    .unwrap();
    only(&back, "type `models::Tag` removed", Verdict::Breaking);
}

#[test]
fn response_body_change_is_breaking() {
    only(
        &edit(
            "        '201':\n          description: created\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/User'}",
            "        '201':\n          description: created",
        ),
        "response of `CreateUser` changed: `send()` returns () instead of models::User",
        Verdict::Breaking,
    );
}

#[test]
fn added_status_makes_a_per_status_enum_and_is_breaking() {
    let changes = edit(
        "        '201':\n          description: created\n",
        "        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/User'}\n        '201':\n          description: created\n",
    );
    assert!(
        changes
            .iter()
            .any(|change| change.what.starts_with("response of `CreateUser` changed")
                && change.verdict == Verdict::Breaking),
        "{changes:#?}"
    );
}

#[test]
fn semver_bump_follows_cargo_rules() {
    let compatible = vec![Change {
        verdict: Verdict::Compatible,
        what: "a".into(),
        reason: "r".into(),
    }];
    let convention = vec![Change {
        verdict: Verdict::CompatibleByConvention,
        what: "a".into(),
        reason: "r".into(),
    }];
    let breaking = vec![Change {
        verdict: Verdict::Breaking,
        what: "a".into(),
        reason: "r".into(),
    }];
    assert_eq!(bump("0.1.0", &[], false), None);
    assert_eq!(bump("0.1.0", &compatible, false).as_deref(), Some("0.1.1"));
    assert_eq!(bump("0.1.3", &breaking, false).as_deref(), Some("0.2.0"));
    assert_eq!(bump("0.1.0", &convention, false).as_deref(), Some("0.1.1"));
    assert_eq!(bump("0.1.0", &convention, true).as_deref(), Some("0.2.0"));
    assert_eq!(bump("1.4.2", &compatible, false).as_deref(), Some("1.5.0"));
    assert_eq!(bump("1.4.2", &breaking, false).as_deref(), Some("2.0.0"));
    let mixed: Vec<Change> = compatible.iter().chain(&convention).chain(&breaking).cloned().collect();
    assert_eq!(
        summary_line(&mixed, "0.1.0", false),
        "API: 2 compatible changes (1 by convention), 1 breaking → bump 0.2.0"
    );
    assert_eq!(
        summary_line(&mixed, "0.1.0", true),
        "API: 1 compatible change, 2 breaking → bump 0.2.0"
    );
    assert_eq!(summary_line(&[], "0.1.0", false), "API: no changes → no bump (0.1.0)");
}

/// What a report prints for a field is what `models.rs` declares for it (less the
/// `crate::` prefix a user never writes): date-times, maps, nullable and boxed values
/// included.
#[test]
fn field_types_are_printed_as_models_rs_declares_them() {
    let new = BASE.replacen(
        "        role: {$ref: '#/components/schemas/Role'}\n    UserCreate:",
        "        role: {$ref: '#/components/schemas/Role'}
        created_at: {type: string, format: date-time}
        deleted_at: {type: string, format: date-time, nullable: true}
        labels: {type: object, additionalProperties: {type: string}}
        meta: {type: object, additionalProperties: true}
        ratio: {type: number}
        small: {type: integer, format: int32}
        friends: {type: array, items: {$ref: '#/components/schemas/User'}}
        manager: {$ref: '#/components/schemas/User'}
    UserCreate:",
        1,
    );
    assert_ne!(new, BASE, "the edit applies");
    let changes = compare_specs(BASE, &new).unwrap_or_else(|error| panic!("{error}"));
    let generated = crate::generate(&new, &crate::Settings::default()).unwrap_or_else(|error| panic!("{error}"));
    let models = &generated
        .files
        .iter()
        .find(|file| file.path == "src/models.rs")
        .expect("models.rs is generated")
        .contents;
    let fields = [
        "created_at",
        "deleted_at",
        "labels",
        "meta",
        "ratio",
        "small",
        "friends",
        "manager",
    ];
    for field in fields {
        let printed = changes
            .iter()
            .find_map(|change| {
                change
                    .what
                    .strip_prefix(&format!("optional field `models::User::{field}` added: "))
            })
            .unwrap_or_else(|| panic!("no change for `{field}` in {changes:#?}"));
        let declared = models
            .lines()
            .find_map(|line| line.trim().strip_prefix(&format!("pub {field}: ")))
            .and_then(|rest| rest.strip_suffix(','))
            .unwrap_or_else(|| panic!("models.rs declares no `{field}`"))
            .replace("crate::", "");
        assert_eq!(printed, declared, "`{field}`");
    }
    assert_eq!(changes.len(), fields.len(), "{changes:#?}");
}
