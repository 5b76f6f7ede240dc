//! Schemas that `openapiv3` cannot type (`SchemaKind::Any`): keywords of several
//! kinds side by side, as Zendesk's published description writes them. Each is read
//! with a stated meaning; a keyword that has no meaning for the schema's type is
//! ignored with a warning at that keyword, and only what has no reading at all
//! (an enum value of another type, an unknown `type`) is an error.
//!
//! | written | read as | reported |
//! |---|---|---|
//! | `required`/`properties`/`additionalProperties` on `type: string` (or another scalar) | the scalar | warning per keyword |
//! | `additionalProperties` (or another object keyword) on `type: array` | the array | warning per keyword |
//! | `properties` (or `additionalProperties`) without `type` | an object | warning |
//! | `items` without `type` | an array | warning |
//! | `type: object` beside `allOf`/`anyOf`/`oneOf` | the composition | nothing: it is redundant |
//! | `additionalProperties: true` beside `anyOf`/`oneOf` | the union (every object keeps undeclared properties anyway) | nothing |
//! | `properties` beside `anyOf`/`oneOf`, or a union inside `allOf` | one struct: see [`super::types`] | nothing |

use crate::diagnostics::{child, Sink};
use openapiv3::{AnySchema, ReferenceOr, Schema, SchemaKind};

/// What a keyword belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    Object,
    Array,
    Text,
    Numeric,
    /// `format` and `enum`: any scalar.
    Scalar,
}

/// The type-specific keywords present on `any`, in a fixed order.
fn present(any: &AnySchema) -> Vec<(&'static str, Group)> {
    let candidates = [
        ("properties", Group::Object, !any.properties.is_empty()),
        ("required", Group::Object, !any.required.is_empty()),
        (
            "additionalProperties",
            Group::Object,
            any.additional_properties.is_some(),
        ),
        ("minProperties", Group::Object, any.min_properties.is_some()),
        ("maxProperties", Group::Object, any.max_properties.is_some()),
        ("items", Group::Array, any.items.is_some()),
        ("minItems", Group::Array, any.min_items.is_some()),
        ("maxItems", Group::Array, any.max_items.is_some()),
        ("uniqueItems", Group::Array, any.unique_items.is_some()),
        ("pattern", Group::Text, any.pattern.is_some()),
        ("minLength", Group::Text, any.min_length.is_some()),
        ("maxLength", Group::Text, any.max_length.is_some()),
        ("minimum", Group::Numeric, any.minimum.is_some()),
        ("maximum", Group::Numeric, any.maximum.is_some()),
        ("multipleOf", Group::Numeric, any.multiple_of.is_some()),
        ("exclusiveMinimum", Group::Numeric, any.exclusive_minimum.is_some()),
        ("exclusiveMaximum", Group::Numeric, any.exclusive_maximum.is_some()),
        ("format", Group::Scalar, any.format.is_some()),
        ("enum", Group::Scalar, !any.enumeration.is_empty()),
    ];
    candidates
        .into_iter()
        .filter(|(_, _, is_present)| *is_present)
        .map(|(keyword, group, _)| (keyword, group))
        .collect()
}

/// How a schema without composition keywords is read.
pub enum Shape<'a> {
    /// A string, an enum when `values` is not empty.
    String {
        /// `format: date-time` makes it a timestamp.
        date_time: bool,
        /// Enum values.
        values: Vec<String>,
    },
    /// An integer, an enum when `values` is not empty.
    Integer {
        /// `format: int32`.
        int32: bool,
        /// Enum values.
        values: Vec<i64>,
    },
    /// A number.
    Number,
    /// A boolean.
    Boolean,
    /// An array of `items` (`serde_json::Value` without them).
    Array(Option<&'a ReferenceOr<Box<Schema>>>),
    /// An object: `properties`, `required` and `additionalProperties` of the schema.
    Object,
    /// No reading: an error was reported.
    Invalid,
}

/// True when the schema has `allOf`, `anyOf` or `oneOf`.
pub fn has_composition(any: &AnySchema) -> bool {
    !any.all_of.is_empty() || !any.any_of.is_empty() || !any.one_of.is_empty()
}

/// The single member of `allOf: [X]` written with nothing else that shapes the value
/// (a redundant `type: object`, a description, `nullable`): the schema is `X`.
pub fn lone_all_of(schema: &Schema) -> Option<&ReferenceOr<Schema>> {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } if all_of.len() == 1 => all_of.first(),
        SchemaKind::Any(any)
            if any.all_of.len() == 1
                && any.any_of.is_empty()
                && any.one_of.is_empty()
                && any.not.is_none()
                && matches!(any.typ.as_deref(), None | Some("object"))
                && present(any).is_empty() =>
        {
            any.all_of.first()
        }
        _ => None,
    }
}

