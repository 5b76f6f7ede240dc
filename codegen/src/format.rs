//! Stage 6: tokens → formatted Rust source, in-process (syn + prettyplease), so no
//! rustfmt toolchain is needed and the output is the same on every machine.
//!
//! A file is formatted one top-level item at a time: prettyplease prints the items
//! of a file one after the other with nothing between them, so the text is the same
//! as formatting the whole file at once, but only one item's syntax tree is alive at
//! a time (a 500-operation spec's models are megabytes of tokens).

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// Formats one file's tokens. An error here is a bug in an emitter, reported with
/// the file name rather than a panic.
pub fn format_file(file: &str, tokens: TokenStream) -> Result<String, String> {
    let mut formatted = String::new();
    let mut item = TokenStream::new();
    for token in tokens {
        // An item ends with `;` or a `{ ... }` body; a candidate that does not parse
        // yet (`use a::{b, c};`, `const X: T = T { .. };`) takes the tokens up to the next one.
        let may_end_item = match &token {
            TokenTree::Punct(punct) => punct.as_char() == ';',
            TokenTree::Group(group) => group.delimiter() == Delimiter::Brace,
            _ => false,
        };
        item.extend([token]);
        if may_end_item {
            if let Ok(parsed) = syn::parse2::<syn::File>(item.clone()) {
                formatted.push_str(&prettyplease::unparse(&parsed));
                item = TokenStream::new();
            }
        }
    }
    if !item.is_empty() {
        let parsed: syn::File =
            syn::parse2(item).map_err(|error| format!("emitted code for {file} does not parse: {error}"))?;
        formatted.push_str(&prettyplease::unparse(&parsed));
    }
    Ok(formatted)
}
