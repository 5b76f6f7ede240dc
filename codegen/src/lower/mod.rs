//! Stage 4: the resolved, validated spec becomes the IR ([`crate::ir::Api`]).
//! Every Rust name is decided here, once.

pub mod layout;
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
            operation
        })
        .collect();
    let layouts = layout::decide(&defs);
    sink.finish(Api {
        title: api.info.title.clone(),
        version: api.info.version.clone(),
        description: api.info.description.clone(),
        types: defs,
        operations,
        examples,
        layouts,
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
        let expected = if param.wire == "page[after]" { &string } else { &integer };
        if &param.ty != expected || param.required != is_required_param {
            let kind = if param.wire == "page[after]" {
                "string"
            } else {
                "integer (int64)"
            };
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
    Some(Pagination {
        style,
        page_type: page_type.clone(),
        items_field,
        item_type: *item_type,
        accessors,
        max_records,
    })
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
