//! Embeds the hand-written files that the generator copies verbatim into the
//! generated crate: `runtime/` (HTTP plumbing, errors, pagination...) and
//! `client-examples/` (example programs). Adding a file needs no list to update.

use std::{env, fs, path::Path, path::PathBuf};

fn embed(out: &mut String, dir: &Path, constant: &str, what: &str) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()))
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".rs"))
        .collect();
    names.sort();
    out.push_str(&format!(
        "/// {what}: (file name, contents), sorted by name.\npub const {constant}: &[(&str, &str)] = &[\n"
    ));
    for name in names {
        let path = dir.join(&name);
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
        "The runtime's files, copied to `src/runtime/`",
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
