//! `cargo xtask generate [--check]`: reads spec/, runs the generator, and writes
//! (or checks) generated/. `cargo xtask api-diff`: what the spec change means for the
//! crate's users. Thin on purpose: argument parsing and file I/O only; everything
//! clever lives in the codegen crate.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use xtask::{api_diff, compare};
use zendesk_users_codegen::bundle::external_files;
use zendesk_users_codegen::diff::Format;
use zendesk_users_codegen::{generate_with_documents, FrontPage, GeneratedFile, Settings};

const USAGE: &str = "usage: cargo xtask generate [--check] [--deny-warnings] [--spec <file>] [--out <dir>] [--name <crate>] [--version <version>] [--description <text>]
       cargo xtask api-diff [--base <git-ref-or-file>] [--spec <file>] [--format text|markdown] [--strict]
       cargo xtask api-diff --against-upstream [--base <zendesk-file>] [--allow <file>] [--format text|markdown]";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let root = workspace_root();
    let mut check = false;
    let mut spec = PathBuf::from("spec/zendesk-users.yaml");
    let mut deny_warnings = false;
    let mut spec_given = false;
    let mut out = PathBuf::from("generated");
    let mut settings = Settings::default();
    let mut args = args.into_iter();
    match args.next().as_deref() {
        Some("generate") => {}
        Some("api-diff") => return run_api_diff(&root, args.collect()),
        _ => return Err(USAGE.to_string()),
    }
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--deny-warnings" => deny_warnings = true,
            "--spec" => {
                spec = PathBuf::from(args.next().ok_or(USAGE)?);
                spec_given = true;
            }
            "--out" => out = PathBuf::from(args.next().ok_or(USAGE)?),
            "--name" => settings.crate_name = crate_name(args.next().ok_or(USAGE)?)?,
            "--version" => settings.crate_version = args.next().ok_or(USAGE)?,
            "--description" => settings.crate_description = Some(args.next().ok_or(USAGE)?),
            _ => return Err(format!("unknown argument `{arg}`\n{USAGE}")),
        }
    }
    let spec_path = root.join(&spec);
    let out_dir = root.join(&out);
    // The generated crate depends on the runtime crate by path, relative to where it is written.
    settings.runtime_path = relative_path(&out_dir, &root.join("codegen").join("runtime"));
    let started = Instant::now();
    let text =
        fs::read_to_string(&spec_path).map_err(|error| format!("cannot read {}: {error}", spec_path.display()))?;
    settings.spec_name = spec.display().to_string();
    // The Zendesk Users front page names Users operations: a crate generated from a spec
    // given with `--spec` gets that spec's own description instead.
    if spec_given {
        settings.front_page = FrontPage::FromSpec;
    }
    let documents = read_referenced_files(&spec_path, &text);
    let generated =
        generate_with_documents(&text, &documents, &settings).map_err(|diagnostics| diagnostics.to_string())?;
    if deny_warnings && !generated.warnings.items.is_empty() {
        // Warnings made fatal: reported like errors, and nothing is written.
        return Err(format!(
            "{}\n(--deny-warnings makes warnings fatal)",
            generated.warnings
        ));
    }
    for line in generated.warnings.lines() {
        eprintln!("{line}");
    }
    let differences = compare(&out_dir, &generated.files)?;
    let elapsed = started.elapsed().as_millis();
    let summary = format!(
        "{} operations, {} types, {} files in {elapsed} ms",
        generated.operations,
        generated.types,
        generated.files.len()
    );
    if check {
        if differences.is_empty() {
            println!("{} is up to date ({summary})", out.display());
            return Ok(());
        }
        let mut message = format!("{} is stale: it is not what {} produces", out.display(), spec.display());
        for difference in &differences {
            message.push_str(&format!("\n  {difference}"));
        }
        message.push_str("\nrun `cargo xtask generate` and commit the result");
        return Err(message);
    }
    if !differences.is_empty() {
        write_atomically(&out_dir, &generated.files)?;
    }
    println!("generated {summary}");
    for difference in &differences {
        println!("  {difference}");
    }
    println!("{}", api_diff::summary_against_head(&root, &text));
    Ok(())
}

fn run_api_diff(root: &Path, args: Vec<String>) -> Result<(), String> {
    let mut base = None;
    let mut format = Format::Text;
    let mut strict = false;
    let mut upstream = false;
    let mut allow = PathBuf::from(api_diff::ALLOW_LIST);
    let mut spec = PathBuf::from(api_diff::SPEC);
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--base" => base = Some(args.next().ok_or(USAGE)?),
            "--format" => {
                format = match args.next().as_deref() {
                    Some("text") => Format::Text,
                    Some("markdown") => Format::Markdown,
                    _ => return Err(format!("--format takes `text` or `markdown`\n{USAGE}")),
                }
            }
            "--strict" => strict = true,
            "--against-upstream" => upstream = true,
            "--allow" => allow = PathBuf::from(args.next().ok_or(USAGE)?),
            "--spec" => spec = PathBuf::from(args.next().ok_or(USAGE)?),
            _ => return Err(format!("unknown argument `{arg}`\n{USAGE}")),
        }
    }
    let spec_path = root.join(&spec);
    let ours =
        fs::read_to_string(&spec_path).map_err(|error| format!("cannot read {}: {error}", spec_path.display()))?;
    if upstream {
        let base = base.unwrap_or_else(|| "../shared/reference/zendesk-users-family.oas.yaml".to_string());
        let theirs = api_diff::read_base(root, &base)?;
        let allow_path = root.join(&allow);
        let allow_text = fs::read_to_string(&allow_path)
            .map_err(|error| format!("cannot read {}: {error}", allow_path.display()))?;
        let (report, explained) = api_diff::upstream_report(&ours, &theirs, &allow_text, format)?;
        print!("{report}");
        return if explained {
            Ok(())
        } else {
            Err(format!(
                "unexplained differences with {base}: fix spec/ or record them with a reason in {}",
                allow.display()
            ))
        };
    }
    let base = base.unwrap_or_else(|| "HEAD".to_string());
    let base_text = api_diff::read_base(root, &base)?;
    print!("{}", api_diff::report(&base, &base_text, &ours, format, strict)?);
    Ok(())
}

