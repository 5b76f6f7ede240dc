//! Lowering of operations: client method and builder names, path and query
//! parameters, the request body, the success responses, pagination and the
//! examples that must decode into the generated types.

use super::types::{Context, TypeLowerer};
use crate::diagnostics::child;
use crate::ir::{
    ArrayStyle, Body, Example, Param, ParamLocation, PathPart, ResponseShape, StatusVariant, TypeKind, TypeRef,
};
use crate::naming::{self, Scope};
use crate::resolve::schema_node;
use crate::validate::{methods, template_params};
use openapiv3::{MediaType, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, StatusCode};

/// An operation before pagination is resolved against the finished types.
pub struct Pending {
    /// The operation, with `pagination: None`.
    pub operation: crate::ir::Operation,
    /// The raw `x-zendesk-pagination` value, if any.
    pub pagination: Option<serde_json::Value>,
}

/// Names that the runtime's `Client` already uses.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "execute",
    "send_once",
    "wait_for_export_slot",
    "wait_for_job",
    "base_url",
    "clone",
    "fmt",
];
/// Names of builder methods that setters must not take.
const BUILDER_METHODS: &[&str] = &["send", "stream", "pages", "client", "body", "clone", "fmt"];
/// Names at the crate root besides the builders (the runtime's public items).
pub const ROOT_NAMES: &[&str] = &[
    "WireKey",
    "PageOutcome",
    "Pager",
    "Client",
    "ClientBuilder",
    "Auth",
    "Error",
    "Request",
    "Response",
    "RawResponse",
    "RateLimit",
    "Nullable",
    "OperationInfo",
    "Method",
    "TimeExport",
    "JobWait",
    "RetryPolicy",
    "CursorPage",
    "OffsetPage",
    "TimeExportPage",
    "ApiError",
    "ErrorBody",
    "ErrorDetail",
    "FinishedJob",
    "JobResult",
    "JobState",
    "OnRateLimit",
    "reqwest",
    "models",
    "chrono",
    "serde_json",
];

/// Lowers every operation in spec order.
pub fn lower_operations<'a>(
    types: &mut TypeLowerer<'a>,
    api: &'a OpenAPI,
    examples: &mut Vec<Example>,
) -> Vec<Pending> {
    let mut method_names = Scope::with_reserved(CLIENT_METHODS);
    let reserved: Vec<&str> = ROOT_NAMES.iter().chain(super::PRELUDE_NAMES).copied().collect();
    let mut builder_names = Scope::with_reserved(&reserved);
    let mut pending = Vec::new();
    for (path, item) in api.paths.iter() {
        let ReferenceOr::Item(item) = item else { continue };
        let path_at = child("#/paths", path);
        for (method, operation) in methods(item) {
            let at = child(&path_at, method);
            let id = operation.operation_id.clone().unwrap_or_default();
            let method_name = naming::claim_snake(&mut method_names, &id);
            let builder_name = builder_names.claim(&naming::pascal(&id), "Builder");
            let mut param_scope = Scope::with_reserved(BUILDER_METHODS);

            // Path-level parameters first, unless the operation overrides them.
            let mut slots = Vec::new();
            for (index, slot) in item.parameters.iter().enumerate() {
                slots.push((format!("{path_at}/parameters/{index}"), slot));
            }
            for (index, slot) in operation.parameters.iter().enumerate() {
                slots.push((format!("{at}/parameters/{index}"), slot));
            }
            let mut params: Vec<Param> = Vec::new();
            let mut param_keys: Vec<(String, bool)> = Vec::new();
            for (param_at, slot) in slots {
                let Ok((parameter, _)) = types.resolver().parameter(slot, &param_at) else {
                    continue;
                };
                let (location, explode) = match parameter {
                    Parameter::Path { .. } => (ParamLocation::Path, false),
                    Parameter::Query { parameter_data, .. } => {
                        (ParamLocation::Query, parameter_data.explode.unwrap_or(true))
                    }
                    _ => continue,
                };
                let data = parameter.parameter_data_ref();
                // A path parameter its template does not use (an alias path sharing its
                // long form's parameter list) is dropped; validation warns about it.
                if location == ParamLocation::Path && !template_params(path).contains(&data.name.as_str()) {
                    continue;
                }
                let key = (data.name.clone(), location == ParamLocation::Path);
                if let Some(position) = param_keys.iter().position(|existing| existing == &key) {
                    params.remove(position);
                    param_keys.remove(position);
                }
                let ParameterSchemaOrContent::Schema(schema) = &data.format else {
                    continue;
                };
                let hint = format!("{builder_name}{}", naming::pascal(&data.name));
                let mut lowered = types.lower_slot(
                    schema_node(schema),
                    &child(&param_at, "schema"),
                    Context::Request,
                    &hint,
                );
                lowered.ty = without_aliases(types, lowered.ty);
                let array_style = match &lowered.ty {
                    TypeRef::Array(_) if explode => Some(ArrayStyle::Repeated),
                    TypeRef::Array(_) => Some(ArrayStyle::CommaSeparated),
                    _ => None,
                };
                let scalar = match &lowered.ty {
                    TypeRef::Array(inner) => inner.as_ref(),
                    other => other,
                };
                if !is_scalar(types, scalar) || (location == ParamLocation::Path && array_style.is_some()) {
                    types.sink.error(
                        param_at.clone(),
                        format!("unsupported type for parameter `{}`: use a string, integer, number, boolean, enum, date-time or (in the query) an array of those", data.name),
                    );
                }
                let name = naming::claim_snake(&mut param_scope, &data.name);
                param_keys.push(key);
                params.push(Param {
                    wire: data.name.clone(),
                    name,
                    location,
                    required: data.required,
                    ty: lowered.ty,
                    array_style,
                    constraints: lowered.constraints,
                    doc: data.description.clone(),
                });
            }

            let path_parts = split_path(path, &params);
            let body = operation.request_body.as_ref().and_then(|slot| {
                let body_at = child(&at, "requestBody");
                let (request_body, body_at) = match types.resolver().request_body(slot, &body_at) {
                    Ok(found) => found,
                    Err(error) => {
                        types.sink.error(error.pointer, error.message);
                        return None;
                    }
                };
                let Some(media) = json_media(&request_body.content) else {
                    types.sink.error(
                        child(&body_at, "content"),
                        "unsupported request body: only `application/json` is supported",
                    );
                    return None;
                };
                let media_at = child(&child(&body_at, "content"), "application/json");
                let ty = media_type(
                    types,
                    media,
                    &media_at,
                    &format!("{builder_name}Request"),
                    Context::Request,
                )?;
                let example_prefix = format!("{}_request", naming::snake(&id));
                collect_examples(types, media, &media_at, &ty, &example_prefix, examples);
                Some(Body {
                    ty,
                    required: request_body.required,
                    doc: request_body.description.clone(),
                })
            });

            let response = lower_responses(types, operation, &at, &id, &builder_name, examples);
            pending.push(Pending {
                operation: crate::ir::Operation {
                    id,
                    method_name,
                    builder_name,
                    http_method: method.to_ascii_uppercase(),
                    path: path.clone(),
                    path_parts,
                    summary: operation.summary.clone(),
                    description: operation.description.clone(),
                    params,
                    body,
                    response,
                    pagination: None,
                    source: at.clone(),
                },
                pagination: operation.extensions.get("x-zendesk-pagination").cloned(),
            });
        }
    }
    pending
}

