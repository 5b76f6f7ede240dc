//! Emits `src/models.rs`: one Rust type per IR type, plus one enum per
//! operation that documents several success statuses.
//!
//! The models are plain serde: a struct derives `Serialize` and `Deserialize`, each
//! field carries its own wire facts as field attributes (`rename`, `default`,
//! `skip_serializing_if`), undeclared properties are kept in a `#[serde(flatten)]`
//! map, and `new(..)` is written out. An open enum is written out too: its
//! variants, `as_str`/`value`, a strict `FromStr`/`TryFrom`, `Display`, and a
//! lenient `Deserialize` that keeps values the client does not list.
//!
//! Each type's code is in one place, in the IR's order (the order lowering first
//! meets the types: operations in spec order, then components nothing used). Every
//! decision (derives, field attributes, boxing, `validate()`, `From` impls) was made
//! in lowering and is read from the type itself; this module only prints.

use super::common::{
    clean_doc, clippy_allowances, doc_attrs, field_type, ident, raw_doc_attrs, too_complex, type_tokens, WrittenIn,
};
use crate::ir::{
    Accepted, Api, Constraints, Conversions, Derive, Discriminator, EnumVariant, Extra, Field, Presence, ResponseShape,
    Skip, TypeDef, TypeKind, TypeRef, UnionVariant, WhenMissing,
};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;
use std::collections::BTreeSet;

