//! What the runtime's macros produce for each invocation in the emitted code
//! (`__private::awaitable_builder!(ListUsers => models::UsersPage)` implements
//! `IntoFuture` for `ListUsers`), so the listing shows the impls and methods no emitted item spells out.
//!
//! The impls are read from the macro definitions in the runtime's sources, as the
//! macro writes them, with the invocation's arguments put in for the pattern's
//! fragments: a trait or method added to a macro shows in the listing without a
//! change here. (Structs are plain serde derives, listed from the items themselves;
//! what is left for this module is builder plumbing such as `awaitable_builder!`
//! and the enum impls of `string_enum!` and `integer_enum!`.)
//!
//! Matching an invocation against a pattern is written here rather than taken from a
//! library because no crate exposes `macro_rules` matching; the runtime's patterns are
//! flat (fragments and separators), and only what precedes a repetition is bound.

use super::{add, list_impl, without_fn_bodies, Context, Lines};
use crate::emit::spelling::spelled;
use proc_macro2::{Delimiter, Group, Ident, TokenStream, TokenTree};
use std::collections::BTreeMap;

/// Stands for the invocation's subject in the expansion, replaced by its listed path.
const SUBJECT: &str = "__ListedMacroSubject";

/// Stands for the fragment `$name` in the stored listing lines (followed by its name),
/// replaced by the invocation's tokens for it.
const FRAGMENT: &str = "__ListedMacroFragment_";

/// One runtime macro: its first rule (the others are the macro's internal helpers),
/// listed once with placeholders for its fragments, so that each invocation only
/// binds its arguments and puts their text in. Kept as text because token streams
/// cannot be shared between threads.
#[derive(Debug)]
struct Definition {
    pattern: String,
    expansion: Expansion,
}

/// What one invocation produces, as listing lines.
#[derive(Debug, Default)]
struct Expansion {
    /// The listing lines of the impls that parse (bodies emptied), with the
    /// placeholder as their subject.
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
    let Some(definition) = definitions().get(&name.ident.to_string()) else {
        return;
    };
    let Some(TokenTree::Ident(subject)) = item.mac.tokens.clone().into_iter().next() else {
        return;
    };
    if !(context.wanted)(&subject.to_string()) {
        return;
    }
    let Ok(pattern) = definition.pattern.parse::<TokenStream>() else {
        return;
    };
    let mut bindings = BTreeMap::new();
    bind(pattern, item.mac.tokens.clone(), &mut bindings);
    // Longer names first, so that `$page` does not replace the start of `$page_size`.
    let mut bound: Vec<(String, String)> = bindings
        .into_iter()
        .map(|(name, tokens)| (format!("{FRAGMENT}{name}"), spelled(tokens)))
        .collect();
    bound.sort_by(|(a, _), (b, _)| b.len().cmp(&a.len()).then(a.cmp(b)));
    let path = format!("{}{subject}", context.prefix);
    let put_in = |text: &str| {
        let mut text = text.replace(SUBJECT, &path);
        for (placeholder, value) in &bound {
            text = text.replace(placeholder.as_str(), value);
        }
        text
    };
    for (key, line) in &definition.expansion.lines {
        add(lines, &put_in(key), put_in(line));
    }
    for (method, rest) in &definition.expansion.table_methods {
        let member = format!("{path}::{method}");
        // Arguments that repeat over the invocation's table are elided.
        add(lines, &member, format!("pub fn {member}(..){rest}"));
    }
}

/// The runtime's macros by name, read once per process.
fn definitions() -> &'static BTreeMap<String, Definition> {
    static DEFINITIONS: std::sync::OnceLock<BTreeMap<String, Definition>> = std::sync::OnceLock::new();
    DEFINITIONS.get_or_init(|| {
        let mut found = BTreeMap::new();
        for (_, text) in crate::RUNTIME_FILES {
            if let Ok(tokens) = text.parse::<TokenStream>() {
                read_macro_definitions(tokens, &mut found);
            }
        }
        found
    })
}

