//! What the generated crate costs: its lines per operation, split into the
//! part that grows with the spec (models.rs, operations.rs) and the fixed
//! runtime, against the spec's own lines per operation; and the time to
//! rebuild it, which `tests/benches/run.sh` measures (a bench binary must not
//! run cargo while cargo holds its build lock) and passes in as
//! `BENCH_BUILD_SECONDS` (touch generated/src/lib.rs, then `cargo build
//! --release -p zendesk-users`) and `BENCH_NOOP_BUILD_SECONDS` (the same
//! command with nothing to rebuild, the baseline).
//!
//! Run with `bash tests/benches/run.sh`; run alone it reports lines only.

mod common;

use std::path::Path;

use common::{heading, ratio, workspace_root};

/// Lines of a Rust file by kind.
#[derive(Default, Clone, Copy)]
struct Lines {
    total: usize,
    blank: usize,
    comment: usize,
}

impl Lines {
    fn of(text: &str) -> Lines {
        let mut lines = Lines::default();
        for line in text.lines() {
            let line = line.trim_start();
            lines.total += 1;
            if line.is_empty() {
                lines.blank += 1;
            } else if line.starts_with("//") {
                lines.comment += 1;
            }
        }
        lines
    }

    fn code(&self) -> usize {
        self.total - self.blank - self.comment
    }

    fn add(self, other: Lines) -> Lines {
        Lines {
            total: self.total + other.total,
            blank: self.blank + other.blank,
            comment: self.comment + other.comment,
        }
    }
}

fn main() {
    let root = workspace_root();
    let source = root.join("generated/src");
    let read = |path: &Path| {
        std::fs::read_to_string(path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
    };
    let operations_text = read(&source.join("operations.rs"));
    let operations = operations_text.matches("static OPERATION: OperationInfo").count();
    assert!(operations > 0, "generated/src/operations.rs declares no operation");
    let models = Lines::of(&read(&source.join("models.rs")));
    let operation_lines = Lines::of(&operations_text);
    let library = Lines::of(&read(&source.join("lib.rs")));
    let mut runtime = Lines::default();
    let mut runtime_files = 0;
    for entry in std::fs::read_dir(source.join("runtime")).expect("generated/src/runtime exists") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|extension| extension == "rs") {
            runtime = runtime.add(Lines::of(&read(&path)));
            runtime_files += 1;
        }
    }
    let spec = Lines::of(&common::spec_text());
    let per_operation = |lines: usize| lines as f64 / operations as f64;

    heading(&format!("size of the generated crate ({operations} operations)"));
    println!(
        "  {:<48} {:>7} {:>7} {:>9} {:>8} {:>10}",
        "part", "lines", "code", "comments", "per op", "code/op"
    );
    let spec_specific = models.add(operation_lines);
    let rows = [
        ("models.rs", models),
        ("operations.rs", operation_lines),
        ("models.rs + operations.rs (grows with the spec)", spec_specific),
        ("lib.rs", library),
        (
            &*format!("runtime/*.rs, {runtime_files} files (fixed, verbatim)"),
            runtime,
        ),
    ];
    for (name, lines) in rows {
        println!(
            "  {:<48} {:>7} {:>7} {:>9} {:>8.0} {:>10.0}",
            name,
            lines.total,
            lines.code(),
            lines.comment,
            per_operation(lines.total),
            per_operation(lines.code())
        );
    }
    println!(
        "  baseline  spec/zendesk-users.yaml: {} lines, {:.0} per operation; generated models + operations = {} spec lines",
        spec.total,
        per_operation(spec.total),
        ratio(spec_specific.total as f64, spec.total as f64)
    );

    heading("rebuilding the generated crate (cargo build --release -p zendesk-users, dependencies built)");
    let seconds = |name: &str| std::env::var(name).ok().and_then(|value| value.parse::<f64>().ok());
    match (seconds("BENCH_BUILD_SECONDS"), seconds("BENCH_NOOP_BUILD_SECONDS")) {
        (Some(build), Some(noop)) => {
            println!("  baseline  nothing to rebuild (cargo's own overhead)       {noop:7.2} s");
            println!(
                "  release   after touching generated/src/lib.rs             {build:7.2} s  = {} baseline, {:.0} ms per operation",
                ratio(build, noop),
                build * 1e3 / operations as f64
            );
        }
        _ => println!("  not measured: run `bash tests/benches/run.sh`, which times the build outside any bench"),
    }
}
