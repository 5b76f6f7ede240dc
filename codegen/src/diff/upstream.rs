//! Our spec against Zendesk's published description. Zendesk's file does not go
//! through our generator (path parameters missing from templates, shapes lowering
//! rejects), so both files are read into a tolerant view straight from the YAML:
//! operations by operationId with method, path, parameters, request and response
//! fields (two levels deep: `user.email`, `users[].id`) and statuses. Every difference
//! becomes one line; a committed allow-list explains the expected ones with a reason each.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

use super::Format;

/// How deep request and response fields are compared (`user.email` is depth 2).
const FIELD_DEPTH: usize = 2;

/// One operation as the tolerant view sees it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OperationView {
    /// `GET /api/v2/users`.
    pub endpoint: String,
    /// `query role` → (required, type).
    pub params: BTreeMap<String, (bool, String)>,
    /// Request body field path → type.
    pub request: BTreeMap<String, String>,
    /// Documented statuses (`200`, `404`, `default`).
    pub statuses: BTreeSet<String>,
    /// Success response field path → type (all 2xx bodies together).
    pub response: BTreeMap<String, String>,
}

/// Reads a spec (YAML or JSON) into operations by operationId; operations without one
/// are keyed by their endpoint.
pub fn view_of(text: &str) -> Result<BTreeMap<String, OperationView>, String> {
    let mut yaml: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(text).map_err(|error| format!("cannot parse the spec: {error}"))?;
    yaml.apply_merge()
        .map_err(|error| format!("cannot apply YAML merge keys: {error}"))?;
    let root: Value = serde_json::to_value(yaml).map_err(|error| format!("cannot read the spec as JSON: {error}"))?;
    let mut operations = BTreeMap::new();
    let Some(paths) = root.get("paths").and_then(Value::as_object) else {
        return Ok(operations);
    };
    for (path, item) in paths {
        let item = resolve(&root, item);
        let shared = item
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for method in ["get", "put", "post", "delete", "patch", "head", "options", "trace"] {
            let Some(operation) = item.get(method) else { continue };
            let endpoint = format!("{} {path}", method.to_uppercase());
            let mut view = OperationView {
                endpoint: endpoint.clone(),
                ..OperationView::default()
            };
            let own = operation
                .get("parameters")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for param in shared.iter().chain(&own) {
                let param = resolve(&root, param);
                let name = param.get("name").and_then(Value::as_str).unwrap_or("?");
                let location = param.get("in").and_then(Value::as_str).unwrap_or("?");
                let required = param.get("required").and_then(Value::as_bool).unwrap_or(false);
                let ty = param
                    .get("schema")
                    .map(|schema| type_of(&root, schema))
                    .unwrap_or_default();
                view.params.insert(format!("{location} {name}"), (required, ty));
            }
            if let Some(schema) = json_schema(&root, operation.get("requestBody")) {
                fields(&root, schema, "", 1, &mut view.request);
            }
            if let Some(responses) = operation.get("responses").and_then(Value::as_object) {
                for (status, response) in responses {
                    view.statuses.insert(status.clone());
                    if status.starts_with('2') {
                        if let Some(schema) = json_schema(&root, Some(response)) {
                            fields(&root, schema, "", 1, &mut view.response);
                        }
                    }
                }
            }
            let id = operation
                .get("operationId")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or(endpoint);
            operations.insert(id, view);
        }
    }
    Ok(operations)
}

/// Follows local `$ref`s (a few levels; a cycle or a dangling ref yields the last value).
fn resolve<'a>(root: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..16 {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let Some(pointer) = reference.strip_prefix('#') else {
            break;
        };
        match root.pointer(pointer) {
            Some(target) => value = target,
            None => break,
        }
    }
    value
}

fn json_schema<'a>(root: &'a Value, holder: Option<&'a Value>) -> Option<&'a Value> {
    let holder = resolve(root, holder?);
    let content = holder.get("content")?.as_object()?;
    let media = content
        .iter()
        .find(|(media, _)| media.starts_with("application/json"))
        .map(|(_, media)| media)?;
    media.get("schema").map(|schema| resolve(root, schema))
}

