//! The generator: a hand-maintained OpenAPI 3.0 description of the Zendesk Users
//! API in, the files of the `zendesk-users` client crate out.
//!
//! Stages, one module each: [`load`] (text → `openapiv3`) → [`resolve`] (`$ref`s)
//! → [`validate`] (what later stages rely on) → [`lower`] (→ [`ir`], every Rust
//! name decided once) → [`emit`] (→ tokens) → [`format`](mod@format) (→ source text).
//! This crate does no I/O: `xtask` reads the spec and writes the files.

pub mod bundle;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod format;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod positions;
pub mod resolve;
pub mod runtime_names;
pub mod validate;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};

use std::collections::BTreeMap;

include!(concat!(env!("OUT_DIR"), "/embedded_files.rs"));

/// What to generate and how to label it.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Path of the spec as shown in headers and error messages (`spec/zendesk-users.yaml`).
    pub spec_name: String,
    /// Package name of the generated crate.
    pub crate_name: String,
    /// Package version of the generated crate.
    pub crate_version: String,
    /// Package description of the generated crate; `None` derives it from the spec's `info.title`.
    pub crate_description: Option<String>,
    /// The crate's front page (its `lib.rs` documentation) after the title line.
    pub front_page: FrontPage,
    /// Where the generated crate finds the runtime crate (`codegen/runtime`), relative to
    /// the generated crate's directory, with `/` separators: the `path` of its
    /// `zendesk-users-runtime` dependency. The generator does no I/O, so the caller,
    /// which knows both directories, says it (xtask computes it from `--out`).
    pub runtime_path: String,
}

/// Which front page the generated crate gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontPage {
    /// The hand-written page of the Zendesk Users client (`emit/front_page.md`): a quick
    /// start compiled as a doc test, then the API by task. It names Users operations, so
    /// it fits only a crate generated from `spec/zendesk-users.yaml`.
    ZendeskUsers,
    /// The spec's own description and a short guide to the crate, for any other spec.
    FromSpec,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            spec_name: "spec/zendesk-users.yaml".to_string(),
            crate_name: "zendesk-users".to_string(),
            crate_version: "0.1.0".to_string(),
            crate_description: None,
            front_page: FrontPage::ZendeskUsers,
            runtime_path: "../codegen/runtime".to_string(),
        }
    }
}

/// One file of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the generated crate's root, with `/` separators.
    pub path: String,
    /// Full contents, header included.
    pub contents: String,
}

/// The generated crate and a few figures about it.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Files sorted by path.
    pub files: Vec<GeneratedFile>,
    /// Number of operations.
    pub operations: usize,
    /// Number of named types.
    pub types: usize,
    /// Warnings: constructs accepted with a stated meaning (empty when there are none).
    pub warnings: Diagnostics,
}

/// Generates the client crate from the spec text. Nothing is returned unless no
/// error was found, so a broken spec can never produce half a crate. Validation and
/// lowering run together, so one run reports every problem; warnings come back in
/// [`Generated::warnings`] (or beside the errors).
pub fn generate(spec_text: &str, settings: &Settings) -> Result<Generated, Diagnostics> {
    generate_with_documents(spec_text, &BTreeMap::new(), settings)
}

/// Like [`generate`], for a spec split over several files: `documents` holds the text
/// of every file its `$ref`s point into (transitively), keyed by path relative to the
/// spec's directory (`users.yaml`, `shared/errors.yaml`); [`bundle::external_files`]
/// says which files a document refers to.
pub fn generate_with_documents(
    spec_text: &str,
    documents: &BTreeMap<String, String>,
    settings: &Settings,
) -> Result<Generated, Diagnostics> {
    let (api, warnings) = lower_spec(spec_text, documents, &settings.spec_name)?;
    let fail = |message: String| Diagnostics {
        spec_name: settings.spec_name.clone(),
        items: vec![Diagnostic::new("#", message)],
    };
    let files = finish_files(emit::emit(&api, settings), &settings.spec_name).map_err(fail)?;
    Ok(Generated {
        files,
        operations: api.operations.len(),
        types: api.types.len(),
        warnings,
    })
}

/// Formats the emitted files and heads each with its [`emit::Header`]: Rust tokens
/// become source text, text stays as is, and `public-api.txt` is written from the items
/// parsed while formatting the [`emit::Output::PublicRust`] files (so the listing parses
/// nothing again) and from the runtime's sources (what the crate re-exports).
/// Files come back sorted by path. An error is a bug in an emitter.
pub fn finish_files(outputs: Vec<emit::OutputFile>, spec_name: &str) -> Result<Vec<GeneratedFile>, String> {
    let mut listing = emit::PublicApiListing::new();
    let mut listing_file = None;
    let mut files = Vec::with_capacity(outputs.len());
    for file in outputs {
        let body = match file.content {
            emit::Output::Rust(tokens) => format::format_file(&file.path, tokens)?,
            emit::Output::PublicRust { tokens, reached_as } => {
                format::format_file_with(&file.path, tokens, &mut |item| listing.add_item(item, reached_as))?
            }
            emit::Output::PublicApiListing => {
                listing_file = Some((file.path, file.header));
                continue;
            }
            emit::Output::Text(text) => text,
        };
        files.push(GeneratedFile {
            contents: file.header.line(spec_name) + &body,
            path: file.path,
        });
    }
    if let Some((path, header)) = listing_file {
        files.push(GeneratedFile {
            contents: header.line(spec_name) + &listing.finish(),
            path,
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Loads, validates and lowers a spec (with the files its `$ref`s point into, as for
/// [`generate_with_documents`]): the IR and its warnings, or every error found (with
/// the warnings beside them). Validation and lowering run together, so one run
/// reports every problem; each diagnostic gets its line:column in `spec_text` (or
/// names the file it was imported from). Generation and `diff` share it.
pub fn lower_spec(
    spec_text: &str,
    documents: &BTreeMap<String, String>,
    spec_name: &str,
) -> Result<(ir::Api, Diagnostics), Diagnostics> {
    let mut origins = Vec::new();
    // Positions are looked up only when something is reported.
    let report = |origins: &[bundle::Origin], mut items: Vec<Diagnostic>| {
        if !items.is_empty() {
            let positions = positions::index(spec_text);
            for item in &mut items {
                let imported = bundle::name_origin(item, origins);
                if item.position.is_none() && !imported {
                    item.position = positions::locate(&positions, &item.pointer);
                }
            }
        }
        Diagnostics {
            spec_name: spec_name.to_string(),
            items,
        }
    };
    let loaded = match load::load_with_documents(spec_text, documents) {
        Ok((loaded, found)) => {
            origins = found;
            loaded
        }
        Err(items) => return Err(report(&origins, items)),
    };
    let mut items = validate::validate(&loaded.api);
    let (api, lowered) = lower::lower(&loaded);
    for item in lowered {
        if !items.contains(&item) {
            items.push(item);
        }
    }
    if items.iter().any(Diagnostic::is_error) {
        return Err(report(&origins, items));
    }
    Ok((api, report(&origins, items)))
}
