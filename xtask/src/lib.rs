//! What `cargo xtask` shares with the tests: how a directory on disk differs from the
//! files the generator produces (`generate --check` and the staleness test), how a spec
//! is named in headers ([`spec_name`]), which files its `$ref`s pull in
//! ([`referenced_files`]), and the reading and printing side of `cargo xtask api-diff`
//! ([`api_diff`]).

pub mod api_diff;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Component, Path, PathBuf};
use zendesk_users_codegen::bundle::external_files;
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

/// Where a spec given on the command line lives, as the generated files name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecPath {
    /// Inside the workspace: its path relative to the workspace root, `/`-separated
    /// (`spec/zendesk-users.yaml`). The same path names the spec in git revisions.
    InWorkspace(String),
    /// Outside the workspace. Given as a relative path, it is shown relative to the
    /// workspace root (`../shared/reference/x.yaml`, the same on every checkout laid out
    /// alike); given as an absolute path, only its file name is shown, because an
    /// absolute path names one machine's folders.
    Outside(String),
}

impl SpecPath {
    /// The text headers and messages show.
    pub fn display_name(&self) -> &str {
        match self {
            SpecPath::InWorkspace(name) | SpecPath::Outside(name) => name,
        }
    }
}

/// Names the spec at `given` (relative paths are read from the workspace `root`, as
/// every xtask path is) without any absolute path of the machine: see [`SpecPath`].
/// Purely lexical (`.` and `..` resolved, symlinks not followed), so it names the path
/// as the user wrote it.
pub fn spec_path(root: &Path, given: &Path) -> SpecPath {
    let absolute = normalize(&root.join(given));
    let root = normalize(root);
    if let Ok(inside) = absolute.strip_prefix(&root) {
        return SpecPath::InWorkspace(slashed(inside));
    }
    if given.is_absolute() {
        let file_name = absolute
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        return SpecPath::Outside(file_name);
    }
    // Relative and outside: climb from the root to the closest common folder.
    let root_parts: Vec<Component> = root.components().collect();
    let path_parts: Vec<Component> = absolute.components().collect();
    let common = root_parts.iter().zip(&path_parts).take_while(|(a, b)| a == b).count();
    let mut relative = PathBuf::new();
    for _ in common..root_parts.len() {
        relative.push("..");
    }
    for part in &path_parts[common..] {
        relative.push(part);
    }
    SpecPath::Outside(slashed(&relative))
}

pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

pub(crate) fn slashed(path: &Path) -> String {
    path.components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every file the spec's `$ref`s point into, transitively, by path relative to the
/// spec's directory, each read with `read` (a path relative to that directory; from
/// disk for a spec on disk, from `git show` for one in a revision). A file that cannot
/// be read is left out: the generator then reports the reference that needs it, at its
/// pointer.
pub fn referenced_files(text: &str, read: &dyn Fn(&str) -> Option<String>) -> BTreeMap<String, String> {
    let mut documents = BTreeMap::new();
    let mut pending = external_files(text, "");
    while let Some(file) = pending.pop() {
        if documents.contains_key(&file) {
            continue;
        }
        let Some(contents) = read(&file) else {
            continue;
        };
        pending.extend(external_files(&contents, &file));
        documents.insert(file, contents);
    }
    documents
}

/// [`referenced_files`] for a spec on disk at `spec_path`.
pub fn referenced_files_on_disk(spec_path: &Path, text: &str) -> BTreeMap<String, String> {
    let directory = spec_path.parent().unwrap_or(Path::new(".")).to_path_buf();
    referenced_files(text, &|file| fs::read_to_string(directory.join(file)).ok())
}

#[cfg(test)]
mod tests {
    use super::{spec_path, SpecPath};
    use std::path::Path;

    #[test]
    fn specs_inside_the_workspace_are_named_from_its_root() {
        let root = Path::new("/home/someone/project");
        let ours = SpecPath::InWorkspace("spec/zendesk-users.yaml".to_string());
        assert_eq!(spec_path(root, Path::new("spec/zendesk-users.yaml")), ours);
        assert_eq!(spec_path(root, Path::new("./spec/../spec/zendesk-users.yaml")), ours);
        assert_eq!(
            spec_path(root, Path::new("/home/someone/project/spec/zendesk-users.yaml")),
            ours
        );
    }

    #[test]
    fn specs_outside_the_workspace_never_show_an_absolute_path() {
        let root = Path::new("/home/someone/project");
        assert_eq!(
            spec_path(root, Path::new("../shared/reference/x.yaml")),
            SpecPath::Outside("../shared/reference/x.yaml".to_string())
        );
        assert_eq!(
            spec_path(root, Path::new("/tmp/specs/x.yaml")),
            SpecPath::Outside("x.yaml".to_string())
        );
    }
}
