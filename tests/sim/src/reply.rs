//! What a handler answers (status, JSON body, extra headers) and Zendesk's error shapes.

use axum::http::StatusCode;
use serde_json::{json, Value};

/// An answer before the account-wide headers are added: status, optional JSON body, headers.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    /// `None` answers an empty body (204, and the endpoints Zendesk documents as empty).
    pub(crate) body: Option<Value>,
    pub(crate) headers: Vec<(String, String)>,
}

/// Handlers return `Err(Reply)` for every error answer, so `?` works on validation steps.
pub(crate) type Outcome = Result<Reply, Reply>;

impl Reply {
    /// A JSON answer.
    pub(crate) fn json(status: StatusCode, body: Value) -> Reply {
        Reply {
            status,
            body: Some(body),
            headers: Vec::new(),
        }
    }

    /// `200 OK` with a JSON body.
    pub(crate) fn ok(body: Value) -> Reply {
        Reply::json(StatusCode::OK, body)
    }

    /// An answer without a body.
    pub(crate) fn empty(status: StatusCode) -> Reply {
        Reply {
            status,
            body: None,
            headers: Vec::new(),
        }
    }

    /// Adds a header.
    pub(crate) fn with_header(mut self, name: &str, value: impl Into<String>) -> Reply {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// 404 as seed 003 shows it ("Show User Compliance Deletion Statuses"):
    /// `{"error":"RecordNotFound","description":"Not found"}`.
    pub(crate) fn not_found() -> Reply {
        Reply::json(
            StatusCode::NOT_FOUND,
            json!({"error": "RecordNotFound", "description": "Not found"}),
        )
    }

    /// 404 for a path no endpoint serves.
    pub(crate) fn invalid_endpoint() -> Reply {
        Reply::json(
            StatusCode::NOT_FOUND,
            json!({"error": "InvalidEndpoint", "description": "Not found"}),
        )
    }

    /// 400 for a request whose parameters Zendesk refuses (page size, offset limit, bulk size...).
    pub(crate) fn bad_request(error: &str, description: impl Into<String>) -> Reply {
        Reply::json(
            StatusCode::BAD_REQUEST,
            json!({"error": error, "description": description.into()}),
        )
    }

    /// 403 for an action the authenticated user may not take.
    pub(crate) fn forbidden(description: &str) -> Reply {
        Reply::json(
            StatusCode::FORBIDDEN,
            json!({"error": "Forbidden", "description": description}),
        )
    }

    /// 422 `RecordInvalid` with `details` keyed by property.
    pub(crate) fn record_invalid(details: Details) -> Reply {
        Reply::json(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({"error": "RecordInvalid", "description": "Record validation errors", "details": details.into_value()}),
        )
    }
}

/// Validation failures by property, in Zendesk's `details` shape:
/// `{"email": [{"description": "Email: x is not properly formatted", "error": "InvalidFormat"}]}`.
#[derive(Debug, Default, Clone)]
pub(crate) struct Details(serde_json::Map<String, Value>);

impl Details {
    /// Records one failure of `property`.
    pub(crate) fn add(&mut self, property: &str, error: &str, description: String) {
        let entry = self
            .0
            .entry(property.to_owned())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = entry {
            list.push(json!({"description": description, "error": error}));
        }
    }

    /// Whether no failure was recorded.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first description, for per-item job results.
    pub(crate) fn first_description(&self) -> String {
        self.0
            .values()
            .filter_map(|list| list.get(0)?.get("description")?.as_str().map(str::to_owned))
            .next()
            .unwrap_or_default()
    }

    /// The `details` object.
    pub(crate) fn into_value(self) -> Value {
        Value::Object(self.0)
    }
}
