//! Embeds the hand-written files that the generator copies verbatim into the
//! generated crate: `runtime/src/` (HTTP plumbing, errors, pagination...), with
//! its folders, and `client-examples/` (example programs). Adding a file needs no
//! list to update.

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
        "The runtime's files, copied to `src/runtime/` (`lib.rs` as `mod.rs`)",
    );
    embed(
        &mut out,
        &root.join("client-examples"),
        "EXAMPLE_FILES",
        "Example programs, copied to `examples/`",
    );
    let target = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_files.rs");
    fs::write(target, out).expect("OUT_DIR is writable");
}
