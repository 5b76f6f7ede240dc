//! Facts read off a single schema: its Rust scalar type, its doc text, its limits,
//! whether it is the empty schema, and string-list extensions.

use crate::ir::{Constraints, TypeRef};
use openapiv3::{Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

pub(super) fn string_type(format: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        _ => TypeRef::String,
    }
}

pub(super) fn is_empty_any(any: &openapiv3::AnySchema) -> bool {
    any == &openapiv3::AnySchema::default()
}

/// Limits the client checks before sending.
pub fn constraints_of(schema: &Schema) -> Constraints {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Array(array)) => Constraints {
            min_items: array.min_items,
            max_items: array.max_items,
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Integer(integer)) => Constraints {
            minimum: integer.minimum.map(|value| value as f64),
            maximum: integer.maximum.map(|value| value as f64),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Number(number)) => Constraints {
            minimum: number.minimum,
            maximum: number.maximum,
            ..Constraints::default()
        },
        _ => Constraints::default(),
    }
}

/// The doc text of a schema: title and description joined.
pub fn doc_of(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    match (&data.title, &data.description) {
        (Some(title), Some(description)) => Some(format!("{title}\n\n{description}")),
        (Some(text), None) | (None, Some(text)) => Some(text.clone()),
        (None, None) => None,
    }
}

pub(super) fn string_list(schema: &Schema, extension: &str) -> Vec<String> {
    schema
        .schema_data
        .extensions
        .get(extension)
        .and_then(|value| value.as_array())
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}
