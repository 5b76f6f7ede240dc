//! `public-api.txt`: one line per public item of the generated crate (types, fields
//! with their types, variants, methods with their signatures, trait impls), sorted, so
//! a reviewer reads `+ pub models::User::nickname: Nullable<String>` instead of a
//! struct, its constructor and its deserializer.
//!
//! The listing is read off the items the other emitters produce (the syntax trees the
//! formatter parses them into, one top-level item at a time), `#[derive(..)]`
//! attributes included; off what the runtime's macros produce for each invocation
//! ([`macros`]: the impls as the macro definitions write them, `new`'s arguments from
//! the IR); and off the runtime sources ([`runtime`]), so it cannot drift from what the
//! crate really exposes, whichever emitter or runtime module changes. Items marked
//! `#[doc(hidden)]` and the runtime's `__private` plumbing are not part of the API and
//! are left out.
//!
//! A trait impl reads the same however it is written (derived, expanded from a macro
//! or written out): `impl Trait<Args> for Type`, the trait by its last path segment
//! without lifetime arguments, impl generics kept unless they are only lifetimes.

mod macros;
mod runtime;

use super::spelling::spelled;
use proc_macro2::TokenStream;
use quote::ToTokens;
use std::collections::BTreeSet;

/// (sort key, line): the key is the path of the item the line is about, so a type's
/// line, its trait impls and its members sort together.
type Lines = BTreeSet<(String, String)>;

fn add(lines: &mut Lines, key: &str, line: String) {
    lines.insert((key.to_string(), line));
}

/// The listing of the public API, built one top-level item at a time while the
/// emitted Rust files are formatted (it reads the items the formatter parses, so the
/// listing costs no parse of its own), then finished with the runtime's part.
#[derive(Debug)]
pub struct Listing {
    lines: Lines,
    /// The runtime items the crate root re-exports: `None` for all of them (a glob).
    runtime_exports: Option<BTreeSet<String>>,
    /// Whether the crate root re-exports anything of the runtime.
    exports_runtime: bool,
    /// Names the crate defines at its root: they shadow a glob re-export's item of the
    /// same name (a generated `Client` newtype over the runtime's `Client`).
    root_names: BTreeSet<String>,
}

impl Default for Listing {
    fn default() -> Self {
        Listing::new()
    }
}

impl Listing {
    /// An empty listing.
    pub fn new() -> Self {
        Listing {
            lines: Lines::new(),
            runtime_exports: Some(BTreeSet::new()),
            exports_runtime: false,
            root_names: BTreeSet::new(),
        }
    }

    /// Lists `item` when it is public, its path prefixed with `reached_as` (`models::`,
    /// or empty for items at the crate root).
    pub fn add_item(&mut self, item: &syn::Item, reached_as: &str) {
        if let syn::Item::Use(item_use) = item {
            if is_public(&item_use.vis) && !is_hidden(&item_use.attrs) {
                self.add_reexport(&item_use.tree, reached_as);
            }
            return;
        }
        if reached_as.is_empty() {
            if let Some(name) = defined_name(item) {
                self.root_names.insert(name.to_string());
            }
        }
        let context = Context {
            prefix: reached_as,
            wanted: &|_| true,
        };
        list_item(item, &context, &mut self.lines);
    }

    /// A `pub use` of the crate: a whole crate (`pub use chrono;`) is one line; a
    /// re-export from the runtime (`pub use runtime::*`, or of some names) lists those
    /// runtime items where the crate exposes them; a glob of one of the crate's own
    /// modules (`pub use operations::*`) adds nothing, its items are listed from its file.
    fn add_reexport(&mut self, tree: &syn::UseTree, reached_as: &str) {
        match tree {
            syn::UseTree::Name(name) => {
                let path = format!("{reached_as}{}", name.ident);
                add(&mut self.lines, &path, format!("pub use {path}"));
            }
            syn::UseTree::Rename(rename) => {
                let path = format!("{reached_as}{}", rename.rename);
                add(&mut self.lines, &path, format!("pub use {} as {path}", rename.ident));
            }
            syn::UseTree::Path(path) if OWN_MODULES.contains(&path.ident.to_string().as_str()) => {}
            syn::UseTree::Path(path) => {
                self.exports_runtime = true;
                let mut names = Vec::new();
                if contains_glob(&path.tree) {
                    self.runtime_exports = None;
                } else if let Some(exports) = &mut self.runtime_exports {
                    runtime::collect_use_names(&path.tree, &mut names);
                    exports.extend(names);
                }
            }
            syn::UseTree::Group(group) => group.items.iter().for_each(|item| self.add_reexport(item, reached_as)),
            syn::UseTree::Glob(_) => {}
        }
    }

