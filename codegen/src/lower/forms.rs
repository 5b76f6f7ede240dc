//! Lowering of `multipart/form-data` bodies: each property of the form schema
//! becomes a field, the properties of a nested object flattened into bracketed
//! wire names (`user[photo][uploaded_data]`), files told from scalars.

use super::operations::{is_scalar, with_aliases_replaced_by_targets};
use super::types::{Context, TypeLowerer};
use crate::diagnostics::child;
use crate::ir::{FormField, FormFieldKind, Storage, TypeRef};
use crate::naming::{self, Scope};
use crate::resolve::{boxed_schema_node, Node};
use openapiv3::{Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

/// Where the form walk is: the bracketed wire name of the enclosing object, whether
/// every enclosing object is required, the name hint for inline types, and the
/// schemas of the enclosing objects (by pointer), so that an object that holds
/// itself is reported instead of flattened forever.
pub(super) struct FormWalk {
    pub(super) wire_prefix: Option<String>,
    pub(super) required: bool,
    pub(super) hint: String,
    pub(super) enclosing: Vec<String>,
}

/// The fields of a form schema: each property a field, the properties of a nested
/// object flattened into bracketed names (`user[photo][uploaded_data]`).
pub(super) fn form_fields<'a>(
    types: &mut TypeLowerer<'a>,
    scope: &mut Scope,
    slot: Node<'a, Schema>,
    at: &str,
    walk: &FormWalk,
    fields: &mut Vec<FormField>,
) {
    let resolved = match types.resolver().schema(slot, at) {
        Ok(resolved) => resolved,
        Err(error) => {
            types.sink.error(error.pointer, error.message);
            return;
        }
    };
    if walk.enclosing.contains(&resolved.pointer) {
        let wire = walk.wire_prefix.as_deref().unwrap_or_default();
        types.sink.error(
            at,
            format!("unsupported form field `{wire}`: its object holds itself (`{}`), so its bracketed field names never end; send it as JSON or cut the cycle", resolved.pointer),
        );
        return;
    }
    let SchemaKind::Type(Type::Object(object)) = &resolved.schema.schema_kind else {
        types.sink.error(
            resolved.pointer,
            "unsupported `multipart/form-data` schema: use an object whose properties are files (`format: binary`), scalars or nested objects",
        );
        return;
    };
    let properties_at = child(&resolved.pointer, "properties");
    for (property, property_slot) in &object.properties {
        let property_at = child(&properties_at, property);
        let wire = match &walk.wire_prefix {
            Some(prefix) => format!("{prefix}[{property}]"),
            None => property.clone(),
        };
        let required = walk.required && object.required.contains(property);
        let Ok(property_schema) = types.resolver().schema(boxed_schema_node(property_slot), &property_at) else {
            continue;
        };
        let doc = property_schema.schema.schema_data.description.clone();
        let kind = match &property_schema.schema.schema_kind {
            _ if is_binary(property_schema.schema) => FormFieldKind::File,
            SchemaKind::Type(Type::Array(array))
                if array.items.as_ref().is_some_and(|items| {
                    types
                        .resolver()
                        .schema(boxed_schema_node(items), &property_at)
                        .is_ok_and(|items| is_binary(items.schema))
                }) =>
            {
                FormFieldKind::Files
            }
            SchemaKind::Type(Type::Object(inner)) if !inner.properties.is_empty() => {
                let mut enclosing = walk.enclosing.clone();
                enclosing.push(resolved.pointer.clone());
                let nested = FormWalk {
                    wire_prefix: Some(wire),
                    required,
                    hint: format!("{}{}", walk.hint, naming::pascal(property)),
                    enclosing,
                };
                form_fields(
                    types,
                    scope,
                    boxed_schema_node(property_slot),
                    &property_at,
                    &nested,
                    fields,
                );
                continue;
            }
            _ => {
                let hint = format!("{}{}", walk.hint, naming::pascal(property));
                let lowered = types.lower_slot(boxed_schema_node(property_slot), &property_at, Context::Request, &hint);
                let ty = with_aliases_replaced_by_targets(types, lowered.ty);
                let scalar = match &ty {
                    TypeRef::Array(inner) => is_scalar(types, inner),
                    other => is_scalar(types, other),
                };
                if !scalar {
                    types.sink.error(
                        property_at,
                        format!("unsupported form field `{wire}`: use a file (`type: string, format: binary`), a scalar, a list of scalars or an object with properties"),
                    );
                    continue;
                }
                FormFieldKind::Text(ty)
            }
        };
        let storage = match &kind {
            FormFieldKind::Text(TypeRef::Array(_)) | FormFieldKind::Files => Storage::Collection,
            _ if required => Storage::Required,
            _ => Storage::Optional,
        };
        fields.push(FormField {
            name: naming::claim_snake(scope, &wire.replace(['[', ']'], "_")),
            wire,
            doc,
            storage,
            kind,
        });
    }
}

/// `type: string, format: binary`: a file.
fn is_binary(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Type(Type::String(string))
        if string.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary))
}
