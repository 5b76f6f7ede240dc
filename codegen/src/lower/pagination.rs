//! `x-zendesk-pagination`: parsed once into a typed value (unknown or misspelled
//! keys are errors, not silently ignored), then resolved against the page type: the
//! items field and the fields and parameters the runtime reads must exist, with the
//! types the runtime expects. The page types are decided here too ([`PageTypes`]): one
//! `Page` impl per type, so the operations sharing one must agree on what it reads.

use super::operations;
use crate::diagnostics::{child, Sink};
use crate::ir::{
    Field, Operation, PageField, PageSize, PageType, Pagination, PaginationStyle, ResponseShape, TypeDef, TypeKind,
    TypeRef,
};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The extension as written in the spec. Adding a style means a variant here and a
/// row in [`Requirements::of`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Extension {
    /// Which protocol the runtime follows.
    style: Style,
    /// The top-level array property of the page type that holds the items.
    items: String,
    /// For offset pagination: the most records the server pages through.
    #[serde(rename = "max-records", default)]
    max_records: Option<u64>,
}

/// The spellings of `style`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Style {
    Cursor,
    Offset,
    Time,
    /// The cursor-based incremental export (`after_cursor` until `end_of_stream`).
    #[serde(rename = "cursor-export")]
    CursorExport,
}

impl Style {
    fn ir(self) -> PaginationStyle {
        match self {
            Style::Cursor => PaginationStyle::Cursor,
            Style::Offset => PaginationStyle::Offset,
            Style::Time => PaginationStyle::Time,
            Style::CursorExport => PaginationStyle::CursorExport,
        }
    }
}

/// What the runtime's stream for one style reads from the page and takes as parameters.
struct Requirements {
    /// `(role, dotted path, type)` of each page field the runtime reads.
    fields: Vec<(PageField, &'static str, TypeRef)>,
    /// The parameter that must be present and required, if any.
    required_param: Option<&'static str>,
    /// Parameters that, when present, must be optional.
    optional_params: &'static [&'static str],
    /// Parameters the operation must declare; the first is the one the stream advances.
    needed_params: &'static [&'static str],
    /// The parameter that is a cursor (a string); the others are 64-bit integers.
    cursor_param: Option<&'static str>,
}

impl Requirements {
    fn of(style: Style) -> Self {
        let integer = TypeRef::Integer { int32: false };
        match style {
            // `page[size]` is needed because it is what asks for cursor pagination:
            // Zendesk answers a request without it with an offset page (no `meta`).
            Style::Cursor => Requirements {
                fields: vec![
                    (PageField::HasMore, "meta.has_more", TypeRef::Boolean),
                    (PageField::AfterCursor, "meta.after_cursor", TypeRef::String),
                ],
                required_param: None,
                optional_params: &["page[after]", "page[size]"],
                needed_params: &["page[after]", "page[size]"],
                cursor_param: Some("page[after]"),
            },
            Style::Offset => Requirements {
                fields: vec![(PageField::NextPage, "next_page", TypeRef::String)],
                required_param: None,
                optional_params: &["page", "per_page"],
                needed_params: &["page"],
                cursor_param: None,
            },
            Style::Time => Requirements {
                fields: vec![
                    (PageField::EndOfStream, "end_of_stream", TypeRef::Boolean),
                    (PageField::EndTime, "end_time", integer),
                    (PageField::NextPage, "next_page", TypeRef::String),
                ],
                required_param: Some("start_time"),
                optional_params: &["per_page"],
                needed_params: &["start_time"],
                cursor_param: None,
            },
            // Either `start_time` or a saved `cursor` starts it (a rule OpenAPI cannot
            // state), so all three are optional; the stream clears `start_time` once it
            // follows a cursor.
            Style::CursorExport => Requirements {
                fields: vec![
                    (PageField::EndOfStream, "end_of_stream", TypeRef::Boolean),
                    (PageField::AfterCursor, "after_cursor", TypeRef::String),
                ],
                required_param: None,
                optional_params: &["cursor", "start_time", "per_page"],
                needed_params: &["cursor"],
                cursor_param: Some("cursor"),
            },
        }
    }
}

