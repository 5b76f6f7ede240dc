//! Lowering of operations: client method and builder names, path and query
//! parameters, the request body and the success responses. Form bodies are
//! walked in [`super::forms`], the examples that must decode into the generated
//! types are gathered in [`super::examples`].

use super::examples::collect_examples;
use super::forms::{form_fields, FormWalk};
use super::types::{Context, TypeLowerer};
use crate::diagnostics::child;
use crate::ir::{
    Accepted, Body, Constraints, Example, Form, FormFieldKind, PaginationStyle, Param, ParamEncoding, ParamLocation,
    PathPart, ResponseShape, StatusVariant, Storage, TypeKind, TypeRef, UsageNote,
};
use crate::naming::{self, Scope};
use crate::resolve::{schema_node, Node};
use crate::validate::{methods, template_params};
use openapiv3::{
    MediaType, OpenAPI, Parameter, ParameterSchemaOrContent, PathItem, QueryStyle, ReferenceOr, Schema, SchemaKind,
    StatusCode, Type,
};

/// An operation before pagination is resolved against the finished types.
pub struct UnpagedOperation {
    /// The operation, with `pagination: None`.
    pub operation: crate::ir::Operation,
    /// The raw `x-zendesk-pagination` value, if any.
    pub pagination: Option<serde_json::Value>,
}

/// Names a parameter's setter must not take because `emit/operations.rs` writes them
/// into every builder: its fields (`client`, `deadline`, `body`, `form`), its `send`,
/// the `stream` and `pages` it writes for offset lists and exports, and the methods of
/// its `#[derive(Debug, Clone)]`. What the runtime's builder macros add is read from
/// their definitions ([`BUILDER_MACROS`]).
const BUILDER_MEMBERS: &[&str] = &[
    "send",
    "stream",
    "pages",
    "client",
    "body",
    "form",
    "deadline",
    "clone",
    "clone_from",
    "fmt",
];

/// The runtime's macros the emitted builders invoke (`awaitable_builder!` for every
/// builder, `cursor_list!` for a cursor list's): the methods they add are reserved on
/// every builder.
const BUILDER_MACROS: &[&str] = &["awaitable_builder", "cursor_list"];

/// Every name a setter must not take: [`BUILDER_MEMBERS`] and the methods of
/// [`BUILDER_MACROS`], as the runtime defines them.
fn builder_reserved() -> Vec<&'static str> {
    let runtime = crate::runtime_names::runtime_names();
    let from_macros = BUILDER_MACROS
        .iter()
        .filter_map(|name| runtime.macro_methods.get(*name))
        .flatten()
        .map(String::as_str);
    BUILDER_MEMBERS.iter().copied().chain(from_macros).collect()
}
/// The names operations claim, shared by all operations of the spec.
struct Scopes {
    /// `Client` method names.
    methods: Scope,
    /// Builder and form struct names (crate root).
    builders: Scope,
}

/// Lowers every operation in spec order.
pub fn lower_operations<'a>(
    types: &mut TypeLowerer<'a>,
    api: &'a OpenAPI,
    examples: &mut Vec<Example>,
) -> Vec<UnpagedOperation> {
    // What the runtime already names (read from its sources) and what emitted code
    // uses unqualified: an operation cannot take either.
    let runtime = crate::runtime_names::runtime_names();
    let client_methods: Vec<&str> = runtime.client_methods.iter().map(String::as_str).collect();
    let reserved: Vec<&str> = runtime
        .root
        .iter()
        .map(String::as_str)
        .chain(super::PRELUDE_NAMES.iter().copied())
        .collect();
    let mut scopes = Scopes {
        methods: Scope::with_reserved(&client_methods),
        builders: Scope::with_reserved(&reserved),
    };
    let mut pending = Vec::new();
    for (path, item) in api.paths.iter() {
        let ReferenceOr::Item(item) = item else { continue };
        for (method, operation) in methods(item) {
            let site = Site { path, item, method };
            pending.push(lower_operation(types, &mut scopes, &site, operation, examples));
        }
    }
    pending
}

/// Where an operation sits in the spec.
struct Site<'a> {
    path: &'a str,
    item: &'a PathItem,
    method: &'a str,
}

