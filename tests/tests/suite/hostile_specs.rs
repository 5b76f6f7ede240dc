//! Hostile specs: the generator's promise is "a located error, or a crate that
//! compiles", so it is checked from outside with specs written to be awkward.
//!
//! [`specs`] builds [`COUNT`] random specs from a fixed [`SEED`] (the same specs on
//! every run and every machine) out of a vocabulary of names a maintainer could
//! write any day and that Rust or the runtime already use: keywords of every
//! edition, std prelude names, the runtime's own types and `Client` methods
//! (`JobStatus`, `WaitForJob`, `Builder`, `New`, `BaseUrl`), builder members
//! (`send`, `deadline`, `stream`, `pages`, `client`), names equal but for case and
//! punctuation (`a-b`, `a_b`, `A_B`), names starting with a digit, non-ASCII
//! names (`größe`, `😀`), the empty
//! string; enum values such as `error`, `self`, `none`, `""`, `1st`; nested inline
//! objects, recursion and mutual recursion, unions of scalars, maps of maps,
//! every `format`; `deepObject` query parameters and `multipart/form-data` bodies
//! (files, lists of files, nested objects); and paginated lists of every style (cursor, offset, time- and
//! cursor-based export) whose page types, items and parameters are named like
//! what the runtime's paging already names.
//!
//! Every spec the generator refuses must say where (a JSON pointer with a line and
//! column): checked here. Every spec it accepts is compiled: its crate joins the
//! throwaway workspace of `compiled_output.rs`, checked by the same single
//! `cargo check`, which also prints the counts. A failure found this way becomes a
//! fixture in `tests/fixtures/` (as `hostile_names.yaml` did).
//!
//! The random numbers come from SplitMix64, written out below: a seed and a dozen
//! lines beat a dependency, and the sequence can never change under us with a
//! dependency's minor release.

use serde_json::{json, Map, Value};
use std::path::Path;
use zendesk_users_codegen::{generate, FrontPage, Generated, Settings, Severity};

/// The seed of the run. `HOSTILE_SEED=<number>` explores other specs (and
/// `HOSTILE_COUNT=<n>` more of them); failures found that way become fixtures, so
/// this one stays fixed and CI checks the same specs every time.
const SEED: u64 = 0x2026_1204_1950;
/// Specs per run: each accepted one is a crate checked by `cargo check` (its own
/// copy of the runtime included), so this is what the compile budget allows.
const COUNT: usize = 40;

fn seed() -> u64 {
    std::env::var("HOSTILE_SEED")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(SEED)
}

/// The number of specs of this run.
pub fn count() -> usize {
    std::env::var("HOSTILE_COUNT")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(COUNT)
}

/// SplitMix64 (Steele, Lea, Flood 2014): one `u64` of state, full period, and good
/// enough statistics for picking words.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound > 0`).
    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.below(words.len())]
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Type names: the runtime's exports, prelude names, keywords, colliding spellings.
const TYPE_NAMES: &[&str] = &[
    "Error",
    "Client",
    "ClientBuilder",
    "Request",
    "Response",
    "Processed",
    "ParseEnumError",
    "Nullable",
    "JobStatus",
    "JobState",
    "RetryPolicy",
    "Auth",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Default",
    "Clone",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "Iterator",
    "ToString",
    "From",
    "Into",
    "Self",
    "self",
    "type",
    "crate",
    "super",
    "a-b",
    "a_b",
    "A_B",
    "1st",
    "2fa",
    "gen",
    "try",
    "async",
    "Stream",
    "Serialize",
    "Deserialize",
    "models",
    "User",
    "user",
    "USER",
    "Unknown",
    "Value",
];
/// Property and parameter names: builder members, keywords, prelude, colliding spellings.
const FIELD_NAMES: &[&str] = &[
    "send",
    "deadline",
    "stream",
    "pages",
    "client",
    "body",
    "form",
    "into_future",
    "extra",
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "gen",
    "try",
    "async",
    "await",
    "dyn",
    "abstract",
    "union",
    "macro_rules",
    "match",
    "fn",
    "a-b",
    "a_b",
    "A_B",
    "a.b",
    "1st",
    "2",
    "",
    "-",
    "role",
    "role[]",
    "page[size]",
    "error",
    "new",
    "default",
    "clone",
    "Option",
    "None",
    "id",
    "name",
    "value",
    "Value",
    "_",
    "__",
    "größe",
    "😀",
];
/// operationIds: the runtime client's methods and types, keywords, colliding spellings.
const OPERATION_IDS: &[&str] = &[
    "JobStatus",
    "WaitForJob",
    "Builder",
    "New",
    "BaseUrl",
    "Execute",
    "SendOnce",
    "WaitForExportSlot",
    "Clone",
    "Fmt",
    "Client",
    "Error",
    "Request",
    "Response",
    "Send",
    "Stream",
    "Pages",
    "Deadline",
    "Self",
    "self",
    "type",
    "Match",
    "gen",
    "try",
    "a-b",
    "a_b",
    "A_B",
    "1st",
    "ListUsers",
    "list_users",
    "Default",
    "Into",
    "From",
    "Größe",
];
/// String enum values.
const ENUM_VALUES: &[&str] = &[
    "error", "Error", "self", "Self", "none", "None", "", "1st", "a-b", "a_b", "A_B", "type", "unknown", "Unknown",
    "ok", "err", "some", "=", "<", ">", "-", "value", "Value", "default", "gen", "0", "ü", "Ü", "😀", "+1", "-1",
];
const STRING_FORMATS: &[&str] = &[
    "date-time",
    "date",
    "byte",
    "binary",
    "password",
    "email",
    "uuid",
    "uri",
    "hostname",
    "ipv4",
    "ipv6",
    "zendesk-id",
];
const INTEGER_FORMATS: &[&str] = &["int32", "int64", "uint8"];
const NUMBER_FORMATS: &[&str] = &["float", "double", "decimal"];

