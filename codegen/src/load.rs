//! Stage 1: text → `openapiv3::OpenAPI`. Accepts YAML or JSON (JSON is read as
//! JSON so its error positions are exact). Keeps the raw JSON value too: later
//! stages read `x-` extensions and examples from it by pointer.

use crate::diagnostics::{escape_segment, Diagnostic};

/// A spec that parsed: the typed model and the same document as JSON.
pub struct Loaded {
    /// The typed OpenAPI document.
    pub api: openapiv3::OpenAPI,
    /// The same document as plain JSON, map keys in spec order.
    pub raw: serde_json::Value,
}

/// Parses `text` (YAML or JSON) into an OpenAPI 3.0 document.
pub fn load(text: &str) -> Result<Loaded, Vec<Diagnostic>> {
    load_with_documents(text, &Default::default()).map(|(loaded, _)| loaded)
}

/// Like [`load`], with the files the spec's external `$ref`s point into (by path
/// relative to the spec's directory) folded in first; also returns where each
/// imported part came from.
pub fn load_with_documents(
    text: &str,
    documents: &std::collections::BTreeMap<String, String>,
) -> Result<(Loaded, Vec<crate::bundle::Origin>), Vec<Diagnostic>> {
    let mut raw = parse_tree(text)?;
    let origins = crate::bundle::bundle(&mut raw, documents)?;
    load_tree(raw).map(|loaded| (loaded, origins))
}

fn load_tree(raw: serde_json::Value) -> Result<Loaded, Vec<Diagnostic>> {
    match raw.get("openapi").and_then(|version| version.as_str()) {
        Some(version) if version.starts_with("3.0.") => {}
        Some(version) => {
            return Err(vec![Diagnostic::new(
                "#/openapi",
                format!("unsupported openapi version `{version}`: only 3.0.x is supported"),
            )])
        }
        None => {
            return Err(vec![Diagnostic::new(
                "#",
                "missing `openapi` version field: this does not look like an OpenAPI 3.0 document",
            )])
        }
    }
    let api = serde_path_to_error::deserialize(&raw).map_err(|error| {
        let pointer = pointer_of("#", error.path());
        vec![refine(&raw).unwrap_or_else(|| Diagnostic::new(pointer, error.inner().to_string()))]
    })?;
    Ok(Loaded { api, raw })
}

/// Parses YAML or JSON text into a JSON tree.
pub(crate) fn parse_tree(text: &str) -> Result<serde_json::Value, Vec<Diagnostic>> {
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|error| {
            vec![Diagnostic {
                position: Some((error.line(), error.column())),
                ..Diagnostic::new("#", format!("invalid json: {error}"))
            }]
        });
    }
    let invalid = |error: serde_yaml_ng::Error| {
        vec![Diagnostic {
            position: error.location().map(|at| (at.line(), at.column())),
            ..Diagnostic::new("#", format!("invalid yaml: {error}"))
        }]
    };
    let mut yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str(text).map_err(invalid)?;
    // `<<: *anchor` merge keys are part of YAML as people write it, not of the data model.
    yaml.apply_merge().map_err(invalid)?;
    yaml_to_json(yaml, "#")
}

/// YAML allows non-string keys (`200:` is an integer); OpenAPI treats every key as
/// a string, so scalars are stringified. serde_json's own `Deserialize` would
/// reject them, hence this small conversion.
fn yaml_to_json(value: serde_yaml_ng::Value, pointer: &str) -> Result<serde_json::Value, Vec<Diagnostic>> {
    use serde_json::Value as J;
    use serde_yaml_ng::Value as Y;
    Ok(match value {
        Y::Null => J::Null,
        Y::Bool(value) => J::Bool(value),
        Y::Number(number) => {
            if let Some(value) = number.as_i64() {
                J::from(value)
            } else if let Some(value) = number.as_u64() {
                J::from(value)
            } else {
                let float = number.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(float).map(J::Number).ok_or_else(|| {
                    vec![Diagnostic::new(
                        pointer,
                        format!("number `{number}` cannot be represented in json"),
                    )]
                })?
            }
        }
        Y::String(value) => J::String(value),
        Y::Sequence(items) => J::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(index, item)| yaml_to_json(item, &format!("{pointer}/{index}")))
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(mapping) => {
            let mut object = serde_json::Map::new();
            for (key, item) in mapping {
                let key = match key {
                    Y::String(key) => key,
                    Y::Number(number) => number.to_string(),
                    Y::Bool(value) => value.to_string(),
                    other => {
                        return Err(vec![Diagnostic::new(
                            pointer,
                            format!("unsupported map key {other:?}: keys must be strings"),
                        )])
                    }
                };
                let child = format!("{pointer}/{}", escape_segment(&key));
                object.insert(key, yaml_to_json(item, &child)?);
            }
            J::Object(object)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, pointer)?,
    })
}

