//! What `cargo xtask generate --check` and the staleness test share: how a
//! directory on disk differs from the files the generator produces; and the
//! reading and printing side of `cargo xtask api-diff` ([`api_diff`]).

pub mod api_diff;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use zendesk_users_codegen::GeneratedFile;

/// Lines describing how `dir` differs from `files`: stale, missing or extra files.
pub fn compare(dir: &Path, files: &[GeneratedFile]) -> Result<Vec<String>, String> {
    let mut differences = Vec::new();
    let expected: BTreeSet<&str> = files.iter().map(|file| file.path.as_str()).collect();
    for file in files {
        match fs::read(dir.join(&file.path)) {
            Ok(bytes) if bytes == file.contents.as_bytes() => {}
            Ok(_) => differences.push(format!("changed: {}", file.path)),
            Err(_) => differences.push(format!("missing: {}", file.path)),
        }
    }
    for existing in list_files(dir, dir)? {
        if !expected.contains(existing.as_str()) {
            differences.push(format!(
                "extra:   {existing} (not produced by the spec; it would be deleted)"
            ));
        }
    }
    Ok(differences)
}

fn list_files(root: &Path, dir: &Path) -> Result<Vec<String>, String> {
    let mut found = Vec::new();
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(_) => return Ok(found),
    };
    for entry in entries {
        let entry = entry.map_err(|error| format!("cannot list {}: {error}", dir.display()))?;
        let path = entry.path();
        if path.is_dir() {
            found.extend(list_files(root, &path)?);
        } else if let Ok(relative) = path.strip_prefix(root) {
            found.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
    found.sort();
    Ok(found)
}
