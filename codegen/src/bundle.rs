//! External `$ref`s (`users.yaml#/components/schemas/User`), so a spec can be split
//! by resource. This crate does no I/O: the caller reads the referenced files
//! ([`external_files`] lists what a document points to, relative to the spec's
//! directory) and hands them in; [`bundle`] then folds them into one document before
//! anything else looks at it.
//!
//! A reference to a component (`#/components/<kind>/<name>` in another file) imports
//! that component under its own name, once, so it stays a named type; a reference to
//! anything else (a path item, an inline schema) is replaced by a copy of its target.
//! References inside an imported node are read relative to the file it came from.
//! Diagnostics about imported components name the file they are about.

use crate::diagnostics::{child, Diagnostic};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Where a part of the bundled document came from: its pointer in the bundle and
/// the same place as `file#pointer`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Pointer in the bundled document (`#/components/schemas/User`).
    pub bundled: String,
    /// File relative to the spec's directory (`users.yaml`).
    pub file: String,
    /// Pointer in that file (`#/components/schemas/User`).
    pub pointer: String,
}

/// How deep references to non-component nodes may be inlined into each other before a
/// cycle is assumed.
const MAX_INLINE_DEPTH: usize = 32;

/// The files `text` (found at `path`, relative to the spec's directory; `""` for the
/// spec itself) refers to, relative to the spec's directory, in first-seen order. A
/// document that does not parse refers to nothing here; its problems are reported by
/// the generation that follows.
pub fn external_files(text: &str, path: &str) -> Vec<String> {
    let Ok(tree) = crate::load::parse_tree(text) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    collect_files(&tree, path, &mut files);
    files
}

fn collect_files(node: &Value, path: &str, files: &mut Vec<String>) {
    match node {
        Value::Object(members) => {
            if let Some(Value::String(reference)) = members.get("$ref") {
                if let Some((file, _)) = split_reference(reference, path) {
                    if !file.is_empty() && !is_url(&file) && !files.contains(&file) {
                        files.push(file);
                    }
                }
            }
            members.values().for_each(|member| collect_files(member, path, files));
        }
        Value::Array(items) => items.iter().for_each(|item| collect_files(item, path, files)),
        _ => {}
    }
}

fn is_url(file: &str) -> bool {
    file.contains("://")
}

/// Splits `other.yaml#/components/schemas/User`, written in the file at `from`, into the
/// referenced file relative to the spec's directory (`""`: the same document) and the
/// pointer (`/components/schemas/User`). `None` when the pointer part is not a pointer.
fn split_reference(reference: &str, from: &str) -> Option<(String, String)> {
    let (file, pointer) = match reference.split_once('#') {
        Some((file, pointer)) => (file, pointer.to_string()),
        None => (reference, String::new()),
    };
    if !pointer.is_empty() && !pointer.starts_with('/') {
        return None;
    }
    if file.is_empty() {
        return Some((from.to_string(), pointer));
    }
    if is_url(file) {
        return Some((file.to_string(), pointer));
    }
    Some((join(from, file), pointer))
}