/// Parses and resolves the extension of `operation`, adding what its page type's
/// `Page` impl must read to `page_types`; problems go to `sink`.
pub fn pagination(
    sink: &mut Sink,
    defs: &[TypeDef],
    operation: &Operation,
    extension: &serde_json::Value,
    page_types: &mut PageTypes,
) -> Option<Pagination> {
    let at = child(&operation.source, "x-zendesk-pagination");
    let extension: Extension = match serde_path_to_error::deserialize(extension) {
        Ok(parsed) => parsed,
        Err(error) => {
            let key = error.path().to_string();
            let pointer = if key == "." || key.is_empty() {
                at
            } else {
                child(&at, key)
            };
            sink.error(pointer, format!("invalid `x-zendesk-pagination`: {}", error.inner()));
            return None;
        }
    };
    let items = extension.items.as_str();
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
    let Some(items_chain) = field_chain(defs, page_type, items) else {
        sink.error(at, format!("page type `{page_type}` has no field `{items}`"));
        return None;
    };
    let items_field = items_chain.last().cloned()?;
    let TypeRef::Array(item_type) = items_field.ty.clone() else {
        sink.error(at, format!("`{items}` of `{page_type}` is not an array"));
        return None;
    };
    let style_name = match extension.style {
        Style::CursorExport => "cursor-export".to_string(),
        other => format!("{other:?}").to_lowercase(),
    };
    let requirements = Requirements::of(extension.style);
    let accessors = page_accessors(sink, defs, &at, page_type, &style_name, &requirements);
    check_params(sink, operation, &at, &style_name, &requirements);
    // The stream advances this parameter; its absence was reported above.
    let position_param = operations::param_name(operation, requirements.needed_params.first()?)?;
    let per_page_param = match extension.style {
        Style::Offset => operations::param_name(operation, "per_page"),
        _ => None,
    };
    let start_param = match extension.style {
        Style::CursorExport => operations::param_name(operation, "start_time"),
        _ => None,
    };
    let page_size = match extension.style {
        Style::Cursor => page_size(operation),
        _ => None,
    };
    page_types.add(
        sink,
        &at,
        &operation.id,
        PageType {
            name: page_type.clone(),
            items_field,
            item_type: (*item_type).clone(),
            accessors,
        },
    );
    Some(Pagination {
        style: extension.style.ir(),
        page_type: page_type.clone(),
        item_type: *item_type,
        max_records: extension.max_records,
        position_param,
        per_page_param,
        start_param,
        page_size,
    })
}

/// The page types of the paginated operations, merged as each operation is resolved.
#[derive(Debug, Default)]
pub struct PageTypes {
    /// Each page type by name, with the operation that first paged through it.
    by_name: BTreeMap<String, (PageType, String)>,
}

impl PageTypes {
    /// Adds what `operation` (its extension at `at`) reads from its page type. The
    /// accessors of every operation are merged; an items field other than the one an
    /// earlier operation named, or a page field read at another path, is an error: a
    /// type has one `Page` impl, and two would not compile.
    fn add(&mut self, sink: &mut Sink, at: &str, operation: &str, page: PageType) {
        let Some((known, first)) = self.by_name.get_mut(&page.name) else {
            self.by_name.insert(page.name.clone(), (page, operation.to_string()));
            return;
        };
        if known.items_field.wire != page.items_field.wire || known.item_type != page.item_type {
            sink.error(
                at,
                format!(
                    "page type `{}` holds its items in `{}` for operation `{first}` but in `{}` here: a page type has one `Page` impl, so every operation returning it must name the same `items` (or return a page type of its own)",
                    page.name, known.items_field.wire, page.items_field.wire
                ),
            );
            return;
        }
        for (role, chain) in page.accessors {
            match known.accessors.iter().find(|(known_role, _)| *known_role == role) {
                None => known.accessors.push((role, chain)),
                Some((_, known_chain)) if dotted(known_chain) != dotted(&chain) => sink.error(
                    at,
                    format!(
                        "page type `{}` is read at `{}` for operation `{first}` but at `{}` here, for the same page field: a page type has one `Page` impl, which reads each page field at one path",
                        page.name,
                        dotted(known_chain),
                        dotted(&chain)
                    ),
                ),
                Some(_) => {}
            }
        }
    }