    /// The listing of the items added and of the runtime items the crate re-exports: a
    /// comment line, then the sorted items, one per line (the file's `@generated` header
    /// comes from [`super::Header`]).
    pub fn finish(mut self) -> String {
        let lines = &mut self.lines;
        if self.exports_runtime {
            // A runtime item the crate root shadows is not listed itself; its members
            // and impls stay (reached through the crate's own item: a `Deref` newtype,
            // a type alias).
            let exported = |key: &str| match &self.runtime_exports {
                _ if self.root_names.contains(key) => false,
                None => true,
                Some(names) => names.contains(key.split("::").next().unwrap_or(key)),
            };
            lines.extend(runtime::lines().iter().filter(|(key, _)| exported(key)).cloned());
        }
        let mut out = "# The public API of the crate, one item per line, sorted by item.\n".to_string();
        for (_, line) in &self.lines {
            out.push_str(line);
            out.push('\n');
        }
        out
    }
}

/// The name a type, function or trait item defines.
fn defined_name(item: &syn::Item) -> Option<&syn::Ident> {
    match item {
        syn::Item::Struct(item) => Some(&item.ident),
        syn::Item::Enum(item) => Some(&item.ident),
        syn::Item::Type(item) => Some(&item.ident),
        syn::Item::Trait(item) => Some(&item.ident),
        syn::Item::Fn(item) => Some(&item.sig.ident),
        _ => None,
    }
}

/// The crate's own modules, whose items are listed from their emitted files.
const OWN_MODULES: [&str; 2] = ["models", "operations"];

fn contains_glob(tree: &syn::UseTree) -> bool {
    match tree {
        syn::UseTree::Glob(_) => true,
        syn::UseTree::Path(path) => contains_glob(&path.tree),
        syn::UseTree::Group(group) => group.items.iter().any(contains_glob),
        syn::UseTree::Name(_) | syn::UseTree::Rename(_) => false,
    }
}

/// What listing an item needs besides the item.
struct Context<'a> {
    /// The path the items are reached by, as a prefix (`models::`).
    prefix: &'a str,
    /// Whether an item of this name is exported (the runtime's modules export a few).
    wanted: &'a dyn Fn(&str) -> bool,
}

impl Context<'_> {
    /// True for an item the crate exports: public, not hidden, and wanted.
    fn exports(&self, vis: &syn::Visibility, attrs: &[syn::Attribute], name: &syn::Ident) -> bool {
        is_public(vis) && !is_hidden(attrs) && (self.wanted)(&name.to_string())
    }
}

/// Lists `item` when the crate exports it.
fn list_item(item: &syn::Item, context: &Context, lines: &mut Lines) {
    match item {
        syn::Item::Struct(item) if context.exports(&item.vis, &item.attrs, &item.ident) => {
            list_struct(item, context.prefix, lines);
        }
        syn::Item::Enum(item) if context.exports(&item.vis, &item.attrs, &item.ident) => {
            list_enum(item, context.prefix, lines);
        }
        syn::Item::Type(item) if context.exports(&item.vis, &item.attrs, &item.ident) => {
            let path = format!("{}{}", context.prefix, item.ident);
            let generics = spelled(item.generics.to_token_stream());
            let target = spelled(item.ty.to_token_stream());
            add(lines, &path, format!("pub type {path}{generics} = {target}"));
        }
        syn::Item::Fn(item) if context.exports(&item.vis, &item.attrs, &item.sig.ident) => {
            let path = format!("{}{}", context.prefix, item.sig.ident);
            add(lines, &path, format!("pub {}", signature(&path, &item.sig)));
        }
        syn::Item::Trait(item) if context.exports(&item.vis, &item.attrs, &item.ident) => {
            list_trait(item, context.prefix, lines);
        }
        syn::Item::Mod(item) if context.exports(&item.vis, &item.attrs, &item.ident) => {
            let path = format!("{}{}", context.prefix, item.ident);
            add(lines, &path, format!("pub mod {path}"));
        }
        syn::Item::Macro(item) => macros::list_invocation(item, context, lines),
        syn::Item::Impl(item) => list_impl(item, context, lines),
        _ => {}
    }
}

