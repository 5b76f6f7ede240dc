//! `cargo test` fails when generated/ is not exactly what spec/ produces, so a
//! spec or codegen change without a regenerated crate cannot pass. It uses the
//! same comparison as `cargo xtask generate --check`.

use std::path::Path;

#[test]
fn generated_crate_is_exactly_what_the_spec_produces() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace");
    let generated = crate::generated_spec();
    let stale = xtask::compare(&root.join("generated"), &generated.files).expect("generated/ is readable");
    assert!(
        stale.is_empty(),
        "generated/ is stale; run `cargo xtask generate`:\n{}",
        stale.join("\n")
    );
}

/// No file of generated/ is a byte copy of another file of the repository: the
/// runtime is a crate the generated crate depends on and the example programs are a
/// package of their own, so a change to either is one hunk in review, not two.
#[test]
fn no_file_under_generated_is_a_copy_of_another_tracked_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace");
    let listing = std::process::Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(root)
        .output()
        .expect("git runs (the suite runs in a git checkout)");
    assert!(listing.status.success(), "git ls-files fails in {}", root.display());
    let tracked: Vec<String> = listing
        .stdout
        .split(|byte| *byte == 0)
        .filter(|path| !path.is_empty())
        .map(|path| String::from_utf8_lossy(path).into_owned())
        .collect();
    // Files deleted in the working tree but still tracked are skipped.
    let read = |path: &str| std::fs::read(root.join(path)).ok();
    let generated: Vec<(&String, Vec<u8>)> = tracked
        .iter()
        .filter(|path| path.starts_with("generated/"))
        .filter_map(|path| read(path).map(|bytes| (path, bytes)))
        .collect();
    assert!(
        generated
            .iter()
            .any(|(path, _)| path.as_str() == "generated/src/lib.rs"),
        "git lists generated/src/lib.rs"
    );
    let mut copies = Vec::new();
    for other in tracked.iter().filter(|path| !path.starts_with("generated/")) {
        let Some(bytes) = read(other) else { continue };
        for (path, contents) in &generated {
            if *contents == bytes {
                copies.push(format!("{path} = {other}"));
            }
        }
    }
    assert!(
        copies.is_empty(),
        "byte copies under generated/:\n{}",
        copies.join("\n")
    );
}
