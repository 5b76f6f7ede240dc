//! The generated code compiles, for every spec the generator is shown: each
//! `tests/fixtures/*.yaml` (picked up from the directory, so a new fixture is
//! covered without being listed) and Zendesk's own published description of the
//! Users family (`../shared/reference/`, read unmodified).
//!
//! Fast and warm-cacheable: every crate is written into a stable directory under
//! the workspace's `target/generated-check/` (a file only when its bytes differ, so
//! cargo's fingerprints survive), all of them members of one throwaway workspace
//! with the repository's `Cargo.lock` copied in (no dependency is re-resolved), and
//! one `cargo check --offline` runs on it with its own target directory under
//! `target/`: dependencies build once and are reused by every later run.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use zendesk_users_codegen::{generate, Generated, Settings};

/// Zendesk's published description, as the shared reference README describes it.
const REFERENCE: &str = "../shared/reference/zendesk-users-family.oas.yaml";
/// Operations in it (GET 21, PUT 11, POST 8, DELETE 8).
const REFERENCE_OPERATIONS: usize = 48;

fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().expect("tests/ sits in the workspace").to_path_buf()
}

/// Writes straight to the process's stderr, which the test harness does not
/// capture: what a test skipped, and the warnings it accepted, show in every run.
fn tell(message: &str) {
    let _ = writeln!(std::io::stderr(), "{message}");
}

/// Every `tests/fixtures/*.yaml`, as (concern, path), sorted.
fn fixtures() -> Vec<(String, PathBuf)> {
    let dir = workspace_root().join("tests/fixtures");
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "yaml"))
        .map(|path| {
            let stem = path.file_stem().expect("file name").to_string_lossy().into_owned();
            (stem, path)
        })
        .collect();
    found.sort();
    found
}

/// The reference file, or `None` (said plainly) when this machine has no `../shared`.
/// In CI (`CI` set) the file is required.
fn reference_spec() -> Option<String> {
    let path = workspace_root().join(REFERENCE);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(error) if std::env::var_os("CI").is_some() => {
            panic!("{} is required in CI: {error}", path.display())
        }
        Err(error) => {
            tell(&format!(
                "SKIPPED: Zendesk's published description is absent ({}: {error}); \
                 its generation and compile checks did not run",
                path.display()
            ));
            None
        }
    }
}

fn generate_as(text: &str, spec_name: &str, crate_name: &str) -> Result<Generated, String> {
    let settings = Settings {
        spec_name: spec_name.to_string(),
        crate_name: crate_name.to_string(),
        // The crates are written under target/, away from the default `../codegen/runtime`.
        runtime_path: workspace_root().join("codegen/runtime").display().to_string(),
        ..Settings::default()
    };
    generate(text, &settings).map_err(|diagnostics| diagnostics.to_string())
}

/// Writes `contents` to `path` only when the bytes differ.
fn write_if_changed(path: &Path, contents: &[u8]) {
    if std::fs::read(path).is_ok_and(|existing| existing == contents) {
        return;
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|error| panic!("cannot create {}: {error}", parent.display()));
    }
    std::fs::write(path, contents).unwrap_or_else(|error| panic!("cannot write {}: {error}", path.display()));
}

/// Puts the generated crate in `dir`, deleting files it no longer has.
fn write_crate(dir: &Path, generated: &Generated) {
    let wanted: Vec<PathBuf> = generated.files.iter().map(|file| dir.join(&file.path)).collect();
    for file in &generated.files {
        write_if_changed(&dir.join(&file.path), file.contents.as_bytes());
    }
    for existing in files_under(dir) {
        if !wanted.contains(&existing) {
            let _ = std::fs::remove_file(&existing);
        }
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn zendesks_published_description_generates_every_operation_without_errors() {
    let Some(text) = reference_spec() else { return };
    let generated = generate_as(&text, REFERENCE, "zendesk-reference")
        .unwrap_or_else(|message| panic!("Zendesk's published description must generate:\n{message}"));
    assert_eq!(
        generated.operations, REFERENCE_OPERATIONS,
        "every operation is generated"
    );
    let warnings: Vec<String> = generated.warnings.lines().collect();
    tell(&format!(
        "Zendesk's published description: {} operations, {} types, {} warnings",
        generated.operations,
        generated.types,
        warnings.len()
    ));
    for warning in &warnings {
        tell(&format!("  {warning}"));
    }
}

#[test]
fn every_fixture_and_zendesks_description_generate_crates_that_compile() {
    let root = workspace_root();
    let check_dir = root.join("target/generated-check");
    let mut members: Vec<String> = Vec::new();
    for (concern, path) in fixtures() {
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
        let member = format!("fixture-{}", concern.replace('_', "-"));
        let generated = generate_as(&text, &format!("tests/fixtures/{concern}.yaml"), &member)
            .unwrap_or_else(|message| panic!("fixture `{concern}` must generate:\n{message}"));
        write_crate(&check_dir.join(&member), &generated);
        members.push(member);
    }
    if let Some(text) = reference_spec() {
        let member = "zendesk-reference".to_string();
        let generated = generate_as(&text, REFERENCE, &member)
            .unwrap_or_else(|message| panic!("Zendesk's published description must generate:\n{message}"));
        write_crate(&check_dir.join(&member), &generated);
        members.push(member);
    }
    // Crates of fixtures that no longer exist leave the workspace.
    for entry in std::fs::read_dir(&check_dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir() && !members.contains(&name) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let listed: Vec<String> = members.iter().map(|member| format!("    \"{member}\",")).collect();
    let manifest = format!(
        "# Written by tests/tests/suite/compiled_output.rs: every generated crate, checked at once.\n\
         [workspace]\nresolver = \"2\"\nmembers = [\n{}\n]\n",
        listed.join("\n")
    );
    write_if_changed(&check_dir.join("Cargo.toml"), manifest.as_bytes());
    let lock = std::fs::read(root.join("Cargo.lock")).expect("the repository has a Cargo.lock");
    write_if_changed(&check_dir.join("Cargo.lock"), &lock);

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "check",
            "--offline",
            "--workspace",
            "--message-format=short",
            "--manifest-path",
        ])
        .arg(check_dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target/generated-check-target"))
        // Nothing of the outer `cargo test` (its RUSTFLAGS for tests, for one) leaks in.
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let errors: Vec<&str> = stderr.lines().filter(|line| line.contains("error")).collect();
    assert!(
        output.status.success(),
        "generated crates do not compile ({} error lines); crates in {}:\n{}",
        errors.len(),
        check_dir.display(),
        stderr
    );
    // Generated code compiles without warnings too.
    let warnings: Vec<&str> = stderr.lines().filter(|line| line.contains("warning:")).collect();
    assert!(
        warnings.is_empty(),
        "generated crates compile with warnings:\n{}",
        warnings.join("\n")
    );
}
