//! Stage 4: the resolved, validated spec becomes the IR ([`crate::ir::Api`]).
//! Every Rust name is decided here, once.

mod keywords;
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
            operation
        })
        .collect();
    let api = Api {
        title: api.info.title.clone(),
        version: api.info.version.clone(),
        description: api.info.description.clone(),
        types: defs,
        operations,
        examples,
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
