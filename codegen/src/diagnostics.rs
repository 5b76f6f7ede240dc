//! Errors as data: every problem found in a spec carries the JSON pointer of the
//! spec location it is about, so a maintainer can jump straight to it.

use std::fmt;

/// One problem in the spec, tied to the place in the document that causes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// JSON pointer into the spec, e.g. `#/paths/~1api~1v2~1users/get/parameters/2`.
    pub pointer: String,
    /// Line and column (1-based) of that location in the spec text, when known.
    pub position: Option<(usize, usize)>,
    /// What is wrong, lowercase and without a trailing period.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic at `pointer` with no known line and column.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            pointer: pointer.into(),
            position: None,
            message: message.into(),
        }
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

/// Every problem a stage found; generation stops after the first stage that reports any.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics {
    /// Name of the spec file the pointers refer to, used only for display.
    pub spec_name: String,
    /// The problems, in the order they were found (spec order).
    pub items: Vec<Diagnostic>,
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.items.len();
        let noun = if count == 1 { "problem" } else { "problems" };
        write!(f, "{} has {count} {noun}; nothing was written", self.spec_name)?;
        for item in &self.items {
            write!(f, "\nerror: {}{}", self.spec_name, item)?;
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
    /// Records a problem at `pointer`.
    pub fn error(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.items.push(Diagnostic::new(pointer, message));
    }

    /// True when nothing has been recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Ends the stage: `Ok(value)` when no problem was recorded.
    pub fn finish<T>(self, value: T) -> Result<T, Vec<Diagnostic>> {
        if self.items.is_empty() {
            Ok(value)
        } else {
            Err(self.items)
        }
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
