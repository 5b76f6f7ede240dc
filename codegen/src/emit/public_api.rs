//! `public-api.txt`: one line per public item of the generated crate (types, fields
//! with their types, variants, methods with their signatures, trait impls), sorted, so
//! a reviewer reads `+ pub models::User::nickname: Nullable<String>` instead of a
//! struct, its constructor and its deserializer.
//!
//! The listing is read off the items the other emitters produce (their tokens, parsed with syn)
//! and off the runtime sources the crate copies verbatim, so it cannot drift from what
//! the crate really exposes, whichever emitter or runtime module changes. Items marked
//! `#[doc(hidden)]` and the runtime's `__private` plumbing are not part of the API and
//! are left out.

use proc_macro2::TokenStream;
use quote::ToTokens;
use std::collections::BTreeSet;

/// (sort key, line): the key is the path of the item the line is about, so a type's
/// line, its trait impls and its members sort together.
type Lines = BTreeSet<(String, String)>;

/// Names the runtime exports only through `__private`: impls of those traits are plumbing.
fn private_names() -> &'static BTreeSet<String> {
    static NAMES: std::sync::OnceLock<BTreeSet<String>> = std::sync::OnceLock::new();
    NAMES.get_or_init(read_private_names)
}

fn read_private_names() -> BTreeSet<String> {
    let mut names = Vec::new();
    let root = crate::RUNTIME_FILES
        .iter()
        .find(|(file, _)| *file == "mod.rs")
        .and_then(|(_, text)| syn::parse_file(text).ok());
    for item in root.iter().flat_map(|file| &file.items) {
        let syn::Item::Mod(module) = item else { continue };
        if module.ident != "__private" {
            continue;
        }
        for inner in module.content.iter().flat_map(|(_, items)| items) {
            if let syn::Item::Use(item_use) = inner {
                collect_use_names(&item_use.tree, &mut names);
            }
        }
    }
    names.into_iter().collect()
}

fn add(lines: &mut Lines, key: &str, line: String) {
    lines.insert((key.to_string(), line));
}

