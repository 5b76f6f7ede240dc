//! Helpers shared by the emitters: identifiers, type paths and doc comments.

use crate::ir::{Presence, TypeRef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// The identifier for an IR name (always plain text): keywords become raw
/// identifiers (`type` → `r#type`).
pub fn ident(name: &str) -> Ident {
    if crate::naming::is_raw_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// Where a type path is written: inside `models` or from another module.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum WrittenIn {
    /// Inside `models.rs`: named types unqualified.
    Models,
    /// Elsewhere in the crate: named types as `models::Name`.
    Crate,
}

/// The Rust type for a [`TypeRef`].
pub fn type_tokens(ty: &TypeRef, from: WrittenIn) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Integer { int32: true } => quote!(i32),
        TypeRef::Integer { int32: false } => quote!(i64),
        TypeRef::Number => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::FixedOffset>),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Named(name) => {
            let name = ident(name);
            match from {
                WrittenIn::Models => quote!(#name),
                WrittenIn::Crate => quote!(models::#name),
            }
        }
        TypeRef::Array(inner) => {
            let inner = type_tokens(inner, from);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) if **inner == TypeRef::Json => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::Map(inner) => {
            let inner = type_tokens(inner, from);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
    }
}

/// The field type with its presence wrapper (`Option`, `Nullable`).
pub fn field_type(ty: &TypeRef, presence: Presence, boxed: bool, from: WrittenIn) -> TokenStream {
    let mut inner = type_tokens(ty, from);
    if boxed {
        inner = quote!(Box<#inner>);
    }
    match presence {
        Presence::Required => inner,
        Presence::RequiredNullable | Presence::Optional => quote!(Option<#inner>),
        Presence::OptionalNullable => quote!(crate::Nullable<#inner>),
    }
}

/// Clippy's default `type-complexity-threshold`: a type scoring more is a warning.
const TYPE_COMPLEXITY_THRESHOLD: u32 = 250;

/// Clippy's default `too-many-arguments-threshold`: a function taking more is a warning.
const MAX_ARGUMENTS: usize = 7;

/// Clippy's `type_complexity` score of `ty` as [`type_tokens`] writes it, `depth`
/// levels deep (1 for a field's or an argument's own type): as clippy's visitor
/// counts, every named type adds 10 × its depth and its generic arguments sit one
/// level deeper. The spec decides how deep its maps of arrays of maps go, so the
/// generated code says clippy may find them complex rather than warn.
fn type_score(ty: &TypeRef, depth: u32) -> u32 {
    let own = 10 * depth;
    let inside = 10 * (depth + 1);
    own + match ty {
        TypeRef::String
        | TypeRef::Integer { .. }
        | TypeRef::Number
        | TypeRef::Boolean
        | TypeRef::Json
        | TypeRef::Named(_) => 0,
        TypeRef::DateTime => inside,
        TypeRef::Array(inner) => type_score(inner, depth + 1),
        TypeRef::Map(inner) if **inner == TypeRef::Json => 2 * inside,
        TypeRef::Map(inner) => inside + type_score(inner, depth + 1),
    }
}

/// Whether clippy's `type_complexity` fires on `ty` written as [`field_type`] writes it.
pub fn too_complex(ty: &TypeRef, presence: Presence, boxed: bool) -> bool {
    let mut depth = 1;
    let mut score = 0;
    if presence != Presence::Required {
        score += 10 * depth;
        depth += 1;
    }
    if boxed {
        score += 10 * depth;
        depth += 1;
    }
    score + type_score(ty, depth) > TYPE_COMPLEXITY_THRESHOLD
}

/// `#[allow(..)]` for the clippy lints a generated function or type cannot avoid
/// because the spec decides them: `type_complexity` when `complex`, and
/// `too_many_arguments` when it takes more than clippy's limit (`arguments`,
/// `self` included). Nothing when neither fires.
pub fn clippy_allowances(complex: bool, arguments: usize) -> TokenStream {
    let mut lints = Vec::new();
    if complex {
        lints.push(quote!(clippy::type_complexity));
    }
    if arguments > MAX_ARGUMENTS {
        lints.push(quote!(clippy::too_many_arguments));
    }
    if lints.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[allow(#(#lints),*)])
    }
}

/// `#[doc = "..."]` attributes for spec prose, one per line, cleaned for rustdoc.
pub fn doc_attrs(text: &str) -> TokenStream {
    raw_doc_attrs(&clean_doc(text))
}

/// `#[doc = "..."]` attributes for markdown the generator wrote itself (intra-doc
/// links included); any spec prose inside must already be cleaned with [`clean_doc`].
pub fn raw_doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// Makes spec prose safe for rustdoc: fenced code becomes ```` ```text ```` (never a
/// doctest), indentation that would start an indented code block is removed, bare
/// URLs become autolinks, and brackets or angle brackets that are not part of a
/// markdown link are escaped so rustdoc does not read them as links or HTML.
pub fn clean_doc(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    // Width of the current list item's marker (`- ` is 2, `10. ` is 4): its indented
    // continuation lines are re-indented to exactly that, so they stay part of the
    // item and never turn into an indented code block (a doctest).
    let mut list_indent: Option<usize> = None;
    for line in join_split_links(text.trim()) {
        let line = line.as_str();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            out.push(if in_fence {
                "```".to_string()
            } else {
                "```text".to_string()
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_string());
            continue;
        }
        let prose = clean_prose_line(trimmed.trim_end());
        if trimmed.is_empty() {
            list_indent = None;
            out.push(String::new());
        } else if let Some(marker) = list_marker_width(trimmed) {
            list_indent = Some(marker);
            out.push(prose);
        } else if let Some(indent) = list_indent {
            // Markdown continues a list item on the next line whether or not it is
            // indented ("lazy continuation"); indenting it says so explicitly.
            out.push(format!("{}{prose}", " ".repeat(indent)));
        } else {
            list_indent = None;
            out.push(prose);
        }
    }
    if in_fence {
        out.push("```".to_string());
    }
    out.join("\n")
}

/// The lines of `text`, where a markdown link the spec's line wrapping split
/// (`[Usage` / `Limits](https://…)`) is joined back onto one line, so that it is
/// recognised as a link; fenced code is left as it is.
fn join_split_links(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut in_fence = false;
    // Whether the last line pushed ends inside an unfinished link.
    let mut open = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            in_fence = !in_fence;
            open = false;
            out.push(line.to_string());
            continue;
        }
        match out.last_mut() {
            Some(last) if open && !in_fence && !trimmed.is_empty() => {
                last.push(' ');
                last.push_str(trimmed);
            }
            _ => out.push(line.to_string()),
        }
        open = !in_fence && out.last().is_some_and(|last| ends_inside_link(last));
    }
    out
}

/// Whether `line` opens a `[` or a `](` it does not close (outside code spans).
fn ends_inside_link(line: &str) -> bool {
    let mut depth = 0usize;
    let mut in_target = false;
    let mut in_code = false;
    let mut previous = ' ';
    for c in line.chars() {
        match c {
            '`' => in_code = !in_code,
            _ if in_code => {}
            '[' if !in_target => depth += 1,
            ']' if !in_target => depth = depth.saturating_sub(1),
            '(' if previous == ']' => in_target = true,
            ')' if in_target => in_target = false,
            _ => {}
        }
        previous = c;
    }
    depth > 0 || in_target
}

/// The width of a list marker at the start of `line` (`- `, `* `, `1. `), if any.
fn list_marker_width(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && line[digits..].starts_with(". ") {
        return Some(digits + 2);
    }
    None
}

fn clean_prose_line(line: &str) -> String {
    let mut out = String::new();
    // Inline code spans are copied untouched; prose between them is escaped.
    for (index, piece) in line.split('`').enumerate() {
        if index > 0 {
            out.push('`');
        }
        if index % 2 == 1 && line.matches('`').count().is_multiple_of(2) {
            out.push_str(piece);
        } else {
            out.push_str(&escape_prose(piece));
        }
    }
    out
}

fn escape_prose(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some((link_end, link)) = markdown_link(rest) {
            out.push_str(&link);
            rest = &rest[link_end..];
            continue;
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '"')
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ')', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        match c {
            '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Length of a `[text](target)` link at the start of `text`, if there is one, and
/// the link as rustdoc renders it (`[text](target)`, without the blanks the spec
/// sometimes leaves around the target, which would make markdown print it raw).
fn markdown_link(text: &str) -> Option<(usize, String)> {
    if !text.starts_with('[') {
        return None;
    }
    let close = text.find("](")?;
    if text[1..close].contains('[') {
        return None;
    }
    let end = text[close..].find(')')? + close;
    // Only links rustdoc can follow as they are: a bare word would be read as an
    // unresolvable intra-doc link, so its brackets are escaped instead.
    let target = text[close + 2..end].trim();
    let followable = !target.contains(char::is_whitespace)
        && (target.contains("://")
            || target.starts_with('#')
            || target.starts_with('/')
            || target.starts_with("mailto:"));
    followable.then(|| (end + 1, format!("{}]({target})", &text[..close])))
}

#[cfg(test)]
mod tests {
    use super::clean_doc;

    #[test]
    fn bare_urls_become_autolinks_and_brackets_are_escaped() {
        assert_eq!(
            clean_doc("See https://example.com/x. Use role[]={role} and <string>"),
            "See <https://example.com/x>. Use role\\[\\]={role} and \\<string\\>"
        );
    }

    #[test]
    fn links_and_code_are_kept() {
        assert_eq!(
            clean_doc("[Users](https://x.y/z) and `role[]`"),
            "[Users](https://x.y/z) and `role[]`"
        );
        assert_eq!(clean_doc("See [User](User)"), "See \\[User\\](User)");
    }

    #[test]
    fn links_with_blanks_or_split_over_lines_render_as_links() {
        assert_eq!(
            clean_doc("See [Usage Limits]( https://x.y/z ) in the intro."),
            "See [Usage Limits](https://x.y/z) in the intro."
        );
        assert_eq!(
            clean_doc("described in [Usage\nLimits](https://x.y/z)\nin the API introduction."),
            "described in [Usage Limits](https://x.y/z)\nin the API introduction."
        );
        assert_eq!(
            clean_doc("Use the [Show Job\nStatus](\n https://x.y/z )\nendpoint."),
            "Use the [Show Job Status](https://x.y/z)\nendpoint."
        );
        // A bracket that never becomes a link is still escaped, and nothing is joined
        // across a blank line or into a fence.
        assert_eq!(clean_doc("a [b\n\nc] d"), "a \\[b\n\nc\\] d");
        assert_eq!(clean_doc("a [b\n```\nx](y)\n```"), "a \\[b\n```text\nx](y)\n```");
    }

    #[test]
    fn fences_never_become_doctests() {
        assert_eq!(clean_doc("```\ncurl x\n```"), "```text\ncurl x\n```");
        assert_eq!(clean_doc("text\n    indented"), "text\nindented");
        assert_eq!(
            clean_doc("- item\n    continued\n\nafter"),
            "- item\n  continued\n\nafter"
        );
        assert_eq!(clean_doc("1. one\ntwo"), "1. one\n   two");
    }
}

#[cfg(test)]
mod clippy_tests {
    use super::{clippy_allowances, too_complex};
    use crate::ir::{Presence, TypeRef};

    fn map(inner: TypeRef) -> TypeRef {
        TypeRef::Map(Box::new(inner))
    }

    /// Clippy 0.1.95 (default threshold) warns on `BTreeMap<String, BTreeMap<String,
    /// BTreeMap<String, BTreeMap<String, String>>>>` (a hostile spec's field: score 290)
    /// and on one level less in an `Option` (270), not on that one level less alone (190).
    #[test]
    fn type_complexity_is_scored_as_clippy_scores_it() {
        let three = map(map(map(TypeRef::String)));
        assert!(!too_complex(&three, Presence::Required, false));
        assert!(too_complex(&three, Presence::Optional, false));
        assert!(too_complex(&map(three.clone()), Presence::Required, false));
        assert!(!too_complex(
            &TypeRef::Array(Box::new(map(TypeRef::Json))),
            Presence::Optional,
            true
        ));
    }

    #[test]
    fn lints_are_allowed_only_where_they_fire() {
        assert!(clippy_allowances(false, 7).is_empty());
        assert_eq!(
            clippy_allowances(true, 8).to_string(),
            "# [allow (clippy :: type_complexity , clippy :: too_many_arguments)]"
        );
    }
}
