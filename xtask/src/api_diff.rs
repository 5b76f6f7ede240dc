//! `cargo xtask api-diff`: reads the two specs (a git ref or a file, and the working
//! tree's, each with the files its `$ref`s point into), hands them to
//! `zendesk_users_codegen::diff`, and prints the report. Also the one-line summary
//! `cargo xtask generate` prints after writing.

use crate::{referenced_files, referenced_files_on_disk, SpecPath};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use zendesk_users_codegen::diff::{self, upstream, Format, Report};
use zendesk_users_codegen::{generate_with_documents, GeneratedFile, Settings};

/// The spec's path inside the repository.
pub const SPEC: &str = "spec/zendesk-users.yaml";
/// The committed list of expected differences with Zendesk's description.
pub const ALLOW_LIST: &str = "spec/upstream-differences.yaml";

/// A spec as the generator reads it: its text and every file its `$ref`s point into
/// (transitively), by path relative to its directory.
#[derive(Debug, Clone, Default)]
pub struct SpecFiles {
    /// The spec itself.
    pub text: String,
    /// The files it refers to, by path relative to its directory.
    pub documents: BTreeMap<String, String>,
}

impl SpecFiles {
    /// A spec on disk at `path`, with the files it refers to.
    pub fn read(path: &Path) -> Result<SpecFiles, String> {
        let text = std::fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        let documents = referenced_files_on_disk(path, &text);
        Ok(SpecFiles { text, documents })
    }
}

/// Reads the base spec: `base` is a file when one exists at that path (relative paths
/// from the workspace root), otherwise a git revision whose copy of `spec` (the spec
/// being compared, by its path in the repository) is read with `git show`, with the
/// files its `$ref`s point into taken from the same revision.
pub fn read_base(root: &Path, base: &str, spec: &SpecPath) -> Result<SpecFiles, String> {
    for path in [PathBuf::from(base), root.join(base)] {
        if path.is_file() {
            return SpecFiles::read(&path);
        }
    }
    let SpecPath::InWorkspace(spec) = spec else {
        return Err(format!(
            "`{base}` is not a file, and {} is outside the repository, so no git revision has it: give --base a file",
            spec.display_name()
        ));
    };
    let text = git_show(root, base, spec)
        .map_err(|message| format!("`{base}` is neither a file nor a git revision with {spec}: {message}"))?;
    let directory = Path::new(spec).parent().unwrap_or(Path::new("")).to_path_buf();
    let documents = referenced_files(&text, &|file| {
        let path = crate::slashed(&crate::normalize(&directory.join(file)));
        git_show(root, base, &path).ok()
    });
    Ok(SpecFiles { text, documents })
}

/// `git show revision:path` in `root`: the file's text, or git's first line of complaint.
fn git_show(root: &Path, revision: &str, path: &str) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .arg("show")
        .arg(format!("{revision}:{path}"))
        .output()
        .map_err(|error| format!("cannot run git: {error}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(stderr.lines().next().unwrap_or("git show failed").to_string());
    }
    String::from_utf8(output.stdout).map_err(|_| format!("{revision}:{path} is not UTF-8"))
}

/// The full report comparing `base` with `new` (`spec_name` labels diagnostics).
pub fn report(
    base_name: &str,
    base: &SpecFiles,
    new: &SpecFiles,
    spec_name: &str,
    format: Format,
    strict: bool,
) -> Result<String, String> {
    let changes = diff::compare_specs_with_documents((&base.text, &base.documents), (&new.text, &new.documents))
        .map_err(|diagnostics| diagnostics.to_string())?;
    let settings = Settings {
        spec_name: spec_name.to_string(),
        ..Settings::default()
    };
    let files = match (
        generate_with_documents(&base.text, &base.documents, &settings),
        generate_with_documents(&new.text, &new.documents, &settings),
    ) {
        (Ok(old), Ok(new)) => changed_files(&old.files, &new.files),
        _ => vec!["(one of the specs does not generate; no file list)".to_string()],
    };
    Ok(Report {
        changes: &changes,
        version: &settings.crate_version,
        strict,
        base: base_name,
        files: &files,
    }
    .render(format))
}

/// The one line `cargo xtask generate` prints: the comparison of `new` with HEAD's copy
/// of the same spec. There is none for a spec outside the repository or one HEAD does
/// not have: comparing with another spec (ours, say) would report every difference
/// between two APIs as a change.
pub fn summary_against_head(root: &Path, spec: &SpecPath, new: &SpecFiles) -> String {
    let SpecPath::InWorkspace(name) = spec else {
        return format!("API: no comparison ({} is outside the repository)", spec.display_name());
    };
    let Ok(base) = read_base(root, "HEAD", spec) else {
        return format!("API: no comparison (not a git checkout, or HEAD has no {name})");
    };
    match diff::compare_specs_with_documents((&base.text, &base.documents), (&new.text, &new.documents)) {
        Ok(changes) => format!(
            "{} (against HEAD; details: cargo xtask api-diff)",
            diff::summary_line(&changes, &Settings::default().crate_version, false)
        ),
        Err(_) => format!("API: no comparison (HEAD's {name} does not generate with this generator)"),
    }
}

/// Generated files that differ, with added and removed line counts (`src/models.rs (+12 -3)`).
pub fn changed_files(old: &[GeneratedFile], new: &[GeneratedFile]) -> Vec<String> {
    let old: BTreeMap<&str, &str> = old
        .iter()
        .map(|file| (file.path.as_str(), file.contents.as_str()))
        .collect();
    let new: BTreeMap<&str, &str> = new
        .iter()
        .map(|file| (file.path.as_str(), file.contents.as_str()))
        .collect();
    let mut paths: Vec<&str> = old.keys().chain(new.keys()).copied().collect();
    paths.sort();
    paths.dedup();
    let mut lines = Vec::new();
    for path in paths {
        let before = old.get(path).copied().unwrap_or("");
        let after = new.get(path).copied().unwrap_or("");
        if before == after {
            continue;
        }
        let (added, removed) = line_delta(before, after);
        let state = match (old.contains_key(path), new.contains_key(path)) {
            (false, _) => " new",
            (_, false) => " deleted",
            _ => "",
        };
        lines.push(format!("{path}{state} (+{added} -{removed})"));
    }
    lines
}

/// Lines only in `after` and only in `before`, counted as multisets (order ignored).
fn line_delta(before: &str, after: &str) -> (usize, usize) {
    let mut counts: BTreeMap<&str, i64> = BTreeMap::new();
    for line in after.lines() {
        *counts.entry(line).or_default() += 1;
    }
    for line in before.lines() {
        *counts.entry(line).or_default() -= 1;
    }
    let added = counts
        .values()
        .filter(|count| **count > 0)
        .map(|count| *count as usize)
        .sum();
    let removed = counts
        .values()
        .filter(|count| **count < 0)
        .map(|count| (-*count) as usize)
        .sum();
    (added, removed)
}

/// Compares our spec with Zendesk's file and the allow-list: the report, and whether
/// every difference is explained.
pub fn upstream_report(ours: &str, theirs: &str, allow_list: &str, format: Format) -> Result<(String, bool), String> {
    let differences = upstream::compare_texts(ours, theirs)?;
    let allow = upstream::AllowList::parse(allow_list)?;
    let outcome = upstream::check(&differences, &allow);
    // Stale entries are reported but do not fail: they say the spec caught up.
    Ok((outcome.render(format), outcome.unexplained.is_empty()))
}
