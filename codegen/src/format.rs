//! Stage 6: tokens → formatted Rust source, in-process (syn + prettyplease), so no
//! rustfmt toolchain is needed and the output is the same on every machine.

use proc_macro2::TokenStream;

/// Formats one file's tokens. An error here is a bug in an emitter, reported with
/// the file name rather than a panic.
pub fn format_file(file: &str, tokens: TokenStream) -> Result<String, String> {
    let parsed: syn::File =
        syn::parse2(tokens).map_err(|error| format!("emitted code for {file} does not parse: {error}"))?;
    Ok(prettyplease::unparse(&parsed))
}
