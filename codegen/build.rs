//! Embeds the runtime's sources into the generator (`runtime/src/`, with its
//! folders; read for the names the runtime reserves and for the public API
//! listing, since the generated crate depends on the runtime crate rather than
//! copying it) and its version. Adding a file needs no list to update.

use std::{env, fs, path::Path, path::PathBuf};

/// The `.rs` files under `dir`, as paths relative to it with `/` separators
/// (`paging/cursor_export.rs`), so the embedded names are the same on every OS.
fn rust_files(dir: &Path, relative: &str, found: &mut Vec<(String, PathBuf)>) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let entries = fs::read_dir(dir).unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()));
    for entry in entries.filter_map(|entry| entry.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let relative_name = if relative.is_empty() {
            name.clone()
        } else {
            format!("{relative}/{name}")
        };
        if path.is_dir() {
            rust_files(&path, &relative_name, found);
        } else if name.ends_with(".rs") {
            found.push((relative_name, path));
        }
    }
}

fn embed(out: &mut String, dir: &Path, constant: &str, what: &str) {
    let mut files = Vec::new();
    rust_files(dir, "", &mut files);
    files.sort();
    out.push_str(&format!(
        "/// {what}: (path relative to the folder, contents), sorted by path.\npub const {constant}: &[(&str, &str)] = &[\n"
    ));
    for (name, path) in files {
        println!("cargo:rerun-if-changed={}", path.display());
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    out.push_str("];\n");
}

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut out = String::new();
    embed(
        &mut out,
        &root.join("runtime").join("src"),
        "RUNTIME_FILES",
        "The runtime crate's source files",
    );
    // The runtime's version, for the generated crate's dependency on it: the
    // `version = "..."` line of its `[package]` table (the first such line).
    let manifest_path = root.join("runtime").join("Cargo.toml");
    println!("cargo:rerun-if-changed={}", manifest_path.display());
    let manifest = fs::read_to_string(&manifest_path).expect("codegen/runtime/Cargo.toml is readable");
    let version = manifest
        .lines()
        .find_map(|line| line.strip_prefix("version = \"")?.strip_suffix('"'))
        .expect("codegen/runtime/Cargo.toml states its version");
    out.push_str(&format!(
        "/// The runtime crate's version, which the generated crate depends on.\npub const RUNTIME_VERSION: &str = {version:?};\n"
    ));
    let target = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_files.rs");
    fs::write(target, out).expect("OUT_DIR is writable");
}
