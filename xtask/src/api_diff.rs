//! `cargo xtask api-diff`: reads the two specs (a git ref or a file, and the working
//! tree's), hands them to `zendesk_users_codegen::diff`, and prints the report. Also
//! the one-line summary `cargo xtask generate` prints after writing.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use zendesk_users_codegen::diff::{self, upstream, Format, Report};
use zendesk_users_codegen::{generate, GeneratedFile, Settings};

/// The spec's path inside the repository.
pub const SPEC: &str = "spec/zendesk-users.yaml";
/// The committed list of expected differences with Zendesk's description.
pub const ALLOW_LIST: &str = "spec/upstream-differences.yaml";

/// Reads the base spec: `base` is a file when one exists at that path, otherwise a git
/// revision whose `spec/zendesk-users.yaml` is read with `git show`.
pub fn read_base(root: &Path, base: &str) -> Result<String, String> {
    let as_file = root.join(base);
    if Path::new(base).is_file() || as_file.is_file() {
        let path = if Path::new(base).is_file() {
            Path::new(base).to_path_buf()
        } else {
            as_file
        };
        return std::fs::read_to_string(&path).map_err(|error| format!("cannot read {}: {error}", path.display()));
    }
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .arg("show")
        .arg(format!("{base}:{SPEC}"))
        .output()
        .map_err(|error| format!("cannot run git: {error}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "`{base}` is neither a file nor a git revision with {SPEC}: {}",
            stderr.lines().next().unwrap_or("git show failed")
        ));
    }
    String::from_utf8(output.stdout).map_err(|_| format!("{base}:{SPEC} is not UTF-8"))
}

/// The full report comparing `base_text` with `new_text`.
pub fn report(
    base_name: &str,
    base_text: &str,
    new_text: &str,
    format: Format,
    strict: bool,
) -> Result<String, String> {
    let changes = diff::compare_specs(base_text, new_text).map_err(|diagnostics| diagnostics.to_string())?;
    let settings = Settings::default();
    let files = match (generate(base_text, &settings), generate(new_text, &settings)) {
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

/// The one line `cargo xtask generate` prints: the comparison of `new_text` with HEAD's spec.
pub fn summary_against_head(root: &Path, new_text: &str) -> String {
    let Ok(base) = read_base(root, "HEAD") else {
        return "API: no comparison (not a git checkout, or HEAD has no spec/zendesk-users.yaml)".to_string();
    };
    match diff::compare_specs(&base, new_text) {
        Ok(changes) => format!(
            "{} (against HEAD; details: cargo xtask api-diff)",
            diff::summary_line(&changes, &Settings::default().crate_version, false)
        ),
        Err(_) => "API: no comparison (HEAD's spec does not generate with this generator)".to_string(),
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