fn lower_operation<'a>(
    types: &mut TypeLowerer<'a>,
    scopes: &mut Scopes,
    site: &Site<'a>,
    operation: &'a openapiv3::Operation,
    examples: &mut Vec<Example>,
) -> UnpagedOperation {
    let at = child(&child("#/paths", site.path), site.method);
    let id = operation.operation_id.clone().unwrap_or_default();
    let method_name = naming::claim_snake(&mut scopes.methods, &id);
    let builder_name = scopes.builders.claim(&naming::pascal(&id), "Builder");
    let params = lower_params(types, site, operation, &at, &builder_name);
    let path_parts = split_path(site.path, &params);
    let (body, form) = match &operation.request_body {
        Some(slot) => {
            let names = BodyNames {
                id: &id,
                builder_name: &builder_name,
            };
            lower_request_body(types, scopes, slot, &child(&at, "requestBody"), &names, examples)
        }
        None => (None, None),
    };
    let response = lower_responses(types, operation, &at, &id, &builder_name, examples);
    UnpagedOperation {
        operation: crate::ir::Operation {
            id,
            method_name,
            builder_name,
            http_method: site.method.to_ascii_uppercase(),
            path: site.path.to_string(),
            path_parts,
            summary: operation.summary.clone(),
            description: operation.description.clone(),
            params,
            body,
            form,
            response,
            pagination: None,
            usage_note: None,
            source: at,
        },
        pagination: operation.extensions.get("x-zendesk-pagination").cloned(),
    }
}

/// Path and query parameters: path-level ones first, an operation-level one replacing
/// a path-level one of the same name and location.
fn lower_params<'a>(
    types: &mut TypeLowerer<'a>,
    site: &Site<'a>,
    operation: &'a openapiv3::Operation,
    at: &str,
    builder_name: &str,
) -> Vec<Param> {
    let path_at = child("#/paths", site.path);
    let mut slots = Vec::new();
    for (index, slot) in site.item.parameters.iter().enumerate() {
        slots.push((format!("{path_at}/parameters/{index}"), slot));
    }
    for (index, slot) in operation.parameters.iter().enumerate() {
        slots.push((format!("{at}/parameters/{index}"), slot));
    }
    let mut scope = Scope::with_reserved(&builder_reserved());
    let mut params: Vec<Param> = Vec::new();
    for (param_at, slot) in slots {
        let Ok((parameter, _)) = types.resolver().parameter(slot, &param_at) else {
            continue;
        };
        // A path parameter its template does not use (an alias path sharing its long
        // form's parameter list) is dropped; validation warns about it.
        let is_path = matches!(parameter, Parameter::Path { .. });
        if is_path && !template_params(site.path).contains(&parameter.parameter_data_ref().name.as_str()) {
            continue;
        }
        let Some(param) = lower_param(types, &mut scope, parameter, &param_at, builder_name) else {
            continue;
        };
        if let Some(position) = params
            .iter()
            .position(|existing| existing.wire == param.wire && existing.location == param.location)
        {
            params.remove(position);
        }
        params.push(param);
    }
    params
}

fn lower_param<'a>(
    types: &mut TypeLowerer<'a>,
    scope: &mut Scope,
    parameter: &'a Parameter,
    at: &str,
    builder_name: &str,
) -> Option<Param> {
    let (location, style) = match parameter {
        Parameter::Path { .. } => (ParamLocation::Path, None),
        Parameter::Query { style, .. } => (ParamLocation::Query, Some(style)),
        _ => return None,
    };
    let data = parameter.parameter_data_ref();
    let ParameterSchemaOrContent::Schema(schema) = &data.format else {
        return None;
    };
    let schema_at = child(at, "schema");
    let explode = data.explode.unwrap_or(true);
    let (ty, constraints, encoding) = if is_id_or_key(types, schema_node(schema), &schema_at) {
        (TypeRef::String, Constraints::default(), ParamEncoding::IdOrKey)
    } else {
        let hint = format!("{builder_name}{}", naming::pascal(&data.name));
        let lowered = types.lower_slot(schema_node(schema), &schema_at, Context::Request, &hint);
        let ty = with_aliases_replaced_by_targets(types, lowered.ty);
        let deep = matches!(style, Some(QueryStyle::DeepObject));
        let Some(encoding) = param_encoding(types, &ty, location, deep, explode) else {
            types
                .sink
                .error(at, unsupported_param_message(&data.name, location, deep));
            return None;
        };
        (ty, lowered.constraints, encoding)
    };
    let storage = if data.required {
        Storage::Required
    } else if matches!(ty, TypeRef::Array(_) | TypeRef::Map(_)) {
        Storage::Collection
    } else {
        Storage::Optional
    };
    let accepted = param_accepted(&ty, &encoding, storage);
    Some(Param {
        wire: data.name.clone(),
        name: naming::claim_snake(scope, &data.name),
        location,
        required: data.required,
        ty,
        encoding,
        storage,
        accepted,
        constraints,
        doc: data.description.clone(),
    })
}