/// A short type name: `string`, `integer`, `array<string>`, `object`, `oneOf`.
fn type_of(root: &Value, schema: &Value) -> String {
    let schema = resolve(root, schema);
    if let Some(ty) = schema.get("type").and_then(Value::as_str) {
        return match ty {
            "array" => format!(
                "array<{}>",
                schema
                    .get("items")
                    .map(|items| type_of(root, items))
                    .unwrap_or_default()
            ),
            "number" if schema.get("format").is_none() => "number".to_string(),
            other => other.to_string(),
        };
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        if parts.len() == 1 {
            return type_of(root, &parts[0]);
        }
        return "object".to_string();
    }
    // A union whose alternatives are all objects (Zendesk's `UserObject`: admin or end-user
    // view) reads as an object whose fields are those of every alternative.
    for keyword in ["oneOf", "anyOf"] {
        if let Some(parts) = schema.get(keyword).and_then(Value::as_array) {
            let mut kinds: Vec<String> = parts.iter().map(|part| type_of(root, part)).collect();
            kinds.sort();
            kinds.dedup();
            return match kinds.as_slice() {
                [one] => one.clone(),
                _ => format!("{keyword}<{}>", kinds.join("|")),
            };
        }
    }
    if schema.get("properties").is_some() {
        return "object".to_string();
    }
    "any".to_string()
}

/// The properties of `schema` (allOf parts merged), nested ones as `outer.inner` and
/// array items as `outer[].inner`, down to [`FIELD_DEPTH`].
fn fields(root: &Value, schema: &Value, prefix: &str, depth: usize, out: &mut BTreeMap<String, String>) {
    let schema = resolve(root, schema);
    for keyword in ["allOf", "anyOf", "oneOf"] {
        if let Some(parts) = schema.get(keyword).and_then(Value::as_array) {
            for part in parts {
                fields(root, part, prefix, depth, out);
            }
        }
    }
    if schema.get("type").and_then(Value::as_str) == Some("array") {
        if let Some(items) = schema.get("items") {
            fields(root, items, &format!("{prefix}[]"), depth, out);
        }
        return;
    }
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    for (name, property) in properties {
        let path = if prefix.is_empty() {
            name.clone()
        } else if prefix.ends_with("[]") && prefix.len() == 2 {
            format!("[].{name}")
        } else {
            format!("{prefix}.{name}")
        };
        out.insert(path.clone(), type_of(root, property));
        if depth < FIELD_DEPTH {
            fields(root, property, &path, depth + 1, out);
        }
    }
}

/// Every difference between `ours` and `theirs`, one line each, sorted.
pub fn compare(ours: &BTreeMap<String, OperationView>, theirs: &BTreeMap<String, OperationView>) -> Vec<String> {
    let mut lines = Vec::new();
    for (id, op) in theirs {
        if !ours.contains_key(id) {
            lines.push(format!("operation {id} ({}): only upstream", op.endpoint));
        }
    }
    for (id, op) in ours {
        let Some(upstream) = theirs.get(id) else {
            lines.push(format!("operation {id} ({}): only ours", op.endpoint));
            continue;
        };
        if op.endpoint != upstream.endpoint {
            lines.push(format!(
                "operation {id}: endpoint ours {}, upstream {}",
                op.endpoint, upstream.endpoint
            ));
        }
        for (name, (required, ty)) in &op.params {
            match upstream.params.get(name) {
                None => lines.push(format!("{id} parameter {name}: only ours")),
                Some((their_required, their_ty)) => {
                    if required != their_required {
                        let word = |required: bool| if required { "required" } else { "optional" };
                        lines.push(format!(
                            "{id} parameter {name}: ours {}, upstream {}",
                            word(*required),
                            word(*their_required)
                        ));
                    }
                    if ty != their_ty {
                        lines.push(format!("{id} parameter {name}: type ours {ty}, upstream {their_ty}"));
                    }
                }
            }
        }
        for name in upstream.params.keys().filter(|name| !op.params.contains_key(*name)) {
            lines.push(format!("{id} parameter {name}: only upstream"));
        }
        for (what, mine, theirs) in [
            ("request", &op.request, &upstream.request),
            ("response", &op.response, &upstream.response),
        ] {
            for (field, ty) in mine {
                match theirs.get(field) {
                    None => lines.push(format!("{id} {what} field {field}: only ours")),
                    Some(their_ty) if their_ty != ty => lines.push(format!(
                        "{id} {what} field {field}: type ours {ty}, upstream {their_ty}"
                    )),
                    Some(_) => {}
                }
            }
            for field in theirs.keys().filter(|field| !mine.contains_key(*field)) {
                lines.push(format!("{id} {what} field {field}: only upstream"));
            }
        }
        for status in op.statuses.difference(&upstream.statuses) {
            lines.push(format!("{id} status {status}: only ours"));
        }
        for status in upstream.statuses.difference(&op.statuses) {
            lines.push(format!("{id} status {status}: only upstream"));
        }
    }
    lines.sort();
    lines
}

