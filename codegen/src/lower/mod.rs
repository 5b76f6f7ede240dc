//! Stage 4: the resolved, validated spec becomes the IR ([`crate::ir::Api`]).
//! Every Rust name is decided here, once.

mod examples;
mod finish;
mod forms;
mod operations;
mod pagination;
pub mod types;
mod untyped;

use crate::diagnostics::{Diagnostic, Sink};
use crate::ir::{Api, TypeDef, TypeKind, TypeRef};
use crate::load::Loaded;
use types::TypeLowerer;

/// Names emitted code uses unqualified (the std prelude of every edition up to 2024,
/// derive and trait names, `futures::Stream`): no model or builder may take them, or
/// it would shadow them. The runtime's own names are read from its sources
/// ([`crate::runtime_names`]).
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
    "TryFrom",
    "TryInto",
    "ToOwned",
    "FromIterator",
    "Extend",
    "AsMut",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "Future",
    "IntoFuture",
    "Stream",
    "Serialize",
    "Deserialize",
    "Self",
];

/// Lowers a loaded spec into the IR and returns it with every problem found. Lowering
/// goes on past a bad item (it becomes `serde_json::Value`, or is left out) so that
/// one run reports every problem; the IR is only usable when no error was reported.
pub fn lower(loaded: &Loaded) -> (Api, Vec<Diagnostic>) {
    let api = &loaded.api;
    let mut types = TypeLowerer::new(api, &loaded.raw, PRELUDE_NAMES);
    let mut examples = Vec::new();
    let pending = operations::lower_operations(&mut types, api, &mut examples);
    types.lower_remaining_components();
    let mut sink = std::mem::take(&mut types.sink);
    let mut defs = std::mem::take(&mut types.defs);
    check_alias_cycles(&mut sink, &defs);
    for (at, message) in finish::relax_required_cycles(&mut defs) {
        sink.warning(at, message);
    }
    finish::finish(&mut defs);
    check_union_cycles(&mut sink, &defs);
    let mut page_types = pagination::PageTypes::default();
    let operations = pending
        .into_iter()
        .map(|pending| {
            let mut operation = pending.operation;
            if let Some(extension) = pending.pagination {
                operation.pagination =
                    pagination::pagination(&mut sink, &defs, &operation, &extension, &mut page_types);
            }
            operations::decide_usage_note(&defs, &mut operation);
            operation
        })
        .collect::<Vec<_>>();
    let operations_use_models = operations::use_models(&operations);
    let operations_use_streams = operations::use_streams(&operations);
    let api = Api {
        title: api.info.title.clone(),
        version: api.info.version.clone(),
        description: api.info.description.clone(),
        types: defs,
        operations,
        page_types: page_types.into_list(),
        examples,
        operations_use_models,
        operations_use_streams,
    };
    (api, sink.into_items())
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
                    "schema is an array or map of itself, or names itself through `allOf` or `$ref` alone, which has no Rust type: wrap the items in an object schema with properties",
                );
            }
        }
    }
}

