//! The generated code compiles, for every spec the generator is shown: each
//! `tests/fixtures/*.yaml` (picked up from the directory, so a new fixture is
//! covered without being listed), Zendesk's own published descriptions of the
//! Users family and of the whole Support API (`../shared/reference/`, read
//! unmodified), and the hostile specs of `hostile_specs.rs`.
//!
//! Fast and warm-cacheable: every crate is written into a stable directory under
//! the workspace's `target/generated-check/` (a file only when its bytes differ, so
//! cargo's fingerprints survive), all of them members of one throwaway workspace
//! with the repository's `Cargo.lock` copied in (no dependency is re-resolved), and
//! one `cargo clippy --offline` runs on it with its own target directory under
//! `target/`: dependencies build once and are reused by every later run. Clippy,
//! because generated code must be free of its warnings for any spec, not only for
//! ours (a spec's maps of maps, a schema with many required properties); on a
//! machine without clippy (`rustup component add clippy`) it is `cargo check`,
//! and the run says so. Then `cargo doc` with warnings denied documents the crates
//! with the most prose and the most awkward names.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use zendesk_users_codegen::{generate, FrontPage, Generated, Settings};

/// Zendesk's published description of the Users family, as the shared reference README describes it.
const REFERENCE: &str = "../shared/reference/zendesk-users-family.oas.yaml";
/// Operations in it (GET 21, PUT 11, POST 8, DELETE 8).
const REFERENCE_OPERATIONS: usize = 48;
/// Zendesk's published description of the whole Support API.
const SUPPORT: &str = "../shared/reference/zendesk-support.oas.yaml";
/// Operations in it.
const SUPPORT_OPERATIONS: usize = 495;

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

/// A reference file (`REFERENCE`, `SUPPORT`), or `None` (said plainly) when this
/// machine has no `../shared`. In CI (`CI` set) the file is required.
fn reference_spec(relative: &str) -> Option<String> {
    let path = workspace_root().join(relative);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(error) if std::env::var_os("CI").is_some() => {
            panic!("{} is required in CI: {error}", path.display())
        }
        Err(error) => {
            tell(&format!(
                "SKIPPED: Zendesk's published description {relative} is absent ({}: {error}); \
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
        // As `cargo xtask generate --spec` writes any spec but ours: the crate's
        // front page comes from the spec (the Users client's own page links to
        // operations another spec does not have).
        front_page: FrontPage::FromSpec,
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
    let Some(text) = reference_spec(REFERENCE) else { return };
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

/// Zendesk's whole Support API: every operation generates, and the one construct
/// that cannot mean what it says (`TriggerWithCategoryRequest`: an `allOf` with an
/// `anyOf` of an object and a string id) is a warning at the composition, the
/// string member left out, instead of an error at the string.
#[test]
fn zendesks_whole_support_api_generates_every_operation_without_errors() {
    let Some(text) = reference_spec(SUPPORT) else { return };
    let generated = generate_as(&text, SUPPORT, "zendesk-support")
        .unwrap_or_else(|message| panic!("Zendesk's Support API description must generate:\n{message}"));
    assert_eq!(generated.operations, SUPPORT_OPERATIONS, "every operation is generated");
    let composition = "#/components/schemas/TriggerWithCategoryRequest/properties/trigger/allOf/1/anyOf";
    let dropped: Vec<_> = generated
        .warnings
        .items
        .iter()
        .filter(|item| item.message.contains("can never match the object"))
        .collect();
    assert_eq!(dropped.len(), 1, "{}", generated.warnings);
    assert_eq!(dropped[0].pointer, composition, "{}", generated.warnings);
    assert!(
        dropped[0].message.contains("`#/components/schemas/TriggerCategoryId`") && dropped[0].position.is_some(),
        "the warning names the dropped member and has a line and column: {:?}",
        dropped[0]
    );
    tell(&format!(
        "Zendesk's Support API: {} operations, {} types, {} warnings",
        generated.operations,
        generated.types,
        generated.warnings.items.len()
    ));
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
    for (relative, member) in [(REFERENCE, "zendesk-reference"), (SUPPORT, "zendesk-support")] {
        if let Some(text) = reference_spec(relative) {
            let generated = generate_as(&text, relative, member).unwrap_or_else(|message| {
                panic!("Zendesk's published description {relative} must generate:\n{message}")
            });
            write_crate(&check_dir.join(member), &generated);
            members.push(member.to_string());
        }
    }
    // The hostile specs that generate: each crate beside its spec, to reproduce a failure.
    let hostile = crate::hostile_specs::outcome();
    for (spec, generated) in &hostile.accepted {
        let mut generated = generated.clone();
        generated.files.push(zendesk_users_codegen::GeneratedFile {
            path: "spec.yaml".to_string(),
            contents: spec.text.clone(),
        });
        write_crate(&check_dir.join(&spec.name), &generated);
        members.push(spec.name.clone());
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
    let has_clippy = Command::new(&cargo)
        .args(["clippy", "--version"])
        .output()
        .is_ok_and(|output| output.status.success());
    let checker = if has_clippy { "clippy" } else { "check" };
    if !has_clippy {
        tell("clippy is not installed: the generated crates are checked with `cargo check`, without clippy's lints");
    }
    let output = Command::new(cargo)
        .args([
            checker,
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
    tell(&format!(
        "hostile specs: {} generated, {} accepted, {} compiled{}, {} refused (with located messages)",
        crate::hostile_specs::count(),
        hostile.accepted.len(),
        if output.status.success() {
            hostile.accepted.len()
        } else {
            0
        },
        if output.status.success() {
            ""
        } else {
            " (the check failed: see below)"
        },
        hostile.refused.len()
    ));
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

    // Their docs build without a warning (a broken intra-doc link, spec prose that
    // rustdoc misreads): for the crates whose docs come from the most prose and the
    // most awkward names, since documenting every crate costs over a minute.
    let documented: Vec<&String> = members
        .iter()
        .filter(|member| {
            [
                "zendesk-reference",
                "zendesk-support",
                "fixture-hostile-names",
                "fixture-keywords",
            ]
            .contains(&member.as_str())
                || hostile.accepted.iter().take(4).any(|(spec, _)| &spec.name == *member)
        })
        .collect();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut doc = Command::new(cargo);
    doc.args([
        "doc",
        "--no-deps",
        "--offline",
        "--message-format=short",
        "--manifest-path",
    ])
    .arg(check_dir.join("Cargo.toml"));
    for member in &documented {
        doc.args(["-p", member]);
    }
    let output = doc
        .env("CARGO_TARGET_DIR", root.join("target/generated-check-target"))
        .env_remove("RUSTFLAGS")
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && !stderr.contains("warning:"),
        "the docs of {documented:?} do not build cleanly:\n{stderr}"
    );
    tell(&format!("docs built without warnings: {} crates", documented.len()));
}