/// How the client method or the builder takes a parameter: ids or keys, strings and
/// named types through `Into`, lists item by item, a map kept by the builder entry
/// by entry; scalars (`i64`, `bool`) exactly.
fn param_accepted(ty: &TypeRef, encoding: &ParamEncoding, storage: Storage) -> Accepted {
    if *encoding == ParamEncoding::IdOrKey {
        return Accepted::Into;
    }
    match (ty, storage) {
        (TypeRef::String | TypeRef::Named(_), _) => Accepted::Into,
        (TypeRef::Array(_), _) => Accepted::EachInto,
        (TypeRef::Map(_), Storage::Collection) => Accepted::EntriesInto,
        _ => Accepted::Exact,
    }
}

/// How a parameter of type `ty` is written, or `None` when it cannot be.
fn param_encoding(
    types: &TypeLowerer<'_>,
    ty: &TypeRef,
    location: ParamLocation,
    deep: bool,
    explode: bool,
) -> Option<ParamEncoding> {
    let object = is_object(types, ty);
    match (location, ty) {
        (ParamLocation::Path, ty) if is_scalar(types, ty) => Some(ParamEncoding::Value),
        (ParamLocation::Path, _) => None,
        (ParamLocation::Query, _) if deep => object.then_some(ParamEncoding::DeepObject),
        (ParamLocation::Query, TypeRef::Array(inner)) if is_scalar(types, inner) => Some(if explode {
            ParamEncoding::Repeated
        } else {
            ParamEncoding::CommaSeparated
        }),
        (ParamLocation::Query, ty) if is_scalar(types, ty) => Some(ParamEncoding::Value),
        // `explode: false` objects (`name=key,value,key,value`) are not used by Zendesk.
        (ParamLocation::Query, _) if object && explode => Some(ParamEncoding::FormObject),
        _ => None,
    }
}

fn unsupported_param_message(name: &str, location: ParamLocation, deep: bool) -> String {
    match location {
        ParamLocation::Path => format!(
            "unsupported type for path parameter `{name}`: use a string, integer, number, boolean, enum, date-time or `oneOf: [integer, string]`"
        ),
        ParamLocation::Query if deep => format!(
            "unsupported type for `style: deepObject` parameter `{name}`: use an object with `properties` or `additionalProperties`"
        ),
        ParamLocation::Query => format!(
            "unsupported type for query parameter `{name}`: use a string, integer, number, boolean, enum, date-time, an array of those, or an object (`explode: true`)"
        ),
    }
}

/// `oneOf` (or `anyOf`) of exactly an integer and a string: an id or a key.
fn is_id_or_key<'a>(types: &TypeLowerer<'a>, slot: Node<'a, Schema>, at: &str) -> bool {
    let Ok(resolved) = types.resolver().schema(slot, at) else {
        return false;
    };
    let members = match &resolved.schema.schema_kind {
        SchemaKind::OneOf { one_of } => one_of,
        SchemaKind::AnyOf { any_of } => any_of,
        _ => return false,
    };
    let kinds: Vec<Option<&'static str>> = members
        .iter()
        .map(|member| {
            let resolved = types.resolver().schema(schema_node(member), at).ok()?;
            match &resolved.schema.schema_kind {
                SchemaKind::Type(Type::Integer(_)) => Some("integer"),
                SchemaKind::Type(Type::String(string)) if string.enumeration.is_empty() => Some("string"),
                _ => None,
            }
        })
        .collect();
    kinds.len() == 2 && kinds.contains(&Some("integer")) && kinds.contains(&Some("string"))
}

/// The Rust name of the parameter `wire` of `operation`.
pub fn param_name(operation: &crate::ir::Operation, wire: &str) -> Option<String> {
    operation
        .params
        .iter()
        .find(|param| param.wire == wire)
        .map(|param| param.name.clone())
}

