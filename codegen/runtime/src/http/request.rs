//! One HTTP request as the generated operations describe it: which operation,
//! the already-encoded path, the query pairs in call order and an optional JSON
//! or `multipart/form-data` body. The client turns it into a URL under its configured base only, so
//! nothing an operation builds can send credentials to another host.

use std::time::Duration;

use bytes::Bytes;
use serde::Serialize;

use crate::error::Error;
use crate::wire::multipart::{build_form, FilePart, FormValue};
use crate::wire::params::{deep_object_pairs, form_object_pairs, repeated_pairs, scalar_text, to_json};

pub use reqwest::Method;

/// Static facts about one operation, emitted once per operation by the generator.
#[derive(Debug)]
pub struct OperationInfo {
    /// The spec's `operationId`, used in errors and tracing spans.
    pub name: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template as written in the spec (`/api/v2/users/{user_id}`);
    /// logged instead of the concrete path so spans never carry ids or emails.
    pub path_template: &'static str,
}

impl OperationInfo {
    /// The facts of one operation, in a `static` of the generated `send()`.
    pub const fn new(name: &'static str, method: Method, path_template: &'static str) -> Self {
        OperationInfo {
            name,
            method,
            path_template,
        }
    }
}

/// Characters kept as they are in a path segment: RFC 3986 "unreserved".
/// Everything else, including `/`, `?`, `#` and `%`, is percent-encoded so a
/// value can never change the shape of the path.
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Characters kept as they are in a query name or value: RFC 3986 "unreserved".
/// Everything else, including `&`, `=`, `+`, `,` and brackets, is percent-encoded.
const QUERY_COMPONENT: &percent_encoding::AsciiSet = PATH_SEGMENT;

/// Characters kept in a query parameter *name*: unreserved plus the brackets, which
/// Zendesk writes literally (`page[size]`, `role[]`, `filter[field]`).
const QUERY_NAME: &percent_encoding::AsciiSet = &QUERY_COMPONENT.remove(b'[').remove(b']');

fn encode_query_component(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, QUERY_COMPONENT).to_string()
}

fn encode_query_name(name: &str) -> String {
    percent_encoding::utf8_percent_encode(name, QUERY_NAME).to_string()
}

/// Percent-encodes `value` for use as one path segment.
///
/// Everything except RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`)
/// is encoded, so `a/b` becomes `a%2Fb`.
pub fn encode_path_segment(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, PATH_SEGMENT).to_string()
}

/// One path argument as a percent-encoded segment: its wire text (numbers, strings,
/// enum values, ids or keys; timestamps in RFC 3339), encoded by
/// [`encode_path_segment`]. A value with no text becomes an empty segment, which the
/// request refuses before sending.
pub fn path_segment<T: Serialize + ?Sized>(value: &T) -> String {
    let text = serde_json::to_value(value)
        .ok()
        .and_then(|value| scalar_text(&value))
        .unwrap_or_default();
    encode_path_segment(&text)
}

/// One request about to be sent, built by a generated operation's `send()`.
#[derive(Debug, Clone)]
pub struct Request {
    pub(crate) operation: &'static OperationInfo,
    pub(crate) path: String,
    /// Query pairs in call order, each name and value already percent-encoded.
    pub(crate) query: Vec<(String, String)>,
    /// Serialized once, so each retry reuses the same bytes.
    pub(crate) body: Option<Bytes>,
    /// The call's total deadline, overriding the client's when set.
    pub(crate) deadline: Option<Duration>,
    /// `multipart/form-data` fields in call order, built into a form on each attempt.
    pub(crate) form: Option<Vec<(String, FormValue)>>,
}

impl Request {
    /// Starts a request for `operation`; `path` is already encoded and starts with `/`.
    pub fn new(operation: &'static OperationInfo, path: String) -> Self {
        Request {
            operation,
            path,
            query: Vec::new(),
            body: None,
            deadline: None,
            form: None,
        }
    }

    /// Gives the call its own total deadline (attempts, back-off and
    /// rate-limit waits); `None` keeps the client's (see `ClientBuilder::deadline`).
    pub fn with_deadline(mut self, deadline: Option<Duration>) -> Self {
        self.deadline = deadline;
        self
    }

    fn push_pairs(&mut self, pairs: Vec<(String, String)>) {
        for (name, value) in pairs {
            self.query
                .push((encode_query_name(&name), encode_query_component(&value)));
        }
    }