/// The struct, its derived traits and its public fields.
fn list_struct(item: &syn::ItemStruct, prefix: &str, lines: &mut Lines) {
    let path = format!("{prefix}{}", item.ident);
    add(
        lines,
        &path,
        format!("pub struct {path}{}", spelled(item.generics.to_token_stream())),
    );
    derives(&item.attrs, &path, &item.generics, lines);
    for field in &item.fields {
        if let (true, Some(name)) = (is_public(&field.vis), &field.ident) {
            let member = format!("{path}::{name}");
            add(
                lines,
                &member,
                format!("pub {member}: {}", spelled(field.ty.to_token_stream())),
            );
        }
    }
}

/// The enum, its derived traits and its variants (with their fields).
fn list_enum(item: &syn::ItemEnum, prefix: &str, lines: &mut Lines) {
    let path = format!("{prefix}{}", item.ident);
    let exhaustive = if item.attrs.iter().any(|attr| attr.path().is_ident("non_exhaustive")) {
        "#[non_exhaustive] "
    } else {
        ""
    };
    add(
        lines,
        &path,
        format!(
            "{exhaustive}pub enum {path}{}",
            spelled(item.generics.to_token_stream())
        ),
    );
    derives(&item.attrs, &path, &item.generics, lines);
    for variant in &item.variants {
        let member = format!("{path}::{}", variant.ident);
        match &variant.fields {
            syn::Fields::Unit => add(lines, &member, format!("pub {member}")),
            syn::Fields::Unnamed(fields) => {
                let types: Vec<String> = fields
                    .unnamed
                    .iter()
                    .map(|field| spelled(field.ty.to_token_stream()))
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
                            format!("pub {inner}: {}", spelled(field.ty.to_token_stream())),
                        );
                    }
                }
            }
        }
    }
}

/// The trait and its methods.
fn list_trait(item: &syn::ItemTrait, prefix: &str, lines: &mut Lines) {
    let path = format!("{prefix}{}", item.ident);
    add(lines, &path, format!("pub trait {path}"));
    for inner in &item.items {
        if let syn::TraitItem::Fn(method) = inner {
            let member = format!("{path}::{}", method.sig.ident);
            add(lines, &member, format!("pub {}", signature(&member, &method.sig)));
        }
    }
}

/// A trait impl as one line (unless the trait is the runtime's plumbing), or an
/// inherent impl's public methods and constants.
fn list_impl(item: &syn::ItemImpl, context: &Context, lines: &mut Lines) {
    let syn::Type::Path(self_path) = &*item.self_ty else {
        return;
    };
    let Some(last) = self_path.path.segments.last() else {
        return;
    };
    let self_name = last.ident.to_string();
    if !(context.wanted)(&self_name) || is_hidden(&item.attrs) {
        return;
    }
    let path = format!("{}{self_name}", context.prefix);
    match &item.trait_ {
        Some((_, trait_path, _)) => {
            let Some(trait_name) = trait_path.segments.last() else {
                return;
            };
            if runtime::private_names().contains(&trait_name.ident.to_string()) {
                return;
            }
            let self_ty = format!("{}{}", context.prefix, spelled(item.self_ty.to_token_stream()));
            add(
                lines,
                &format!("{path}::"),
                trait_impl_line(&item.generics, trait_name, &self_ty),
            );
        }
        None => list_inherent_items(item, &path, lines),
    }
}

fn list_inherent_items(item: &syn::ItemImpl, path: &str, lines: &mut Lines) {
    for inner in &item.items {
        match inner {
            syn::ImplItem::Fn(method) if is_public(&method.vis) && !is_hidden(&method.attrs) => {
                let member = format!("{path}::{}", method.sig.ident);
                add(lines, &member, format!("pub {}", signature(&member, &method.sig)));
            }
            syn::ImplItem::Const(constant) if is_public(&constant.vis) && !is_hidden(&constant.attrs) => {
                add(
                    lines,
                    &format!("{path}::{}", constant.ident),
                    format!(
                        "pub const {path}::{}: {}",
                        constant.ident,
                        spelled(constant.ty.to_token_stream())
                    ),
                );
            }
            _ => {}
        }
    }
}