/// The usage note the operation's docs add: a paginated list's or export's
/// streams, or `wait_for_job` for a response whose body carries a `job_status`
/// object (Zendesk's bulk operations, which point to the Show Job Status endpoint).
pub fn decide_usage_note(defs: &[crate::ir::TypeDef], operation: &mut crate::ir::Operation) {
    operation.usage_note = match &operation.pagination {
        Some(pagination) => Some(match pagination.style {
            PaginationStyle::Cursor => UsageNote::StreamAndPages,
            PaginationStyle::Offset => UsageNote::Stream,
            PaginationStyle::Time => UsageNote::ResumeFromStartTime,
            PaginationStyle::CursorExport => UsageNote::ResumeFromCursor,
        }),
        None => returns_job_status(defs, &operation.response).then_some(UsageNote::WaitForJob),
    };
}

fn returns_job_status(defs: &[crate::ir::TypeDef], response: &ResponseShape) -> bool {
    let ResponseShape::Single {
        body: Some(TypeRef::Named(name)),
        ..
    } = response
    else {
        return false;
    };
    defs.iter().any(|def| {
        def.name == *name
            && matches!(&def.kind, TypeKind::Struct { fields, .. } if fields.iter().any(|field| field.wire == "job_status"))
    })
}

/// Whether the operations module names a model: then it imports `models`, else it
/// must not (an unused import warns).
pub fn use_models(operations: &[crate::ir::Operation]) -> bool {
    fn names_model(ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(_) => true,
            TypeRef::Array(inner) | TypeRef::Map(inner) => names_model(inner),
            _ => false,
        }
    }
    operations.iter().any(|operation| {
        operation.params.iter().any(|param| names_model(&param.ty))
            || operation.body.as_ref().is_some_and(|body| names_model(&body.ty))
            || operation.form.as_ref().is_some_and(|form| {
                form.fields
                    .iter()
                    .any(|field| matches!(&field.kind, FormFieldKind::Text(ty) if names_model(ty)))
            })
            || operation.pagination.is_some()
            || match &operation.response {
                ResponseShape::Single { body, .. } => body.as_ref().is_some_and(names_model),
                ResponseShape::Multi { .. } => true,
            }
    })
}

/// Whether the operations module names `Stream`: only an offset list's `stream()` does (cursor
/// lists get theirs from the runtime's `cursor_list!`, exports return the runtime's types).
pub fn use_streams(operations: &[crate::ir::Operation]) -> bool {
    operations.iter().any(
        |operation| matches!(&operation.pagination, Some(pagination) if pagination.style == PaginationStyle::Offset),
    )
}

/// Names a request body's types are derived from.
struct BodyNames<'n> {
    id: &'n str,
    builder_name: &'n str,
}