/// Deserializes one piece of the document on its own, reporting errors under `at`.
fn probe<T: serde::de::DeserializeOwned>(value: &serde_json::Value, at: &str) -> Result<(), Diagnostic> {
    serde_path_to_error::deserialize::<_, T>(value)
        .map(|_| ())
        .map_err(|error| Diagnostic::new(pointer_of(at, error.path()), error.inner().to_string()))
}

/// openapiv3 flattens and tags several types (`Paths`, `Parameter` by `in`), so serde
/// buffers their input and the position of a type error is lost. Deserializing the
/// failing document piece by piece finds the innermost piece that is wrong.
fn refine(raw: &serde_json::Value) -> Option<Diagnostic> {
    use openapiv3::{Example, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema};
    if let Some(paths) = raw.get("paths").and_then(|paths| paths.as_object()) {
        for (path, item) in paths {
            let item_at = format!("#/paths/{}", escape_segment(path));
            let Err(whole) = probe::<ReferenceOr<PathItem>>(item, &item_at) else {
                continue;
            };
            let mut operations: Vec<(String, &serde_json::Value)> = vec![(item_at.clone(), item)];
            for method in ["get", "put", "post", "delete", "options", "head", "patch", "trace"] {
                if let Some(operation) = item.get(method) {
                    let at = format!("{item_at}/{method}");
                    if probe::<Operation>(operation, &at).is_err() {
                        operations.insert(0, (at, operation));
                    }
                }
            }
            for (at, operation) in operations {
                if let Some(parameters) = operation.get("parameters") {
                    let Some(list) = parameters.as_array() else {
                        return Some(Diagnostic::new(
                            format!("{at}/parameters"),
                            "`parameters` must be a list of parameter objects",
                        ));
                    };
                    for (index, parameter) in list.iter().enumerate() {
                        if let Err(error) =
                            probe::<ReferenceOr<Parameter>>(parameter, &format!("{at}/parameters/{index}"))
                        {
                            return Some(error);
                        }
                    }
                }
                if let Some(body) = operation.get("requestBody") {
                    if let Err(error) = probe::<ReferenceOr<RequestBody>>(body, &format!("{at}/requestBody")) {
                        return Some(error);
                    }
                }
                if let Some(responses) = operation.get("responses").and_then(|responses| responses.as_object()) {
                    for (status, response) in responses {
                        if let Err(error) = probe::<ReferenceOr<Response>>(
                            response,
                            &format!("{at}/responses/{}", escape_segment(status)),
                        ) {
                            return Some(error);
                        }
                    }
                }
                if at != item_at {
                    if let Err(error) = probe::<Operation>(operation, &at) {
                        return Some(error);
                    }
                }
            }
            return Some(whole);
        }
    }
    let components = raw.get("components")?;
    type Probe = fn(&serde_json::Value, &str) -> Result<(), Diagnostic>;
    let kinds: [(&str, Probe); 5] = [
        ("schemas", probe::<ReferenceOr<Schema>>),
        ("parameters", probe::<ReferenceOr<Parameter>>),
        ("requestBodies", probe::<ReferenceOr<RequestBody>>),
        ("responses", probe::<ReferenceOr<Response>>),
        ("examples", probe::<ReferenceOr<Example>>),
    ];
    for (kind, check) in kinds {
        for (name, value) in components
            .get(kind)
            .and_then(|table| table.as_object())
            .into_iter()
            .flatten()
        {
            if let Err(error) = check(value, &format!("#/components/{kind}/{}", escape_segment(name))) {
                return Some(error);
            }
        }
    }
    None
}

fn pointer_of(base: &str, path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from(base);
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } => pointer.push_str(&format!("/{}", escape_segment(key))),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_response_keys_become_strings() {
        let loaded = load("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n").unwrap();
        assert!(loaded.raw["paths"]["/a"]["get"]["responses"]["200"].is_object());
    }

    #[test]
    fn wrong_version_is_reported_at_the_version_field() {
        let errors = load("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
            .err()
            .unwrap();
        assert_eq!(errors[0].pointer, "#/openapi");
    }
}