fn lower_responses<'a>(
    types: &mut TypeLowerer<'a>,
    operation: &'a openapiv3::Operation,
    at: &str,
    id: &str,
    builder_name: &str,
    examples: &mut Vec<Example>,
) -> ResponseShape {
    let responses_at = child(at, "responses");
    let successes: Vec<_> = operation
        .responses
        .responses
        .iter()
        .filter_map(|(status, slot)| match status {
            StatusCode::Code(code) if (200..300).contains(code) => Some((*code, slot)),
            StatusCode::Range(2) => {
                types.sink.error(
                    child(&responses_at, "2XX"),
                    "unsupported status range `2XX`: list the success statuses",
                );
                None
            }
            _ => None,
        })
        .collect();
    let has_range = operation
        .responses
        .responses
        .keys()
        .any(|status| *status == StatusCode::Range(2));
    if successes.is_empty() && has_range {
        return ResponseShape::Single {
            status: 200,
            body: None,
        };
    }
    if successes.is_empty() {
        types.sink.error(
            responses_at.clone(),
            "no success (2xx) response: the client would not know what a success looks like",
        );
        return ResponseShape::Single {
            status: 200,
            body: None,
        };
    }
    let several = successes.len() > 1;
    let mut variants = Vec::new();
    for (status, slot) in successes {
        let status_at = child(&responses_at, status);
        let (response, status_at) = match types.resolver().response(slot, &status_at) {
            Ok(found) => found,
            Err(error) => {
                types.sink.error(error.pointer, error.message);
                continue;
            }
        };
        let body = if response.content.is_empty() {
            None
        } else if let Some(media) = json_media(&response.content) {
            let media_at = child(&child(&status_at, "content"), "application/json");
            let hint = if several {
                format!("{builder_name}Response{status}")
            } else {
                format!("{builder_name}Response")
            };
            let ty = media_type(types, media, &media_at, &hint, Context::Response);
            if let Some(ty) = &ty {
                let example_prefix = format!("{}_response_{status}", naming::snake(id));
                collect_examples(types, media, &media_at, ty, &example_prefix, examples);
            }
            ty
        } else {
            types.sink.error(
                child(&status_at, "content"),
                "unsupported response body: only `application/json` is supported",
            );
            None
        };
        variants.push(StatusVariant {
            status,
            name: status_variant_name(status),
            body,
            doc: response.description.clone(),
        });
    }
    if !several {
        let variant = variants.pop();
        return ResponseShape::Single {
            status: variant.as_ref().map(|variant| variant.status).unwrap_or(200),
            body: variant.and_then(|variant| variant.body),
        };
    }
    let name = types.claim_name(&format!("{builder_name}Response"));
    ResponseShape::Multi { name, variants }
}