/// Both texts read and compared.
pub fn compare_texts(ours: &str, theirs: &str) -> Result<Vec<String>, String> {
    let ours = view_of(ours).map_err(|error| format!("our spec: {error}"))?;
    let theirs = view_of(theirs).map_err(|error| format!("the upstream file: {error}"))?;
    Ok(compare(&ours, &theirs))
}

/// Expected differences: patterns (`*` matches any text) with the reason each is expected.
#[derive(Debug, Clone, Default)]
pub struct AllowList {
    /// (pattern, reason) in file order.
    pub entries: Vec<(String, String)>,
}

#[derive(serde::Deserialize)]
struct AllowFile {
    expected: Vec<AllowEntry>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowEntry {
    #[serde(rename = "match")]
    pattern: String,
    reason: String,
}

impl AllowList {
    /// Parses the allow-list YAML: `expected: [{match: "...", reason: "..."}]`.
    pub fn parse(text: &str) -> Result<AllowList, String> {
        let file: AllowFile =
            serde_yaml_ng::from_str(text).map_err(|error| format!("cannot read the allow-list: {error}"))?;
        let mut entries = Vec::new();
        for (index, entry) in file.expected.into_iter().enumerate() {
            if entry.reason.trim().is_empty() {
                return Err(format!("allow-list entry {index} (`{}`) has no reason", entry.pattern));
            }
            entries.push((entry.pattern, entry.reason));
        }
        Ok(AllowList { entries })
    }
}

/// `*` matches any (possibly empty) text; everything else literally.
pub fn matches(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// Differences sorted into explained (with the reason) and unexplained, and allow-list
/// entries that no longer match anything.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// (difference, reason).
    pub explained: Vec<(String, String)>,
    /// Differences no entry explains.
    pub unexplained: Vec<String>,
    /// Patterns that match no difference (the difference is gone: remove the entry).
    pub stale: Vec<String>,
}

/// Applies the allow-list: the first matching entry explains a difference.
pub fn check(differences: &[String], allow: &AllowList) -> Outcome {
    let mut outcome = Outcome::default();
    let mut used = vec![false; allow.entries.len()];
    for difference in differences {
        match allow
            .entries
            .iter()
            .position(|(pattern, _)| matches(pattern, difference))
        {
            Some(index) => {
                used[index] = true;
                outcome
                    .explained
                    .push((difference.clone(), allow.entries[index].1.clone()));
            }
            None => outcome.unexplained.push(difference.clone()),
        }
    }
    outcome.stale = allow
        .entries
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|((pattern, _), _)| pattern.clone())
        .collect();
    outcome
}