/// Reads a schema that has no composition keywords; warnings and errors go to `sink`.
pub fn classify<'a>(any: &'a AnySchema, at: &str, sink: &mut Sink) -> Shape<'a> {
    if any.not.is_some() {
        sink.error(child(at, "not"), "unsupported schema keyword `not`");
        return Shape::Invalid;
    }
    let keywords = present(any);
    let typ = match any.typ.as_deref() {
        Some(typ) => typ,
        None => return untyped(any, at, &keywords, sink),
    };
    let allowed: &[Group] = match typ {
        "string" => &[Group::Text, Group::Scalar],
        "integer" | "number" => &[Group::Numeric, Group::Scalar],
        "boolean" => &[Group::Scalar],
        "array" => &[Group::Array],
        "object" => &[Group::Object],
        other => {
            sink.error(
                child(at, "type"),
                format!("unsupported `type: {other}`: expected string, integer, number, boolean, array or object"),
            );
            return Shape::Invalid;
        }
    };
    for (keyword, group) in &keywords {
        if !allowed.contains(group) {
            sink.warning(
                child(at, keyword),
                format!("`{keyword}` does not apply to a `type: {typ}` schema: it is ignored"),
            );
        }
    }
    let format = any.format.as_deref();
    match typ {
        "string" => match enum_values(any, at, "a string", serde_json::Value::as_str, sink) {
            Some(values) => Shape::String {
                date_time: format == Some("date-time"),
                values: values.into_iter().map(str::to_string).collect(),
            },
            None => Shape::Invalid,
        },
        "integer" => match enum_values(any, at, "an integer", serde_json::Value::as_i64, sink) {
            Some(values) => Shape::Integer {
                int32: format == Some("int32"),
                values,
            },
            None => Shape::Invalid,
        },
        "number" if !any.enumeration.is_empty() => {
            sink.error(at, "unsupported `enum` on a `number` schema: use strings or integers");
            Shape::Invalid
        }
        "number" => Shape::Number,
        "boolean" => Shape::Boolean,
        "array" => {
            if any.items.is_none() {
                sink.warning(
                    at,
                    "array schema without `items`: its elements are read as any json value",
                );
            }
            Shape::Array(any.items.as_ref())
        }
        _ => Shape::Object,
    }
}

/// A schema without `type`: object keywords make it an object, array keywords an array.
fn untyped<'a>(any: &'a AnySchema, at: &str, keywords: &[(&'static str, Group)], sink: &mut Sink) -> Shape<'a> {
    let first_of = |wanted: Group| {
        keywords
            .iter()
            .find(|(_, group)| *group == wanted)
            .map(|(keyword, _)| *keyword)
    };
    match (first_of(Group::Object), first_of(Group::Array)) {
        (Some(object), Some(array)) => {
            sink.error(
                at,
                format!("schema has both `{object}` and `{array}` but no `type`: add `type: object` or `type: array`"),
            );
            Shape::Invalid
        }
        (Some(object), None) => {
            sink.warning(
                child(at, object),
                format!("`{object}` without `type: object`: the schema is read as an object"),
            );
            Shape::Object
        }
        (None, Some(array)) => {
            sink.warning(
                child(at, array),
                format!("`{array}` without `type: array`: the schema is read as an array"),
            );
            Shape::Array(any.items.as_ref())
        }
        (None, None) => {
            let keyword = keywords.first().map(|(keyword, _)| *keyword).unwrap_or("type");
            sink.error(
                child(at, keyword),
                format!("`{keyword}` without a `type`: add the `type` the value has"),
            );
            Shape::Invalid
        }
    }
}

/// The enum values as `T`, or `None` (with an error) when one is of another type.
/// `null` is allowed: it is how a nullable enum lists the null value.
fn enum_values<'a, T>(
    any: &'a AnySchema,
    at: &str,
    expected: &str,
    read: impl Fn(&'a serde_json::Value) -> Option<T>,
    sink: &mut Sink,
) -> Option<Vec<T>> {
    let mut values = Vec::new();
    for (index, value) in any.enumeration.iter().enumerate() {
        if value.is_null() {
            continue;
        }
        match read(value) {
            Some(read) => values.push(read),
            None => {
                sink.error(
                    child(&child(at, "enum"), index),
                    format!("enum value `{value}` is not {expected}, as `type` says"),
                );
                return None;
            }
        }
    }
    Some(values)
}