/// `impl<G> Trait<Args> for Type`: the trait by its last segment without lifetime
/// arguments (`serde::Deserialize<'de>` reads `Deserialize`, as the derive does), the
/// impl generics unless they are only lifetimes.
fn trait_impl_line(generics: &syn::Generics, trait_name: &syn::PathSegment, self_ty: &str) -> String {
    let only_lifetimes = generics
        .params
        .iter()
        .all(|param| matches!(param, syn::GenericParam::Lifetime(_)));
    let generics = if only_lifetimes {
        String::new()
    } else {
        spelled(generics.to_token_stream())
    };
    let arguments: Vec<String> = match &trait_name.arguments {
        syn::PathArguments::AngleBracketed(arguments) => arguments
            .args
            .iter()
            .filter(|argument| !matches!(argument, syn::GenericArgument::Lifetime(_)))
            .map(|argument| spelled(argument.to_token_stream()))
            .collect(),
        syn::PathArguments::Parenthesized(arguments) => vec![spelled(arguments.to_token_stream())],
        syn::PathArguments::None => Vec::new(),
    };
    let arguments = match (&trait_name.arguments, arguments.is_empty()) {
        (_, true) => String::new(),
        (syn::PathArguments::Parenthesized(_), false) => arguments.concat(),
        (_, false) => format!("<{}>", arguments.join(", ")),
    };
    format!("impl{generics} {}{arguments} for {self_ty}", trait_name.ident)
}

/// Derived traits, as `impl Trait for Type` lines.
fn derives(attrs: &[syn::Attribute], path: &str, generics: &syn::Generics, lines: &mut Lines) {
    let (_, type_generics, _) = generics.split_for_impl();
    let self_ty = format!("{path}{}", spelled(type_generics.to_token_stream()));
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            let name = spelled(meta.path.to_token_stream());
            let name = name.rsplit("::").next().unwrap_or(&name).to_string();
            add(lines, &format!("{path}::"), format!("impl {name} for {self_ty}"));
            Ok(())
        });
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
                let text = spelled(receiver.to_token_stream());
                text.strip_prefix("mut ").map(str::to_string).unwrap_or(text)
            }
            syn::FnArg::Typed(typed) => {
                let pattern = spelled(typed.pat.to_token_stream());
                let pattern = pattern.strip_prefix("mut ").unwrap_or(&pattern).to_string();
                format!("{pattern}: {}", spelled(typed.ty.to_token_stream()))
            }
        })
        .collect();
    let generics = spelled(sig.generics.to_token_stream());
    let output = spelled(sig.output.to_token_stream());
    let where_clause = sig
        .generics
        .where_clause
        .as_ref()
        .map(|clause| format!(" {}", spelled(clause.to_token_stream())))
        .unwrap_or_default();
    let output = if output.is_empty() {
        String::new()
    } else {
        format!(" {output}")
    };
    format!("{head}fn {path}{generics}({}){output}{where_clause}", inputs.join(", "))
}

/// The same tokens with every function body emptied and doc text (`#[doc = "..."]`)
/// dropped: only signatures are listed, and parsing bodies and docs would cost more than
/// the rest of the listing together. `#[doc(hidden)]` is kept.
fn without_fn_bodies(tokens: TokenStream) -> TokenStream {
    use proc_macro2::{Delimiter, Group, TokenTree};
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(tokens.len());
    let mut in_fn_signature = false;
    let mut index = 0;
    while index < tokens.len() {
        let token = &tokens[index];
        index += 1;
        match token {
            TokenTree::Punct(punct) if punct.as_char() == '#' && is_doc_text(tokens.get(index)) => {
                index += 1;
            }
            TokenTree::Ident(ident) => {
                if ident == "fn" {
                    in_fn_signature = true;
                }
                out.push(token.clone());
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
                out.push(token.clone());
            }
            _ => out.push(token.clone()),
        }
    }
    out.into_iter().collect()
}

/// True for the `[doc = ...]` group of a doc-text attribute.
fn is_doc_text(token: Option<&proc_macro2::TokenTree>) -> bool {
    let Some(proc_macro2::TokenTree::Group(group)) = token else {
        return false;
    };
    if group.delimiter() != proc_macro2::Delimiter::Bracket {
        return false;
    }
    let mut inner = group.stream().into_iter();
    matches!(
        (inner.next(), inner.next()),
        (Some(proc_macro2::TokenTree::Ident(name)), Some(proc_macro2::TokenTree::Punct(eq)))
            if name == "doc" && eq.as_char() == '='
    )
}

#[cfg(test)]
mod tests {
    use super::Listing;