fn status_variant_name(status: u16) -> String {
    match status {
        200 => "Ok".to_string(),
        201 => "Created".to_string(),
        202 => "Accepted".to_string(),
        203 => "NonAuthoritative".to_string(),
        204 => "NoContent".to_string(),
        206 => "PartialContent".to_string(),
        other => format!("Status{other}"),
    }
}

fn json_media(content: &indexmap::IndexMap<String, MediaType>) -> Option<&MediaType> {
    content
        .iter()
        .find(|(media_type, _)| media_type.split(';').next().map(str::trim) == Some("application/json"))
        .map(|(_, media)| media)
}

fn media_type<'a>(
    types: &mut TypeLowerer<'a>,
    media: &'a MediaType,
    at: &str,
    hint: &str,
    context: Context,
) -> Option<TypeRef> {
    let Some(schema) = &media.schema else {
        types.sink.error(at, "json content without a `schema`");
        return None;
    };
    Some(
        types
            .lower_slot(schema_node(schema), &child(at, "schema"), context, hint)
            .ty,
    )
}

fn collect_examples<'a>(
    types: &mut TypeLowerer<'a>,
    media: &'a MediaType,
    at: &str,
    ty: &TypeRef,
    prefix: &str,
    examples: &mut Vec<Example>,
) {
    let mut found: Vec<(String, String, serde_json::Value)> = Vec::new();
    if let Some(value) = &media.example {
        found.push(("example".to_string(), child(at, "example"), value.clone()));
    }
    for (key, slot) in &media.examples {
        let example_at = child(&child(at, "examples"), key);
        match types.resolver().example(slot, &example_at) {
            Ok((example, pointer)) => match &example.value {
                Some(value) => found.push((key.clone(), child(&pointer, "value"), value.clone())),
                None => types.sink.error(
                    pointer,
                    "example without a `value`: external examples are not supported",
                ),
            },
            Err(error) => types.sink.error(error.pointer, error.message),
        }
    }
    for (key, source, value) in found {
        let mut name = format!("{prefix}_{}", naming::snake(&key));
        let mut counter = 2;
        while examples.iter().any(|example| example.name == name) {
            name = format!("{prefix}_{}_{counter}", naming::snake(&key));
            counter += 1;
        }
        examples.push(Example {
            name,
            source,
            ty: ty.clone(),
            json: value.to_string(),
        });
    }
}

/// A parameter typed by a named alias (`UserId: {type: integer}`) is written as the
/// aliased type itself, so the argument is a plain `i64` and the usual checks apply.
fn without_aliases(types: &TypeLowerer<'_>, ty: TypeRef) -> TypeRef {
    let mut current = ty;
    for _ in 0..16 {
        let next = match &current {
            TypeRef::Named(name) => match types.defs.iter().find(|def| &def.name == name).map(|def| &def.kind) {
                Some(TypeKind::Alias(target)) => target.clone(),
                _ => return current,
            },
            TypeRef::Array(inner) => return TypeRef::Array(Box::new(without_aliases(types, (**inner).clone()))),
            _ => return current,
        };
        current = next;
    }
    current
}

fn is_scalar(types: &TypeLowerer<'_>, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String | TypeRef::Integer { .. } | TypeRef::Number | TypeRef::Boolean | TypeRef::DateTime => true,
        TypeRef::Named(name) => types
            .defs
            .iter()
            .find(|def| &def.name == name)
            .map(|def| matches!(def.kind, TypeKind::StringEnum { .. } | TypeKind::IntegerEnum { .. }))
            .unwrap_or(false),
        _ => false,
    }
}

/// Splits a template such as `/api/v2/users/{user_id}` into literals and parameters.
fn split_path(path: &str, params: &[Param]) -> Vec<PathPart> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|offset| open + offset) else {
            break;
        };
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_string()));
        }
        let name = &rest[open + 1..close];
        if let Some(index) = params
            .iter()
            .position(|param| param.location == ParamLocation::Path && param.wire == name)
        {
            parts.push(PathPart::Param(index));
        }
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_string()));
    }
    parts
}