/// One hostile spec: its name (`hostile-00`) and its YAML text.
pub struct HostileSpec {
    /// Crate and file name.
    pub name: String,
    /// The spec, as YAML.
    pub text: String,
}

/// The run's specs, the same on every call.
pub fn specs() -> Vec<HostileSpec> {
    let mut rng = Rng(seed());
    (0..count())
        .map(|index| HostileSpec {
            name: format!("hostile-{index:02}"),
            text: serde_yaml_ng::to_string(&spec(&mut rng, index)).expect("a JSON value is YAML"),
        })
        .collect()
}

/// `least` to `least + spread - 1` distinct picks from `words` (exact duplicates would
/// be a YAML map's repeated key).
fn distinct<'a>(rng: &mut Rng, words: &[&'a str], least: usize, spread: usize) -> Vec<&'a str> {
    let count = least + rng.below(spread);
    let mut picked = Vec::new();
    for _ in 0..count * 3 {
        let word = rng.pick(words);
        if !picked.contains(&word) {
            picked.push(word);
        }
        if picked.len() == count {
            break;
        }
    }
    picked
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{}", name.replace('~', "~0").replace('/', "~1")) })
}

fn scalar(rng: &mut Rng) -> Value {
    match rng.below(6) {
        0 => json!({"type": "string", "format": rng.pick(STRING_FORMATS)}),
        1 => json!({"type": "string"}),
        2 => json!({"type": "integer", "format": rng.pick(INTEGER_FORMATS), "minimum": 0, "maximum": 100}),
        3 => json!({"type": "number", "format": rng.pick(NUMBER_FORMATS)}),
        4 => json!({"type": "boolean"}),
        _ => json!({"type": "string", "enum": distinct(rng, ENUM_VALUES, 1, 6)}),
    }
}

/// A property's schema, `depth` levels below a component.
fn property(rng: &mut Rng, components: &[&str], depth: usize) -> Value {
    let mut schema = match (rng.below(12), depth) {
        (0..=3, _) | (_, 3..) => scalar(rng),
        (4, _) => reference(rng.pick(components)),
        (5, _) => json!({"type": "array", "items": property(rng, components, depth + 1)}),
        // A map of maps.
        (6, _) => json!({
            "type": "object",
            "additionalProperties": {"type": "object", "additionalProperties": property(rng, components, depth + 1)},
        }),
        (7, _) => object(rng, components, depth + 1),
        // A union of scalars.
        (8, _) => json!({"oneOf": [scalar(rng), scalar(rng)]}),
        (9, _) => json!({"anyOf": [reference(rng.pick(components)), {"type": "string"}]}),
        (10, _) => json!({"allOf": [reference(rng.pick(components))], "nullable": true}),
        _ => json!({"type": "array", "items": reference(rng.pick(components)), "maxItems": 10}),
    };
    if let Value::Object(map) = &mut schema {
        if !map.contains_key("$ref") && rng.chance(20) {
            map.insert("nullable".into(), Value::Bool(true));
        }
        if !map.contains_key("$ref") && rng.chance(10) {
            let flag = if rng.chance(50) { "readOnly" } else { "writeOnly" };
            map.insert(flag.into(), Value::Bool(true));
        }
    }
    schema
}

