//! `cargo test` fails when generated/ is not exactly what spec/ produces, so a
//! spec or codegen change without a regenerated crate cannot pass.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use zendesk_users_codegen::{generate, Settings};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}

fn files_under(root: &Path, dir: &Path, found: &mut BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(root, &path, found);
        } else if let Ok(relative) = path.strip_prefix(root) {
            found.insert(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn generated_crate_is_exactly_what_the_spec_produces() {
    let root = workspace_root();
    let spec = std::fs::read_to_string(root.join("spec/zendesk-users.yaml")).expect("spec/zendesk-users.yaml exists");
    let generated = generate(&spec, &Settings::default()).unwrap_or_else(|error| panic!("{error}"));
    let out = root.join("generated");
    let mut stale = Vec::new();
    for file in &generated.files {
        match std::fs::read_to_string(out.join(&file.path)) {
            Ok(on_disk) if on_disk == file.contents => {}
            Ok(_) => stale.push(format!("changed: {}", file.path)),
            Err(_) => stale.push(format!("missing: {}", file.path)),
        }
    }
    let expected: BTreeSet<&str> = generated.files.iter().map(|file| file.path.as_str()).collect();
    let mut on_disk = BTreeSet::new();
    files_under(&out, &out, &mut on_disk);
    for path in on_disk {
        if !expected.contains(path.as_str()) {
            stale.push(format!("extra: {path}"));
        }
    }
    assert!(
        stale.is_empty(),
        "generated/ is stale; run `cargo xtask generate`:\n{}",
        stale.join("\n")
    );
}