/// The tokens of `models.rs`.
pub fn emit_models(api: &Api) -> TokenStream {
    let validated: BTreeSet<String> = api
        .types
        .iter()
        .filter(|def| def.validated)
        .map(|def| def.name.clone())
        .collect();
    let types = api.types.iter().map(|def| emit_type(def, &validated));
    let responses = api.operations.iter().filter_map(|operation| match &operation.response {
        ResponseShape::Multi { name, variants } => {
            let name = ident(name);
            let method = &operation.method_name;
            let doc = raw_doc_attrs(&format!(
                "The documented success responses of [`Client::{method}`](crate::Client::{method}), one variant per status."
            ));
            let allow = clippy_allowances(
                variants.iter().any(|variant| {
                    variant
                        .body
                        .as_ref()
                        .is_some_and(|body| too_complex(body, Presence::Required, false))
                }),
                0,
            );
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
                #allow
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
        //! Structs are plain serde (`#[derive(Serialize, Deserialize)]`, each field's
        //! wire name and skip rule on the field); enums keep values this client does
        //! not list in their `Unknown` variant. Types appear in the order the spec
        //! first uses them.
        // Not every spec needs the runtime's plumbing in its models.
        #[allow(unused_imports)]
        use crate::__private;
        #(#types)*
        #(#responses)*
    }
}

fn emit_type(def: &TypeDef, validated: &BTreeSet<String>) -> TokenStream {
    match &def.kind {
        TypeKind::Struct { fields, extra } => emit_struct(def, fields, extra, validated),
        TypeKind::StringEnum { variants, catch_all } => emit_string_enum(def, variants, catch_all),
        TypeKind::IntegerEnum { variants, catch_all } => emit_integer_enum(def, variants, catch_all),
        TypeKind::Union {
            variants,
            discriminator,
        } => emit_union(def, variants, discriminator.as_ref(), validated),
        TypeKind::Alias(target) => {
            let doc = doc_attrs(&def.doc);
            let name = ident(&def.name);
            let target = type_tokens(target, WrittenIn::Models);
            quote!(#doc pub type #name = #target;)
        }
    }
}

/// `#[derive(..)]` for the traits lowering decided.
fn derive_attribute(derives: &[Derive]) -> TokenStream {
    let traits = derives.iter().map(|derive| match derive {
        Derive::Debug => quote!(Debug),
        Derive::Clone => quote!(Clone),
        Derive::Copy => quote!(Copy),
        Derive::PartialEq => quote!(PartialEq),
        Derive::Eq => quote!(Eq),
        Derive::Hash => quote!(Hash),
        Derive::PartialOrd => quote!(PartialOrd),
        Derive::Ord => quote!(Ord),
        Derive::Default => quote!(Default),
        Derive::Serialize => quote!(serde::Serialize),
        Derive::Deserialize => quote!(serde::Deserialize),
    });
    quote!(#[derive(#(#traits),*)])
}

/// The definition of an open enum: its listed values, then the catch-all variant.
fn enum_definition<V: std::fmt::Display>(
    def: &TypeDef,
    variants: &[EnumVariant<V>],
    catch_all: &Ident,
    catch_all_type: TokenStream,
) -> TokenStream {
    let doc = doc_attrs(&def.doc);
    let name = ident(&def.name);
    let derives = derive_attribute(&def.derives);
    let variant_docs = variants
        .iter()
        .map(|variant| doc_attrs(&variant.doc.clone().unwrap_or_else(|| format!("`{}`", variant.value))));
    let names = variants.iter().map(|variant| ident(&variant.name));
    quote! {
        #doc
        #derives
        pub enum #name {
            #(#variant_docs #names,)*
            /// A value this version of the client does not know, kept exactly as received.
            #catch_all(#catch_all_type),
        }
    }
}

/// A string enum: the written-out definition, then the runtime's `string_enum!`
/// for its impls (`as_str`, a strict `FromStr` and `TryFrom<&str>`, `Display`,
/// `Serialize`, and a lenient `Deserialize` that keeps values this client does not
/// list). The macro names variants through the type and every other item by an
/// absolute path, so a variant called `Err` or `Error` cannot make a path ambiguous.
fn emit_string_enum(def: &TypeDef, variants: &[EnumVariant<String>], catch_all: &str) -> TokenStream {
    let name = ident(&def.name);
    let catch_all = ident(catch_all);
    let definition = enum_definition(def, variants, &catch_all, quote!(String));
    let names = variants.iter().map(|variant| ident(&variant.name));
    let values = variants.iter().map(|variant| variant.value.as_str());
    quote! {
        #definition
        __private::string_enum!(#name, #catch_all { #(#names(#values)),* });
    }
}

/// An integer enum: the written-out definition, then the runtime's `integer_enum!`
/// for its impls (`value`, a strict `TryFrom<i64>`, `Display`, `Serialize`, and a
/// lenient `Deserialize` that keeps values this client does not list).
fn emit_integer_enum(def: &TypeDef, variants: &[EnumVariant<i64>], catch_all: &str) -> TokenStream {
    let name = ident(&def.name);
    let catch_all = ident(catch_all);
    let definition = enum_definition(def, variants, &catch_all, quote!(i64));
    let names = variants.iter().map(|variant| ident(&variant.name));
    let values = variants.iter().map(|variant| Literal::i64_unsuffixed(variant.value));
    quote! {
        #definition
        __private::integer_enum!(#name, #catch_all { #(#names(#values)),* });
    }
}

/// A struct: the definition with each field's serde attributes, `new` (and
/// `validate`), then `From` for an envelope.
fn emit_struct(def: &TypeDef, fields: &[Field], extra: &Extra, validated: &BTreeSet<String>) -> TokenStream {
    let doc = doc_attrs(&def.doc);
    let name = ident(&def.name);
    let derives = derive_attribute(&def.derives);
    let declared = fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let ty = field_type(&field.ty, field.presence, field.boxed, WrittenIn::Models);
        let doc = doc_attrs(
            field
                .doc
                .as_deref()
                .unwrap_or(&format!("The `{}` property.", field.wire)),
        );
        let attribute = serde_attribute(field);
        let allow = clippy_allowances(too_complex(&field.ty, field.presence, field.boxed), 0);
        quote!(#doc #attribute #allow pub #field_name: #ty,)
    });
    let extra_name = ident(&extra.field);
    let extra_type = type_tokens(&TypeRef::Map(Box::new(extra.value.clone())), WrittenIn::Models);
    let constructor = constructor(def, fields, &extra_name);
    let validate = def.validated.then(|| {
        let checks = fields.iter().filter_map(|field| field_checks(field, validated));
        quote! {
            #[doc(hidden)]
            pub fn validate(&self, operation: &'static str, path: &str) -> Result<(), crate::Error> {
                #(#checks)*
                Ok(())
            }
        }
    });
    let conversions = match def.conversions {
        Conversions::FromField => envelope_from(&name, fields),
        Conversions::None | Conversions::FromEachVariant => TokenStream::new(),
    };
    quote! {
        #doc
        #derives
        pub struct #name {
            #(#declared)*
            /// Properties the spec does not declare, kept so that re-encoding loses nothing.
            #[serde(flatten)]
            pub #extra_name: #extra_type,
        }
        impl #name {
            #constructor
            #validate
        }
        #conversions
    }
}

/// `#[serde(..)]` for a field, from its wire rule; nothing when serde's own rules
/// already hold (a required field named as on the wire).
fn serde_attribute(field: &Field) -> TokenStream {
    let rule = &field.wire_rule;
    let mut parts = Vec::new();
    if let Some(wire) = &rule.rename {
        parts.push(quote!(rename = #wire));
    }
    match rule.when_missing {
        WhenMissing::Error => {}
        // serde reads a missing `Option` as `None`; deserializing through the
        // `Option` impl itself makes a missing property an error again.
        WhenMissing::ErrorForOption => parts.push(quote!(
            deserialize_with = "<Option<_> as serde::Deserialize>::deserialize"
        )),
        WhenMissing::Default => parts.push(quote!(default)),
    }
    match rule.skip {
        Skip::Never => {}
        Skip::WhenNone => parts.push(quote!(skip_serializing_if = "Option::is_none")),
        Skip::WhenAbsent => parts.push(quote!(skip_serializing_if = "crate::Nullable::is_absent")),
    }
    if parts.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[serde(#(#parts),*)])
    }
}

/// `new`: the required properties as arguments, every other property absent. A
/// required string is taken as `impl Into<String>`; a required-nullable property
/// as an `Option`, so `new` never writes a `null` the caller did not ask for. Other
/// types are taken exactly, so `new(iter.collect())` still infers its collection.
fn constructor(def: &TypeDef, fields: &[Field], extra: &Ident) -> TokenStream {
    let name = ident(&def.name);
    if def.derives.contains(&Derive::Default) {
        return quote! {
            /// A value with every property absent (the same as `Default`).
            pub fn new() -> #name {
                Default::default()
            }
        };
    }
    let mut arguments = Vec::new();
    let inits = fields.iter().map(|field| {
        let field_name = ident(&field.name);
        match (field.accepted, field.presence) {
            (Accepted::Into, Presence::Required | Presence::RequiredNullable) => {
                let ty = field_type(&field.ty, field.presence, field.boxed, WrittenIn::Models);
                arguments.push(quote!(#field_name: impl Into<#ty>));
                quote!(#field_name: #field_name.into())
            }
            (
                Accepted::Exact | Accepted::EachInto | Accepted::EntriesInto,
                Presence::Required | Presence::RequiredNullable,
            ) => {
                let ty = field_type(&field.ty, field.presence, field.boxed, WrittenIn::Models);
                arguments.push(quote!(#field_name: #ty));
                quote!(#field_name)
            }
            (_, Presence::Optional) => quote!(#field_name: None),
            (_, Presence::OptionalNullable) => quote!(#field_name: crate::Nullable::Absent),
        }
    });
    let inits: Vec<_> = inits.collect();
    let complex = fields.iter().any(|field| {
        matches!(field.presence, Presence::Required | Presence::RequiredNullable)
            && too_complex(&field.ty, field.presence, field.boxed)
    });
    let allow = clippy_allowances(complex, arguments.len());
    quote! {
        /// A value with the required properties set and every other property absent.
        #allow
        pub fn new(#(#arguments),*) -> #name {
            #name {
                #(#inits,)*
                #extra: Default::default(),
            }
        }
    }
}

/// A one-field envelope (`{"user": {...}}`) converts from what it wraps, so
/// `client.create_user(UserCreate::new("Roger"))` needs no wrapping by hand.
fn envelope_from(name: &Ident, fields: &[Field]) -> TokenStream {
    let [field] = fields else { return TokenStream::new() };
    let inner = type_tokens(&field.ty, WrittenIn::Models);
    let doc = doc_attrs(&format!("Wraps the value as the `{}` property.", field.wire));
    quote! {
        impl From<#inner> for #name {
            #doc
            fn from(value: #inner) -> #name { #name::new(value) }
        }
    }
}

/// A `oneOf`/`anyOf`: the enum, its `Deserialize` when a discriminator selects the
/// variant, then `validate` and one `From` per variant when they cannot conflict.
fn emit_union(
    def: &TypeDef,
    variants: &[UnionVariant],
    discriminator: Option<&Discriminator>,
    validated: &BTreeSet<String>,
) -> TokenStream {
    let doc = doc_attrs(&def.doc);
    let name = ident(&def.name);
    let derives = derive_attribute(&def.derives);
    let names: Vec<_> = variants.iter().map(|variant| ident(&variant.name)).collect();
    let types: Vec<_> = variants
        .iter()
        .map(|variant| type_tokens(&variant.ty, WrittenIn::Models))
        .collect();
    let variant_docs = variants
        .iter()
        .map(|variant| doc_attrs(&format!("The `{}` shape.", variant.name)));
    let validate = def.validated.then(|| {
        let arms = variants.iter().map(|variant| {
            let variant_name = ident(&variant.name);
            if is_validated(&variant.ty, validated) {
                quote!(#name::#variant_name(value) => value.validate(operation, path),)
            } else {
                quote!(#name::#variant_name(_) => Ok(()),)
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
    });
    let conversions = match def.conversions {
        Conversions::FromEachVariant => {
            let impls = names.iter().zip(&types).map(|(variant_name, ty)| {
                quote! {
                    impl From<#ty> for #name {
                        fn from(value: #ty) -> #name { #name::#variant_name(value) }
                    }
                }
            });
            quote!(#(#impls)*)
        }
        Conversions::None | Conversions::FromField => TokenStream::new(),
    };
    let deserialize = discriminator.map(|discriminator| tagged_deserialize(&name, discriminator));
    let allow = clippy_allowances(
        variants
            .iter()
            .any(|variant| too_complex(&variant.ty, Presence::Required, false)),
        0,
    );
    // Variants are whole request or response bodies, built once per request, so
    // boxing the larger one would cost an allocation and a clumsier constructor
    // for no gain.
    quote! {
        #doc
        #derives
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        #allow
        pub enum #name { #(#variant_docs #names(#types),)* }
        #deserialize
        #validate
        #conversions
    }
}

/// `Deserialize` for a union whose `discriminator` property names the variant.
fn tagged_deserialize(name: &Ident, discriminator: &Discriminator) -> TokenStream {
    let property = &discriminator.property;
    let tags: Vec<_> = discriminator.mapping.iter().map(|(value, _)| value.as_str()).collect();
    let targets: Vec<_> = discriminator
        .mapping
        .iter()
        .map(|(_, variant)| ident(variant))
        .collect();
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<#name, __D::Error> {
                use serde::de::Error as _;
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str).ok_or_else(|| __D::Error::missing_field(#property))?;
                match tag {
                    #(#tags => serde_json::from_value(value).map(#name::#targets).map_err(__D::Error::custom),)*
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
    // `minimum`/`maximum` apply to numbers; other types never carry them.
    let as_f64 = match ty {
        TypeRef::Number => quote!(*#value),
        TypeRef::Integer { .. }
        | TypeRef::String
        | TypeRef::Boolean
        | TypeRef::DateTime
        | TypeRef::Json
        | TypeRef::Named(_)
        | TypeRef::Array(_)
        | TypeRef::Map(_) => quote!(*#value as f64),
    };
    if let Some(max) = constraints.maximum {
        checks.push(quote!(__private::check_maximum(operation, #path, #as_f64, #max)?;));
    }
    if let Some(min) = constraints.minimum {
        checks.push(quote!(__private::check_minimum(operation, #path, #as_f64, #min)?;));
    }
    if is_validated(ty, validated) {
        checks.push(quote!(#value.validate(operation, #path)?;));
    }
    if let TypeRef::Array(inner) = ty {
        if is_validated(inner, validated) {
            checks.push(quote! {
                for (index, item) in #value.iter().enumerate() {
                    let item_path = format!("{}[{index}]", #path);
                    item.validate(operation, &item_path)?;
                }
            });
        }
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
