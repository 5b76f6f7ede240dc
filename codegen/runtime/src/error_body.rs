//! Zendesk's error bodies, decoded leniently. Zendesk answers errors in several
//! shapes: `{error, description, details}` with `details` mapping a field to a
//! list of `{description, error}`; `{error: {title, message}}`; JSON:API style
//! `{errors: [{code, title, detail}]}`; and plain text on some 4xx and 429s.
//! This walks a `serde_json::Value` by hand instead of deriving, because a
//! derived decoder fails (and loses everything) on the first field of an
//! unexpected type, while here each field is taken when it fits and skipped
//! when it does not.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// The structured part of a Zendesk error response.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ErrorBody {
    /// The error code (`RecordInvalid`, `RecordNotFound`) or, for `{error: {title}}`, the title.
    pub error: Option<String>,
    /// The human-readable explanation (`description`, or `error.message`).
    pub description: Option<String>,
    /// Field name → problems with that field (`details` in `RecordInvalid` errors).
    pub details: BTreeMap<String, Vec<ErrorDetail>>,
    /// Entries of an `errors` array.
    pub errors: Vec<ErrorDetail>,
}

/// One problem reported for a field or in an `errors` array.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ErrorDetail {
    /// Machine-readable code (`error` or `code`).
    pub error: Option<String>,
    /// Human-readable text (`description`, `detail`, `message` or `title`).
    pub description: Option<String>,
}

impl ErrorBody {
    /// Decodes `bytes` if they are a JSON object with at least one known field.
    pub(crate) fn parse(bytes: &[u8]) -> Option<Self> {
        let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(bytes) else {
            return None;
        };
        let mut body = ErrorBody::default();
        match object.get("error") {
            Some(Value::String(code)) => body.error = Some(code.clone()),
            Some(Value::Object(inner)) => {
                body.error = text(inner, &["title", "code", "error"]);
                body.description = text(inner, &["message", "description", "detail"]);
            }
            _ => {}
        }
        if body.description.is_none() {
            body.description = text(&object, &["description", "message"]);
        }
        if let Some(Value::Object(fields)) = object.get("details") {
            for (field, problems) in fields {
                let problems = match problems {
                    Value::Array(list) => list.iter().filter_map(ErrorDetail::from_value).collect(),
                    other => ErrorDetail::from_value(other).into_iter().collect(),
                };
                body.details.insert(field.clone(), problems);
            }
        }
        if let Some(Value::Array(list)) = object.get("errors") {
            body.errors = list.iter().filter_map(ErrorDetail::from_value).collect();
        }
        let known =
            body.error.is_some() || body.description.is_some() || !body.details.is_empty() || !body.errors.is_empty();
        known.then_some(body)
    }

    /// One line naming the error, its description and each problem, for `Display`.
    pub(crate) fn summary(&self) -> String {
        const MAX_LISTED: usize = 10;
        let mut parts: Vec<String> = Vec::new();
        match (&self.error, &self.description) {
            (Some(error), Some(description)) => parts.push(format!("{error}: {description}")),
            (Some(only), None) | (None, Some(only)) => parts.push(only.clone()),
            (None, None) => {}
        }
        let problems = self
            .details
            .iter()
            .flat_map(|(field, list)| list.iter().map(move |detail| format!("{field}: {}", detail.summary())))
            .chain(self.errors.iter().map(ErrorDetail::summary));
        let mut listed = 0;
        let mut unlisted = 0;
        for problem in problems {
            if listed < MAX_LISTED {
                parts.push(problem);
                listed += 1;
            } else {
                unlisted += 1;
            }
        }
        if unlisted > 0 {
            parts.push(format!("and {unlisted} more"));
        }
        parts.join("; ")
    }
}

impl ErrorDetail {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::String(description) => Some(ErrorDetail {
                error: None,
                description: Some(description.clone()),
            }),
            Value::Object(object) => Some(ErrorDetail {
                error: text(object, &["error", "code"]),
                description: text(object, &["description", "detail", "message", "title"]),
            }),
            _ => None,
        }
    }

    fn summary(&self) -> String {
        match (&self.description, &self.error) {
            (Some(description), Some(error)) => format!("{description} ({error})"),
            (Some(only), None) | (None, Some(only)) => only.clone(),
            (None, None) => "unspecified problem".to_string(),
        }
    }
}

/// The first of `keys` whose value is a string (or a number, written out).
fn text(object: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|key| match object.get(*key)? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_shapes_never_fail() {
        for body in [
            &b"null"[..],
            b"[]",
            b"{}",
            b"{\"error\": 3}",
            b"{\"details\": [1]}",
            b"\xff\xfe",
            b"",
        ] {
            assert_eq!(ErrorBody::parse(body), None);
        }
        let body = ErrorBody::parse(br#"{"error": "X", "details": {"a": "not a list", "b": [null, 3]}}"#);
        assert_eq!(body.map(|body| body.details.len()), Some(2));
    }
}
