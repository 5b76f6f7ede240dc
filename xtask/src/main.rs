//! `cargo xtask generate [--check]`: reads spec/, runs the generator, and writes
//! (or checks) generated/. `cargo xtask api-diff`: what the spec change means for the
//! crate's users. Thin on purpose: argument parsing (clap) and file I/O only;
//! everything clever lives in the codegen crate. Relative paths given to either
//! command are read from the workspace root, wherever cargo is run from.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use xtask::api_diff::{self, SpecFiles};
use xtask::{compare, spec_path};
use zendesk_users_codegen::diff::Format;
use zendesk_users_codegen::{generate_with_documents, FrontPage, GeneratedFile, Settings};

/// The workspace's own tasks.
#[derive(Debug, Parser)]
#[command(name = "xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Task,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Generate the client crate from a spec (by default spec/ into generated/).
    Generate(GenerateArgs),
    /// Say what a spec change means for the crate's users, or compare spec/ with Zendesk's description.
    ApiDiff(ApiDiffArgs),
}

#[derive(Debug, Args)]
struct GenerateArgs {
    /// Only check that the output directory is what the spec produces; write nothing.
    #[arg(long)]
    check: bool,
    /// Treat warnings as errors: report them and write nothing.
    #[arg(long)]
    deny_warnings: bool,
    /// The spec to read [default: spec/zendesk-users.yaml]; files its `$ref`s point into
    /// are read too, relative to it. Generated files name it by its path in the workspace
    /// (a spec outside it: relative to the workspace root when given relative, by file
    /// name when given absolute). A spec given here gets its own front page.
    #[arg(long, value_name = "FILE")]
    spec: Option<PathBuf>,
    /// The directory of the generated crate (replaced as a whole).
    #[arg(long, value_name = "DIR", default_value = "generated")]
    out: PathBuf,
    /// Package name of the generated crate.
    #[arg(long, value_name = "CRATE", value_parser = crate_name)]
    name: Option<String>,
    /// Package version of the generated crate.
    #[arg(long, value_name = "VERSION")]
    version: Option<String>,
    /// Package description of the generated crate (default: from the spec's title).
    #[arg(long, value_name = "TEXT")]
    description: Option<String>,
}

#[derive(Debug, Args)]
struct ApiDiffArgs {
    /// The spec to compare with: a file, or a git revision whose copy of --spec is read.
    /// With --against-upstream: Zendesk's file.
    #[arg(long, value_name = "GIT-REF-OR-FILE")]
    base: Option<String>,
    /// The spec whose changes are reported.
    #[arg(long, value_name = "FILE", default_value = api_diff::SPEC)]
    spec: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: ReportFormat,
    /// Count changes compatible only by convention as breaking.
    #[arg(long)]
    strict: bool,
    /// Compare with Zendesk's published description instead; fails on differences the
    /// allow-list does not explain.
    #[arg(long)]
    against_upstream: bool,
    /// The allow-list of expected differences with Zendesk's description.
    #[arg(long, value_name = "FILE", default_value = api_diff::ALLOW_LIST)]
    allow: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ReportFormat {
    /// Plain text for a terminal.
    Text,
    /// Markdown for a pull-request comment.
    Markdown,
}

impl From<ReportFormat> for Format {
    fn from(format: ReportFormat) -> Format {
        match format {
            ReportFormat::Text => Format::Text,
            ReportFormat::Markdown => Format::Markdown,
        }
    }
}

fn main() -> ExitCode {
    // `--help` prints the usage and exits 0; a bad argument prints the error and usage.
    let cli = Cli::parse();
    let root = workspace_root();
    let result = match cli.command {
        Task::Generate(args) => run_generate(&root, args),
        Task::ApiDiff(args) => run_api_diff(&root, args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run_generate(root: &Path, args: GenerateArgs) -> Result<(), String> {
    // The Zendesk Users front page names Users operations: a crate generated from a spec
    // given with `--spec` gets that spec's own description instead.
    let front_page = match args.spec {
        Some(_) => FrontPage::FromSpec,
        None => Settings::default().front_page,
    };
    let given = args.spec.unwrap_or_else(|| PathBuf::from(api_diff::SPEC));
    let spec = spec_path(root, &given);
    let out_dir = root.join(&args.out);
    let started = Instant::now();
    let files = SpecFiles::read(&root.join(&given))?;
    let defaults = Settings::default();
    let settings = Settings {
        spec_name: spec.display_name().to_string(),
        crate_name: args.name.unwrap_or(defaults.crate_name),
        crate_version: args.version.unwrap_or(defaults.crate_version),
        crate_description: args.description,
        front_page,
        // The generated crate depends on the runtime crate by path, relative to where it is written.
        runtime_path: relative_path(&out_dir, &root.join("codegen").join("runtime")),
    };
    let generated = generate_with_documents(&files.text, &files.documents, &settings)
        .map_err(|diagnostics| diagnostics.to_string())?;
    if args.deny_warnings && !generated.warnings.items.is_empty() {
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
    if args.check {
        if differences.is_empty() {
            println!("{} is up to date ({summary})", args.out.display());
            return Ok(());
        }
        let mut message = format!(
            "{} is stale: it is not what {} produces",
            args.out.display(),
            spec.display_name()
        );
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
    println!("{}", api_diff::summary_against_head(root, &spec, &files));
    Ok(())
}

fn run_api_diff(root: &Path, args: ApiDiffArgs) -> Result<(), String> {
    let spec = spec_path(root, &args.spec);
    let format = Format::from(args.format);
    if args.against_upstream {
        // The upstream comparison reads one file each: Zendesk publishes theirs whole.
        let ours = SpecFiles::read(&root.join(&args.spec))?;
        let base = args
            .base
            .unwrap_or_else(|| "../shared/reference/zendesk-users-family.oas.yaml".to_string());
        let theirs = api_diff::read_base(root, &base, &spec)?;
        let allow_path = root.join(&args.allow);
        let allow_text = fs::read_to_string(&allow_path)
            .map_err(|error| format!("cannot read {}: {error}", allow_path.display()))?;
        let (report, explained) = api_diff::upstream_report(&ours.text, &theirs.text, &allow_text, format)?;
        print!("{report}");
        return if explained {
            Ok(())
        } else {
            Err(format!(
                "unexplained differences with {base}: fix spec/ or record them with a reason in {}",
                args.allow.display()
            ))
        };
    }
    let ours = SpecFiles::read(&root.join(&args.spec))?;
    let base = args.base.unwrap_or_else(|| "HEAD".to_string());
    let base_files = api_diff::read_base(root, &base, &spec)?;
    print!(
        "{}",
        api_diff::report(&base, &base_files, &ours, spec.display_name(), format, args.strict)?
    );
    Ok(())
}

/// A Cargo package name: ASCII letters, digits, `-` and `_`, starting with a letter.
fn crate_name(name: &str) -> Result<String, String> {
    let valid = name.chars().next().is_some_and(|first| first.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(name.to_string())
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
        assert_eq!(crate_name("zendesk-help-center").as_deref(), Ok("zendesk-help-center"));
        assert_eq!(crate_name("zendesk_tickets2").as_deref(), Ok("zendesk_tickets2"));
        for bad in ["", "2fa", "my crate", "crate/../x", "é"] {
            assert!(crate_name(bad).is_err(), "{bad:?} is refused");
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
