//! Stage 6: tokens → formatted Rust source, in-process (syn + prettyplease), so no
//! rustfmt toolchain is needed and the output is the same on every machine.

use proc_macro2::TokenStream;

/// Formats one file's tokens. An error here is a bug in an emitter, reported with
/// the file name rather than a panic.
pub fn format_file(file: &str, tokens: TokenStream) -> Result<String, String> {
    let parsed: syn::File =
        syn::parse2(tokens).map_err(|error| format!("emitted code for {file} does not parse: {error}"))?;
    Ok(separate_items(&prettyplease::unparse(&parsed)))
}

/// Puts a blank line between top-level items, which prettyplease does not, so a
/// reviewer sees where one item ends and the next begins. An item ends on a line
/// at column 0 closing a brace or a statement; consecutive `use` lines and
/// comments stay together.
fn separate_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut previous: Option<&str> = None;
    for line in text.lines() {
        if let Some(previous) = previous {
            let ends_item = !previous.starts_with([' ', '/', '#'])
                && (previous.ends_with('}') || previous.ends_with(';'))
                && !(previous.starts_with("use ") && line.starts_with("use "));
            let starts_item = !line.is_empty() && !line.starts_with([' ', '}', ')', ']']);
            if ends_item && starts_item {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::separate_items;

    #[test]
    fn top_level_items_are_separated_but_uses_and_docs_stay_together() {
        let text = "//! Doc.\nuse a::b;\nuse c::d;\n/// S.\npub struct S {\n    x: i64,\n}\nimpl S {}\nmacro_call!(S { x });\n";
        assert_eq!(
            separate_items(text),
            "//! Doc.\nuse a::b;\nuse c::d;\n\n/// S.\npub struct S {\n    x: i64,\n}\n\nimpl S {}\n\nmacro_call!(S { x });\n"
        );
    }
}
