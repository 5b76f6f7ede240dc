//! What the generated crate costs: its lines per operation, split into the
//! part that grows with the spec (models.rs, operations.rs) and the fixed
//! runtime, against the spec's own lines per operation; the lines one new
//! optional field on `User` adds (spec/ generated in process with and without
//! it, the same way, so the one without it is the baseline); and the time to
//! rebuild it, which `tests/benches/run.sh` measures (a bench binary must not
//! run cargo while cargo holds its build lock) and passes in as
//! `BENCH_BUILD_SECONDS` (touch generated/src/lib.rs, then `cargo build
//! --release -p zendesk-users`) and `BENCH_NOOP_BUILD_SECONDS` (the same
//! command with nothing to rebuild, the baseline), and, when asked for, the same
//! rebuild of generated/ as checked in at earlier revisions (`BENCH_BUILD_BASELINES`).
//!
//! Run with `bash tests/benches/run.sh`; run alone it reports lines only.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{heading, ratio, verdict, workspace_root};
use serde_json::{json, Map, Value};
use zendesk_users_codegen::{generate, load, Settings};

/// Issue 12's targets: generated lines (models.rs + operations.rs) per operation, and
/// generated lines one new optional field adds.
const LINES_PER_OPERATION_TARGET: f64 = 150.0;
const LINES_PER_NEW_FIELD_TARGET: usize = 4;

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
    // The runtime crate the generated crate depends on, folders (`http/`, `limits/`, ...) included.
    let mut folders = vec![root.join("codegen/runtime/src")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("codegen/runtime/src exists") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                runtime = runtime.add(Lines::of(&read(&path)));
                runtime_files += 1;
            }
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
            &*format!("runtime crate, {runtime_files} files (fixed, a dependency)"),
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
    println!(
        "  target ≤ {LINES_PER_OPERATION_TARGET} lines per operation (models.rs + operations.rs, blank and doc lines included): {:.0}: {}",
        per_operation(spec_specific.total),
        verdict(per_operation(spec_specific.total) <= LINES_PER_OPERATION_TARGET)
    );

    one_new_field();

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
            // `rev:seconds:operations` triples from BENCH_BUILD_BASELINE_REVS.
            let baselines = std::env::var("BENCH_BUILD_BASELINES").unwrap_or_default();
            for baseline in baselines.split_whitespace() {
                let fields: Vec<&str> = baseline.split(':').collect();
                let [rev, seconds, baseline_operations] = fields[..] else {
                    continue;
                };
                let (Ok(seconds), Ok(baseline_operations)) =
                    (seconds.parse::<f64>(), baseline_operations.parse::<f64>())
                else {
                    continue;
                };
                println!(
                    "  baseline  generated/ at {rev:<10} ({baseline_operations:.0} operations)       {seconds:7.2} s, {:.0} ms per operation; now = {} its time, {} per operation",
                    seconds * 1e3 / baseline_operations,
                    ratio(build, seconds),
                    ratio(build / operations as f64, seconds / baseline_operations)
                );
            }
        }
        _ => println!("  not measured: run `bash tests/benches/run.sh`, which times the build outside any bench"),
    }
}

/// spec/ generated in process twice, re-serialised the same way both times: as it is
/// (the baseline) and with one more optional, nullable, documented property on `User`
/// (`alternate_alias`, shaped like its neighbour `alias`, placed after it). Prints the
/// lines each generated file gains and loses (lines compared as a multiset, so a line
/// that moves counts once each way).
fn one_new_field() {
    heading("one new optional field on User (spec/ generated in process with and without it)");
    let raw = load::load(&common::spec_text())
        .unwrap_or_else(|_| panic!("spec/ loads"))
        .raw;
    let mut with_field = raw.clone();
    let properties = with_field
        .pointer_mut("/components/schemas/User/properties")
        .and_then(Value::as_object_mut)
        .expect("spec/ has User with properties");
    let mut reordered = Map::new();
    for (name, schema) in std::mem::take(properties) {
        let after_alias = name == "alias";
        reordered.insert(name, schema);
        if after_alias {
            reordered.insert(
                "alternate_alias".to_string(),
                json!({"description": "A second alias displayed to end users", "type": "string", "nullable": true}),
            );
        }
    }
    assert!(
        reordered.contains_key("alternate_alias"),
        "User has an `alias` property"
    );
    *properties = reordered;
    let files = |document: &Value| -> BTreeMap<String, String> {
        let text = serde_yaml_ng::to_string(document).expect("a JSON value is writable as YAML");
        let generated = generate(&text, &Settings::default()).unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
        generated
            .files
            .into_iter()
            .map(|file| (file.path, file.contents))
            .collect()
    };
    let (before, after) = (files(&raw), files(&with_field));
    println!("  {:<28} {:>7} {:>7}", "file", "added", "removed");
    let mut rust_added = 0;
    for (path, new) in &after {
        let old = before.get(path).map_or("", String::as_str);
        let (added, removed) = changed_lines(old, new);
        if added + removed == 0 {
            continue;
        }
        println!("  {path:<28} {added:>7} {removed:>7}");
        if path == "src/models.rs" || path == "src/operations.rs" {
            rust_added += added;
        }
    }
    println!(
        "  baseline  spec/ re-serialised without the field: {} files, the same in both runs but for the rows above",
        before.len()
    );
    println!(
        "  target ≤ {LINES_PER_NEW_FIELD_TARGET} generated lines (models.rs + operations.rs) for one new optional field: {rust_added}: {}",
        verdict(rust_added <= LINES_PER_NEW_FIELD_TARGET)
    );
}

/// (lines only in `new`, lines only in `old`), counting repeated lines.
fn changed_lines(old: &str, new: &str) -> (usize, usize) {
    let mut counts: BTreeMap<&str, isize> = BTreeMap::new();
    for line in new.lines() {
        *counts.entry(line).or_default() += 1;
    }
    for line in old.lines() {
        *counts.entry(line).or_default() -= 1;
    }
    let added = counts
        .values()
        .filter(|count| **count > 0)
        .map(|count| *count as usize)
        .sum();
    let removed = counts
        .values()
        .filter(|count| **count < 0)
        .map(|count| count.unsigned_abs())
        .sum();
    (added, removed)
}
