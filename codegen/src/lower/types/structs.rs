//! Structs: one object schema's part of a struct ([`ObjectView`]) and the merge of
//! those parts into fields.

use super::facts::doc_of;
use super::{Context, TypeLowerer};
use crate::diagnostics::child;
use crate::ir::{Extra, Field, Presence, TypeKind, TypeRef};
use crate::lower::finish;
use crate::naming::{self, Scope};
use crate::resolve::{boxed_schema_node, schema_node};
use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, AnySchema, ObjectType, ReferenceOr, Schema};
use std::collections::BTreeSet;

/// One object schema's part of a struct: its properties, which of them are required,
/// its `additionalProperties`, and where it is written.
pub(super) struct ObjectView<'a> {
    properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &'a [String],
    additional: Option<&'a AdditionalProperties>,
    at: String,
    /// A member of an `anyOf`/`oneOf` merged into the struct: which member a value
    /// matches is not known, so all its properties are optional.
    optional: bool,
}

impl<'a> ObjectView<'a> {
    pub(super) fn object(object: &'a ObjectType, at: &str, optional: bool) -> Self {
        ObjectView {
            properties: &object.properties,
            required: &object.required,
            additional: object.additional_properties.as_ref(),
            at: at.to_string(),
            optional,
        }
    }

    pub(super) fn any(any: &'a AnySchema, at: &str, optional: bool) -> Self {
        ObjectView {
            properties: &any.properties,
            required: &any.required,
            additional: any.additional_properties.as_ref(),
            at: at.to_string(),
            optional,
        }
    }
}

impl<'a> TypeLowerer<'a> {
    /// A struct from one object schema, or from the object schemas of a composition,
    /// merged (see [`Self::collect_views`]).
    pub(super) fn struct_kind(&mut self, views: &[ObjectView<'a>], context: Context, name: &str) -> TypeKind {
        let mut fields: Vec<Field> = Vec::new();
        let mut scope = Scope::default();
        let mut extra_value: Option<TypeRef> = None;
        // Properties so far declared only by union members.
        let mut from_unions: BTreeSet<String> = BTreeSet::new();
        for view in views {
            if let (Some(AdditionalProperties::Schema(value)), false) = (view.additional, view.optional) {
                let lowered = self.lower_slot(
                    schema_node(value),
                    &child(&view.at, "additionalProperties"),
                    context,
                    &format!("{name}Value"),
                );
                extra_value = Some(lowered.ty);
            }
            for (wire, slot) in view.properties {
                let field_at = child(&child(&view.at, "properties"), wire);
                let property = match self.resolver.schema(boxed_schema_node(slot), &field_at) {
                    Ok(resolved) => resolved.schema,
                    Err(error) => {
                        self.sink.push(error);
                        continue;
                    }
                };
                // A `$ref` cannot carry siblings in OpenAPI 3.0, so read/write-only
                // comes from the referenced schema or from an `allOf` wrapper.
                let data = match slot {
                    ReferenceOr::Item(inline) => &inline.schema_data,
                    ReferenceOr::Reference { .. } => &property.schema_data,
                };
                if (data.read_only && context == Context::Request) || (data.write_only && context == Context::Response)
                {
                    continue;
                }
                let hint = format!("{name}{}", naming::pascal(wire));
                let lowered = self.lower_slot(boxed_schema_node(slot), &field_at, context, &hint);
                let required = !view.optional && view.required.contains(wire);
                let presence = match (required, lowered.nullable || data.nullable) {
                    (true, false) => Presence::Required,
                    (true, true) => Presence::RequiredNullable,
                    (false, false) => Presence::Optional,
                    (false, true) => Presence::OptionalNullable,
                };
                if let Some(existing) = fields.iter_mut().find(|field| &field.wire == wire) {
                    if view.optional {
                        // Union members that disagree on a property's type: any value is kept.
                        if from_unions.contains(wire) && existing.ty != lowered.ty {
                            existing.ty = TypeRef::Json;
                            existing.constraints = Default::default();
                        }
                        if lowered.nullable || data.nullable {
                            existing.presence = match existing.presence {
                                Presence::Required | Presence::RequiredNullable => Presence::RequiredNullable,
                                Presence::Optional | Presence::OptionalNullable => Presence::OptionalNullable,
                            };
                        }
                        continue;
                    }
                    // allOf repeats a property: the later member refines it.
                    from_unions.remove(wire);
                    existing.ty = lowered.ty;
                    existing.presence = presence;
                    existing.constraints = lowered.constraints;
                    if let Some(doc) = doc_of(property) {
                        existing.doc = Some(doc);
                    }
                    continue;
                }
                if view.optional {
                    from_unions.insert(wire.clone());
                }
                let name = naming::claim_snake(&mut scope, wire);
                fields.push(Field {
                    wire_rule: finish::wire_rule(&name, wire, presence),
                    accepted: finish::accepted_by_new(&lowered.ty, presence),
                    name,
                    wire: wire.clone(),
                    doc: doc_of(property),
                    ty: lowered.ty,
                    presence,
                    constraints: lowered.constraints,
                    // Decided once every type exists (`finish::finish`).
                    boxed: false,
                });
            }
            for wire in view.required {
                if !view.properties.contains_key(wire) && views.len() == 1 {
                    self.sink.error(
                        child(&view.at, "required"),
                        format!("required property `{wire}` is not declared in `properties`"),
                    );
                }
            }
        }
        // Merged members may have changed a field's presence: its wire rule follows.
        for field in &mut fields {
            field.wire_rule = finish::wire_rule(&field.name, &field.wire, field.presence);
            field.accepted = finish::accepted_by_new(&field.ty, field.presence);
        }
        let extra = Extra {
            field: scope.claim("extra", "_"),
            value: extra_value.unwrap_or(TypeRef::Json),
        };
        TypeKind::Struct { fields, extra }
    }
}
