//! Lowering of the schema in a slot (a property, an item, a parameter...): a
//! reference to a component, an inline schema that needs a name, or a scalar,
//! array or map that stays anonymous.

use super::facts::{constraints_of, doc_of, is_empty_any, string_type};
use super::{Context, Lowered, TypeLowerer};
use crate::diagnostics::child;
use crate::ir::{Constraints, TypeRef};
use crate::lower::finish;
use crate::lower::untyped::{self, Shape};
use crate::naming;
use crate::resolve::{boxed_schema_node, schema_node, Node};
use openapiv3::{AdditionalProperties, IntegerFormat, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};

impl<'a> TypeLowerer<'a> {
    /// Lowers the schema in `slot`, found at `at`, used in `context`. Inline types
    /// are named `hint`.
    pub fn lower_slot(&mut self, slot: Node<'a, Schema>, at: &str, context: Context, hint: &str) -> Lowered {
        let resolved = match self.resolver.schema(slot, at) {
            Ok(resolved) => resolved,
            Err(error) => {
                self.sink.error(error.pointer, error.message);
                return Lowered {
                    ty: TypeRef::Json,
                    nullable: true,
                    constraints: Constraints::default(),
                };
            }
        };
        let schema = resolved.schema;
        let constraints = constraints_of(schema);
        let nullable = schema.schema_data.nullable;
        let Some(component) = resolved.component else {
            // `allOf: [$ref]` is how OpenAPI 3.0 puts a description or `nullable` next to
            // a reference: it is the referenced type, nullable if either side says so.
            if let Some(member) = untyped::lone_all_of(schema) {
                let inner = self.lower_slot(schema_node(member), &format!("{at}/allOf/0"), context, hint);
                let constraints = if constraints.is_empty() {
                    inner.constraints
                } else {
                    constraints
                };
                return Lowered {
                    ty: inner.ty,
                    nullable: nullable || inner.nullable,
                    constraints,
                };
            }
            let ty = self.lower_inline(schema, at, context, hint);
            return Lowered {
                ty,
                nullable,
                constraints,
            };
        };
        // Plain scalars and arrays behind a reference lower to the same thing inline
        // would, but named components always become named types so users see them.
        let effective = if self.differs(component) { Some(context) } else { None };
        let key = (component.to_string(), effective);
        if let Some(name) = self.named.get(&key) {
            return Lowered {
                ty: TypeRef::Named(name.clone()),
                nullable,
                constraints,
            };
        }
        let base = self
            .component_names
            .get(component)
            .cloned()
            .unwrap_or_else(|| naming::pascal(component));
        let name = match effective {
            Some(Context::Request) => self.names.claim(&format!("{base}Input"), ""),
            _ => base,
        };
        self.named.insert(key, name.clone());
        let kind = self.lower_kind(schema, &resolved.pointer, context, &name);
        let doc = doc_of(schema).unwrap_or_else(|| format!("The `{component}` schema."));
        self.defs
            .push(finish::type_def(name.clone(), doc, kind, resolved.pointer));
        Lowered {
            ty: TypeRef::Named(name),
            nullable,
            constraints,
        }
    }

    /// Lowers an inline schema: scalars and arrays stay anonymous, everything else
    /// becomes a named type called `hint`.
    fn lower_inline(&mut self, schema: &'a Schema, at: &str, context: Context, hint: &str) -> TypeRef {
        if let Some(ty) = self.anonymous(schema, at, context, hint) {
            return ty;
        }
        let name = self.names.claim(hint, "Type");
        let kind = self.lower_kind(schema, at, context, &name);
        let doc = doc_of(schema).unwrap_or_else(|| format!("Inline schema at `{at}`."));
        self.defs
            .push(finish::type_def(name.clone(), doc, kind, at.to_string()));
        TypeRef::Named(name)
    }

    /// The type of schemas that need no name of their own, or `None`.
    pub(super) fn anonymous(&mut self, schema: &'a Schema, at: &str, context: Context, hint: &str) -> Option<TypeRef> {
        if let Some(member) = untyped::lone_all_of(schema) {
            let lowered = self.lower_slot(schema_node(member), &format!("{at}/allOf/0"), context, hint);
            return Some(lowered.ty);
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if string.enumeration.is_empty() => {
                Some(string_type(&string.format))
            }
            SchemaKind::Type(Type::Integer(integer)) if integer.enumeration.is_empty() => Some(TypeRef::Integer {
                int32: matches!(integer.format, VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32)),
            }),
            SchemaKind::Type(Type::Number(number)) if number.enumeration.is_empty() => Some(TypeRef::Number),
            SchemaKind::Type(Type::Boolean(_)) => Some(TypeRef::Boolean),
            SchemaKind::Type(Type::Array(array)) => Some(self.array_items(array.items.as_ref(), at, context, hint)),
            SchemaKind::Type(Type::Object(object)) if object.properties.is_empty() => {
                Some(self.map_of(object.additional_properties.as_ref(), at, context, hint))
            }
            SchemaKind::Any(any) if is_empty_any(any) => Some(TypeRef::Json),
            SchemaKind::Any(any) if !untyped::has_composition(any) => {
                match untyped::classify(any, at, &mut self.sink) {
                    Shape::String { date_time, values } if values.is_empty() => {
                        Some(if date_time { TypeRef::DateTime } else { TypeRef::String })
                    }
                    Shape::Integer { int32, values } if values.is_empty() => Some(TypeRef::Integer { int32 }),
                    Shape::Number => Some(TypeRef::Number),
                    Shape::Boolean => Some(TypeRef::Boolean),
                    Shape::Array(items) => Some(self.array_items(items, at, context, hint)),
                    Shape::Object if any.properties.is_empty() => {
                        Some(self.map_of(any.additional_properties.as_ref(), at, context, hint))
                    }
                    Shape::Invalid => Some(TypeRef::Json),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn array_items(
        &mut self,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        at: &str,
        context: Context,
        hint: &str,
    ) -> TypeRef {
        match items {
            Some(items) => {
                let lowered = self.lower_slot(
                    boxed_schema_node(items),
                    &child(at, "items"),
                    context,
                    &format!("{hint}Item"),
                );
                TypeRef::Array(Box::new(lowered.ty))
            }
            None => {
                self.sink.warning(
                    at,
                    "array schema without `items`: its elements are read as any json value",
                );
                TypeRef::Array(Box::new(TypeRef::Json))
            }
        }
    }

    fn map_of(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        at: &str,
        context: Context,
        hint: &str,
    ) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(value)) => {
                let lowered = self.lower_slot(
                    schema_node(value),
                    &child(at, "additionalProperties"),
                    context,
                    &format!("{hint}Value"),
                );
                TypeRef::Map(Box::new(lowered.ty))
            }
            _ => TypeRef::Map(Box::new(TypeRef::Json)),
        }
    }
}
