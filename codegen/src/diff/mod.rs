//! What changed in the generated crate's API between two specs, and whether users of
//! the crate notice: the engine behind `cargo xtask api-diff`. Pure: two specs (or two
//! IRs) in, a list of [`Change`]s out, each classified as breaking or compatible with a
//! one-line reason, and the semver bump they call for.
//!
//! The comparison runs on a [`surface::Surface`] derived from the IR, so it speaks of
//! what the crate exposes (`Client::list_users`, `models::User::email`), not of YAML.
//! [`upstream`] compares our spec with Zendesk's published file on a more tolerant
//! view that does not need the generator to accept it.

mod changes;
mod report;
pub mod surface;
pub mod upstream;

pub use changes::compare;
pub use report::{bump, summary_line, Format, Report};

use crate::diagnostics::Diagnostics;
use crate::ir::Api;
use std::collections::BTreeMap;

/// How a change affects code written against the previous version of the crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// Code that compiled before may stop compiling or silently change meaning.
    Breaking,
    /// Compatible as long as callers follow the crate's conventions (struct literals end
    /// in `..Default::default()` or `..T::new(..)`; matches on generated enums have a `_`
    /// arm). Rust itself does not enforce them: `--strict` counts these as breaking.
    CompatibleByConvention,
    /// Nothing written against the previous version breaks.
    Compatible,
}

/// One change to the crate's public API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Breaking or compatible.
    pub verdict: Verdict,
    /// What changed, in terms of the crate (`field models::User::nickname added: Option<String>`).
    pub what: String,
    /// Why it has that verdict, one line.
    pub reason: String,
}

/// The IR of a spec (with the files its `$ref`s point into, as for
/// [`crate::generate_with_documents`]): loaded, validated and lowered as for
/// generation; warnings do not stop a comparison, errors do (as they stop generation).
pub fn api_of(text: &str, documents: &BTreeMap<String, String>, spec_name: &str) -> Result<Api, Diagnostics> {
    crate::lower_spec(text, documents, spec_name).map(|(api, _warnings)| api)
}

/// Compares two spec texts: the changes from `old` to `new`, breaking ones first.
pub fn compare_specs(old: &str, new: &str) -> Result<Vec<Change>, Diagnostics> {
    let none = BTreeMap::new();
    compare_specs_with_documents((old, &none), (new, &none))
}

/// Like [`compare_specs`], for specs split over several files: each is its text and
/// the files its `$ref`s point into, by path relative to its directory.
pub fn compare_specs_with_documents(
    old: (&str, &BTreeMap<String, String>),
    new: (&str, &BTreeMap<String, String>),
) -> Result<Vec<Change>, Diagnostics> {
    let old = api_of(old.0, old.1, "the base spec")?;
    let new = api_of(new.0, new.1, "the new spec")?;
    Ok(compare(&old, &new))
}

#[cfg(test)]
mod tests;
