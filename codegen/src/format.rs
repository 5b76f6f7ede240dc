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

/// Like [`format_file`], showing `visit` each top-level item once it is parsed (the
/// public API listing reads them, so it parses nothing again).
pub fn format_file_with(file: &str, tokens: TokenStream, visit: &mut dyn FnMut(&syn::Item)) -> Result<String, String> {
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
                parsed.items.iter().for_each(&mut *visit);
                formatted.push_str(&prettyplease::unparse(&parsed));
                item = TokenStream::new();
            }
        }
    }
    if !item.is_empty() {
        let parsed: syn::File =
            syn::parse2(item).map_err(|error| format!("emitted code for {file} does not parse: {error}"))?;
        parsed.items.iter().for_each(&mut *visit);
        formatted.push_str(&prettyplease::unparse(&parsed));
    }
    Ok(separate_items(&one_table_entry_per_line(&formatted)))
}

/// prettyplease fills a macro's tokens into lines as they fit, so adding one field
/// to a model's wire table (`__private::wire_struct!(User { id: i64, name } extra);`)
/// would reflow the whole table. Tables are rewritten with one entry per line, so
/// a new field is one new line in review, and the spacing prettyplease gives
/// tokens inside macros (`Vec < User >`) is tightened to Rust's usual style.
fn one_table_entry_per_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let is_table = line.starts_with("__private::") && line.contains("!(");
        if !is_table {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let mut original = vec![line];
        while !original.last().is_some_and(|last| last.trim_end().ends_with(");")) {
            let Some(next) = lines.next() else { break };
            original.push(next);
        }
        let joined: Vec<&str> = original.iter().map(|line| line.trim()).collect();
        match table_layout(&joined.join(" ")) {
            Some(formatted) => out.push_str(&formatted),
            // Not a table this pass understands: leave prettyplease's text alone.
            None => {
                for line in original {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// `path!(Name { a, b: T } tail);` as one entry per line, or `None` when the text
/// does not have that shape.
fn table_layout(invocation: &str) -> Option<String> {
    let (path, rest) = invocation.split_once("!(")?;
    let rest = rest.trim().strip_suffix(");")?;
    let open = rest.find('{')?;
    let close = rest.rfind('}')?;
    let name = rest[..open].trim();
    let tail = rest[close + 1..].trim();
    let entries = split_entries(&rest[open + 1..close]);
    let mut out = format!("{path}!({name} {{\n");
    for entry in entries {
        out.push_str("    ");
        out.push_str(&tighten(&entry));
        out.push_str(",\n");
    }
    out.push_str(&format!("}} {tail});\n"));
    Some(out)
}

/// Splits at commas outside `<...>`, brackets and string literals.
fn split_entries(body: &str) -> Vec<String> {
    let mut entries = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for c in body.chars() {
        if in_string {
            current.push(c);
            match (escaped, c) {
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => escaped = false,
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '<' | '(' | '[' | '{' => depth += 1,
            '>' | ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                entries.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    entries.push(current);
    entries
        .into_iter()
        .map(|entry| entry.trim().to_string())
        .filter(|entry| !entry.is_empty())
        .collect()
}

/// Removes the spaces prettyplease puts around `:` and `<`/`>` in macro tokens,
/// outside string literals: `id : Vec < User >` becomes `id: Vec<User>`.
fn tighten(entry: &str) -> String {
    let mut out = String::new();
    let mut in_string = false;
    let chars: Vec<char> = entry.chars().collect();
    for (index, &c) in chars.iter().enumerate() {
        if c == '"' && (index == 0 || chars[index - 1] != '\\') {
            in_string = !in_string;
        }
        if !in_string && c == ' ' {
            let before = index.checked_sub(1).map(|i| chars[i]);
            let after = chars.get(index + 1).copied();
            let drop = matches!(after, Some(':' | '<' | '>' | ','))
                || matches!(before, Some('<'))
                || (before == Some('>') && after == Some('>'));
            if drop {
                continue;
            }
        }
        out.push(c);
    }
    out
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
    use super::{one_table_entry_per_line, separate_items};

    #[test]
    fn wire_tables_get_one_entry_per_line() {
        let text = "x();\n__private::wire_struct!(\n    User { id : i64, tags : Option < Vec < String > >, r#type = \"a, b\",\n    name } extra\n);\n";
        assert_eq!(
            one_table_entry_per_line(text),
            "x();\n__private::wire_struct!(User {\n    id: i64,\n    tags: Option<Vec<String>>,\n    r#type = \"a, b\",\n    name,\n} extra);\n"
        );
        let other = "__private::other!(\n    a, b\n);\n";
        assert_eq!(one_table_entry_per_line(other), other, "not a table: left alone");
        let short = "__private::string_enum!(Kind { A = \"a\" } Unknown);\n";
        assert_eq!(
            one_table_entry_per_line(short),
            "__private::string_enum!(Kind {\n    A = \"a\",\n} Unknown);\n"
        );
    }

    #[test]
    fn top_level_items_are_separated_but_uses_and_docs_stay_together() {
        let text = "//! Doc.\nuse a::b;\nuse c::d;\n/// S.\npub struct S {\n    x: i64,\n}\nimpl S {}\nmacro_call!(S { x });\n";
        assert_eq!(
            separate_items(text),
            "//! Doc.\nuse a::b;\nuse c::d;\n\n/// S.\npub struct S {\n    x: i64,\n}\n\nimpl S {}\n\nmacro_call!(S { x });\n"
        );
    }
}