    /// The lines about `models::Thing` in a listing of `items`.
    fn thing_lines(items: &str) -> Vec<String> {
        let file = syn::parse_file(items).unwrap_or_else(|error| panic!("{error}"));
        let mut listing = Listing::new();
        for item in &file.items {
            listing.add_item(item, "models::");
        }
        listing
            .finish()
            .lines()
            .filter(|line| line.contains("models::Thing"))
            .map(str::to_string)
            .collect()
    }

    /// A model's derives and its written-out `new` are listed as the items the crate
    /// has, so a new required field (a changed `new`) shows in the listing.
    #[test]
    fn derived_models_list_their_trait_impls_and_new() {
        let derived = "
            #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
            pub struct Thing {
                pub id: i64,
                pub name: Option<String>,
                pub extra: serde_json::Map<String, serde_json::Value>,
            }
            impl Thing {
                /// A value with the required properties set.
                pub fn new(id: i64) -> Self {
                    Thing { id, name: None, extra: Default::default() }
                }
            }";
        let lines = thing_lines(derived);
        for line in [
            "pub fn models::Thing::new(id: i64) -> Self",
            "impl Serialize for models::Thing",
            "impl Deserialize for models::Thing",
            "impl Clone for models::Thing",
            "pub models::Thing::name: Option<String>",
        ] {
            assert!(lines.iter().any(|listed| listed == line), "`{line}` in {lines:#?}");
        }
    }

    /// The whole listing of a crate root holding `items`.
    fn listing_of(items: &str) -> Vec<String> {
        let file = syn::parse_file(items).unwrap_or_else(|error| panic!("{error}"));
        let mut listing = Listing::new();
        for item in &file.items {
            listing.add_item(item, "");
        }
        listing.finish().lines().skip(1).map(str::to_string).collect()
    }

    /// Runtime items are listed as the crate root exposes them: all of them for a glob
    /// (from a module or from a runtime crate), only the names re-exported otherwise.
    #[test]
    fn runtime_items_follow_the_crate_roots_reexports() {
        for glob in ["pub use runtime::*;", "pub use zendesk_users_runtime::*;"] {
            let lines = listing_of(glob);
            for line in ["pub struct Client", "pub use reqwest", "pub enum Nullable<T>"] {
                assert!(lines.iter().any(|listed| listed == line), "`{line}` for `{glob}`");
            }
        }
        let some = listing_of("pub use runtime::{Client, Nullable}; pub use chrono; pub mod models; mod hidden;");
        assert!(some.iter().any(|line| line == "pub struct Client"));
        assert!(some
            .iter()
            .any(|line| line == "pub fn Nullable::is_absent(&self) -> bool"));
        assert!(some.iter().any(|line| line == "pub use chrono"));
        assert!(some.iter().any(|line| line == "pub mod models"));
        assert!(
            !some.iter().any(|line| line.starts_with("pub struct ClientBuilder")
                || line == "pub use reqwest"
                || line.contains("hidden")),
            "{some:#?}"
        );
        // A type the crate defines itself shadows the glob's: only the crate's is listed
        // (told apart here by a type parameter the runtime's `Client` does not have).
        let shadowed = listing_of("pub use runtime::*; pub struct Client<T>(T);");
        assert!(
            shadowed.iter().any(|line| line == "pub struct Client<T>"),
            "{shadowed:#?}"
        );
        assert!(
            !shadowed.iter().any(|line| line == "pub struct Client"),
            "{shadowed:#?}"
        );
        assert!(shadowed
            .iter()
            .any(|line| line == "pub fn Client::base_url(&self) -> &str"));
        assert!(
            listing_of("pub use operations::*;").is_empty(),
            "the crate's own modules add nothing"
        );
    }

    #[test]
    fn trait_impls_read_the_same_however_they_are_written() {
        let written_out = "
            pub enum Thing { A }
            impl<'de> serde::Deserialize<'de> for Thing {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> { todo!() }
            }
            impl ::core::fmt::Display for Thing {
                fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { todo!() }
            }
            impl TryFrom<&str> for Thing { type Error = (); fn try_from(value: &str) -> Result<Self, ()> { todo!() } }";
        let lines = thing_lines(written_out);
        for line in [
            "impl Deserialize for models::Thing",
            "impl Display for models::Thing",
            "impl TryFrom<&str> for models::Thing",
        ] {
            assert!(lines.iter().any(|listed| listed == line), "`{line}` in {lines:#?}");
        }
    }
}