/// `file` relative to the directory of `from`, normalized (`a/./b/../c.yaml` → `a/c.yaml`).
fn join(from: &str, file: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for segment in file.split('/') {
        match segment {
            "" | "." => {}
            ".." if parts.last().is_some_and(|last| *last != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.retain(|part| !part.is_empty());
    parts.join("/")
}

/// Folds the documents `main` refers to into it. `documents` holds the text of every
/// referenced file by path relative to the spec's directory.
pub fn bundle(main: &mut Value, documents: &BTreeMap<String, String>) -> Result<Vec<Origin>, Vec<Diagnostic>> {
    let mut parsed = BTreeMap::new();
    let mut errors = Vec::new();
    for (file, text) in documents {
        match crate::load::parse_tree(text) {
            Ok(tree) => {
                parsed.insert(file.clone(), tree);
            }
            Err(problems) => errors.extend(
                problems
                    .into_iter()
                    .map(|problem| Diagnostic::new("#", format!("in {file}: {}", problem.message))),
            ),
        }
    }
    let main_names = component_names(main);
    let mut bundler = Bundler {
        documents: &parsed,
        main_names,
        imported: BTreeMap::new(),
        imports: Vec::new(),
        origins: Vec::new(),
        errors,
    };
    bundler.rewrite(main, "", "#", 0);
    let Bundler {
        imports,
        origins,
        errors,
        ..
    } = bundler;
    if !errors.is_empty() {
        return Err(errors);
    }
    if !imports.is_empty() {
        let Some(root) = main.as_object_mut() else {
            return Ok(origins);
        };
        let components = root.entry("components").or_insert_with(|| Value::Object(Map::new()));
        if let Some(components) = components.as_object_mut() {
            for (kind, name, node) in imports {
                let table = components.entry(kind).or_insert_with(|| Value::Object(Map::new()));
                if let Some(table) = table.as_object_mut() {
                    table.insert(name, node);
                }
            }
        }
    }
    Ok(origins)
}

/// `(kind, name)` of every component the main document declares itself.
fn component_names(main: &Value) -> BTreeSet<(String, String)> {
    let mut names = BTreeSet::new();
    if let Some(Value::Object(components)) = main.get("components") {
        for (kind, table) in components {
            if let Value::Object(table) = table {
                names.extend(table.keys().map(|name| (kind.clone(), name.clone())));
            }
        }
    }
    names
}

struct Bundler<'d> {
    documents: &'d BTreeMap<String, Value>,
    /// Components the main document declares.
    main_names: BTreeSet<(String, String)>,
    /// `(file, pointer)` of each imported component → `(kind, name)` in the bundle.
    imported: BTreeMap<(String, String), (String, String)>,
    /// Imported components, in import order, to add once the walk is done.
    imports: Vec<(String, String, Value)>,
    origins: Vec<Origin>,
    errors: Vec<Diagnostic>,
}

impl Bundler<'_> {
    /// Rewrites every reference under `node`, a part of the document at `file` (`""`: the
    /// main document) found at `at` in the bundle.
    fn rewrite(&mut self, node: &mut Value, file: &str, at: &str, depth: usize) {
        match node {
            Value::Object(members) => {
                if let Some(Value::String(reference)) = members.get("$ref") {
                    let reference = reference.clone();
                    if let Some(replacement) = self.follow(&reference, file, at, depth) {
                        match replacement {
                            Followed::Reference(local) => {
                                members.insert("$ref".to_string(), Value::String(local));
                            }
                            Followed::Inline(target) => *node = target,
                        }
                    }
                    return;
                }
                for (key, member) in members.iter_mut() {
                    self.rewrite(member, file, &child(at, key), depth);
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    self.rewrite(item, file, &child(at, index), depth);
                }
            }
            _ => {}
        }
    }

    /// What a reference written in `file` becomes in the bundle; `None` to leave it.
    fn follow(&mut self, reference: &str, file: &str, at: &str, depth: usize) -> Option<Followed> {
        let (target_file, pointer) = split_reference(reference, file)?;
        if target_file.is_empty() {
            // A local reference of the main document: resolved later as usual.
            return None;
        }
        if is_url(&target_file) {
            self.error(at, format!("unsupported reference `{reference}`: URLs are not fetched; save the document beside the spec and refer to it by a relative path"));
            return None;
        }
        let Some(document) = self.documents.get(&target_file) else {
            self.error(at, format!("reference `{reference}` points into `{target_file}`, which was not handed in: `cargo xtask generate` reads it relative to the referring file, is it there?"));
            return None;
        };
        let Some(target) = document.pointer(&pointer) else {
            self.error(
                at,
                format!("reference `{reference}`: `{target_file}` has nothing at `#{pointer}`"),
            );
            return None;
        };
        let segments: Vec<&str> = pointer.split('/').skip(1).collect();
        if let ["components", kind, name] = segments.as_slice() {
            let (kind, name) = (unescape(kind), unescape(name));
            return self
                .import(&target_file, &pointer, kind, name, target.clone(), at)
                .map(Followed::Reference);
        }
        if depth >= MAX_INLINE_DEPTH {
            self.error(
                at,
                format!("reference `{reference}` is part of a cycle of references that are not components"),
            );
            return None;
        }
        let mut copy = target.clone();
        self.rewrite(&mut copy, &target_file, at, depth + 1);
        Some(Followed::Inline(copy))
    }

    /// Imports the component at `pointer` of `file` under its own name; returns the local reference.
    fn import(
        &mut self,
        file: &str,
        pointer: &str,
        kind: String,
        name: String,
        mut node: Value,
        at: &str,
    ) -> Option<String> {
        let local =
            |kind: &str, name: &str| format!("#/components/{kind}/{}", crate::diagnostics::escape_segment(name));
        let key = (file.to_string(), pointer.to_string());
        if let Some((kind, name)) = self.imported.get(&key) {
            return Some(local(kind, name));
        }
        let taken_by_main = self.main_names.contains(&(kind.clone(), name.clone()));
        let taken_by_import = self
            .imported
            .values()
            .any(|taken| taken == &(kind.clone(), name.clone()));
        if taken_by_main || taken_by_import {
            self.error(
                at,
                format!("`{file}#{pointer}` would be imported as `{}`, which already names another component: rename one of them", local(&kind, &name)),
            );
            return None;
        }
        let bundled = local(&kind, &name);
        self.imported.insert(key, (kind.clone(), name.clone()));
        self.origins.push(Origin {
            bundled: bundled.clone(),
            file: file.to_string(),
            pointer: format!("#{pointer}"),
        });
        self.rewrite(&mut node, file, &bundled, 0);
        self.imports.push((kind, name, node));
        Some(bundled)
    }

    fn error(&mut self, at: &str, message: String) {
        self.errors.push(Diagnostic::new(at, message));
    }
}

enum Followed {
    /// The reference now points at a component of the bundle.
    Reference(String),
    /// The reference is replaced by this copy of its target.
    Inline(Value),
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// Appends ` (in users.yaml#/components/schemas/User/...)` to a message about a part of the
/// bundle that came from another file, so the reader knows which file to open; true
/// when it did (the line and column of the spec then do not apply).
pub fn name_origin(diagnostic: &mut Diagnostic, origins: &[Origin]) -> bool {
    for origin in origins {
        let inside =
            diagnostic.pointer == origin.bundled || diagnostic.pointer.starts_with(&format!("{}/", origin.bundled));
        if inside {
            let rest = &diagnostic.pointer[origin.bundled.len()..];
            diagnostic.message = format!("{} (in {}{}{rest})", diagnostic.message, origin.file, origin.pointer);
            diagnostic.position = None;
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_relative_to_the_referring_file() {
        assert_eq!(join("", "users.yaml"), "users.yaml");
        assert_eq!(
            join("resources/users.yaml", "../shared/common.yaml"),
            "shared/common.yaml"
        );
        assert_eq!(join("resources/users.yaml", "./roles.yaml"), "resources/roles.yaml");
        assert_eq!(join("", "../outside.yaml"), "../outside.yaml");
    }

    #[test]
    fn components_are_imported_once_and_their_own_references_follow_them() {
        let mut main = serde_json::json!({
            "a": {"$ref": "users.yaml#/components/schemas/User"},
            "b": {"$ref": "./users.yaml#/components/schemas/User"},
        });
        let users = "components:\n  schemas:\n    User: {properties: {role: {$ref: '#/components/schemas/Role'}}}\n    Role: {type: string}\n";
        let documents = BTreeMap::from([("users.yaml".to_string(), users.to_string())]);
        let origins = bundle(&mut main, &documents).unwrap_or_default();
        assert_eq!(main["a"]["$ref"], "#/components/schemas/User");
        assert_eq!(main["b"]["$ref"], "#/components/schemas/User");
        assert_eq!(
            main["components"]["schemas"]["User"]["properties"]["role"]["$ref"],
            "#/components/schemas/Role"
        );
        assert_eq!(main["components"]["schemas"]["Role"]["type"], "string");
        assert_eq!(origins.len(), 2);
    }

    #[test]
    fn missing_files_urls_and_name_clashes_are_reported_at_the_reference() {
        let mut main = serde_json::json!({
            "components": {"schemas": {"User": {"type": "object"}}},
            "a": {"$ref": "missing.yaml#/components/schemas/X"},
            "b": {"$ref": "https://example.com/api.yaml#/components/schemas/X"},
            "c": {"$ref": "users.yaml#/components/schemas/User"},
        });
        let documents = BTreeMap::from([(
            "users.yaml".to_string(),
            "components: {schemas: {User: {type: string}}}".to_string(),
        )]);
        let errors = bundle(&mut main, &documents).err().unwrap_or_default();
        let pointers: Vec<&str> = errors.iter().map(|error| error.pointer.as_str()).collect();
        assert_eq!(pointers, ["#/a", "#/b", "#/c"]);
        assert!(errors[0].message.contains("which was not handed in"));
        assert!(errors[1].message.contains("URLs are not fetched"));
        assert!(errors[2].message.contains("already names another component"));
    }
}
