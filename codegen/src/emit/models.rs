//! Emits `src/models.rs`: one Rust type per IR type, plus one enum per
//! operation that documents several success statuses.

use super::common::{clean_doc, doc_attrs, field_type, ident, raw_doc_attrs, type_tokens, From};
use crate::ir::{Api, Constraints, Field, Presence, ResponseShape, TypeDef, TypeKind, TypeRef};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// The tokens of `models.rs`.
pub fn emit_models(api: &Api) -> TokenStream {
    let defs: BTreeMap<&str, &TypeDef> = api.types.iter().map(|def| (def.name.as_str(), def)).collect();
    let validated = validated_types(&defs);
    let types = api.types.iter().map(|def| emit_type(def, &defs, &validated));
    let responses = api.operations.iter().filter_map(|operation| match &operation.response {
        ResponseShape::Multi { name, variants } => {
            let name = ident(name);
            let method = operation.method_name.trim_start_matches("r#");
            let doc = raw_doc_attrs(&format!("The documented success responses of [`Client::{method}`](crate::Client::{method}), one variant per status."));
            let variants = variants.iter().map(|variant| {
                let doc = raw_doc_attrs(&format!("`{}`: {}", variant.status, clean_doc(&variant.doc)));
                let variant_name = ident(&variant.name);
                match &variant.body {
                    Some(body) => {
                        let body = type_tokens(body, From::Models);
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
        // Not every spec needs the runtime's plumbing in its models.
        #[allow(unused_imports)]
        use crate::__private;
        #(#types)*
        #(#responses)*
    }
}

fn emit_type(def: &TypeDef, defs: &BTreeMap<&str, &TypeDef>, validated: &BTreeSet<String>) -> TokenStream {
    let doc = doc_attrs(&def.doc);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct { fields, extra } => emit_struct(def, fields, extra, defs, validated),
        TypeKind::StringEnum { variants, catch_all } => {
            let catch_all = ident(catch_all);
            let variant_docs: Vec<_> = variants
                .iter()
                .map(|variant| doc_attrs(&variant.doc.clone().unwrap_or_else(|| format!("`{}`", variant.value))))
                .collect();
            let names: Vec<_> = variants.iter().map(|variant| ident(&variant.name)).collect();
            let values: Vec<_> = variants.iter().map(|variant| variant.value.as_str()).collect();
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
                pub enum #name {
                    #(#variant_docs #names,)*
                    /// A value this version of the client does not know, kept exactly as received.
                    #catch_all(String),
                }
                impl #name {
                    /// The value as written on the wire.
                    pub fn as_str(&self) -> &str {
                        match self { #(Self::#names => #values,)* Self::#catch_all(value) => value }
                    }
                }
                impl From<&str> for #name {
                    fn from(value: &str) -> Self {
                        match value { #(#values => Self::#names,)* other => Self::#catch_all(other.to_string()) }
                    }
                }
                impl std::fmt::Display for #name {
                    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { formatter.write_str(self.as_str()) }
                }
                impl serde::Serialize for #name {
                    fn serialize<__S: serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> { serializer.serialize_str(self.as_str()) }
                }
                impl<'de> serde::Deserialize<'de> for #name {
                    fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                        __private::deserialize_str_enum(deserializer)
                    }
                }
            }
        }
        TypeKind::IntegerEnum { variants, catch_all } => {
            let catch_all = ident(catch_all);
            let variant_docs: Vec<_> = variants
                .iter()
                .map(|variant| doc_attrs(&variant.doc.clone().unwrap_or_else(|| format!("`{}`", variant.value))))
                .collect();
            let names: Vec<_> = variants.iter().map(|variant| ident(&variant.name)).collect();
            let values: Vec<_> = variants
                .iter()
                .map(|variant| Literal::i64_unsuffixed(variant.value))
                .collect();
            quote! {
                #doc
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
                pub enum #name {
                    #(#variant_docs #names,)*
                    /// A value this version of the client does not know, kept exactly as received.
                    #catch_all(i64),
                }
                impl #name {
                    /// The value as written on the wire.
                    pub fn value(self) -> i64 {
                        match self { #(Self::#names => #values,)* Self::#catch_all(value) => value }
                    }
                }
                impl From<i64> for #name {
                    fn from(value: i64) -> Self {
                        match value { #(#values => Self::#names,)* other => Self::#catch_all(other) }
                    }
                }
                impl std::fmt::Display for #name {
                    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { self.value().fmt(formatter) }
                }
                impl serde::Serialize for #name {
                    fn serialize<__S: serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> { serializer.serialize_i64(self.value()) }
                }
                impl<'de> serde::Deserialize<'de> for #name {
                    fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                        <i64 as serde::Deserialize>::deserialize(deserializer).map(Self::from)
                    }
                }
            }
        }
        TypeKind::Union {
            variants,
            discriminator,
        } => {
            let names: Vec<_> = variants.iter().map(|variant| ident(&variant.name)).collect();
            let types: Vec<_> = variants
                .iter()
                .map(|variant| type_tokens(&variant.ty, From::Models))
                .collect();
            let variant_docs = variants
                .iter()
                .map(|variant| doc_attrs(&format!("The `{}` shape.", variant.name)));
            let validate = if validated.contains(&def.name) {
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
            let mut distinct = std::collections::BTreeSet::new();
            // `From` impls only when every variant is a different Rust type once aliases
            // are seen through, or two impls would conflict.
            let conversions = if variants
                .iter()
                .all(|variant| distinct.insert(without_aliases(&variant.ty, defs)))
            {
                let impls = variants.iter().map(|variant| {
                    let variant_name = ident(&variant.name);
                    let ty = type_tokens(&variant.ty, From::Models);
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
            let validate = quote!(#validate #conversions);
            match discriminator {
                // Variants are whole request or response bodies, built once per request, so
                // boxing the larger one would cost an allocation and a clumsier constructor
                // for no gain.
                None => quote! {
                    #doc
                    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
                    #[serde(untagged)]
                    #[allow(clippy::large_enum_variant)]
                    pub enum #name { #(#variant_docs #names(#types),)* }
                    #validate
                },
                Some(discriminator) => {
                    let property = &discriminator.property;
                    let tags: Vec<_> = discriminator.mapping.iter().map(|(value, _)| value.as_str()).collect();
                    let targets: Vec<_> = discriminator
                        .mapping
                        .iter()
                        .map(|(_, variant)| ident(variant))
                        .collect();
                    quote! {
                        #doc
                        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
                        #[serde(untagged)]
                        #[allow(clippy::large_enum_variant)]
                        pub enum #name { #(#variant_docs #names(#types),)* }
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
                        #validate
                    }
                }
            }
        }
        TypeKind::Alias(target) => {
            let target = type_tokens(target, From::Models);
            quote!(#doc pub type #name = #target;)
        }
    }
}

fn emit_struct(
    def: &TypeDef,
    fields: &[Field],
    extra: &crate::ir::Extra,
    defs: &BTreeMap<&str, &TypeDef>,
    validated: &BTreeSet<String>,
) -> TokenStream {
    let doc = doc_attrs(&def.doc);
    let name = ident(&def.name);
    let declared = fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let boxed = needs_box(&def.name, &field.ty, defs);
        let ty = field_type(&field.ty, field.presence, boxed, From::Models);
        let doc = doc_attrs(
            field
                .doc
                .as_deref()
                .unwrap_or(&format!("The `{}` property.", field.wire)),
        );
        let wire = &field.wire;
        let rename = if field.name.trim_start_matches("r#") != field.wire {
            quote!(#[serde(rename = #wire)])
        } else {
            TokenStream::new()
        };
        let presence = match field.presence {
            Presence::Required | Presence::RequiredNullable => TokenStream::new(),
            Presence::Optional => quote!(#[serde(skip_serializing_if = "Option::is_none")]),
            Presence::OptionalNullable => quote!(#[serde(skip_serializing_if = "crate::Nullable::is_absent")]),
        };
        quote!(#doc #rename #presence pub #field_name: #ty,)
    });
    let extra_name = ident(&extra.field);
    let extra_type = type_tokens(&TypeRef::Map(Box::new(extra.value.clone())), From::Models);
    // Fields that must be on the wire are arguments of `new`; a required-nullable one
    // takes an `Option`, so `new` never writes a `null` the caller did not ask for.
    let required: Vec<&Field> = fields
        .iter()
        .filter(|field| matches!(field.presence, Presence::Required | Presence::RequiredNullable))
        .collect();
    let derive_default = if required.is_empty() {
        quote!(Default,)
    } else {
        TokenStream::new()
    };
    let constructor = if required.is_empty() {
        TokenStream::new()
    } else {
        let arguments = required.iter().map(|field| {
            let field_name = ident(&field.name);
            let ty = field_type(
                &field.ty,
                field.presence,
                needs_box(&def.name, &field.ty, defs),
                From::Models,
            );
            match (&field.ty, field.presence) {
                (TypeRef::String, Presence::Required) => quote!(#field_name: impl Into<String>),
                _ => quote!(#field_name: #ty),
            }
        });
        let initialisers = fields.iter().map(|field| {
            let field_name = ident(&field.name);
            if field.ty == TypeRef::String && field.presence == Presence::Required {
                quote!(#field_name: #field_name.into())
            } else if matches!(field.presence, Presence::Required | Presence::RequiredNullable) {
                quote!(#field_name)
            } else {
                quote!(#field_name: Default::default())
            }
        });
        let names = required
            .iter()
            .map(|field| format!("`{}`", field.wire))
            .collect::<Vec<_>>()
            .join(", ");
        let doc = doc_attrs(&format!(
            "A value with the required {names} set and everything else absent."
        ));
        quote! {
            impl #name {
                #doc
                pub fn new(#(#arguments),*) -> Self {
                    #name { #(#initialisers,)* #extra_name: Default::default() }
                }
            }
        }
    };
    let validate = if validated.contains(&def.name) {
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
    let deserialize = struct_deserialize(def, fields, extra, defs);
    // A one-field envelope (`{"user": {...}}`) converts from what it wraps, so
    // `client.create_user(UserCreate::new("Roger"))` needs no wrapping by hand.
    let envelope = match fields {
        [field]
            if field.presence == Presence::Required
                && matches!(field.ty, TypeRef::Named(_) | TypeRef::Array(_))
                && !needs_box(&def.name, &field.ty, defs) =>
        {
            let inner = type_tokens(&field.ty, From::Models);
            let doc = doc_attrs(&format!("Wraps the value as the `{}` property.", field.wire));
            quote! {
                impl From<#inner> for #name {
                    #doc
                    fn from(value: #inner) -> Self { Self::new(value) }
                }
            }
        }
        _ => TokenStream::new(),
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #derive_default serde::Serialize)]
        pub struct #name {
            #(#declared)*
            /// Properties the spec does not declare, kept so that re-encoding loses nothing.
            #[serde(flatten)]
            pub #extra_name: #extra_type,
        }
        #constructor
        #envelope
        #validate
        #deserialize
    }
}

/// A dedicated `Deserialize` for a struct. `#[derive(Deserialize)]` with a
/// `#[serde(flatten)]` map buffers every property into serde's internal `Content`
/// first and is several times slower; this impl matches declared names directly on
/// the (usually borrowed) key and moves only the unknown ones into the `extra` map.
fn struct_deserialize(
    def: &TypeDef,
    fields: &[Field],
    extra: &crate::ir::Extra,
    defs: &BTreeMap<&str, &TypeDef>,
) -> TokenStream {
    let name = ident(&def.name);
    let expecting = format!("a {} object", def.name);
    let slots: Vec<_> = fields
        .iter()
        .map(|field| ident(&format!("slot_{}", field.name.trim_start_matches("r#"))))
        .collect();
    let slot_types = fields.iter().map(|field| {
        field_type(
            &field.ty,
            field.presence,
            needs_box(&def.name, &field.ty, defs),
            From::Models,
        )
    });
    let wires: Vec<_> = fields.iter().map(|field| field.wire.as_str()).collect();
    let extra_name = ident(&extra.field);
    let extra_value = type_tokens(&extra.value, From::Models);
    let extra_type = type_tokens(&TypeRef::Map(Box::new(extra.value.clone())), From::Models);
    let initialisers = fields.iter().zip(&slots).map(|(field, slot)| {
        let field_name = ident(&field.name);
        let wire = &field.wire;
        match field.presence {
            // A required property must be on the wire, even when it may be `null`.
            Presence::Required | Presence::RequiredNullable => {
                quote!(#field_name: __private::required_field(#slot, #wire)?)
            }
            _ => quote!(#field_name: #slot.unwrap_or_default()),
        }
    });
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                struct __Visitor;
                impl<'de> serde::de::Visitor<'de> for __Visitor {
                    type Value = #name;
                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        formatter.write_str(#expecting)
                    }
                    fn visit_map<__A: serde::de::MapAccess<'de>>(self, mut map: __A) -> Result<#name, __A::Error> {
                        #(let mut #slots: Option<#slot_types> = None;)*
                        let mut #extra_name = <#extra_type>::new();
                        while let Some(key) = map.next_key::<__private::WireKey<'de>>()? {
                            match key.as_str() {
                                #(#wires => __private::take_field(&mut map, &mut #slots, #wires)?,)*
                                _ => {
                                    let value: #extra_value = map.next_value()?;
                                    #extra_name.insert(key.into_string(), value);
                                }
                            }
                        }
                        Ok(#name { #(#initialisers,)* #extra_name })
                    }
                }
                deserializer.deserialize_map(__Visitor)
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

/// Types that have something to check before sending, directly or in what they contain.
pub fn validated_types(defs: &BTreeMap<&str, &TypeDef>) -> BTreeSet<String> {
    let mut validated = BTreeSet::new();
    loop {
        let before = validated.len();
        for def in defs.values() {
            let needs = match &def.kind {
                TypeKind::Struct { fields, .. } => fields.iter().any(|field| {
                    !field.constraints.is_empty()
                        || is_validated(&field.ty, &validated)
                        || matches!(&field.ty, TypeRef::Array(inner) if is_validated(inner, &validated))
                }),
                TypeKind::Union { variants, .. } => {
                    variants.iter().any(|variant| is_validated(&variant.ty, &validated))
                }
                _ => false,
            };
            if needs {
                validated.insert(def.name.clone());
            }
        }
        if validated.len() == before {
            break;
        }
    }
    validated
}

/// True when a field of type `ty` inside `owner` must be boxed: `ty` contains
/// `owner` again without a `Vec` or map in between, which would make the type
/// infinitely large.
pub fn needs_box(owner: &str, ty: &TypeRef, defs: &BTreeMap<&str, &TypeDef>) -> bool {
    let TypeRef::Named(start) = ty else { return false };
    let mut stack = vec![start.clone()];
    let mut seen = BTreeSet::new();
    while let Some(current) = stack.pop() {
        if current == owner {
            return true;
        }
        if !seen.insert(current.clone()) {
            continue;
        }
        let Some(def) = defs.get(current.as_str()) else {
            continue;
        };
        let direct: Vec<&TypeRef> = match &def.kind {
            TypeKind::Struct { fields, .. } => fields.iter().map(|field| &field.ty).collect(),
            TypeKind::Union { variants, .. } => variants.iter().map(|variant| &variant.ty).collect(),
            TypeKind::Alias(target) => vec![target],
            _ => Vec::new(),
        };
        for ty in direct {
            if let TypeRef::Named(next) = ty {
                stack.push(next.clone());
            }
        }
    }
    false
}

/// The type an alias stands for (followed through chains of aliases).
fn without_aliases(ty: &TypeRef, defs: &BTreeMap<&str, &TypeDef>) -> TypeRef {
    let mut current = ty.clone();
    for _ in 0..16 {
        match &current {
            TypeRef::Named(name) => match defs.get(name.as_str()).map(|def| &def.kind) {
                Some(TypeKind::Alias(target)) => current = target.clone(),
                _ => break,
            },
            _ => break,
        }
    }
    current
}
