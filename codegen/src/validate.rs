//! Stage 3: checks on operations and parameters that the later stages rely on.
//! Its problems are reported together with lowering's, in one run. Schema-level
//! problems (unsupported keywords) and `x-zendesk-pagination` are checked while
//! lowering, where the schema is understood.

use crate::diagnostics::{child, Diagnostic, Sink};
use crate::resolve::Resolver;
use openapiv3::{OpenAPI, Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr};
use std::collections::BTreeMap;

/// The HTTP methods of a path item, with their lowercase keys.
pub fn methods(item: &openapiv3::PathItem) -> Vec<(&'static str, &openapiv3::Operation)> {
    [
        ("get", &item.get),
        ("put", &item.put),
        ("post", &item.post),
        ("delete", &item.delete),
        ("options", &item.options),
        ("head", &item.head),
        ("patch", &item.patch),
        ("trace", &item.trace),
    ]
    .into_iter()
    .filter_map(|(name, operation)| operation.as_ref().map(|operation| (name, operation)))
    .collect()
}

/// Names of the `{parameters}` in a path template, in order.
pub fn template_params(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// Runs every check and returns every problem found, errors and warnings.
pub fn validate(api: &OpenAPI) -> Vec<Diagnostic> {
    let resolver = Resolver::new(api);
    let mut sink = Sink::default();
    let mut operation_ids: BTreeMap<String, String> = BTreeMap::new();
    for (path, item) in api.paths.iter() {
        let path_at = child("#/paths", path);
        let ReferenceOr::Item(item) = item else {
            sink.error(
                path_at,
                "unsupported `$ref` on a path item: write the operations inline",
            );
            continue;
        };
        if path.matches('{').count() != path.matches('}').count() {
            sink.error(path_at.clone(), "unbalanced braces in path template");
        }
        for (method, operation) in methods(item) {
            let at = child(&path_at, method);
            match &operation.operation_id {
                None => sink.error(
                    at.clone(),
                    "missing `operationId`: every operation needs one to name its client method",
                ),
                Some(id) if id.trim().is_empty() => sink.error(child(&at, "operationId"), "empty `operationId`"),
                Some(id) => {
                    if let Some(first) = operation_ids.get(id) {
                        sink.error(
                            child(&at, "operationId"),
                            format!("duplicate operationId `{id}`, first used at {first}"),
                        );
                    } else {
                        operation_ids.insert(id.clone(), at.clone());
                    }
                }
            }
            check_parameters(
                &resolver,
                &mut sink,
                path,
                &path_at,
                &item.parameters,
                &at,
                &operation.parameters,
            );
        }
    }
    sink.into_items()
}

/// Checks the parameters one operation sees: its path item's, then its own (which
/// override the path item's of the same name and location).
fn check_parameters(
    resolver: &Resolver<'_>,
    sink: &mut Sink,
    path: &str,
    path_at: &str,
    shared: &[ReferenceOr<Parameter>],
    at: &str,
    own: &[ReferenceOr<Parameter>],
) {
    let mut seen: BTreeMap<(String, &'static str), String> = BTreeMap::new();
    let mut declared_path_params = Vec::new();
    let slots = shared
        .iter()
        .enumerate()
        .map(|(index, slot)| (format!("{path_at}/parameters/{index}"), slot))
        .chain(
            own.iter()
                .enumerate()
                .map(|(index, slot)| (format!("{at}/parameters/{index}"), slot)),
        );
    for (param_at, slot) in slots {
        let (parameter, _) = match resolver.parameter(slot, &param_at) {
            Ok(found) => found,
            Err(error) => {
                sink.push(error);
                continue;
            }
        };
        let data = parameter.parameter_data_ref();
        let location = check_parameter(sink, parameter, &param_at);
        if location == "path" {
            declared_path_params.push((data.name.clone(), param_at.clone()));
        }
        let key = (data.name.clone(), location);
        // An operation-level parameter overrides a path-level one of the same name.
        if let Some(first) = seen.get(&key) {
            if first.starts_with(at) || !param_at.starts_with(at) {
                sink.error(
                    param_at.clone(),
                    format!(
                        "duplicate {location} parameter `{}`, first declared at {first}",
                        data.name
                    ),
                );
            }
        }
        seen.insert(key, param_at);
    }
    check_template(sink, path, at, &declared_path_params);
}

/// Checks one parameter's location and style; returns its location (`query`, `path`...).
fn check_parameter(sink: &mut Sink, parameter: &Parameter, param_at: &str) -> &'static str {
    let data = parameter.parameter_data_ref();
    let location = match parameter {
        Parameter::Query { style, .. } => {
            let spelling = match style {
                QueryStyle::Form => None,
                QueryStyle::SpaceDelimited => Some("spaceDelimited"),
                QueryStyle::PipeDelimited => Some("pipeDelimited"),
                QueryStyle::DeepObject => None,
            };
            if let Some(spelling) = spelling {
                sink.error(
                    param_at,
                    format!(
                        "unsupported parameter style `{spelling}` for query parameter `{}`: only `form` and `deepObject` are supported",
                        data.name
                    ),
                );
            }
            "query"
        }
        Parameter::Path { style, .. } => {
            let spelling = match style {
                PathStyle::Simple => None,
                PathStyle::Matrix => Some("matrix"),
                PathStyle::Label => Some("label"),
            };
            if let Some(spelling) = spelling {
                sink.error(
                    param_at,
                    format!(
                        "unsupported parameter style `{spelling}` for path parameter `{}`: only `simple` is supported",
                        data.name
                    ),
                );
            }
            if !data.required {
                sink.error(
                    param_at,
                    format!("path parameter `{}` must be `required: true`", data.name),
                );
            }
            "path"
        }
        Parameter::Header { .. } => {
            sink.error(
                param_at,
                format!(
                    "unsupported header parameter `{}`: the client sets its own headers",
                    data.name
                ),
            );
            "header"
        }
        Parameter::Cookie { .. } => {
            sink.error(param_at, format!("unsupported cookie parameter `{}`", data.name));
            "cookie"
        }
    };
    if let ParameterSchemaOrContent::Content(_) = data.format {
        sink.error(
            param_at,
            format!("unsupported `content` on parameter `{}`: use `schema`", data.name),
        );
    }
    location
}

/// Every `{placeholder}` of the template needs a path parameter (an error). A path
/// parameter the template does not use is how Zendesk documents an alias path and its
/// long form with one parameter list: lowering drops it from that operation, and it
/// is reported once per location as a warning (the sink keeps one copy of a warning).
fn check_template(sink: &mut Sink, path: &str, at: &str, declared_path_params: &[(String, String)]) {
    let in_template = template_params(path);
    for name in &in_template {
        if !declared_path_params.iter().any(|(declared, _)| declared == name) {
            sink.error(
                at.to_string(),
                format!(
                    "path template `{path}` uses `{{{name}}}` but the operation declares no path parameter `{name}`"
                ),
            );
        }
    }
    for (name, param_at) in declared_path_params {
        if !in_template.contains(&name.as_str()) {
            sink.warning(
                param_at.clone(),
                format!("path parameter `{name}` does not appear in the path template `{path}`: it is left out of the operation"),
            );
        }
    }
}