/// The listing of a crate whose `models` module and root-level operations are these
/// tokens (the runtime's part is read from its sources): a comment line, then the
/// sorted items, one per line.
pub fn emit_public_api(models: &TokenStream, operations: &TokenStream) -> String {
    let mut lines = Lines::new();
    add(&mut lines, "models", "pub mod models".to_string());
    add(&mut lines, "chrono", "pub use chrono".to_string());
    add(&mut lines, "serde_json", "pub use serde_json".to_string());
    list_file(models.clone(), "models::", &mut lines);
    list_file(operations.clone(), "", &mut lines);
    list_runtime(&mut lines);
    let mut out = String::from(
        "// The public API of the generated crate, one item per line, sorted. Regenerated with the crate.\n",
    );
    for (_, line) in lines {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Lists the public items of one emitted module, named with `prefix`.
fn list_file(tokens: TokenStream, prefix: &str, lines: &mut Lines) {
    if let Ok(file) = syn::parse2::<syn::File>(without_fn_bodies(tokens)) {
        for item in &file.items {
            list_item(item, prefix, &|_| true, lines);
        }
    }
}

/// The same tokens with every function body emptied: only signatures are listed, and
/// parsing the bodies (deserializers, request building) would cost more than the rest of
/// the listing together.
fn without_fn_bodies(tokens: TokenStream) -> TokenStream {
    use proc_macro2::{Delimiter, Group, TokenTree};
    let mut out = Vec::new();
    let mut in_fn_signature = false;
    for token in tokens {
        match token {
            TokenTree::Ident(ident) => {
                if ident == "fn" {
                    in_fn_signature = true;
                }
                out.push(TokenTree::Ident(ident));
            }
            TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
                let stream = if in_fn_signature {
                    TokenStream::new()
                } else {
                    without_fn_bodies(group.stream())
                };
                in_fn_signature = false;
                let mut emptied = Group::new(Delimiter::Brace, stream);
                emptied.set_span(group.span());
                out.push(TokenTree::Group(emptied));
            }
            TokenTree::Punct(punct) => {
                // A `;` ends a body-less signature (trait methods).
                if punct.as_char() == ';' {
                    in_fn_signature = false;
                }
                out.push(TokenTree::Punct(punct));
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}

/// The runtime's exported items: what `mod.rs` re-exports, looked up in its module.
fn list_runtime(lines: &mut Lines) {
    let parse = |name: &str| {
        crate::RUNTIME_FILES
            .iter()
            .find(|(file, _)| *file == name)
            .and_then(|(_, text)| text.parse::<TokenStream>().ok())
            .and_then(|tokens| syn::parse2::<syn::File>(without_fn_bodies(tokens)).ok())
    };
    let Some(root) = parse("mod.rs") else { return };
    let mut exported: Vec<(String, String)> = Vec::new();
    for item in &root.items {
        let syn::Item::Use(item_use) = item else { continue };
        if !matches!(item_use.vis, syn::Visibility::Public(_)) {
            continue;
        }
        match &item_use.tree {
            syn::UseTree::Name(name) => {
                add(lines, &name.ident.to_string(), format!("pub use {}", name.ident));
            }
            syn::UseTree::Path(path) => {
                let module = path.ident.to_string();
                let mut names = Vec::new();
                collect_use_names(&path.tree, &mut names);
                exported.extend(names.into_iter().map(|name| (module.clone(), name)));
            }
            _ => {}
        }
    }
    let mut by_module: std::collections::BTreeMap<String, BTreeSet<String>> = Default::default();
    for (module, name) in exported {
        by_module.entry(module).or_default().insert(name);
    }
    for (module, names) in by_module {
        let Some(file) = parse(&format!("{module}.rs")) else {
            continue;
        };
        for item in &file.items {
            list_item(item, "", &|ident: &str| names.contains(ident), lines);
        }
    }
}

fn collect_use_names(tree: &syn::UseTree, names: &mut Vec<String>) {
    match tree {
        syn::UseTree::Name(name) => names.push(name.ident.to_string()),
        syn::UseTree::Rename(rename) => names.push(rename.rename.to_string()),
        syn::UseTree::Group(group) => group.items.iter().for_each(|item| collect_use_names(item, names)),
        syn::UseTree::Path(path) => collect_use_names(&path.tree, names),
        _ => {}
    }
}

fn is_public(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn is_hidden(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| match &attr.meta {
        // `#[doc(hidden)]` is a list; doc text (`#[doc = "..."]`) is not looked at.
        syn::Meta::List(list) if list.path.is_ident("doc") => list.tokens.to_string().contains("hidden"),
        _ => false,
    })
}

/// Derived traits, as `impl Trait for Type` lines.
fn derives(attrs: &[syn::Attribute], key: &str, path: &str, lines: &mut Lines) {
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            let name = render(meta.path.to_token_stream());
            let name = name.rsplit("::").next().unwrap_or(&name).to_string();
            add(lines, &format!("{key}::"), format!("impl {name} for {path}"));
            Ok(())
        });
    }
}

/// Lists `item` when it is public and `wanted` accepts its name (impls: their type's name).
fn list_item(item: &syn::Item, prefix: &str, wanted: &dyn Fn(&str) -> bool, lines: &mut Lines) {
    match item {
        syn::Item::Struct(item)
            if is_public(&item.vis) && !is_hidden(&item.attrs) && wanted(&item.ident.to_string()) =>
        {
            let path = format!("{prefix}{}", item.ident);
            add(
                lines,
                &path,
                format!("pub struct {path}{}", render(item.generics.to_token_stream())),
            );
            let (_, type_generics, _) = item.generics.split_for_impl();
            derives(
                &item.attrs,
                &path,
                &format!("{path}{}", render(type_generics.to_token_stream())),
                lines,
            );
            for field in &item.fields {
                if let (true, Some(name)) = (is_public(&field.vis), &field.ident) {
                    let member = format!("{path}::{name}");
                    add(
                        lines,
                        &member,
                        format!("pub {member}: {}", render(field.ty.to_token_stream())),
                    );
                }
            }
        }
        syn::Item::Enum(item) if is_public(&item.vis) && !is_hidden(&item.attrs) && wanted(&item.ident.to_string()) => {
            let path = format!("{prefix}{}", item.ident);
            let exhaustive = if item.attrs.iter().any(|attr| attr.path().is_ident("non_exhaustive")) {
                "#[non_exhaustive] "
            } else {
                ""
            };
            add(
                lines,
                &path,
                format!("{exhaustive}pub enum {path}{}", render(item.generics.to_token_stream())),
            );
            let (_, type_generics, _) = item.generics.split_for_impl();
            derives(
                &item.attrs,
                &path,
                &format!("{path}{}", render(type_generics.to_token_stream())),
                lines,
            );
            for variant in &item.variants {
                let member = format!("{path}::{}", variant.ident);
                match &variant.fields {
                    syn::Fields::Unit => add(lines, &member, format!("pub {member}")),
                    syn::Fields::Unnamed(fields) => {
                        let types: Vec<String> = fields
                            .unnamed
                            .iter()
                            .map(|field| render(field.ty.to_token_stream()))
                            .collect();
                        add(lines, &member, format!("pub {member}({})", types.join(", ")));
                    }
                    syn::Fields::Named(fields) => {
                        add(lines, &member, format!("pub {member} {{ .. }}"));
                        for field in &fields.named {
                            if let Some(name) = &field.ident {
                                let inner = format!("{member}::{name}");
                                add(
                                    lines,
                                    &inner,
                                    format!("pub {inner}: {}", render(field.ty.to_token_stream())),
                                );
                            }
                        }
                    }
                }
            }
        }
        syn::Item::Type(item) if is_public(&item.vis) && !is_hidden(&item.attrs) && wanted(&item.ident.to_string()) => {
            add(
                lines,
                &format!("{prefix}{}", item.ident),
                format!(
                    "pub type {prefix}{}{} = {}",
                    item.ident,
                    render(item.generics.to_token_stream()),
                    render(item.ty.to_token_stream())
                ),
            );
        }
        syn::Item::Fn(item)
            if is_public(&item.vis) && !is_hidden(&item.attrs) && wanted(&item.sig.ident.to_string()) =>
        {
            let path = format!("{prefix}{}", item.sig.ident);
            add(lines, &path, format!("pub {}", signature(&path, &item.sig)));
        }
        syn::Item::Trait(item)
            if is_public(&item.vis) && !is_hidden(&item.attrs) && wanted(&item.ident.to_string()) =>
        {
            let path = format!("{prefix}{}", item.ident);
            add(lines, &path, format!("pub trait {path}"));
            for inner in &item.items {
                if let syn::TraitItem::Fn(method) = inner {
                    let member = format!("{path}::{}", method.sig.ident);
                    add(lines, &member, format!("pub {}", signature(&member, &method.sig)));
                }
            }
        }
        syn::Item::Impl(item) => {
            let syn::Type::Path(self_path) = &*item.self_ty else {
                return;
            };
            let Some(last) = self_path.path.segments.last() else {
                return;
            };
            let self_name = last.ident.to_string();
            if !wanted(&self_name) || is_hidden(&item.attrs) {
                return;
            }
            let path = format!("{prefix}{self_name}");
            let generics = render(item.generics.to_token_stream());
            match &item.trait_ {
                Some((_, trait_path, _))
                    if trait_path
                        .segments
                        .last()
                        .is_some_and(|segment| private_names().contains(&segment.ident.to_string())) => {}
                Some((_, trait_path, _)) => {
                    let self_ty = format!("{prefix}{}", render(item.self_ty.to_token_stream()));
                    add(
                        lines,
                        &format!("{path}::"),
                        format!("impl{generics} {} for {self_ty}", render(trait_path.to_token_stream())),
                    );
                }
                None => {
                    for inner in &item.items {
                        match inner {
                            syn::ImplItem::Fn(method) if is_public(&method.vis) && !is_hidden(&method.attrs) => {
                                let member = format!("{path}::{}", method.sig.ident);
                                add(lines, &member, format!("pub {}", signature(&member, &method.sig)));
                            }
                            syn::ImplItem::Const(constant)
                                if is_public(&constant.vis) && !is_hidden(&constant.attrs) =>
                            {
                                add(
                                    lines,
                                    &format!("{path}::{}", constant.ident),
                                    format!(
                                        "pub const {path}::{}: {}",
                                        constant.ident,
                                        render(constant.ty.to_token_stream())
                                    ),
                                );
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

/// `fn path<G>(inputs) -> Output where ...`, with `async`/`const`/`unsafe` kept and
/// `mut` bindings dropped (they are not part of the signature).
fn signature(path: &str, sig: &syn::Signature) -> String {
    let mut head = String::new();
    if sig.constness.is_some() {
        head.push_str("const ");
    }
    if sig.asyncness.is_some() {
        head.push_str("async ");
    }
    if sig.unsafety.is_some() {
        head.push_str("unsafe ");
    }
    let inputs: Vec<String> = sig
        .inputs
        .iter()
        .map(|input| match input {
            syn::FnArg::Receiver(receiver) => {
                let text = render(receiver.to_token_stream());
                text.strip_prefix("mut ").map(str::to_string).unwrap_or(text)
            }
            syn::FnArg::Typed(typed) => {
                let pattern = render(typed.pat.to_token_stream());
                let pattern = pattern.strip_prefix("mut ").unwrap_or(&pattern).to_string();
                format!("{pattern}: {}", render(typed.ty.to_token_stream()))
            }
        })
        .collect();
    let generics = render(sig.generics.to_token_stream());
    let output = render(sig.output.to_token_stream());
    let where_clause = sig
        .generics
        .where_clause
        .as_ref()
        .map(|clause| format!(" {}", render(clause.to_token_stream())))
        .unwrap_or_default();
    let output = if output.is_empty() {
        String::new()
    } else {
        format!(" {output}")
    };
    format!("{head}fn {path}{generics}({}){output}{where_clause}", inputs.join(", "))
}

/// Token text with the spacing a person would write: `&self`, `Vec<T>`, `a::b`, `x: T`.
fn render(tokens: TokenStream) -> String {
    let mut text = tokens.to_string();
    for (from, to) in [
        (" :: ", "::"),
        (":: ", "::"),
        (" ::", "::"),
        ("& '", "&'"),
        ("& ", "&"),
        (" < ", "<"),
        ("< ", "<"),
        (" <", "<"),
        (" >", ">"),
        (" ,", ","),
        ("( ", "("),
        (" )", ")"),
        ("[ ", "["),
        (" ]", "]"),
        (" : ", ": "),
        (" ;", ";"),
        ("> (", ">("),
        ("! (", "!("),
    ] {
        while text.contains(from) {
            text = text.replace(from, to);
        }
    }
    // A generic list directly after a name (`fn f<T>(..)`, `Vec<T>`) has no space before `(`.
    if text.starts_with("<>") {
        text = text[2..].to_string();
    }
    text.replace("crate::", "").replace(",>", ">").trim().to_string()
}
