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
    format_file_with(file, tokens, &mut |_| {})
}

/// Like [`format_file`], showing `visit` each top-level item once it is parsed.
/// Items are printed one by one with a blank line between them (prettyplease puts
/// none), so a reviewer sees where one ends and the next begins; consecutive `use`
/// items stay together unless the second has docs of its own.
pub fn format_file_with(file: &str, tokens: TokenStream, visit: &mut dyn FnMut(&syn::Item)) -> Result<String, String> {
    let mut formatted = String::new();
    let mut previous_was_use = None;
    let mut print = |parsed: syn::File| {
        let syn::File {
            mut shebang,
            attrs,
            items,
        } = parsed;
        let mut attrs = Some(attrs);
        for item in items {
            visit(&item);
            let is_use = matches!(item, syn::Item::Use(_));
            let has_attributes = matches!(&item, syn::Item::Use(item) if !item.attrs.is_empty());
            match previous_was_use {
                Some(true) if is_use && !has_attributes => {}
                Some(_) => formatted.push('\n'),
                None => {}
            }
            previous_was_use = Some(is_use);
            // The file's inner attributes (`//!` docs) print before its first item.
            let single = syn::File {
                shebang: shebang.take(),
                attrs: attrs.take().unwrap_or_default(),
                items: vec![item],
            };
            formatted.push_str(&prettyplease::unparse(&single));
        }
    };
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
                print(parsed);
                item = TokenStream::new();
            }
        }
    }
    if !item.is_empty() {
        let parsed: syn::File =
            syn::parse2(item).map_err(|error| format!("emitted code for {file} does not parse: {error}"))?;
        print(parsed);
    }
    Ok(formatted)
}

#[cfg(test)]
mod tests {
    use super::format_file;
    use quote::quote;

    #[test]
    fn top_level_items_are_separated_but_uses_and_docs_stay_together() {
        let tokens = quote! {
            //! Doc.
            use a::b;
            use c::d;
            /// S.
            pub struct S { x: i64 }
            impl S {}
            macro_call!(S { x });
        };
        assert_eq!(
            format_file("test.rs", tokens).as_deref(),
            Ok("//! Doc.\nuse a::b;\nuse c::d;\n\n/// S.\npub struct S {\n    x: i64,\n}\n\nimpl S {}\n\nmacro_call!(S { x });\n")
        );
    }
}
