//! What the runtime's macros produce for each invocation in the emitted code
//! (`__private::awaitable_builder!(ListUsers => models::UsersPage)` implements
//! `IntoFuture` for `ListUsers`), so the listing shows the impls and methods no emitted item spells out.
//!
//! The impls are read from the macro definitions in the runtime's sources, as the
//! macro writes them, with the invocation's subject put in: a trait or method added
//! to a macro shows in the listing without a change here. (Models are plain serde
//! derives and written-out impls, listed from the items themselves; what is left for
//! this module is builder plumbing such as `awaitable_builder!`.)

use super::{add, list_impl, without_fn_bodies, Context, Lines};
use crate::emit::spelling::spelled;
use proc_macro2::{Delimiter, Group, Ident, TokenStream, TokenTree};
use std::collections::BTreeMap;

/// Stands for the invocation's subject in the stored templates.
const SUBJECT: &str = "__ListedMacroSubject";

/// One runtime macro's expansion, as templates of its top-level items.
#[derive(Debug, Default)]
struct Expansion {
    /// The listing lines of the impls that parse (bodies emptied), listed once with the
    /// placeholder as their subject: each invocation only puts its subject's path in.
    lines: Vec<(String, String)>,
    /// Public methods whose signatures repeat over the invocation's table: (name,
    /// the text after the argument list, such as `-> Self`).
    table_methods: Vec<(String, String)>,
}

/// Lists what the macro invoked by `item` produces for its subject, when the macro is
/// one of the runtime's and the subject is exported.
pub(super) fn list_invocation(item: &syn::ItemMacro, context: &Context, lines: &mut Lines) {
    let Some(name) = item.mac.path.segments.last() else {
        return;
    };
    let Some(expansion) = expansions().get(&name.ident.to_string()) else {
        return;
    };
    let Some(TokenTree::Ident(subject)) = item.mac.tokens.clone().into_iter().next() else {
        return;
    };
    if !(context.wanted)(&subject.to_string()) {
        return;
    }
    let path = format!("{}{subject}", context.prefix);
    for (key, line) in &expansion.lines {
        add(lines, &key.replace(SUBJECT, &path), line.replace(SUBJECT, &path));
    }
    for (method, rest) in &expansion.table_methods {
        let member = format!("{path}::{method}");
        // Arguments that repeat over the invocation's table are elided.
        add(lines, &member, format!("pub fn {member}(..){rest}"));
    }
}

/// The runtime's macros by name, read once per process.
fn expansions() -> &'static BTreeMap<String, Expansion> {
    static EXPANSIONS: std::sync::OnceLock<BTreeMap<String, Expansion>> = std::sync::OnceLock::new();
    EXPANSIONS.get_or_init(|| {
        let mut found = BTreeMap::new();
        for (_, text) in crate::RUNTIME_FILES {
            if let Ok(tokens) = text.parse::<TokenStream>() {
                read_macro_definitions(tokens, &mut found);
            }
        }
        found
    })
}

/// Every `macro_rules! name { (pattern) => { expansion }; .. }` among `tokens`: the
/// first rule's expansion (the others are the macro's internal helpers) as templates.
fn read_macro_definitions(tokens: TokenStream, found: &mut BTreeMap<String, Expansion>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    for window in tokens.windows(4) {
        let [TokenTree::Ident(keyword), TokenTree::Punct(bang), TokenTree::Ident(name), TokenTree::Group(rules)] =
            window
        else {
            continue;
        };
        if keyword != "macro_rules" || bang.as_char() != '!' {
            continue;
        }
        let rules: Vec<TokenTree> = rules.stream().into_iter().collect();
        let (Some(TokenTree::Group(pattern)), Some(TokenTree::Group(expansion))) = (
            rules.first(),
            rules.iter().skip(1).find(|token| matches!(token, TokenTree::Group(_))),
        ) else {
            continue;
        };
        let Some(subject) = subject_fragment(pattern.stream()) else {
            continue;
        };
        found.insert(name.to_string(), templates(expansion.stream(), &subject));
    }
}