fn object(rng: &mut Rng, components: &[&str], depth: usize) -> Value {
    let names = distinct(rng, FIELD_NAMES, 1, 5);
    let mut properties = Map::new();
    let mut required = Vec::new();
    for name in names {
        properties.insert(name.to_string(), property(rng, components, depth));
        if rng.chance(40) {
            required.push(name);
        }
    }
    let mut object = json!({"type": "object", "properties": properties});
    if !required.is_empty() {
        object["required"] = json!(required);
    }
    if rng.chance(20) {
        object["additionalProperties"] = scalar(rng);
    }
    object
}

/// A component schema of `kind` (see [`spec`]): an object (most often), an enum, a
/// recursive object, a composition or a map of maps. `objects` are the components
/// that are plain objects, which an `allOf` can merge.
fn component(rng: &mut Rng, kind: usize, components: &[&str], objects: &[&str], own: &str) -> Value {
    match kind {
        0..=3 => object(rng, components, 0),
        4 => json!({"type": "string", "enum": distinct(rng, ENUM_VALUES, 2, 8)}),
        5 => json!({"type": "integer", "enum": [-1, 0, 1, 200]}),
        // Recursion: an object holding itself, directly and in a list.
        6 => json!({
            "type": "object",
            "properties": {"parent": reference(own), "children": {"type": "array", "items": reference(own)}},
        }),
        7 if !objects.is_empty() => json!({"allOf": [reference(rng.pick(objects)), object(rng, components, 1)]}),
        // Members other than itself (a union containing itself is refused: `tests/bad/`).
        8 => {
            let others: Vec<&str> = components.iter().copied().filter(|name| *name != own).collect();
            match others.as_slice() {
                [] => json!({"oneOf": [scalar(rng), scalar(rng)]}),
                others => json!({"oneOf": [reference(rng.pick(others)), reference(rng.pick(others)), scalar(rng)]}),
            }
        }
        _ => json!({"type": "object", "additionalProperties": {"type": "object", "additionalProperties": scalar(rng)}}),
    }
}

fn parameter(rng: &mut Rng, name: &str, location: &str) -> Value {
    let required = location == "path" || rng.chance(30);
    if location == "query" && rng.chance(15) {
        // `style: deepObject` (`name[key]=value`): an object of hostile properties, or a map.
        let schema = if rng.chance(50) {
            let mut properties = Map::new();
            for property in distinct(rng, FIELD_NAMES, 1, 4) {
                properties.insert(property.to_string(), scalar(rng));
            }
            json!({"type": "object", "properties": properties})
        } else {
            json!({"type": "object", "additionalProperties": scalar(rng)})
        };
        return json!({"name": name, "in": location, "style": "deepObject", "required": required, "schema": schema});
    }
    let schema = match rng.below(4) {
        0 if location == "query" => json!({"type": "array", "items": scalar(rng)}),
        _ => scalar(rng),
    };
    json!({"name": name, "in": location, "required": required, "schema": schema})
}

fn spec(rng: &mut Rng, index: usize) -> Value {
    let components = distinct(rng, TYPE_NAMES, 3, 5);
    // Kinds first, so an `allOf` merges only components that are objects.
    let kinds: Vec<usize> = components.iter().map(|_| rng.below(10)).collect();
    let objects: Vec<&str> = components
        .iter()
        .zip(&kinds)
        .filter(|(_, kind)| matches!(kind, 0..=3 | 6))
        .map(|(name, _)| *name)
        .collect();
    let mut schemas = Map::new();
    for (name, kind) in components.iter().zip(&kinds) {
        schemas.insert(name.to_string(), component(rng, *kind, &components, &objects, name));
    }
    let mut paths = Map::new();
    let operation_ids = distinct(rng, OPERATION_IDS, 2, 4);
    for (position, operation_id) in operation_ids.iter().enumerate() {
        let path_param = rng.pick(&["id", "self", "type", "a-b", "1st", "client"]);
        let path = format!("/api/v2/things{position}/{{{path_param}}}");
        let mut parameters = vec![parameter(rng, path_param, "path")];
        for name in distinct(rng, FIELD_NAMES, 0, 5) {
            if name != path_param {
                parameters.push(parameter(rng, name, "query"));
            }
        }
        let body = match rng.below(3) {
            0 => reference(rng.pick(&components)),
            1 => object(rng, &components, 1),
            _ => json!({"type": "array", "items": reference(rng.pick(&components))}),
        };
        let mut responses = Map::new();
        responses.insert(
            "200".into(),
            json!({"description": "ok", "content": {"application/json": {"schema": body.clone()}}}),
        );
        if rng.chance(30) {
            responses.insert(
                "201".into(),
                json!({"description": "created", "content": {"application/json": {"schema": reference(rng.pick(&components))}}}),
            );
        }
        if rng.chance(20) {
            responses.insert("204".into(), json!({"description": "no content"}));
        }
        let method = rng.pick(&["get", "post", "put", "delete", "patch"]);
        let mut operation = json!({"operationId": operation_id, "parameters": parameters, "responses": responses});
        if matches!(method, "post" | "put" | "patch") {
            let mut content = Map::new();
            // A `multipart/form-data` body beside the JSON one, or instead of it.
            let form = rng.chance(30);
            if !form || rng.chance(50) {
                content.insert("application/json".into(), json!({"schema": body}));
            }
            if form {
                content.insert(
                    "multipart/form-data".into(),
                    json!({"schema": form_schema(rng, &components)}),
                );
            }
            operation["requestBody"] = json!({"required": rng.chance(70), "content": content});
        }
        paths.insert(path, json!({ method: operation }));
    }
    if rng.chance(60) {
        paginated_operation(rng, &components, &operation_ids, &mut paths, &mut schemas);
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": format!("Hostile spec {index}"), "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    })
}

