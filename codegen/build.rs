//! Embeds every file of `runtime/` (the hand-written runtime copied verbatim into
//! the generated crate) so that adding a runtime file needs no list to update.

use std::{env, fs, path::PathBuf};

fn main() {
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR")).join("runtime");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("codegen/runtime exists")
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".rs"))
        .collect();
    names.sort();
    let mut out = String::from("/// The runtime's files: (file name, contents), sorted by name.\npub const RUNTIME_FILES: &[(&str, &str)] = &[\n");
    for name in names {
        println!("cargo:rerun-if-changed={}", dir.join(&name).display());
        out.push_str(&format!("    ({name:?}, include_str!({:?})),\n", dir.join(&name).display().to_string()));
    }
    out.push_str("];\n");
    let target = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("runtime_files.rs");
    fs::write(target, out).expect("OUT_DIR is writable");
}
