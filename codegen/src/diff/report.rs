//! Rendering a change list: the one-line summary, the text and markdown reports,
//! and the semver bump with Cargo's 0.x rules.

use super::{Change, Verdict};

/// Output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text for a terminal.
    Text,
    /// Markdown for a pull-request comment.
    Markdown,
}

/// Everything a report shows.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    /// The changes, in any order.
    pub changes: &'a [Change],
    /// The crate's current version (`0.1.0`).
    pub version: &'a str,
    /// Count changes that are compatible only by convention as breaking.
    pub strict: bool,
    /// What the comparison is against, e.g. `HEAD`.
    pub base: &'a str,
    /// Generated files that differ, with a short note each (`src/models.rs (+12 -3)`).
    pub files: &'a [String],
}

fn effective(change: &Change, strict: bool) -> Verdict {
    match change.verdict {
        Verdict::CompatibleByConvention if strict => Verdict::Breaking,
        verdict => verdict,
    }
}

/// The version the crate needs after `changes`, or `None` when nothing changed.
/// Cargo's rules: below 1.0 a breaking change bumps the minor number and anything
/// else the patch number; from 1.0 on, major for breaking and minor for additions.
pub fn bump(version: &str, changes: &[Change], strict: bool) -> Option<String> {
    if changes.is_empty() {
        return None;
    }
    let breaking = changes
        .iter()
        .any(|change| effective(change, strict) == Verdict::Breaking);
    let mut numbers = version
        .split(['.', '-', '+'])
        .take(3)
        .map(|part| part.parse::<u64>().unwrap_or(0));
    let (major, minor, patch) = (
        numbers.next().unwrap_or(0),
        numbers.next().unwrap_or(0),
        numbers.next().unwrap_or(0),
    );
    Some(match (major, breaking) {
        (0, true) => format!("0.{}.0", minor + 1),
        (0, false) => format!("0.{minor}.{}", patch + 1),
        (_, true) => format!("{}.0.0", major + 1),
        (_, false) => format!("{major}.{}.0", minor + 1),
    })
}

/// `API: 2 compatible changes, 1 breaking → bump 0.2.0`.
pub fn summary_line(changes: &[Change], version: &str, strict: bool) -> String {
    let breaking = changes
        .iter()
        .filter(|change| effective(change, strict) == Verdict::Breaking)
        .count();
    let convention = changes
        .iter()
        .filter(|change| effective(change, strict) == Verdict::CompatibleByConvention)
        .count();
    let compatible = changes.len() - breaking;
    match bump(version, changes, strict) {
        None => format!("API: no changes → no bump ({version})"),
        Some(next) => {
            let plural = if compatible == 1 { "change" } else { "changes" };
            let by_convention = if convention > 0 {
                format!(" ({convention} by convention)")
            } else {
                String::new()
            };
            format!("API: {compatible} compatible {plural}{by_convention}, {breaking} breaking → bump {next}")
        }
    }
}

impl Report<'_> {
    /// The report in `format`.
    pub fn render(&self, format: Format) -> String {
        let mut changes: Vec<&Change> = self.changes.iter().collect();
        changes.sort_by(|a, b| (effective(a, self.strict), &a.what).cmp(&(effective(b, self.strict), &b.what)));
        let breaking: Vec<&&Change> = changes
            .iter()
            .filter(|change| effective(change, self.strict) == Verdict::Breaking)
            .collect();
        let compatible: Vec<&&Change> = changes
            .iter()
            .filter(|change| effective(change, self.strict) != Verdict::Breaking)
            .collect();
        let summary = summary_line(self.changes, self.version, self.strict);
        let mut out = String::new();
        match format {
            Format::Text => {
                out.push_str(&format!("{summary} (against {})\n", self.base));
                for (title, list) in [("breaking", &breaking), ("compatible", &compatible)] {
                    if list.is_empty() {
                        continue;
                    }
                    out.push_str(&format!("\n{title}:\n"));
                    for change in list.iter() {
                        let mark = if change.verdict == Verdict::CompatibleByConvention {
                            "*"
                        } else {
                            "-"
                        };
                        out.push_str(&format!("  {mark} {}\n      {}\n", change.what, change.reason));
                    }
                }
                if !self.files.is_empty() {
                    out.push_str("\ngenerated files that change:\n");
                    for file in self.files {
                        out.push_str(&format!("  {file}\n"));
                    }
                }
                if compatible
                    .iter()
                    .any(|change| change.verdict == Verdict::CompatibleByConvention)
                {
                    out.push_str(
                        "\n* compatible by convention: struct literals end in `..Default::default()` or `..T::new(..)`, \
                         matches on generated enums have a `_` arm (README, \"Reviewing a change\"); --strict counts these as breaking\n",
                    );
                }
            }
            Format::Markdown => {
                out.push_str(&format!("**{summary}** (against `{}`)\n", self.base));
                for (title, list) in [("Breaking", &breaking), ("Compatible", &compatible)] {
                    if list.is_empty() {
                        continue;
                    }
                    out.push_str(&format!("\n### {title} ({})\n\n", list.len()));
                    for change in list.iter() {
                        let mark = if change.verdict == Verdict::CompatibleByConvention {
                            " ¹"
                        } else {
                            ""
                        };
                        out.push_str(&format!("- {}{mark} — {}\n", change.what, change.reason));
                    }
                }
                if !self.files.is_empty() {
                    out.push_str(&format!(
                        "\n<details><summary>Generated files that change ({})</summary>\n\n",
                        self.files.len()
                    ));
                    for file in self.files {
                        // `src/models.rs (+12 -3)`: the path as code, the counts as text.
                        match file.split_once(" (") {
                            Some((path, rest)) => out.push_str(&format!("- `{path}` ({rest}\n")),
                            None => out.push_str(&format!("- `{file}`\n")),
                        }
                    }
                    out.push_str("\n</details>\n");
                }
                if compatible
                    .iter()
                    .any(|change| change.verdict == Verdict::CompatibleByConvention)
                {
                    out.push_str(
                        "\n¹ compatible by the crate's convention (struct literals end in `..Default::default()` or \
                         `..T::new(..)`, matches on generated enums have a `_` arm); `--strict` counts it as breaking\n",
                    );
                }
            }
        }
        out
    }
}