/// Every `macro_rules! name { (pattern) => { expansion }; .. }` among `tokens`.
fn read_macro_definitions(tokens: TokenStream, found: &mut BTreeMap<String, Definition>) {
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
        found.insert(
            name.to_string(),
            Definition {
                pattern: pattern.stream().to_string(),
                expansion: templates(substitute(expansion.stream(), &subject)),
            },
        );
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

/// Binds the pattern's fragments (`$page:ty`) to the invocation's tokens, in order,
/// until a repetition or a token that does not match: a single-token fragment
/// (`ident`, `literal` with its sign, `lifetime`, `tt`) takes one token tree, any other
/// kind takes everything up to the pattern's next separator outside `<..>`.
fn bind(pattern: TokenStream, invocation: TokenStream, bindings: &mut BTreeMap<String, TokenStream>) -> bool {
    let pattern: Vec<TokenTree> = pattern.into_iter().collect();
    let invocation: Vec<TokenTree> = invocation.into_iter().collect();
    let (mut at, mut taken) = (0, 0);
    while at < pattern.len() {
        match (&pattern[at], pattern.get(at + 1), pattern.get(at + 3)) {
            (TokenTree::Punct(dollar), Some(TokenTree::Ident(name)), Some(TokenTree::Ident(kind)))
                if dollar.as_char() == '$' =>
            {
                let rest = &invocation[taken.min(invocation.len())..];
                let length = match kind.to_string().as_str() {
                    "ident" | "lifetime" | "tt" => 1,
                    "literal" => {
                        1 + usize::from(matches!(rest.first(), Some(TokenTree::Punct(minus)) if minus.as_char() == '-'))
                    }
                    _ => fragment_length(rest, pattern.get(at + 4)),
                };
                if rest.len() < length {
                    return false;
                }
                bindings.insert(name.to_string(), rest[..length].iter().cloned().collect());
                taken += length;
                at += 4;
            }
            // A repetition: what it binds only appears in repeated parts of the expansion.
            (TokenTree::Punct(dollar), Some(TokenTree::Group(_)), _) if dollar.as_char() == '$' => return false,
            (TokenTree::Group(expected), _, _) => {
                let Some(TokenTree::Group(found)) = invocation.get(taken) else {
                    return false;
                };
                if expected.delimiter() != found.delimiter() || !bind(expected.stream(), found.stream(), bindings) {
                    return false;
                }
                taken += 1;
                at += 1;
            }
            (expected, _, _) => {
                if invocation.get(taken).map(ToString::to_string) != Some(expected.to_string()) {
                    return false;
                }
                taken += 1;
                at += 1;
            }
        }
    }
    true
}

/// How many of `rest` a many-token fragment (`ty`, `path`, `expr`) takes: up to the
/// pattern's next token (`separator`) outside angle brackets, or all of it.
fn fragment_length(rest: &[TokenTree], separator: Option<&TokenTree>) -> usize {
    let separator = separator.map(ToString::to_string);
    let mut depth = 0i32;
    for (index, token) in rest.iter().enumerate() {
        if let TokenTree::Punct(punct) = token {
            match punct.as_char() {
                '<' => depth += 1,
                '>' => depth -= 1,
                _ => {}
            }
        }
        if depth == 0 && separator.as_deref() == Some(&token.to_string()) {
            return index;
        }
    }
    rest.len()
}

/// The expansion's top-level impls (`impl .. { .. }`), function bodies emptied, as
/// listing lines.
fn templates(expansion: TokenStream) -> Expansion {
    let mut result = Expansion::default();
    let mut current: Vec<TokenTree> = Vec::new();
    for token in expansion {
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

/// The expansion as the listing reads it: `$crate::__private::` and the modules after
/// it go (the plumbing's items are listed by their own names), `$crate` becomes
/// `crate` (the listing drops `crate::`), an absolute path to a prelude item
/// (`::core::result::Result`) its prelude name, the subject [`SUBJECT`], any other
/// `$fragment` a placeholder naming it ([`FRAGMENT`]), and repetitions (`$( .. )?`),
/// which hold only docs and statements, are left out.
fn substitute(tokens: TokenStream, subject: &str) -> TokenStream {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let text = |index: usize| tokens.get(index).map(ToString::to_string).unwrap_or_default();
    let mut out: Vec<TokenTree> = Vec::with_capacity(tokens.len());
    let mut index = 0;
    while index < tokens.len() {
        if text(index) == "$" {
            match tokens.get(index + 1) {
                Some(TokenTree::Ident(name)) if name == "crate" => {
                    index += 2;
                    if text(index) == ":" && text(index + 1) == ":" && text(index + 2) == "__private" {
                        // `::__private::` and every `module::` after it, up to the item's name.
                        index += 3;
                        while text(index) == ":" && text(index + 1) == ":" && text(index + 3) == ":" {
                            index += 3;
                        }
                        index += 2;
                    } else {
                        out.push(TokenTree::Ident(Ident::new("crate", name.span())));
                    }
                }
                Some(TokenTree::Ident(name)) => {
                    // A fragment bound by no invocation (inside a repetition) only
                    // appears where the listing does not look (bodies).
                    let placeholder = if name == subject {
                        SUBJECT.to_string()
                    } else {
                        format!("{FRAGMENT}{name}")
                    };
                    out.push(TokenTree::Ident(Ident::new(&placeholder, name.span())));
                    index += 2;
                }
                Some(TokenTree::Group(_)) => {
                    // `$( .. )` then an operator (`?`, `*`, `+`), or a separator and an operator.
                    index += 2;
                    if !matches!(text(index).as_str(), "?" | "*" | "+") {
                        index += 1;
                    }
                    index += 1;
                }
                _ => {
                    out.push(tokens[index].clone());
                    index += 1;
                }
            }
            continue;
        }
        // `::core::module::Name` / `::std::module::Name` of a prelude item: `Name`.
        let absolute =
            text(index) == ":" && text(index + 1) == ":" && matches!(text(index + 2).as_str(), "core" | "std");
        if absolute && text(index + 3) == ":" && text(index + 6) == ":" && PRELUDE.contains(&text(index + 8).as_str()) {
            out.push(tokens[index + 8].clone());
            index += 9;
            continue;
        }
        out.push(match &tokens[index] {
            TokenTree::Group(group) => regroup(group, substitute(group.stream(), subject)),
            other => other.clone(),
        });
        index += 1;
    }
    out.into_iter().collect()
}

/// Items of the Rust prelude a macro names by absolute path, listed by their prelude name.
const PRELUDE: &[&str] = &[
    "Box",
    "Clone",
    "Default",
    "Err",
    "Fn",
    "FnMut",
    "FnOnce",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToString",
    "Unpin",
    "Vec",
];

fn regroup(group: &Group, stream: TokenStream) -> TokenTree {
    let mut new = Group::new(group.delimiter(), stream);
    new.set_span(group.span());
    TokenTree::Group(new)
}
