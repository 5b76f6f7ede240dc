//! The API surface the comparison works on: what a user of the generated crate
//! sees of each operation and type, derived from the IR. It reads only the IR
//! fields it needs (never destructures whole IR structs), so IR additions made for
//! new constructs do not disturb it; it matches every kind of the IR's enums by name
//! (no catch-all arm), so a new kind does not compile until the comparison knows it.
//! Types are printed by the emitters' own spelling ([`crate::emit::type_spelling`]),
//! so a report names a type exactly as the crate declares it.

use crate::emit::{field_spelling, type_spelling, WrittenIn};
use crate::ir::{Api, ParamLocation, Presence, ResponseShape, TypeKind, TypeRef};
use std::collections::BTreeMap;

/// The public surface of a generated crate, keyed by operationId and type name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Surface {
    /// Operations by `operationId`.
    pub operations: BTreeMap<String, OperationSurface>,
    /// Named types (models) by Rust name.
    pub types: BTreeMap<String, TypeSurface>,
}

/// What one operation looks like from the crate: a `Client` method and its builder.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationSurface {
    /// `Client` method name.
    pub method_name: String,
    /// Request builder type name.
    pub builder_name: String,
    /// HTTP method (`GET`).
    pub http_method: String,
    /// Path template.
    pub path: String,
    /// Path and query parameters by wire name.
    pub params: BTreeMap<String, ParamSurface>,
    /// The request body: its type and whether it is a method argument (required).
    pub body: Option<(TypeRef, bool)>,
    /// What `send()` returns: one body type, or the name of the per-status enum with its
    /// (status, variant, body) list.
    pub response: ResponseSurface,
}

/// The success response of an operation as the crate exposes it.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseSurface {
    /// `send()` returns this body type (`None`: no body).
    Single(Option<TypeRef>),
    /// `send()` returns the named enum with one variant per status.
    Multi(String, Vec<(u16, String, Option<TypeRef>)>),
}

/// One path or query parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamSurface {
    /// Rust name (argument or setter).
    pub name: String,
    /// True for a path parameter.
    pub in_path: bool,
    /// Required parameters are arguments of the `Client` method; others are setters.
    pub required: bool,
    /// Value type.
    pub ty: TypeRef,
}

/// One named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeSurface {
    /// A struct with pub fields (keyed by wire name) and an `extra` map.
    Struct {
        /// Declared fields by wire name.
        fields: BTreeMap<String, FieldSurface>,
        /// The value type of the `extra` map.
        extra: TypeRef,
    },
    /// A string or integer enum with a catch-all variant; values (as text) → variant names.
    Enum {
        /// Wire value (integers as decimal text) → Rust variant name.
        values: BTreeMap<String, String>,
    },
    /// A `oneOf`/`anyOf` enum: variant name → wrapped type.
    Union {
        /// Variant name → the type it wraps.
        variants: BTreeMap<String, TypeRef>,
    },
    /// `pub type Name = Target;`.
    Alias(TypeRef),
}

/// One struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldSurface {
    /// Rust name.
    pub name: String,
    /// Value type without the presence wrapper.
    pub ty: TypeRef,
    /// Absence and null handling, which decides the wrapper.
    pub presence: Presence,
    /// The value is boxed (`Box<T>`), because the type contains itself.
    pub boxed: bool,
}

impl TypeSurface {
    /// A word for the kind of type, as used in messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            TypeSurface::Struct { .. } => "struct",
            TypeSurface::Enum { .. } => "enum",
            TypeSurface::Union { .. } => "union enum",
            TypeSurface::Alias(_) => "type alias",
        }
    }

    /// True for a struct without required fields, which derives `Default`.
    pub fn has_default(&self) -> bool {
        match self {
            TypeSurface::Struct { fields, .. } => fields.values().all(|field| !is_required(field.presence)),
            TypeSurface::Enum { .. } | TypeSurface::Union { .. } | TypeSurface::Alias(_) => false,
        }
    }
}

