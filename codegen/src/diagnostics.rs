//! Errors as data: every problem found in a spec carries the JSON pointer of the
//! spec location it is about, so a maintainer can jump straight to it. A problem is
//! an error (nothing is generated) or a warning (the construct was accepted with a
//! stated meaning; generation goes on and reports it).

use std::fmt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Nothing is generated.
    Error,
    /// The spec was understood with a stated meaning; generation succeeds and
    /// reports it (`--deny-warnings` makes it fatal).
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem in the spec, tied to the place in the document that causes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// JSON pointer into the spec, e.g. `#/paths/~1api~1v2~1users/get/parameters/2`.
    pub pointer: String,
    /// Line and column (1-based) of that location in the spec text, when known.
    pub position: Option<(usize, usize)>,
    /// What is wrong, lowercase and without a trailing period.
    pub message: String,
}

impl Diagnostic {
    /// An error at `pointer` with no known line and column.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            pointer: pointer.into(),
            position: None,
            message: message.into(),
        }
    }

    /// A warning at `pointer` with no known line and column.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::new(pointer, message)
        }
    }

    /// True for [`Severity::Error`].
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => write!(f, "{} ({line}:{column}): {}", self.pointer, self.message),
            None => write!(f, "{}: {}", self.pointer, self.message),
        }
    }
}

/// Every problem found in one run: validation and lowering are reported together.
/// As an error value it holds at least one error (or, under `--deny-warnings`,
/// the warnings that were made fatal); warnings found beside errors are listed too.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics {
    /// Name of the spec file the pointers refer to, used only for display.
    pub spec_name: String,
    /// The problems, in the order they were found (spec order within a stage).
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// One line per problem: `error: <spec>#/pointer (line:col): message`.
    pub fn lines(&self) -> impl Iterator<Item = String> + '_ {
        self.items
            .iter()
            .map(|item| format!("{}: {}{}", item.severity, self.spec_name, item))
    }

    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|item| !item.is_error())
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.items.len();
        let noun = if count == 1 { "problem" } else { "problems" };
        write!(f, "{} has {count} {noun}; nothing was written", self.spec_name)?;
        for line in self.lines() {
            write!(f, "\n{line}")?;
        }
        Ok(())
    }
}

/// Collects diagnostics during one stage so that all of them are reported together.
#[derive(Debug, Default)]
pub struct Sink {
    items: Vec<Diagnostic>,
}

impl Sink {
    /// Records an error at `pointer`.
    pub fn error(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.items.push(Diagnostic::new(pointer, message));
    }

    /// Records a warning at `pointer`, once: the same warning at the same place
    /// (a path-level parameter seen by every method of its path item) is kept once.
    pub fn warning(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        let warning = Diagnostic::warning(pointer, message);
        if !self.items.contains(&warning) {
            self.items.push(warning);
        }
    }

    /// Records a diagnostic as it is.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// True when an error has been recorded (warnings do not count).
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Ends the stage: everything recorded, errors and warnings, in order.
    pub fn into_items(self) -> Vec<Diagnostic> {
        self.items
    }
}

/// Escapes one JSON-pointer segment (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Appends an escaped segment to a pointer.
pub fn child(pointer: &str, segment: impl fmt::Display) -> String {
    format!("{pointer}/{}", escape_segment(&segment.to_string()))
}
