//! Stage 4: the resolved, validated spec becomes the IR ([`crate::ir::Api`]).
//! Every Rust name is decided here, once.

mod keywords;
pub mod layout;
mod operations;
mod pagination;
pub mod types;

use crate::diagnostics::{Diagnostic, Sink};
use crate::ir::{Api, TypeDef, TypeKind, TypeRef};
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
    let defs = std::mem::take(&mut types.defs);
    check_alias_cycles(&mut sink, &defs);
    let operations = pending
        .into_iter()
        .map(|pending| {
            let mut operation = pending.operation;
            if let Some(extension) = pending.pagination {
                operation.pagination = pagination::pagination(&mut sink, &defs, &operation, &extension);
            }
            operations::decide_pacing(&mut operation);
            operations::decide_helper(&defs, &mut operation);
            operation
        })
        .collect::<Vec<_>>();
    let operations_use_models = operations::use_models(&operations);
    let operations_use_streams = operations::use_streams(&operations);
    let layouts = layout::decide(&defs);
    let api = Api {
        title: api.info.title.clone(),
        version: api.info.version.clone(),
        description: api.info.description.clone(),
        types: defs,
        operations,
        examples,
        operations_use_models,
        operations_use_streams,
        layouts,
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
                    "schema is an array or map of itself, which has no Rust type: wrap the items in an object schema",
                );
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
    fn a_cursor_export_gets_a_paced_resumable_stream() {
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
        assert!(
            operations.contains("wait_for_export_slot(self.client).await"),
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