    /// Appends a query parameter (`style: form, explode: true`): nothing when the value
    /// is absent (`None`), one pair for a value, one pair per item for a list
    /// (`role[]=a&role[]=b`), in call order.
    pub fn query<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), Error> {
        let value = to_json(self.operation.name, name, value)?;
        let mut pairs = Vec::new();
        repeated_pairs(name, &value, &mut pairs);
        self.push_pairs(pairs);
        Ok(())
    }

    /// Appends a comma-separated list (`style: form, explode: false`, `ids=1,2,3`):
    /// each value is encoded on its own and the separators stay literal commas, so a
    /// comma inside a value (`%2C`) is never mistaken for a separator. An empty or
    /// absent list adds nothing.
    pub fn query_list<T: Serialize + ?Sized>(&mut self, name: &'static str, values: &T) -> Result<(), Error> {
        let value = to_json(self.operation.name, name, values)?;
        let items = match value {
            serde_json::Value::Array(items) => items,
            serde_json::Value::Null => Vec::new(),
            single => vec![single],
        };
        let joined: Vec<String> = items
            .iter()
            .filter_map(scalar_text)
            .map(|value| encode_query_component(&value))
            .collect();
        if !joined.is_empty() {
            self.query.push((encode_query_name(name), joined.join(",")));
        }
        Ok(())
    }

    /// Appends an object written as `style: deepObject` (`filter[field]=email`).
    pub fn query_deep_object<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), Error> {
        let value = to_json(self.operation.name, name, value)?;
        let mut pairs = Vec::new();
        deep_object_pairs(name, &value, &mut pairs);
        self.push_pairs(pairs);
        Ok(())
    }

    /// Appends an object written as `style: form, explode: true`: each property its
    /// own pair (`role=agent&active=true`); nothing when the object is absent.
    pub fn query_form_object<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), Error> {
        let value = to_json(self.operation.name, name, value)?;
        let mut pairs = Vec::new();
        form_object_pairs(&value, &mut pairs);
        self.push_pairs(pairs);
        Ok(())
    }

    /// Adds a text field to the `multipart/form-data` body; nothing when absent.
    pub fn form_text<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), Error> {
        let value = to_json(self.operation.name, name, value)?;
        let mut pairs = Vec::new();
        repeated_pairs(name, &value, &mut pairs);
        let form = self.form.get_or_insert_with(Vec::new);
        form.extend(pairs.into_iter().map(|(name, text)| (name, FormValue::Text(text))));
        Ok(())
    }

    /// Adds a file to the `multipart/form-data` body; nothing when absent.
    pub fn form_file(&mut self, name: &'static str, file: Option<&FilePart>) {
        let form = self.form.get_or_insert_with(Vec::new);
        if let Some(file) = file {
            form.push((name.to_string(), FormValue::File(file.clone())));
        }
    }

    /// Adds several files under one name to the `multipart/form-data` body, in order.
    pub fn form_files(&mut self, name: &'static str, files: &[FilePart]) {
        let form = self.form.get_or_insert_with(Vec::new);
        form.extend(
            files
                .iter()
                .map(|file| (name.to_string(), FormValue::File(file.clone()))),
        );
    }

    /// Puts the body on one attempt's request: JSON bytes, or a form rebuilt from its fields.
    pub(crate) fn attach_body(&self, builder: reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder, Error> {
        if let Some(body) = &self.body {
            return Ok(builder
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.clone()));
        }
        if let Some(fields) = &self.form {
            return Ok(builder.multipart(build_form(self.operation.name, fields)?));
        }
        Ok(builder)
    }

    /// Sets the JSON request body.
    pub fn json_body<T: serde::Serialize>(&mut self, body: &T) -> Result<(), Error> {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.body = Some(Bytes::from(bytes));
                Ok(())
            }
            Err(error) => Err(Error::InvalidRequest {
                operation: self.operation.name,
                argument: "body".to_string(),
                reason: format!("cannot be written as JSON: {error}"),
            }),
        }
    }

    /// The operation this request belongs to.
    pub fn operation(&self) -> &'static OperationInfo {
        self.operation
    }

    /// Joins the path and query onto `base` (which has no trailing slash).
    ///
    /// The path is checked first: an empty or dot segment (from an empty or
    /// `..` id) would make the URL parser point the request at a different
    /// endpoint, such as `DELETE /api/v2/users/` instead of one user.
    pub(crate) fn url(&self, base: &str) -> Result<reqwest::Url, Error> {
        self.check_path()?;
        let mut url = reqwest::Url::parse(&format!("{base}{}", self.path)).map_err(|error| Error::InvalidRequest {
            operation: self.operation.name,
            argument: "path".to_string(),
            reason: format!("does not form a valid URL: {error}"),
        })?;
        if !self.query.is_empty() {
            let query: Vec<String> = self
                .query
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            url.set_query(Some(&query.join("&")));
        }
        Ok(url)
    }

    fn check_path(&self) -> Result<(), Error> {
        let invalid = |reason: &str| Error::InvalidRequest {
            operation: self.operation.name,
            argument: "path".to_string(),
            reason: reason.to_string(),
        };
        let Some(rest) = self.path.strip_prefix('/') else {
            return Err(invalid("must start with '/'"));
        };
        for segment in rest.split('/') {
            if segment.is_empty() {
                return Err(invalid(
                    "has an empty segment; a path argument is probably an empty string",
                ));
            }
            let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
            if decoded == "." || decoded == ".." {
                return Err(invalid(
                    "has a '.' or '..' segment, which would address a different endpoint",
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static OPERATION: OperationInfo = OperationInfo {
        name: "ShowUser",
        method: Method::GET,
        path_template: "/api/v2/users/{user_id}",
    };

    #[test]
    fn path_segments_encode_everything_but_unreserved() {
        assert_eq!(encode_path_segment("a/b?c#d%e f"), "a%2Fb%3Fc%23d%25e%20f");
        assert_eq!(encode_path_segment("Az09-._~"), "Az09-._~");
        assert_eq!(encode_path_segment("é"), "%C3%A9");
    }

    #[test]
    fn query_pairs_keep_order_and_repeats() -> Result<(), Error> {
        let mut request = Request::new(&OPERATION, "/api/v2/users".to_string());
        request.query("role[]", "admin")?;
        request.query("role[]", &vec!["agent", "end-user"])?;
        request.query("q", "a b&c[]")?;
        request.query("page", &None::<i64>)?;
        request.query("per_page", &Some(2))?;
        request.query_list("ids", &[1, 2])?;
        request.query_list("none", &Vec::<i64>::new())?;
        let url = request.url("https://x.zendesk.com").map(String::from)?;
        assert_eq!(
            url,
            "https://x.zendesk.com/api/v2/users?role[]=admin&role[]=agent&role[]=end-user&q=a%20b%26c%5B%5D&per_page=2&ids=1,2"
        );
        Ok(())
    }

    #[test]
    fn deep_and_form_objects_write_one_pair_per_member_and_ids_or_keys_are_encoded() -> Result<(), Error> {
        use crate::IdOrKey;
        let key = path_segment(&IdOrKey::from("a b/c"));
        let id = path_segment(&IdOrKey::from(42));
        assert_eq!(
            path_segment(&None::<i64>),
            "",
            "no text: an empty segment, refused when sent"
        );
        let mut request = Request::new(&OPERATION, format!("/api/v2/user_fields/{key}/{id}"));
        request.query_deep_object("filter", &serde_json::json!({"role": "agent", "ids": [1, 2]}))?;
        let fields: std::collections::BTreeMap<&str, &str> = [("team", "a&b")].into_iter().collect();
        request.query_deep_object("custom_fields", &fields)?;
        request.query_deep_object("page", &None::<serde_json::Value>)?;
        request.query_form_object("options", &serde_json::json!({"active": true, "tags": ["x", "y"]}))?;
        let url = request.url("https://x.zendesk.com").map(String::from)?;
        assert_eq!(
            url,
            "https://x.zendesk.com/api/v2/user_fields/a%20b%2Fc/42\
             ?filter[ids][]=1&filter[ids][]=2&filter[role]=agent&custom_fields[team]=a%26b&active=true&tags=x&tags=y"
        );
        Ok(())
    }

    #[test]
    fn form_fields_keep_call_order_and_absent_values_add_nothing() -> Result<(), Error> {
        let mut request = Request::new(&OPERATION, "/api/v2/uploads".to_string());
        request.form_text("user[name]", &Some("Roger"))?;
        request.form_text("user[note]", &None::<String>)?;
        request.form_text("user[tags]", &vec!["a", "b"])?;
        request.form_files("attachments", &[FilePart::bytes("one"), FilePart::bytes("two")]);
        request.form_file("photo", None);
        let names: Vec<&str> = request.form.iter().flatten().map(|(name, _)| name.as_str()).collect();
        assert_eq!(
            names,
            ["user[name]", "user[tags]", "user[tags]", "attachments", "attachments"]
        );
        Ok(())
    }

    #[test]
    fn empty_and_dot_segments_are_refused() {
        for path in [
            "/api/v2/users/",
            "/api/v2/users/..",
            "/api/v2/users/%2E%2e",
            "//evil.example/x",
            "api",
        ] {
            let request = Request::new(&OPERATION, path.to_string());
            assert!(request.url("https://x.zendesk.com").is_err(), "{path}");
        }
    }
}