/// A `multipart/form-data` body: files, lists of files, scalars, a component and a
/// nested object (flattened into bracketed field names) under hostile names.
fn form_schema(rng: &mut Rng, components: &[&str]) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for name in distinct(rng, FIELD_NAMES, 1, 5) {
        let schema = match rng.below(10) {
            0 | 1 => json!({"type": "string", "format": "binary"}),
            2 | 3 => json!({"type": "array", "items": {"type": "string", "format": "binary"}}),
            // Any component: refused with a located message unless it is a scalar or
            // an object of scalars and files (and one that holds itself is refused too).
            4 => reference(rng.pick(components)),
            5 => json!({"type": "array", "items": scalar(rng)}),
            6 | 7 => json!({
                "type": "object",
                "properties": {rng.pick(FIELD_NAMES): {"type": "string", "format": "binary"}, rng.pick(FIELD_NAMES): scalar(rng)},
            }),
            _ => scalar(rng),
        };
        properties.insert(name.to_string(), schema);
        if rng.chance(40) {
            required.push(name);
        }
    }
    json!({"type": "object", "required": required, "properties": properties})
}

/// Page type names: what the runtime's paging and the crate already name.
const PAGE_NAMES: &[&str] = &[
    "Page",
    "CursorExport",
    "TimeExport",
    "Response",
    "Stream",
    "Meta",
    "Item",
    "Error",
];
/// Names of the property holding a page's items.
const ITEMS_FIELDS: &[&str] = &["users", "items", "type", "self", "a-b", "next_page", "meta", "extra"];