/// A union that contains itself with nothing in between (`Ok: {oneOf: [$ref: Ok,
/// ...]}`, or through other unions and aliases) would be an enum of infinite size,
/// and a member that is the union itself adds no value it could match: reported at
/// the union, with the chain. A `Vec`, a map or an object between them is fine.
fn check_union_cycles(sink: &mut Sink, defs: &[TypeDef]) {
    let by_name: std::collections::BTreeMap<&str, &TypeDef> = defs.iter().map(|def| (def.name.as_str(), def)).collect();
    /// The types `def` holds directly (union variants, an alias's target), by name.
    fn direct(def: &TypeDef) -> Vec<&str> {
        let held: Vec<&TypeRef> = match &def.kind {
            TypeKind::Union { variants, .. } => variants.iter().map(|variant| &variant.ty).collect(),
            TypeKind::Alias(target) => vec![target],
            _ => Vec::new(),
        };
        held.into_iter()
            .filter_map(|ty| match ty {
                TypeRef::Named(name) => Some(name.as_str()),
                _ => None,
            })
            .collect()
    }
    // Spec names where there are (`Some`, not its Rust name `SomeTypeInput`).
    let label = |name: &str| -> String {
        by_name
            .get(name)
            .and_then(|def| def.source.strip_prefix("#/components/schemas/"))
            .filter(|component| !component.contains('/'))
            .map(|component| component.replace("~1", "/").replace("~0", "~"))
            .unwrap_or_else(|| name.to_string())
    };
    let mut reported = std::collections::BTreeSet::new();
    for def in defs.iter().filter(|def| matches!(def.kind, TypeKind::Union { .. })) {
        // Depth-first search for a path back to `def` through unions and aliases.
        let mut stack: Vec<Vec<&str>> = vec![vec![def.name.as_str()]];
        let mut seen = std::collections::BTreeSet::new();
        while let Some(chain) = stack.pop() {
            let last = chain[chain.len() - 1];
            let Some(current) = by_name.get(last) else { continue };
            let mut found = None;
            for next in direct(current) {
                if next == def.name {
                    found = Some(next);
                    break;
                }
                if seen.insert(next) {
                    let mut longer = chain.clone();
                    longer.push(next);
                    stack.push(longer);
                }
            }
            if let Some(next) = found {
                let mut full = chain.clone();
                full.push(next);
                let full: Vec<String> = full.into_iter().map(label).collect();
                // A component split into `Name` and `NameInput` is reported once.
                if !reported.insert(def.source.clone()) {
                    break;
                }
                sink.error(
                    def.source.clone(),
                    format!(
                        "union contains itself with no object, array or map in between ({}): its Rust type would be infinite, and boxed, decoding it would try the member that leads back forever; remove that member",
                        full.join(" -> ")
                    ),
                );
                break;
            }
        }
    }
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
    fn a_cursor_export_gets_a_resumable_stream() {
        let generated = generate(&spec("{type: string}", PAGE_FIELDS), &Settings::default()).expect("generates");
        let operations = generated
            .files
            .iter()
            .find(|file| file.path == "src/operations.rs")
            .map(|file| file.contents.clone())
            .expect("operations.rs");
        assert!(operations.contains("impl Page for models::"), "page impl");
        assert!(
            operations.contains("fn end_of_stream(&self) -> Nullable<bool>"),
            "the page says where the export ends"
        );
        assert!(
            operations.contains("pub fn pages(self) -> CursorExport<'a, Response<models::"),
            "pages with their sideloads"
        );
        assert!(
            operations.contains("pub fn stream(self) -> CursorExport<'a, String>"),
            "stream"
        );
        assert!(
            operations.contains("builder.start_time = None;"),
            "later requests drop start_time"
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

#[cfg(test)]
mod page_type_tests {
    use crate::ir::PageField;
    use crate::{generate, lower_spec, Settings};
    use std::collections::BTreeMap;

    /// `ListUsers`, a cursor list of `UsersPage` reading its items from `users`, and a
    /// second operation `second` (YAML of one path item) returning the same page type.
    fn spec(second: &str) -> String {
        format!(
            r#"openapi: 3.0.3
info: {{title: Shared page type, version: '1'}}
paths:
  /api/v2/users:
    get:
      operationId: ListUsers
      x-zendesk-pagination: {{style: cursor, items: users}}
      parameters:
        - {{name: 'page[after]', in: query, schema: {{type: string}}}}
        - {{name: 'page[size]', in: query, schema: {{type: integer}}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/UsersPage'}}
{second}
components:
  schemas:
    UsersPage:
      type: object
      properties:
        users: {{type: array, items: {{type: string}}}}
        user_ids: {{type: array, items: {{type: integer}}}}
        meta:
          type: object
          properties:
            has_more: {{type: boolean}}
            after_cursor: {{type: string}}
        next_page: {{type: string, nullable: true}}
        after_cursor: {{type: string, nullable: true}}
        end_of_stream: {{type: boolean}}
"#
        )
    }

    /// `SearchUsers`, an offset list of `UsersPage` reading its items from `items`.
    fn offset_search(items: &str) -> String {
        format!(
            r#"  /api/v2/users/search:
    get:
      operationId: SearchUsers
      x-zendesk-pagination: {{style: offset, items: {items}}}
      parameters:
        - {{name: page, in: query, schema: {{type: integer}}}}
        - {{name: per_page, in: query, schema: {{type: integer}}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/UsersPage'}}"#
        )
    }

    const SEARCH_PAGINATION: &str = "#/paths/~1api~1v2~1users~1search/get/x-zendesk-pagination";

    /// The errors of `text`, as (pointer, message).
    fn errors(text: &str) -> Vec<(String, String)> {
        match lower_spec(text, &BTreeMap::new(), "spec.yaml") {
            Ok(_) => Vec::new(),
            Err(diagnostics) => diagnostics
                .items
                .into_iter()
                .map(|item| (item.pointer, item.message))
                .collect(),
        }
    }

    #[test]
    fn operations_sharing_a_page_type_share_one_page_impl_reading_what_each_style_needs() {
        let text = spec(&offset_search("users"));
        let (api, _) = lower_spec(&text, &BTreeMap::new(), "spec.yaml").expect("lowers");
        assert_eq!(api.page_types.len(), 1, "{:#?}", api.page_types);
        let page = &api.page_types[0];
        assert_eq!(page.name, "UsersPage");
        assert_eq!(page.items_field.wire, "users");
        let read: Vec<(PageField, String)> = page
            .accessors
            .iter()
            .map(|(role, chain)| {
                let path: Vec<&str> = chain.iter().map(|field| field.wire.as_str()).collect();
                (*role, path.join("."))
            })
            .collect();
        assert_eq!(
            read,
            [
                (PageField::AfterCursor, "meta.after_cursor".to_string()),
                (PageField::HasMore, "meta.has_more".to_string()),
                (PageField::NextPage, "next_page".to_string()),
            ]
        );
        let generated = generate(&text, &Settings::default()).expect("generates");
        let operations = generated
            .files
            .iter()
            .find(|file| file.path == "src/operations.rs")
            .map(|file| file.contents.clone())
            .expect("operations.rs");
        assert_eq!(operations.matches("impl Page for models::UsersPage").count(), 1);
    }

    #[test]
    fn operations_paging_one_page_type_through_other_items_are_refused_at_the_second() {
        let found = errors(&spec(&offset_search("user_ids")));
        assert!(
            found.iter().any(|(pointer, message)| pointer == SEARCH_PAGINATION
                && message.contains(
                    "page type `UsersPage` holds its items in `users` for operation `ListUsers` but in `user_ids` here"
                )),
            "{found:#?}"
        );
    }

    #[test]
    fn operations_reading_one_page_field_at_two_paths_are_refused_at_the_second() {
        let export = r#"  /api/v2/incremental/users/cursor:
    get:
      operationId: ExportUsers
      x-zendesk-pagination: {style: cursor-export, items: users}
      parameters:
        - {name: start_time, in: query, schema: {type: integer}}
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/UsersPage'}"#;
        let found = errors(&spec(export));
        assert!(
            found.iter().any(|(pointer, message)| pointer
                == "#/paths/~1api~1v2~1incremental~1users~1cursor/get/x-zendesk-pagination"
                && message.contains(
                    "page type `UsersPage` is read at `meta.after_cursor` for operation `ListUsers` but at `after_cursor` here"
                )),
            "{found:#?}"
        );
    }
}
