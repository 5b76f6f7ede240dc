//! Emits `src/models.rs`: one Rust type per IR type, plus one enum per
//! operation that documents several success statuses.
//!
//! Each type's code is in one place, in this order: its definition (fields or
//! variants, with their docs), then its wire table (one `__private::wire_struct!`,
//! `string_enum!` or `integer_enum!` line, which the runtime expands into the
//! constructor, `Serialize`, `Deserialize` and string conversions), then its
//! conversions and checks. Types come in the IR's order: the order lowering first
//! meets them (operations in spec order, then components nothing used). Every
//! decision that involves other types (boxing, `validate()`, `From` impls) is read
//! from [`crate::ir::TypeLayout`]; this module only prints.

use super::common::{clean_doc, doc_attrs, field_type, ident, raw_doc_attrs, type_tokens, WrittenIn};
use crate::ir::{
    Api, Constraints, Discriminator, EnumVariant, Extra, Field, Presence, ResponseShape, TypeDef, TypeKind, TypeLayout,
    TypeRef, UnionVariant,
};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::collections::BTreeSet;

/// The tokens of `models.rs`.
pub fn emit_models(api: &Api) -> TokenStream {
    let validated: BTreeSet<String> = api
        .layouts
        .iter()
        .filter(|(_, layout)| layout.validated)
        .map(|(name, _)| name.clone())
        .collect();
    let no_layout = TypeLayout::default();
    let types = api.types.iter().map(|def| {
        let layout = api.layouts.get(&def.name).unwrap_or(&no_layout);
        emit_type(def, layout, &validated)
    });
    let responses = api.operations.iter().filter_map(|operation| match &operation.response {
        ResponseShape::Multi { name, variants } => {
            let name = ident(name);
            let method = &operation.method_name;
            let doc = raw_doc_attrs(&format!(
                "The documented success responses of [`Client::{method}`](crate::Client::{method}), one variant per status."
            ));
            let variants = variants.iter().map(|variant| {
                let doc = raw_doc_attrs(&format!("`{}`: {}", variant.status, clean_doc(&variant.doc)));
                let variant_name = ident(&variant.name);
                match &variant.body {
                    Some(body) => {
                        let body = type_tokens(body, WrittenIn::Models);
                        quote!(#doc #variant_name(#body))
                    }
                    None => quote!(#doc #variant_name),
                }
            });
            Some(quote! {
                #doc
                #[derive(Debug, Clone, PartialEq)]
                #[allow(clippy::large_enum_variant)]
                pub enum #name { #(#variants,)* }
            })
        }
        ResponseShape::Single { .. } => None,
    });
    quote! {
        //! The types of the Zendesk Users API: request and response bodies and the
        //! enums they use. Every object keeps the properties it does not declare in
        //! its `extra` map, so decoding and re-encoding a payload loses nothing.
        //!
        //! Each type is followed by its wire table (`__private::wire_struct!` and
        //! friends), which the runtime expands into `new`, `Serialize` and
        //! `Deserialize`. Types appear in the order the spec first uses them.
        // Not every spec needs the runtime's plumbing in its models.
        #[allow(unused_imports)]
        use crate::__private;
        #(#types)*
        #(#responses)*
    }
}

fn emit_type(def: &TypeDef, layout: &TypeLayout, validated: &BTreeSet<String>) -> TokenStream {
    match &def.kind {
        TypeKind::Struct { fields, extra } => emit_struct(def, fields, extra, layout, validated),
        TypeKind::StringEnum { variants, catch_all } => {
            let values = variants.iter().map(|variant| variant.value.as_str());
            emit_enum(def, variants, catch_all, false, values)
        }
        TypeKind::IntegerEnum { variants, catch_all } => {
            let values = variants.iter().map(|variant| Literal::i64_unsuffixed(variant.value));
            emit_enum(def, variants, catch_all, true, values)
        }
        TypeKind::Union {
            variants,
            discriminator,
        } => emit_union(def, variants, discriminator.as_ref(), layout, validated),
        TypeKind::Alias(target) => {
            let doc = doc_attrs(&def.doc);
            let name = ident(&def.name);
            let target = type_tokens(target, WrittenIn::Models);
            quote!(#doc pub type #name = #target;)
        }
    }
}

/// A string or integer enum: the definition, then its wire table.
fn emit_enum<V: std::fmt::Display, W: quote::ToTokens>(
    def: &TypeDef,
    variants: &[EnumVariant<V>],
    catch_all: &str,
    integer: bool,
    values: impl Iterator<Item = W>,
) -> TokenStream {
    let doc = doc_attrs(&def.doc);
    let name = ident(&def.name);
    let catch_all = ident(catch_all);
    let variant_docs = variants
        .iter()
        .map(|variant| doc_attrs(&variant.doc.clone().unwrap_or_else(|| format!("`{}`", variant.value))));
    let names: Vec<_> = variants.iter().map(|variant| ident(&variant.name)).collect();
    // Integer enums are small values; string enums hold a `String` in the catch-all.
    let (copy, catch_all_type, table_macro) = if integer {
        (quote!(Copy,), quote!(i64), quote!(integer_enum))
    } else {
        (TokenStream::new(), quote!(String), quote!(string_enum))
    };
    quote! {
        #doc
        #[derive(Debug, Clone, #copy PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variant_docs #names,)*
            /// A value this version of the client does not know, kept exactly as received.
            #catch_all(#catch_all_type),
        }
        __private::#table_macro!(#name { #(#names = #values),* } #catch_all);
    }
}

/// A struct: the definition, its wire table, then `From` (for an envelope) and `validate`.
fn emit_struct(
    def: &TypeDef,
    fields: &[Field],
    extra: &Extra,
    layout: &TypeLayout,
    validated: &BTreeSet<String>,
) -> TokenStream {
    let doc = doc_attrs(&def.doc);
    let name = ident(&def.name);
    let boxed = |index: usize| layout.boxed_fields.get(index).copied().unwrap_or(false);
    let declared = fields.iter().enumerate().map(|(index, field)| {
        let field_name = ident(&field.name);
        let ty = field_type(&field.ty, field.presence, boxed(index), WrittenIn::Models);
        let doc = doc_attrs(
            field
                .doc
                .as_deref()
                .unwrap_or(&format!("The `{}` property.", field.wire)),
        );
        quote!(#doc pub #field_name: #ty,)
    });
    let extra_name = ident(&extra.field);
    let extra_type = type_tokens(&TypeRef::Map(Box::new(extra.value.clone())), WrittenIn::Models);
    let has_required = fields.iter().any(|field| is_required(field.presence));
    let derive_default = if has_required {
        TokenStream::new()
    } else {
        quote!(Default,)
    };
    let table = fields
        .iter()
        .enumerate()
        .map(|(index, field)| table_entry(field, boxed(index)));
    let envelope = if layout.wraps_single_field {
        envelope_from(&name, fields)
    } else {
        TokenStream::new()
    };
    let validate = if layout.validated {
        let checks = fields.iter().filter_map(|field| field_checks(field, validated));
        quote! {
            impl #name {
                #[doc(hidden)]
                pub fn validate(&self, operation: &'static str, path: &str) -> Result<(), crate::Error> {
                    #(#checks)*
                    Ok(())
                }
            }
        }
    } else {
        TokenStream::new()
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #derive_default)]
        pub struct #name {
            #(#declared)*
            /// Properties the spec does not declare, kept so that re-encoding loses nothing.
            pub #extra_name: #extra_type,
        }
        __private::wire_struct!(#name { #(#table),* } #extra_name);
        #envelope
        #validate
    }
}

fn is_required(presence: Presence) -> bool {
    matches!(presence, Presence::Required | Presence::RequiredNullable)
}

/// One entry of a struct's wire table: `name`, `name = "wire"`, or for a
/// required property the type `new` takes (`name: i64`). A required string is
/// taken as `impl Into<String>`; a required-nullable property as an `Option`, so
/// `new` never writes a `null` the caller did not ask for. Other types are taken
/// exactly, so `new(iter.collect())` still infers its collection.
fn table_entry(field: &Field, boxed: bool) -> TokenStream {
    let field_name = ident(&field.name);
    let argument = match new_argument(field, boxed) {
        Some(ty) => quote!(: #ty),
        None => TokenStream::new(),
    };
    let wire = if field.name == field.wire && !crate::naming::is_raw_keyword(&field.name) {
        TokenStream::new()
    } else {
        let wire = &field.wire;
        quote!(= #wire)
    };
    quote!(#field_name #argument #wire)
}

/// The type `new` takes a field as (see [`table_entry`]), `None` for a field `new`
/// leaves absent. The public API listing shows `new` with these arguments.
pub(super) fn new_argument(field: &Field, boxed: bool) -> Option<TokenStream> {
    match (&field.ty, field.presence) {
        (TypeRef::String, Presence::Required) => Some(quote!(impl Into<String>)),
        (_, presence) if is_required(presence) => Some(field_type(&field.ty, presence, boxed, WrittenIn::Models)),
        _ => None,
    }
}

/// A one-field envelope (`{"user": {...}}`) converts from what it wraps, so
/// `client.create_user(UserCreate::new("Roger"))` needs no wrapping by hand.
fn envelope_from(name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let [field] = fields else { return TokenStream::new() };
    let inner = type_tokens(&field.ty, WrittenIn::Models);
    let doc = doc_attrs(&format!("Wraps the value as the `{}` property.", field.wire));
    quote! {
        impl From<#inner> for #name {
            #doc
            fn from(value: #inner) -> Self { Self::new(value) }
        }
    }
}

/// A `oneOf`/`anyOf`: the enum, its `Deserialize` when a discriminator selects the
/// variant, then `validate` and one `From` per variant when they cannot conflict.
fn emit_union(
    def: &TypeDef,
    variants: &[UnionVariant],
    discriminator: Option<&Discriminator>,
    layout: &TypeLayout,
    validated: &BTreeSet<String>,
) -> TokenStream {
    let doc = doc_attrs(&def.doc);
    let name = ident(&def.name);
    let names: Vec<_> = variants.iter().map(|variant| ident(&variant.name)).collect();
    let types: Vec<_> = variants
        .iter()
        .map(|variant| type_tokens(&variant.ty, WrittenIn::Models))
        .collect();
    let variant_docs = variants
        .iter()
        .map(|variant| doc_attrs(&format!("The `{}` shape.", variant.name)));
    let validate = if layout.validated {
        let arms = variants.iter().map(|variant| {
            let variant_name = ident(&variant.name);
            if is_validated(&variant.ty, validated) {
                quote!(Self::#variant_name(value) => value.validate(operation, path),)
            } else {
                quote!(Self::#variant_name(_) => Ok(()),)
            }
        });
        quote! {
            impl #name {
                #[doc(hidden)]
                pub fn validate(&self, operation: &'static str, path: &str) -> Result<(), crate::Error> {
                    match self { #(#arms)* }
                }
            }
        }
    } else {
        TokenStream::new()
    };
    let conversions = if layout.variant_conversions {
        let impls = names.iter().zip(&types).map(|(variant_name, ty)| {
            quote! {
                impl From<#ty> for #name {
                    fn from(value: #ty) -> Self { Self::#variant_name(value) }
                }
            }
        });
        quote!(#(#impls)*)
    } else {
        TokenStream::new()
    };
    // Variants are whole request or response bodies, built once per request, so
    // boxing the larger one would cost an allocation and a clumsier constructor
    // for no gain.
    let (derive_deserialize, deserialize) = match discriminator {
        None => (quote!(serde::Deserialize,), TokenStream::new()),
        Some(discriminator) => (TokenStream::new(), tagged_deserialize(&name, discriminator)),
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, serde::Serialize, #derive_deserialize)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name { #(#variant_docs #names(#types),)* }
        #deserialize
        #validate
        #conversions
    }
}

/// `Deserialize` for a union whose `discriminator` property names the variant.
fn tagged_deserialize(name: &proc_macro2::Ident, discriminator: &Discriminator) -> TokenStream {
    let property = &discriminator.property;
    let tags: Vec<_> = discriminator.mapping.iter().map(|(value, _)| value.as_str()).collect();
    let targets: Vec<_> = discriminator
        .mapping
        .iter()
        .map(|(_, variant)| ident(variant))
        .collect();
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                use serde::de::Error as _;
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str).ok_or_else(|| __D::Error::missing_field(#property))?;
                match tag {
                    #(#tags => serde_json::from_value(value).map(Self::#targets).map_err(__D::Error::custom),)*
                    other => Err(__D::Error::unknown_variant(other, &[#(#tags),*])),
                }
            }
        }
    }
}

/// The checks for one field, or `None` when it has nothing to check.
fn field_checks(field: &Field, validated: &BTreeSet<String>) -> Option<TokenStream> {
    let field_name = ident(&field.name);
    let wire = &field.wire;
    let template = format!("{{path}}.{}", wire.replace('{', "{{").replace('}', "}}"));
    let checks = value_checks(
        &field.ty,
        &field.constraints,
        validated,
        quote!(value),
        quote!(&format!(#template)),
    )?;
    Some(match field.presence {
        Presence::Required => quote! { { let value = &self.#field_name; #checks } },
        Presence::RequiredNullable | Presence::Optional => {
            quote! { if let Some(value) = &self.#field_name { #checks } }
        }
        Presence::OptionalNullable => quote! { if let crate::Nullable::Value(value) = &self.#field_name { #checks } },
    })
}

/// Checks on a value reference `value` whose argument path is `path`.
pub fn value_checks(
    ty: &TypeRef,
    constraints: &Constraints,
    validated: &BTreeSet<String>,
    value: TokenStream,
    path: TokenStream,
) -> Option<TokenStream> {
    let mut checks = Vec::new();
    if let Some(max) = constraints.max_items {
        checks.push(quote!(__private::check_max_items(operation, #path, #value.len(), #max)?;));
    }
    if let Some(min) = constraints.min_items {
        checks.push(quote!(__private::check_min_items(operation, #path, #value.len(), #min)?;));
    }
    let as_f64 = match ty {
        TypeRef::Number => quote!(*#value),
        _ => quote!(*#value as f64),
    };
    if let Some(max) = constraints.maximum {
        checks.push(quote!(__private::check_maximum(operation, #path, #as_f64, #max)?;));
    }
    if let Some(min) = constraints.minimum {
        checks.push(quote!(__private::check_minimum(operation, #path, #as_f64, #min)?;));
    }
    match ty {
        TypeRef::Named(name) if validated.contains(name) => checks.push(quote!(#value.validate(operation, #path)?;)),
        TypeRef::Array(inner) if is_validated(inner, validated) => checks.push(quote! {
            for (index, item) in #value.iter().enumerate() {
                let item_path = format!("{}[{index}]", #path);
                item.validate(operation, &item_path)?;
            }
        }),
        _ => {}
    }
    if checks.is_empty() {
        None
    } else {
        Some(quote!(#(#checks)*))
    }
}

fn is_validated(ty: &TypeRef, validated: &BTreeSet<String>) -> bool {
    matches!(ty, TypeRef::Named(name) if validated.contains(name))
}
