//! Stage 4: the resolved, validated spec becomes the IR ([`crate::ir::Api`]).
//! Every Rust name is decided here, once.

mod operations;
pub mod types;

use crate::diagnostics::{child, Diagnostic, Sink};
use crate::ir::{Api, Field, Pagination, PaginationStyle, ResponseShape, TypeDef, TypeKind, TypeRef};
use crate::load::Loaded;
pub use operations::ROOT_NAMES;
use types::TypeLowerer;

/// Type names the models module must not define, because emitted code uses them unqualified.
/// Names emitted code uses unqualified (prelude items, derive and trait names): no model
/// or builder may take them, or it would shadow them.
pub const PRELUDE_NAMES: &[&str] = &[
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
    "From",
    "Into",
    "IntoIterator",
    "Iterator",
    "Send",
    "Sync",
    "Unpin",
    "Sized",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "AsRef",
    "ToString",
    "Stream",
    "Self",
];

/// Lowers a loaded spec into the IR, or reports every problem found.
pub fn lower(loaded: &Loaded) -> Result<Api, Vec<Diagnostic>> {
    let api = &loaded.api;
    let mut types = TypeLowerer::new(api, &loaded.raw, PRELUDE_NAMES);
    let mut examples = Vec::new();
    let pending = operations::lower_operations(&mut types, api, &mut examples);
    types.lower_remaining_components();
    let mut sink = std::mem::take(&mut types.sink);
    let defs = std::mem::take(&mut types.defs);
    check_alias_cycles(&mut sink, &defs);
    let operations = pending
        .into_iter()
        .map(|pending| {
            let mut operation = pending.operation;
            if let Some(extension) = pending.pagination {
                operation.pagination = pagination(&mut sink, &defs, &operation, &extension);
            }
            operations::decide_pacing(&mut operation);
            operation
        })
        .collect::<Vec<_>>();
    let operations_use_models = operations::use_models(&operations);
    let operations_use_streams = operations::use_streams(&operations);
    sink.finish(Api {
        title: api.info.title.clone(),
        version: api.info.version.clone(),
        description: api.info.description.clone(),
        types: defs,
        operations,
        examples,
        operations_use_models,
        operations_use_streams,
    })
}