/// Adds one paginated list to `paths` (and its page type to `schemas`): a cursor list,
/// an offset search, a time-based or a cursor-based export, each with the parameters
/// and page fields its style needs (`page[size]` with or without a `maximum`), hostile
/// query parameters beside them, hostile items of any kind of component, and a page
/// type and items property named like what the runtime's paging already names.
fn paginated_operation(
    rng: &mut Rng,
    components: &[&str],
    used_ids: &[&str],
    paths: &mut Map<String, Value>,
    schemas: &mut Map<String, Value>,
) {
    let Some(operation_id) = OPERATION_IDS.iter().find(|id| !used_ids.contains(id) && rng.chance(30)) else {
        return;
    };
    let Some(page_name) = PAGE_NAMES
        .iter()
        .find(|name| !components.contains(name) && rng.chance(40))
    else {
        return;
    };
    let items_field = rng.pick(ITEMS_FIELDS);
    let items = match rng.below(3) {
        0 => scalar(rng),
        _ => reference(rng.pick(components)),
    };
    let integer = json!({"type": "integer"});
    let nullable_string = json!({"type": "string", "nullable": true});
    let (style, own_params, page_fields): (&str, Vec<Value>, Vec<(&str, Value)>) = match rng.below(4) {
        0 => {
            let size = match rng.below(3) {
                0 => json!({"type": "integer"}),
                1 => json!({"type": "integer", "maximum": 50}),
                _ => json!({"type": "integer", "minimum": 1, "maximum": 1000}),
            };
            (
                "cursor",
                vec![
                    json!({"name": "page[size]", "in": "query", "schema": size}),
                    json!({"name": "page[after]", "in": "query", "schema": {"type": "string"}}),
                    json!({"name": "page[before]", "in": "query", "schema": {"type": "string"}}),
                ],
                vec![(
                    "meta",
                    json!({"type": "object", "properties": {"has_more": {"type": "boolean"}, "after_cursor": nullable_string}}),
                )],
            )
        }
        1 => (
            "offset",
            vec![
                json!({"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}}),
                json!({"name": "per_page", "in": "query", "schema": {"type": "integer", "maximum": 100}}),
            ],
            vec![("next_page", nullable_string.clone()), ("count", integer.clone())],
        ),
        2 => (
            "time",
            vec![
                json!({"name": "start_time", "in": "query", "required": true, "schema": integer}),
                json!({"name": "per_page", "in": "query", "schema": integer}),
            ],
            vec![
                ("end_of_stream", json!({"type": "boolean"})),
                ("end_time", integer.clone()),
                ("next_page", nullable_string.clone()),
            ],
        ),
        _ => (
            "cursor-export",
            vec![
                json!({"name": "cursor", "in": "query", "schema": {"type": "string"}}),
                json!({"name": "start_time", "in": "query", "schema": integer}),
                json!({"name": "per_page", "in": "query", "schema": integer}),
            ],
            vec![
                ("end_of_stream", json!({"type": "boolean"})),
                ("after_cursor", nullable_string.clone()),
            ],
        ),
    };
    // The page fields the style reads keep their names; the items take another.
    if page_fields.iter().any(|(name, _)| *name == items_field) {
        return;
    }
    let own: Vec<String> = own_params
        .iter()
        .map(|param| param["name"].as_str().unwrap_or_default().to_string())
        .collect();
    let mut parameters = own_params;
    for name in distinct(rng, FIELD_NAMES, 0, 4) {
        if !own.iter().any(|taken| taken == name) {
            parameters.push(parameter(rng, name, "query"));
        }
    }
    let mut properties = Map::new();
    properties.insert(items_field.to_string(), json!({"type": "array", "items": items}));
    for (name, schema) in page_fields {
        properties.insert(name.to_string(), schema);
    }
    schemas.insert(
        page_name.to_string(),
        json!({"type": "object", "properties": properties}),
    );
    let pagination = json!({"style": style, "items": items_field});
    paths.insert(
        format!("/api/v2/paged/{}", paths.len()),
        json!({"get": {
            "operationId": operation_id,
            "x-zendesk-pagination": pagination,
            "parameters": parameters,
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": reference(page_name)}}}},
        }}),
    );
}

/// What became of the run's specs.
pub struct Outcome {
    /// Accepted: (spec, its crate).
    pub accepted: Vec<(HostileSpec, Generated)>,
    /// Refused: (spec name, the printed diagnostics).
    pub refused: Vec<(String, String)>,
}

/// Generates every spec of the run; a refusal without a pointer and a line and
/// column for each error is a failure of the generator, reported here.
pub fn outcome() -> Outcome {
    let mut accepted = Vec::new();
    let mut refused = Vec::new();
    for spec in specs() {
        let settings = Settings {
            spec_name: format!("target/generated-check/{}/spec.yaml", spec.name),
            crate_name: spec.name.clone(),
            front_page: FrontPage::FromSpec,
            // The crates are written under target/, away from the default `../codegen/runtime`.
            runtime_path: Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../codegen/runtime")
                .display()
                .to_string(),
            ..Settings::default()
        };
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| generate(&spec.text, &settings)))
            .unwrap_or_else(|_| panic!("generator bug: `generate` panicked on {}:\n{}", spec.name, spec.text));
        match result {
            Ok(generated) => accepted.push((spec, generated)),
            Err(diagnostics) => {
                for item in diagnostics.items.iter().filter(|item| item.severity == Severity::Error) {
                    assert!(
                        item.pointer.starts_with('#') && item.position.is_some(),
                        "{}: an error without a pointer and a line:col: {item:?}\n{}",
                        spec.name,
                        spec.text
                    );
                }
                refused.push((spec.name, diagnostics.to_string()));
            }
        }
    }
    Outcome { accepted, refused }
}

#[test]
fn hostile_specs_are_the_same_on_every_run() {
    let first: Vec<String> = specs().into_iter().map(|spec| spec.text).collect();
    let second: Vec<String> = specs().into_iter().map(|spec| spec.text).collect();
    assert_eq!(first, second);
    assert_eq!(first.len(), count());
}

#[test]
fn hostile_specs_are_accepted_or_refused_with_located_messages() {
    let outcome = outcome();
    for (name, message) in &outcome.refused {
        eprintln!("{name} refused:\n{message}");
    }
    // Most specs must be accepted, or the compile check would prove little.
    assert!(
        outcome.accepted.len() * 4 >= count() * 3,
        "only {} of {} hostile specs were accepted",
        outcome.accepted.len(),
        count()
    );
}