    /// The page types, sorted by name, each with its accessors in [`PageField`] order.
    pub fn into_list(self) -> Vec<PageType> {
        self.by_name
            .into_values()
            .map(|(mut page, _)| {
                page.accessors.sort_by_key(|(role, _)| *role);
                page
            })
            .collect()
    }
}

/// The dotted wire path of a field chain (`meta.after_cursor`).
fn dotted(chain: &[Field]) -> String {
    chain
        .iter()
        .map(|field| field.wire.as_str())
        .collect::<Vec<_>>()
        .join(".")
}

/// Zendesk's largest cursor page for most endpoints (its pagination guide).
const CURSOR_PAGE_SIZE: i64 = 100;

/// The page size a cursor stream asks for when the caller sets none: 100, or the
/// parameter's `maximum` when that is lower. Sending it is what makes Zendesk answer
/// with cursor pages at all, so it is decided here once, not by each emitter.
fn page_size(operation: &Operation) -> Option<PageSize> {
    let param = operation.params.iter().find(|param| param.wire == "page[size]")?;
    let maximum = param
        .constraints
        .maximum
        .filter(|maximum| maximum.is_finite() && *maximum >= 1.0)
        .map_or(CURSOR_PAGE_SIZE, |maximum| maximum.floor() as i64);
    Some(PageSize {
        param: param.name.clone(),
        default: CURSOR_PAGE_SIZE.min(maximum),
    })
}

/// The field chains of the page fields the runtime reads, each checked for its type.
fn page_accessors(
    sink: &mut Sink,
    defs: &[TypeDef],
    at: &str,
    page_type: &str,
    style_name: &str,
    requirements: &Requirements,
) -> Vec<(PageField, Vec<Field>)> {
    let mut accessors = Vec::new();
    for (role, path, expected) in &requirements.fields {
        match field_chain(defs, page_type, path) {
            Some(chain) if chain.last().map(|field| &field.ty) == Some(expected) => accessors.push((*role, chain)),
            Some(_) => sink.error(
                at,
                format!("`{path}` of page type `{page_type}` must be of type {expected:?} for {style_name} pagination"),
            ),
            None => sink.error(
                at,
                format!("{style_name} pagination needs `{path}` in page type `{page_type}`"),
            ),
        }
    }
    accessors
}

/// The runtime's stream functions take the paging parameters with fixed types: the
/// cursor as an optional string, page numbers and times as 64-bit integers.
fn check_params(sink: &mut Sink, operation: &Operation, at: &str, style_name: &str, requirements: &Requirements) {
    for param in requirements.needed_params {
        if !operation.params.iter().any(|candidate| candidate.wire == *param) {
            sink.error(
                at,
                format!("{style_name} pagination needs the query parameter `{param}`"),
            );
        }
    }
    for param in &operation.params {
        let is_required_param = requirements.required_param == Some(param.wire.as_str());
        if !is_required_param && !requirements.optional_params.contains(&param.wire.as_str()) {
            continue;
        }
        let (expected, kind) = if requirements.cursor_param == Some(param.wire.as_str()) {
            (TypeRef::String, "string")
        } else {
            (TypeRef::Integer { int32: false }, "integer (int64)")
        };
        if param.ty != expected || param.required != is_required_param {
            let presence = if is_required_param { "a required" } else { "an optional" };
            sink.error(
                at,
                format!(
                    "{style_name} pagination needs `{}` to be {presence} {kind} parameter",
                    param.wire
                ),
            );
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