/// Resolves `x-zendesk-pagination` against the page type: the items field and the
/// fields the runtime reads must exist, with the types the runtime expects.
fn pagination(
    sink: &mut Sink,
    defs: &[TypeDef],
    operation: &crate::ir::Operation,
    extension: &serde_json::Value,
) -> Option<Pagination> {
    let at = child(&operation.source, "x-zendesk-pagination");
    let style = match extension.get("style").and_then(|style| style.as_str()) {
        Some("cursor") => PaginationStyle::Cursor,
        Some("offset") => PaginationStyle::Offset,
        Some("time") => PaginationStyle::Time,
        Some("cursor-export") => PaginationStyle::CursorExport,
        _ => return None,
    };
    let items = extension.get("items").and_then(|items| items.as_str())?;
    if items.contains('.') {
        sink.error(
            at,
            format!("`items: {items}` must name a top-level property of the page type"),
        );
        return None;
    }
    let ResponseShape::Single {
        body: Some(TypeRef::Named(page_type)),
        ..
    } = &operation.response
    else {
        sink.error(
            at,
            "a paginated operation needs exactly one success response whose body is a named object",
        );
        return None;
    };
    let field_path = |path: &str| field_chain(defs, page_type, path);
    let Some(items_chain) = field_path(items) else {
        sink.error(at, format!("page type `{page_type}` has no field `{items}`"));
        return None;
    };
    let items_field = items_chain.last().cloned()?;
    let TypeRef::Array(item_type) = items_field.ty.clone() else {
        sink.error(at, format!("`{items}` of `{page_type}` is not an array"));
        return None;
    };
    let boolean = TypeRef::Boolean;
    let string = TypeRef::String;
    let integer = TypeRef::Integer { int32: false };
    type Wanted<'t> = (&'static str, &'static str, &'t TypeRef);
    let (wanted, params): (Vec<Wanted>, &[&str]) = match style {
        PaginationStyle::Cursor => (
            vec![
                ("has_more", "meta.has_more", &boolean),
                ("after_cursor", "meta.after_cursor", &string),
            ],
            &["page[after]"],
        ),
        PaginationStyle::Offset => (vec![("next_page", "next_page", &string)], &["page"]),
        PaginationStyle::Time => (
            vec![
                ("end_of_stream", "end_of_stream", &boolean),
                ("end_time", "end_time", &integer),
                ("next_page", "next_page", &string),
            ],
            &["start_time"],
        ),
        PaginationStyle::CursorExport => cursor_export_fields(&boolean, &string),
    };
    let style_name = format!("{style:?}").to_lowercase();
    let mut accessors = Vec::new();
    for (role, path, expected) in wanted {
        match field_path(path) {
            Some(chain) if chain.last().map(|field| &field.ty) == Some(expected) => {
                accessors.push((role.to_string(), chain))
            }
            Some(_) => sink.error(
                at.clone(),
                format!("`{path}` of page type `{page_type}` must be of type {expected:?} for {style_name} pagination"),
            ),
            None => sink.error(
                at.clone(),
                format!("{style_name} pagination needs `{path}` in page type `{page_type}`"),
            ),
        }
    }
    // The runtime's stream functions take these parameters with fixed types: the
    // cursor as an optional string, page numbers and times as 64-bit integers.
    let (required_param, optional_params): (Option<&str>, &[&str]) = match style {
        PaginationStyle::Cursor => (None, &["page[after]"]),
        PaginationStyle::Offset => (None, &["page", "per_page"]),
        PaginationStyle::Time => (Some("start_time"), &["per_page"]),
        PaginationStyle::CursorExport => (None, CURSOR_EXPORT_OPTIONAL_PARAMS),
    };
    for param in params {
        if !operation.params.iter().any(|candidate| candidate.wire == *param) {
            sink.error(
                at.clone(),
                format!("{style_name} pagination needs the query parameter `{param}`"),
            );
        }
    }
    for param in &operation.params {
        let is_required_param = required_param == Some(param.wire.as_str());
        if !is_required_param && !optional_params.contains(&param.wire.as_str()) {
            continue;
        }
        let is_cursor =
            param.wire == "page[after]" || (style == PaginationStyle::CursorExport && param.wire == "cursor");
        let expected = if is_cursor { &string } else { &integer };
        if &param.ty != expected || param.required != is_required_param {
            let kind = if is_cursor { "string" } else { "integer (int64)" };
            let presence = if is_required_param { "a required" } else { "an optional" };
            sink.error(
                at.clone(),
                format!(
                    "{style_name} pagination needs `{}` to be {presence} {kind} parameter",
                    param.wire
                ),
            );
        }
    }
    let max_records = extension.get("max-records").and_then(|value| value.as_u64());
    // The stream advances this parameter; its absence was reported above.
    let position_param = operations::param_name(operation, params.first()?)?;
    let per_page_param = match style {
        PaginationStyle::Offset => operations::param_name(operation, "per_page"),
        _ => None,
    };
    let start_param = match style {
        PaginationStyle::CursorExport => operations::param_name(operation, "start_time"),
        _ => None,
    };
    Some(Pagination {
        style,
        page_type: page_type.clone(),
        items_field,
        item_type: *item_type,
        accessors,
        max_records,
        position_param,
        per_page_param,
        start_param,
    })
}

// ------------------------------------------------------------------ cursor-based export

/// The optional parameters the cursor-based export stream sets: `cursor` (a string),
/// `start_time` and `per_page` (64-bit integers). Only `cursor` must exist; the
/// stream clears `start_time` once it follows a cursor.
const CURSOR_EXPORT_OPTIONAL_PARAMS: &[&str] = &["cursor", "start_time", "per_page"];

