//! What the bench binaries share: a small timing helper (warm-up, then
//! repetitions, reporting the median and the minimum), the process's peak
//! memory from `/proc/self/status`, re-running the bench binary as a child so
//! that each measured size gets a peak of its own, the figure formatting, and
//! the varied users that the decoding and streaming benches build from the
//! documented admin user.
//!
//! Deliberately not criterion: the benches keep the dependency tree lean and
//! need only medians and minima.

// Each bench binary compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The median and the fastest of a set of timed repetitions.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    pub median: Duration,
    pub min: Duration,
    pub repetitions: usize,
}

impl Timing {
    /// Summarises raw samples; panics on an empty set, which would be a bench bug.
    pub fn from_samples(mut samples: Vec<Duration>) -> Timing {
        assert!(!samples.is_empty(), "no samples taken");
        samples.sort();
        Timing {
            median: samples[samples.len() / 2],
            min: samples[0],
            repetitions: samples.len(),
        }
    }

    pub fn median_ms(&self) -> f64 {
        self.median.as_secs_f64() * 1e3
    }

    pub fn min_ms(&self) -> f64 {
        self.min.as_secs_f64() * 1e3
    }

    pub fn median_us(&self) -> f64 {
        self.median.as_secs_f64() * 1e6
    }

    pub fn min_us(&self) -> f64 {
        self.min.as_secs_f64() * 1e6
    }
}

/// Runs `work` `warm_up` times untimed, then `repetitions` times timed. Only the
/// call is timed: the value it returns is dropped after the clock stops, so
/// freeing a decoded page is not counted as decoding it.
pub fn measure<T>(warm_up: usize, repetitions: usize, work: impl FnMut() -> T) -> Timing {
    Timing::from_samples(samples(warm_up, repetitions, work))
}

/// The raw samples behind [`measure`], for callers that interleave several
/// contenders in rounds and summarise each one's samples at the end.
pub fn samples<T>(warm_up: usize, repetitions: usize, mut work: impl FnMut() -> T) -> Vec<Duration> {
    for _ in 0..warm_up {
        std::hint::black_box(work());
    }
    let mut samples = Vec::with_capacity(repetitions);
    for _ in 0..repetitions {
        let started = Instant::now();
        let output = std::hint::black_box(work());
        samples.push(started.elapsed());
        drop(output);
    }
    samples
}

/// Times one call of `work`, returning its output too.
pub fn time_once<T>(work: impl FnOnce() -> T) -> (Duration, T) {
    let started = Instant::now();
    let output = work();
    (started.elapsed(), output)
}

/// A field of `/proc/self/status` in KiB (`VmHWM` is the peak resident set,
/// `VmRSS` the current one). Linux only; `None` elsewhere.
pub fn proc_status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status
        .lines()
        .find(|line| line.starts_with(field) && line[field.len()..].starts_with(':'))?;
    line[field.len() + 1..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// Peak resident set size of this process so far, in MiB (0 when unknown).
pub fn peak_rss_mib() -> f64 {
    proc_status_kib("VmHWM").unwrap_or(0) as f64 / 1024.0
}

/// Current resident set size of this process, in MiB (0 when unknown).
pub fn current_rss_mib() -> f64 {
    proc_status_kib("VmRSS").unwrap_or(0) as f64 / 1024.0
}

/// Where a child run is asked for: `cargo bench` passes `--bench`, a child gets
/// `--child` followed by its own arguments.
pub fn child_arguments() -> Option<Vec<String>> {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let position = arguments.iter().position(|argument| argument == "--child")?;
    Some(arguments[position + 1..].to_vec())
}

/// Runs this bench binary again as `<self> --child <arguments>` and returns its
/// standard output, so the child's peak memory is its own. Panics, with the
/// child's standard error, if the child fails.
pub fn run_child(arguments: &[String]) -> String {
    let executable = std::env::current_exe().expect("the bench binary knows its own path");
    let output = Command::new(executable)
        .arg("--child")
        .args(arguments)
        .output()
        .expect("the bench binary can run itself");
    assert!(
        output.status.success(),
        "child run {arguments:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("child output is UTF-8")
}

/// Parses a child's `key=value` output line into numbers, by key.
pub fn parse_report(line: &str) -> impl Fn(&str) -> f64 + '_ {
    move |key: &str| {
        line.split_whitespace()
            .find_map(|pair| pair.strip_prefix(key).and_then(|rest| rest.strip_prefix('=')))
            .and_then(|value| value.parse().ok())
            .unwrap_or_else(|| panic!("child report {line:?} has no numeric `{key}`"))
    }
}

/// The workspace root (the parent of the tests package).
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// The text of spec/zendesk-users.yaml.
pub fn spec_text() -> String {
    let path = workspace_root().join("spec/zendesk-users.yaml");
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

/// A fresh scratch directory under the system temp dir, unique to this process.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zendesk-users-bench-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|error| panic!("cannot create {}: {error}", dir.display()));
    dir
}

/// A section heading in the report.
pub fn heading(title: &str) {
    println!();
    println!("== {title}");
}

/// `value` relative to `baseline`, as `1.23×`.
pub fn ratio(value: f64, baseline: f64) -> String {
    if baseline > 0.0 {
        format!("{:.2}×", value / baseline)
    } else {
        "n/a".to_string()
    }
}

/// `met` or `MISSED`, for the target lines.
pub fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "MISSED"
    }
}

/// Unknown properties [`varied_user`] gives every user; the decoding checks look for them.
pub const UNKNOWN_USER_PROPERTIES: [&str; 3] = ["x_bench_score", "x_bench_segment", "x_bench_permissions"];

/// `#/components/schemas/User/example` from spec/: the documented admin/agent user.
pub fn documented_admin_user() -> Value {
    let loaded = zendesk_users_codegen::load::load(&spec_text()).unwrap_or_else(|_| panic!("spec/ loads"));
    loaded
        .raw
        .pointer("/components/schemas/User/example")
        .cloned()
        .expect("spec/ documents a User example")
}

/// The documented user with its own id, name, addresses and photo ids, extra
/// custom fields, and properties the spec does not declare.
pub fn varied_user(example: &Value, index: u64) -> Value {
    let mut user = example.clone();
    let id = 1_000_000 + index;
    user["id"] = json!(id);
    user["name"] = json!(format!("User {index}"));
    user["email"] = json!(format!("user{index}@example.com"));
    user["external_id"] = json!(format!("ext-{index:06}"));
    user["url"] = json!(format!("https://company.zendesk.com/api/v2/users/{id}.json"));
    user["organization_id"] = json!(57_542 + index % 17);
    user["tags"] = json!(["enterprise", format!("cohort_{}", index % 10)]);
    user["photo"]["id"] = json!(5_000_000 + 2 * index);
    user["photo"]["x_photo_source"] = json!("upload");
    user["photo"]["thumbnails"][0]["id"] = json!(5_000_001 + 2 * index);
    let fields = &mut user["user_fields"];
    fields["user_decimal"] = json!(index as f64 * 0.25);
    fields["user_text"] = json!(format!("customer since {}", 2000 + index % 25));
    fields["user_checkbox"] = json!(index.is_multiple_of(2));
    fields["user_integer"] = json!(index);
    user[UNKNOWN_USER_PROPERTIES[0]] = json!(index);
    user[UNKNOWN_USER_PROPERTIES[1]] = json!(["smb", "mid-market", "enterprise"][index as usize % 3]);
    user[UNKNOWN_USER_PROPERTIES[2]] = json!({"can_export": index.is_multiple_of(3), "level": index % 4});
    user
}