/// The name of the pattern's first `$name:ident` fragment: the type the macro is about.
fn subject_fragment(pattern: TokenStream) -> Option<String> {
    let tokens: Vec<TokenTree> = pattern.into_iter().collect();
    tokens.windows(4).find_map(|window| match window {
        [TokenTree::Punct(dollar), TokenTree::Ident(name), TokenTree::Punct(colon), TokenTree::Ident(kind)]
            if dollar.as_char() == '$' && colon.as_char() == ':' && kind == "ident" =>
        {
            Some(name.to_string())
        }
        _ => None,
    })
}

/// The expansion's top-level impls (`impl .. { .. }`), `$crate` and the subject
/// substituted, function bodies emptied.
fn templates(expansion: TokenStream, subject: &str) -> Expansion {
    let mut result = Expansion::default();
    let mut current: Vec<TokenTree> = Vec::new();
    for token in substitute(expansion, subject) {
        let starts_impl = matches!(&token, TokenTree::Ident(ident) if ident == "impl");
        if starts_impl {
            current.clear();
        }
        let ends_item = matches!(&token, TokenTree::Group(group) if group.delimiter() == Delimiter::Brace);
        current.push(token);
        if ends_item && matches!(current.first(), Some(TokenTree::Ident(ident)) if ident == "impl") {
            let item = without_fn_bodies(current.drain(..).collect());
            if let Ok(parsed) = syn::parse2::<syn::ItemImpl>(item.clone()) {
                let context = Context {
                    prefix: "",
                    wanted: &|_| true,
                };
                let mut listed = Lines::new();
                list_impl(&parsed, &context, &mut listed);
                result.lines.extend(listed);
            } else {
                result.table_methods.extend(table_methods(item));
            }
        }
    }
    result
}

/// `pub fn name(..) rest { }` in an impl whose signatures repeat over the table.
fn table_methods(item: TokenStream) -> Vec<(String, String)> {
    let Some(TokenTree::Group(body)) = item.into_iter().last() else {
        return Vec::new();
    };
    let tokens: Vec<TokenTree> = body.stream().into_iter().collect();
    let mut methods = Vec::new();
    for (index, window) in tokens.windows(4).enumerate() {
        let [TokenTree::Ident(public), TokenTree::Ident(function), TokenTree::Ident(name), TokenTree::Group(_)] =
            window
        else {
            continue;
        };
        if public != "pub" || function != "fn" {
            continue;
        }
        let rest: TokenStream = tokens[index + 4..]
            .iter()
            .take_while(|token| !matches!(token, TokenTree::Group(group) if group.delimiter() == Delimiter::Brace))
            .cloned()
            .collect();
        let rest = spelled(rest);
        let rest = if rest.is_empty() { rest } else { format!(" {rest}") };
        methods.push((name.to_string(), rest));
    }
    methods
}

/// `$crate` becomes `crate` (the listing drops `crate::`), `$subject` the placeholder,
/// and any other `$fragment` a stand-in type name; repetitions (`$( .. )*`) stay.
fn substitute(tokens: TokenStream, subject: &str) -> TokenStream {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(tokens.len());
    let mut index = 0;
    while index < tokens.len() {
        if let (TokenTree::Punct(dollar), Some(TokenTree::Ident(name))) = (&tokens[index], tokens.get(index + 1)) {
            if dollar.as_char() == '$' {
                // Other fragments (`$body:ty`) only appear where the listing does not
                // look (associated types, bodies): any type name parses there.
                let replacement = match name.to_string() {
                    name if name == "crate" => "crate",
                    name if name == subject => SUBJECT,
                    _ => "__ListedMacroFragment",
                };
                out.push(TokenTree::Ident(Ident::new(replacement, name.span())));
                index += 2;
                continue;
            }
        }
        out.push(match &tokens[index] {
            TokenTree::Group(group) => regroup(group, substitute(group.stream(), subject)),
            other => other.clone(),
        });
        index += 1;
    }
    out.into_iter().collect()
}

fn regroup(group: &Group, stream: TokenStream) -> TokenTree {
    let mut new = Group::new(group.delimiter(), stream);
    new.set_span(group.span());
    TokenTree::Group(new)
}