/// Every file the spec's `$ref`s point into, transitively, by path relative to the
/// spec's directory. A file that cannot be read is left out: the generator then reports
/// the reference that needs it, at its pointer.
fn read_referenced_files(spec_path: &Path, text: &str) -> BTreeMap<String, String> {
    let directory = spec_path.parent().unwrap_or(Path::new("."));
    let mut documents = BTreeMap::new();
    let mut pending = external_files(text, "");
    while let Some(file) = pending.pop() {
        if documents.contains_key(&file) {
            continue;
        }
        let Ok(contents) = fs::read_to_string(directory.join(&file)) else {
            continue;
        };
        pending.extend(external_files(&contents, &file));
        documents.insert(file, contents);
    }
    documents
}

/// A Cargo package name: ASCII letters, digits, `-` and `_`, starting with a letter.
fn crate_name(name: String) -> Result<String, String> {
    let valid = name.chars().next().is_some_and(|first| first.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(name)
    } else {
        Err(format!(
            "invalid crate name `{name}`: use ASCII letters, digits, `-` and `_`, starting with a letter"
        ))
    }
}

fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// Writes the whole crate to a sibling temporary directory, then swaps it in, so an
/// I/O failure half-way never leaves a half-written crate in place.
fn write_atomically(dir: &Path, files: &[GeneratedFile]) -> Result<(), String> {
    let parent = dir.parent().ok_or("output directory has no parent")?;
    let name = dir.file_name().ok_or("output directory has no name")?.to_string_lossy();
    let staging = parent.join(format!(".{name}.new"));
    let previous = parent.join(format!(".{name}.old"));
    let _ = fs::remove_dir_all(&staging);
    let _ = fs::remove_dir_all(&previous);
    for file in files {
        let path = staging.join(&file.path);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder).map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
        }
        fs::write(&path, &file.contents).map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    }
    if dir.exists() {
        fs::rename(dir, &previous).map_err(|error| format!("cannot move {} aside: {error}", dir.display()))?;
    }
    if let Err(error) = fs::rename(&staging, dir) {
        let _ = fs::rename(&previous, dir);
        return Err(format!("cannot move the new crate into {}: {error}", dir.display()));
    }
    let _ = fs::remove_dir_all(&previous);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::crate_name;

    #[test]
    fn crate_names_are_cargo_package_names() {
        assert_eq!(
            crate_name("zendesk-help-center".to_string()).as_deref(),
            Ok("zendesk-help-center")
        );
        assert_eq!(
            crate_name("zendesk_tickets2".to_string()).as_deref(),
            Ok("zendesk_tickets2")
        );
        for bad in ["", "2fa", "my crate", "crate/../x", "é"] {
            assert!(crate_name(bad.to_string()).is_err(), "{bad:?} is refused");
        }
    }
}

/// `to` as seen from the directory `from`, with `/` separators (`../codegen/runtime`),
/// computed on the paths' text (the output directory need not exist yet); `to` in
/// full when the two share no root (another drive).
fn relative_path(from: &Path, to: &Path) -> String {
    fn normal(path: &Path) -> Vec<std::path::Component<'_>> {
        let mut parts = Vec::new();
        for part in path.components() {
            match part {
                std::path::Component::CurDir => {}
                std::path::Component::ParentDir if matches!(parts.last(), Some(std::path::Component::Normal(_))) => {
                    parts.pop();
                }
                other => parts.push(other),
            }
        }
        parts
    }
    let (from, to_parts) = (normal(from), normal(to));
    let shared = from.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    if shared == 0 {
        return to.display().to_string().replace('\\', "/");
    }
    let ups = std::iter::repeat_n("..".to_string(), from.len() - shared);
    let downs = to_parts[shared..]
        .iter()
        .map(|part| part.as_os_str().to_string_lossy().into_owned());
    let parts: Vec<String> = ups.chain(downs).collect();
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod relative_path_tests {
    use super::relative_path;
    use std::path::Path;

    #[test]
    fn the_runtime_is_found_from_any_output_directory() {
        let runtime = Path::new("/repo/codegen/runtime");
        assert_eq!(
            relative_path(Path::new("/repo/generated"), runtime),
            "../codegen/runtime"
        );
        assert_eq!(
            relative_path(Path::new("/repo/target/out/crate"), runtime),
            "../../../codegen/runtime"
        );
        assert_eq!(
            relative_path(Path::new("/repo/./target/../elsewhere"), runtime),
            "../codegen/runtime"
        );
        assert_eq!(relative_path(Path::new("/repo/codegen"), runtime), "runtime");
    }
}