/// True when a field must be on the wire (an argument of the type's `new`).
pub fn is_required(presence: Presence) -> bool {
    matches!(presence, Presence::Required | Presence::RequiredNullable)
}

/// Derives the surface of the crate generated from `api`.
pub fn surface_of(api: &Api) -> Surface {
    let mut surface = Surface::default();
    for operation in &api.operations {
        let params = operation
            .params
            .iter()
            .map(|param| {
                let surface = ParamSurface {
                    name: param.name.clone(),
                    in_path: param.location == ParamLocation::Path,
                    required: param.required,
                    ty: param.ty.clone(),
                };
                (param.wire.clone(), surface)
            })
            .collect();
        let response = match &operation.response {
            ResponseShape::Single { body, .. } => ResponseSurface::Single(body.clone()),
            ResponseShape::Multi { name, variants } => ResponseSurface::Multi(
                name.clone(),
                variants
                    .iter()
                    .map(|variant| (variant.status, variant.name.clone(), variant.body.clone()))
                    .collect(),
            ),
        };
        surface.operations.insert(
            operation.id.clone(),
            OperationSurface {
                method_name: operation.method_name.clone(),
                builder_name: operation.builder_name.clone(),
                http_method: operation.http_method.clone(),
                path: operation.path.clone(),
                params,
                body: operation.body.as_ref().map(|body| (body.ty.clone(), body.required)),
                response,
            },
        );
    }
    for def in &api.types {
        let kind = match &def.kind {
            TypeKind::Struct { fields, extra } => TypeSurface::Struct {
                fields: fields
                    .iter()
                    .map(|field| {
                        let surface = FieldSurface {
                            name: field.name.clone(),
                            ty: field.ty.clone(),
                            presence: field.presence,
                            boxed: field.boxed,
                        };
                        (field.wire.clone(), surface)
                    })
                    .collect(),
                extra: extra.value.clone(),
            },
            TypeKind::StringEnum { variants, .. } => TypeSurface::Enum {
                values: variants
                    .iter()
                    .map(|variant| (variant.value.clone(), variant.name.clone()))
                    .collect(),
            },
            TypeKind::IntegerEnum { variants, .. } => TypeSurface::Enum {
                values: variants
                    .iter()
                    .map(|variant| (variant.value.to_string(), variant.name.clone()))
                    .collect(),
            },
            TypeKind::Union { variants, .. } => TypeSurface::Union {
                variants: variants
                    .iter()
                    .map(|variant| (variant.name.clone(), variant.ty.clone()))
                    .collect(),
            },
            TypeKind::Alias(target) => TypeSurface::Alias(target.clone()),
        };
        surface.types.insert(def.name.clone(), kind);
    }
    surface
}

/// A type as `models.rs` writes it (models by bare name): struct `extra` maps, union
/// variants, aliases.
pub fn model_type(ty: &TypeRef) -> String {
    type_spelling(ty, WrittenIn::Models)
}

/// A type as the rest of the crate writes it (`models::User`): parameters, bodies,
/// responses.
pub fn crate_type(ty: &TypeRef) -> String {
    type_spelling(ty, WrittenIn::Crate)
}

/// The Rust type of a struct field as `models.rs` declares it.
pub fn field_type(field: &FieldSurface) -> String {
    field_spelling(&field.ty, field.presence, field.boxed)
}

/// Replaces named types per `renames` (old name → new name) throughout `ty`.
pub fn renamed(ty: &TypeRef, renames: &BTreeMap<String, String>) -> TypeRef {
    match ty {
        TypeRef::Named(name) => TypeRef::Named(renames.get(name).cloned().unwrap_or_else(|| name.clone())),
        TypeRef::Array(item) => TypeRef::Array(Box::new(renamed(item, renames))),
        TypeRef::Map(value) => TypeRef::Map(Box::new(renamed(value, renames))),
        TypeRef::String
        | TypeRef::Integer { .. }
        | TypeRef::Number
        | TypeRef::Boolean
        | TypeRef::DateTime
        | TypeRef::Json => ty.clone(),
    }
}