/// What `style: cursor-export` needs: the page's `end_of_stream` (boolean) and
/// `after_cursor` (string) fields, and the `cursor` query parameter.
#[allow(clippy::type_complexity)]
fn cursor_export_fields<'t>(
    boolean: &'t TypeRef,
    string: &'t TypeRef,
) -> (Vec<(&'static str, &'static str, &'t TypeRef)>, &'static [&'static str]) {
    (
        vec![
            ("end_of_stream", "end_of_stream", boolean),
            ("after_cursor", "after_cursor", string),
        ],
        &["cursor"],
    )
}

/// A named array or map of itself (`TagTree: {type: array, items: {$ref: TagTree}}`)
/// would be a type alias of itself, which Rust rejects; it is reported instead.
fn check_alias_cycles(sink: &mut Sink, defs: &[TypeDef]) {
    fn reaches(defs: &[TypeDef], ty: &TypeRef, target: &str, depth: usize) -> bool {
        match ty {
            TypeRef::Named(name) if name == target => true,
            TypeRef::Named(name) if depth < 64 => defs
                .iter()
                .find(|def| &def.name == name)
                .map(|def| matches!(&def.kind, TypeKind::Alias(inner) if reaches(defs, inner, target, depth + 1)))
                .unwrap_or(false),
            TypeRef::Array(inner) | TypeRef::Map(inner) => reaches(defs, inner, target, depth),
            _ => false,
        }
    }
    for def in defs {
        if let TypeKind::Alias(target) = &def.kind {
            if reaches(defs, target, &def.name, 0) {
                sink.error(
                    def.source.clone(),
                    "schema is an array or map of itself, which has no Rust type: wrap the items in an object schema",
                );
            }
        }
    }
}

/// The chain of fields for a dotted path (`meta.has_more`) starting at struct `start`.
fn field_chain(defs: &[TypeDef], start: &str, path: &str) -> Option<Vec<Field>> {
    let mut current = start.to_string();
    let mut chain = Vec::new();
    for segment in path.split('.') {
        let def = defs.iter().find(|def| def.name == current)?;
        let TypeKind::Struct { fields, .. } = &def.kind else {
            return None;
        };
        let field = fields.iter().find(|field| field.wire == segment)?;
        chain.push(field.clone());
        if let TypeRef::Named(next) = &field.ty {
            current = next.clone();
        }
    }
    Some(chain)
}

#[cfg(test)]
mod cursor_export_tests {
    use crate::{generate, Settings};

    /// A cursor-based export with the given `cursor` parameter schema and page fields.
    fn spec(cursor_schema: &str, page_fields: &str) -> String {
        format!(
            r#"openapi: 3.0.3
info: {{title: Cursor export, version: '1'}}
paths:
  /api/v2/incremental/users/cursor:
    get:
      operationId: ExportUsers
      x-zendesk-pagination: {{style: cursor-export, items: users}}
      parameters:
        - {{name: start_time, in: query, schema: {{type: integer, format: int64}}}}
        - {{name: cursor, in: query, schema: {cursor_schema}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [users]
                properties:
                  users: {{type: array, items: {{type: string}}}}
{page_fields}"#
        )
    }

    const PAGE_FIELDS: &str = "                  after_cursor: {type: string, nullable: true}\n                  end_of_stream: {type: boolean}\n";

    fn errors(text: &str) -> String {
        match generate(text, &Settings::default()) {
            Ok(_) => String::new(),
            Err(diagnostics) => diagnostics.to_string(),
        }
    }

    #[test]
    fn a_cursor_export_gets_a_paced_resumable_stream() {
        let generated = generate(&spec("{type: string}", PAGE_FIELDS), &Settings::default()).expect("generates");
        let operations = generated
            .files
            .iter()
            .find(|file| file.path == "src/operations.rs")
            .map(|file| file.contents.clone())
            .expect("operations.rs");
        assert!(operations.contains("impl CursorExportPage for models::"), "page impl");
        assert!(
            operations.contains("pub fn stream(self) -> CursorExport<'a, String>"),
            "stream"
        );
        assert!(
            operations.contains("builder.start_time = None;"),
            "later requests drop start_time"
        );
        assert!(
            operations.contains("wait_for_export_slot().await"),
            "every request is paced"
        );
    }

    #[test]
    fn a_cursor_export_needs_a_string_cursor_parameter() {
        let message = errors(&spec("{type: integer}", PAGE_FIELDS));
        assert!(
            message.contains("needs `cursor` to be an optional string parameter"),
            "{message}"
        );
    }

    #[test]
    fn a_cursor_export_needs_after_cursor_and_end_of_stream_in_the_page() {
        let message = errors(&spec("{type: string}", ""));
        assert!(message.contains("needs `end_of_stream` in page type"), "{message}");
        assert!(message.contains("needs `after_cursor` in page type"), "{message}");
    }
}