impl Outcome {
    /// The report: unexplained differences first, then stale entries, then a count of
    /// the explained ones grouped by reason.
    pub fn render(&self, format: Format) -> String {
        let md = format == Format::Markdown;
        let mut out = String::new();
        let total = self.explained.len() + self.unexplained.len();
        let summary = format!(
            "upstream: {total} differences, {} explained by the allow-list, {} unexplained, {} stale allow-list entries",
            self.explained.len(),
            self.unexplained.len(),
            self.stale.len()
        );
        out.push_str(&if md {
            format!("**{summary}**\n")
        } else {
            format!("{summary}\n")
        });
        let item = |text: &str| {
            if md {
                format!("- `{text}`\n")
            } else {
                format!("  - {text}\n")
            }
        };
        if !self.unexplained.is_empty() {
            out.push_str(if md {
                "\n### Unexplained\n\n"
            } else {
                "\nunexplained (fix spec/ or add an entry with a reason):\n"
            });
            for line in &self.unexplained {
                out.push_str(&item(line));
            }
        }
        if !self.stale.is_empty() {
            out.push_str(if md {
                "\n### Stale allow-list entries\n\n"
            } else {
                "\nstale allow-list entries (they match nothing; remove them):\n"
            });
            for pattern in &self.stale {
                out.push_str(&item(pattern));
            }
        }
        let mut by_reason: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, reason) in &self.explained {
            *by_reason.entry(reason).or_default() += 1;
        }
        if !by_reason.is_empty() {
            out.push_str(if md { "\n### Expected\n\n" } else { "\nexpected:\n" });
            for (reason, count) in by_reason {
                out.push_str(&if md {
                    format!("- {count} × {reason}\n")
                } else {
                    format!("  {count:>4} × {reason}\n")
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OURS: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /u/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
    get:
      operationId: ShowUser
      parameters:
        - {name: include, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  user: {$ref: '#/components/schemas/User'}
        '404': {description: missing}
components:
  schemas:
    User:
      type: object
      properties:
        id: {type: integer}
        name: {type: string}
"#;

    #[test]
    fn identical_files_have_no_differences() {
        assert_eq!(compare_texts(OURS, OURS).unwrap(), Vec::<String>::new());
    }

    #[test]
    fn every_kind_of_difference_is_one_line() {
        let theirs = OURS
            .replace(
                "{name: include, in: query, schema: {type: string}}",
                "{name: include, in: query, required: true, schema: {type: integer}}",
            )
            .replace("        name: {type: string}\n", "        email: {type: string}\n")
            .replace(
                "        '404': {description: missing}\n",
                "        '403': {description: forbidden}\n",
            )
            .replace("operationId: ShowUser", "operationId: GetUser");
        let lines = compare_texts(OURS, &theirs).unwrap();
        assert_eq!(
            lines,
            vec![
                "operation GetUser (GET /u/{id}): only upstream",
                "operation ShowUser (GET /u/{id}): only ours"
            ]
        );
        let theirs = theirs.replace("operationId: GetUser", "operationId: ShowUser");
        let lines = compare_texts(OURS, &theirs).unwrap();
        assert_eq!(
            lines,
            vec![
                "ShowUser parameter query include: ours optional, upstream required",
                "ShowUser parameter query include: type ours string, upstream integer",
                "ShowUser response field user.email: only upstream",
                "ShowUser response field user.name: only ours",
                "ShowUser status 403: only upstream",
                "ShowUser status 404: only ours",
            ]
        );
    }

    #[test]
    fn the_allow_list_explains_reports_and_goes_stale() {
        let allow = AllowList::parse(
            "expected:\n  - {match: '* status 4*: only ours', reason: errors are documented by us}\n  - {match: 'nothing', reason: gone}\n",
        )
        .unwrap();
        let differences = vec![
            "ShowUser status 404: only ours".to_string(),
            "ShowUser status 403: only upstream".to_string(),
        ];
        let outcome = check(&differences, &allow);
        assert_eq!(outcome.explained.len(), 1);
        assert_eq!(outcome.unexplained, vec!["ShowUser status 403: only upstream"]);
        assert_eq!(outcome.stale, vec!["nothing"]);
        assert!(AllowList::parse("expected:\n  - {match: x, reason: ''}\n").is_err());
    }

    #[test]
    fn wildcards_match_any_text() {
        assert!(matches("a*c", "abbbc"));
        assert!(matches("*", ""));
        assert!(matches("a*b*c", "a-b-c"));
        assert!(!matches("a*b*c", "a-c"));
        assert!(!matches("ab", "abc"));
        assert!(!matches("a*a", "a"));
    }
}
