//! Lowering of schemas to IR types. Component schemas keep their names; inline
//! objects, enums and unions are named from where they appear (`UserPhoto`,
//! `CreateOrUpdateUserRequest`). A component that has `readOnly` or `writeOnly`
//! properties and is used both in requests and responses becomes two types:
//! `Name` (responses) and `NameInput` (requests), so a request can never carry a
//! read-only field and a response never a write-only one.
//!
//! The lowerer is one [`TypeLowerer`] whose `impl` blocks are spread over this
//! folder by concern: its core and the choice of a named type's kind here; slots,
//! inline and anonymous schemas in `slots`; compositions in `compositions`; enums in
//! `enums`; structs in `structs`; unions in `unions`; the request/response
//! comparison in `differs`; what is read off a single schema in `facts`.

mod compositions;
mod differs;
mod enums;
mod facts;
mod slots;
mod structs;
mod unions;

use super::finish;
use super::untyped::{self, Shape};
use crate::diagnostics::{child, Sink};
use crate::ir::{Constraints, TypeDef, TypeKind, TypeRef};
use crate::naming::{self, Scope};
use crate::resolve::{component_schema_pointer, Resolver};
use facts::is_empty_any;
pub use facts::{constraints_of, doc_of};
use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};
use std::collections::BTreeMap;
use structs::ObjectView;

/// Which side of the wire a schema is used on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Context {
    /// In a request body or parameter: `readOnly` properties are left out.
    Request,
    /// In a response body: `writeOnly` properties are left out.
    Response,
}

/// A lowered schema: its type and whether `null` is allowed.
#[derive(Debug, Clone)]
pub struct Lowered {
    /// The Rust type.
    pub ty: TypeRef,
    /// `nullable: true` on the schema.
    pub nullable: bool,
    /// Limits from the schema.
    pub constraints: Constraints,
}

/// Lowers schemas into named types, remembering what it has already named.
pub struct TypeLowerer<'a> {
    resolver: Resolver<'a>,
    api: &'a OpenAPI,
    raw: &'a serde_json::Value,
    names: Scope,
    component_names: BTreeMap<String, String>,
    named: BTreeMap<(String, Option<Context>), String>,
    differs_memo: BTreeMap<String, bool>,
    /// Named types in the order they were created.
    pub defs: Vec<TypeDef>,
    /// Problems found so far.
    pub sink: Sink,
}

impl<'a> TypeLowerer<'a> {
    /// A lowerer for `api`; component schema names are claimed up front, in spec
    /// order, so they never depend on which operation mentions them first.
    pub fn new(api: &'a OpenAPI, raw: &'a serde_json::Value, reserved: &[&str]) -> Self {
        let mut names = Scope::with_reserved(reserved);
        let mut component_names = BTreeMap::new();
        if let Some(components) = &api.components {
            for name in components.schemas.keys() {
                let rust = names.claim(&naming::pascal(name), "Type");
                component_names.insert(name.clone(), rust);
            }
        }
        TypeLowerer {
            resolver: Resolver::new(api),
            api,
            raw,
            names,
            component_names,
            named: BTreeMap::new(),
            differs_memo: BTreeMap::new(),
            defs: Vec::new(),
            sink: Sink::default(),
        }
    }