/// The JSON body and the `multipart/form-data` body of an operation; at least one of
/// them when the spec has a request body with a supported media type.
fn lower_request_body<'a>(
    types: &mut TypeLowerer<'a>,
    scopes: &mut Scopes,
    slot: &'a ReferenceOr<openapiv3::RequestBody>,
    at: &str,
    names: &BodyNames<'_>,
    examples: &mut Vec<Example>,
) -> (Option<Body>, Option<Form>) {
    let (request_body, body_at) = match types.resolver().request_body(slot, at) {
        Ok(found) => found,
        Err(error) => {
            types.sink.error(error.pointer, error.message);
            return (None, None);
        }
    };
    let content_at = child(&body_at, "content");
    let json = find_media(&request_body.content, "application/json");
    let multipart = find_media(&request_body.content, "multipart/form-data");
    if json.is_none() && multipart.is_none() {
        types.sink.error(
            content_at,
            "unsupported request body: only `application/json` and `multipart/form-data` are supported",
        );
        return (None, None);
    }
    let body = json.and_then(|(key, media)| {
        let media_at = child(&content_at, key);
        let hint = format!("{}Request", names.builder_name);
        let ty = media_type(types, media, &media_at, &hint, Context::Request)?;
        let example_prefix = format!("{}_request", naming::snake(names.id));
        collect_examples(types, media, &media_at, &ty, &example_prefix, examples);
        let storage = if request_body.required && multipart.is_none() {
            Storage::Required
        } else {
            Storage::Optional
        };
        Some(Body {
            ty,
            required: request_body.required,
            storage,
            doc: request_body.description.clone(),
        })
    });
    let form = multipart.and_then(|(key, media)| {
        let media_at = child(&content_at, key);
        let Some(schema) = &media.schema else {
            types
                .sink
                .error(media_at, "`multipart/form-data` content without a `schema`");
            return None;
        };
        let mut fields = Vec::new();
        let mut field_scope = Scope::default();
        let walk = FormWalk {
            wire_prefix: None,
            required: true,
            hint: format!("{}Form", names.builder_name),
            enclosing: Vec::new(),
        };
        form_fields(
            types,
            &mut field_scope,
            schema_node(schema),
            &child(&media_at, "schema"),
            &walk,
            &mut fields,
        );
        // The form is the only body: the operation's own method sends it.
        let method_name =
            json.map(|_| naming::claim_snake(&mut scopes.methods, &format!("{}_multipart", naming::snake(names.id))));
        Some(Form {
            name: scopes
                .builders
                .claim(&format!("{}Form", naming::pascal(names.id)), "Body"),
            method_name,
            derives_default: fields.iter().all(|field| field.storage != Storage::Required),
            fields,
            doc: request_body.description.clone(),
        })
    });
    (body, form)
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
        } else if let Some((key, media)) = find_media(&response.content, "application/json") {
            // Other media types beside JSON (`text/csv`, ...) are alternatives the client
            // does not ask for: it sends `Accept: application/json`.
            let media_at = child(&child(&status_at, "content"), key);
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

/// The content entry for `wanted` (parameters such as `; charset=utf-8` ignored),
/// with the key it is written under.
fn find_media<'c>(
    content: &'c indexmap::IndexMap<String, MediaType>,
    wanted: &str,
) -> Option<(&'c str, &'c MediaType)> {
    content
        .iter()
        .find(|(media_type, _)| media_type.split(';').next().map(str::trim) == Some(wanted))
        .map(|(key, media)| (key.as_str(), media))
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

/// A parameter typed by a named alias (`UserId: {type: integer}`) is written as the
/// aliased type itself, so the argument is a plain `i64` and the usual checks apply.
pub(super) fn with_aliases_replaced_by_targets(types: &TypeLowerer<'_>, ty: TypeRef) -> TypeRef {
    let mut current = ty;
    for _ in 0..16 {
        let next = match &current {
            TypeRef::Named(name) => match types.defs.iter().find(|def| &def.name == name).map(|def| &def.kind) {
                Some(TypeKind::Alias(target)) => target.clone(),
                _ => return current,
            },
            TypeRef::Array(inner) => {
                return TypeRef::Array(Box::new(with_aliases_replaced_by_targets(types, (**inner).clone())))
            }
            _ => return current,
        };
        current = next;
    }
    current
}

pub(super) fn is_scalar(types: &TypeLowerer<'_>, ty: &TypeRef) -> bool {
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

/// An object with known fields or a string-keyed map.
fn is_object(types: &TypeLowerer<'_>, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Map(_) => true,
        TypeRef::Named(name) => types
            .defs
            .iter()
            .find(|def| &def.name == name)
            .is_some_and(|def| matches!(def.kind, TypeKind::Struct { .. })),
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

#[cfg(test)]
mod usage_note_tests {
    use crate::{generate, Settings};

    const SPEC: &str = r#"openapi: 3.0.3
info: {title: Jobs, version: '1'}
paths:
  /api/v2/users/create_many:
    post:
      operationId: CreateManyUsers
      description: Use the [Show Job Status]( https://example.com/job ) endpoint to check for completion.
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  job_status: {type: object, properties: {id: {type: string}}}
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
              schema:
                type: object
                properties:
                  user: {type: object, properties: {id: {type: integer}}}
"#;

    /// The doc comment lines just above `pub fn <method>(`.
    fn method_doc(operations: &str, method: &str) -> String {
        let end = operations.find(&format!("pub fn {method}(")).expect("the method");
        let start = operations[..end].rfind("impl Client {").expect("its impl block");
        operations[start..end].to_string()
    }

    #[test]
    fn a_job_status_response_points_to_wait_for_job_and_nothing_else_does() {
        let generated = generate(SPEC, &Settings::default()).expect("generates");
        let operations = &generated
            .files
            .iter()
            .find(|file| file.path == "src/operations.rs")
            .expect("operations.rs")
            .contents;
        let create_many = method_doc(operations, "create_many_users");
        assert!(
            create_many.contains("[`Client::wait_for_job`] polls it"),
            "{create_many}"
        );
        assert!(
            create_many.contains("[Show Job Status](https://example.com/job)"),
            "the spec's padded link renders as a link: {create_many}"
        );
        let show = method_doc(operations, "show_user");
        assert!(!show.contains("wait_for_job"), "{show}");
    }
}