    /// The resolver, for callers lowering operations.
    pub fn resolver(&self) -> &Resolver<'a> {
        &self.resolver
    }

    /// Claims a fresh type name (for response enums and other generated names).
    pub fn claim_name(&mut self, wanted: &str) -> String {
        self.names.claim(wanted, "Type")
    }

    /// Lowers every component schema that nothing else has lowered yet, so that
    /// each component exists as a type even if no operation uses it.
    pub fn lower_remaining_components(&mut self) {
        let Some(components) = &self.api.components else { return };
        for (name, slot) in &components.schemas {
            let already = self.named.keys().any(|(component, _)| component == name);
            if !already {
                self.lower_component(name, slot);
            }
        }
    }

    /// Lowers one component schema as if referenced from a response.
    fn lower_component(&mut self, name: &'a str, slot: &'a ReferenceOr<Schema>) {
        let at = component_schema_pointer(name);
        // Resolve through the component's own name so a cycle reads `A -> B -> A`.
        let schema = match self.resolver.component_schema(name, &at) {
            Ok(resolved) => resolved.schema,
            Err(error) => {
                self.sink.error(error.pointer, error.message);
                return;
            }
        };
        if matches!(slot, ReferenceOr::Reference { .. }) {
            // An alias component: its target is lowered under its own name.
            return;
        }
        let rust = self
            .component_names
            .get(name)
            .cloned()
            .unwrap_or_else(|| naming::pascal(name));
        let context = if self.differs(name) {
            Some(Context::Response)
        } else {
            None
        };
        self.named.insert((name.to_string(), context), rust.clone());
        let kind = self.lower_kind(schema, &at, Context::Response, &rust);
        let doc = doc_of(schema).unwrap_or_else(|| format!("The `{name}` schema."));
        self.defs.push(finish::type_def(rust, doc, kind, at));
    }

    /// The definition of a named type.
    pub(super) fn lower_kind(&mut self, schema: &'a Schema, at: &str, context: Context, name: &str) -> TypeKind {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                let values: Vec<String> = string.enumeration.iter().flatten().cloned().collect();
                self.check_distinct(at, &values);
                self.string_enum(schema, values)
            }
            SchemaKind::Type(Type::Integer(integer)) if !integer.enumeration.is_empty() => {
                let values: Vec<i64> = integer.enumeration.iter().flatten().copied().collect();
                self.check_distinct(at, &values);
                self.integer_enum(schema, at, values)
            }
            SchemaKind::Type(Type::Number(number)) if !number.enumeration.is_empty() => {
                self.sink
                    .error(at, "unsupported `enum` on a `number` schema: use strings or integers");
                TypeKind::Alias(TypeRef::Number)
            }
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                let views = vec![ObjectView::object(object, at, false)];
                self.struct_kind(&views, context, name)
            }
            SchemaKind::AllOf { all_of } if all_of.len() > 1 => {
                let mut views = Vec::new();
                self.collect_views(schema, at, false, "allOf", &mut views, 0);
                self.struct_kind(&views, context, name)
            }
            SchemaKind::AllOf { all_of: members }
            | SchemaKind::OneOf { one_of: members }
            | SchemaKind::AnyOf { any_of: members }
                if members.is_empty() =>
            {
                let keyword = match &schema.schema_kind {
                    SchemaKind::AllOf { .. } => "allOf",
                    SchemaKind::OneOf { .. } => "oneOf",
                    _ => "anyOf",
                };
                self.sink.error(
                    child(at, keyword),
                    format!("empty `{keyword}`: list at least one schema"),
                );
                TypeKind::Alias(TypeRef::Json)
            }
            SchemaKind::OneOf { one_of } => self.union_kind(schema, one_of, "oneOf", at, context, name),
            SchemaKind::AnyOf { any_of } => self.union_kind(schema, any_of, "anyOf", at, context, name),
            SchemaKind::Not { .. } => {
                self.sink.error(at, "unsupported schema keyword `not`");
                TypeKind::Alias(TypeRef::Json)
            }
            SchemaKind::Any(any) if untyped::has_composition(any) => self.composed_kind(schema, any, at, context, name),
            SchemaKind::Any(any) if !is_empty_any(any) => match untyped::classify(any, at, &mut self.sink) {
                Shape::String { values, .. } if !values.is_empty() => {
                    self.check_distinct(at, &values);
                    self.string_enum(schema, values)
                }
                Shape::Integer { values, .. } if !values.is_empty() => {
                    self.check_distinct(at, &values);
                    self.integer_enum(schema, at, values)
                }
                Shape::Object if !any.properties.is_empty() => {
                    let views = vec![ObjectView::any(any, at, false)];
                    self.struct_kind(&views, context, name)
                }
                _ => TypeKind::Alias(self.anonymous(schema, at, context, name).unwrap_or(TypeRef::Json)),
            },
            _ => match self.anonymous(schema, at, context, name) {
                Some(ty) => TypeKind::Alias(ty),
                None => {
                    self.sink.error(at, "unsupported schema: no keyword gives it a type");
                    TypeKind::Alias(TypeRef::Json)
                }
            },
        }
    }

    /// The raw JSON of the document, for extensions.
    pub fn raw(&self) -> &'a serde_json::Value {
        self.raw
    }
}
