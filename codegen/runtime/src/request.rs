//! One HTTP request as the generated operations describe it: which operation,
//! the already-encoded path, the query pairs in call order and an optional JSON
//! body. The client turns it into a URL under its configured base only, so
//! nothing an operation builds can send credentials to another host.

use std::time::Duration;

use bytes::Bytes;

use super::error::Error;

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

fn encode_query_component(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, QUERY_COMPONENT).to_string()
}

/// Percent-encodes `value` for use as one path segment.
///
/// Everything except RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`)
/// is encoded, so `a/b` becomes `a%2Fb`.
pub fn encode_path_segment(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, PATH_SEGMENT).to_string()
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
        }
    }

    /// Gives the call its own total deadline (attempts, back-off and
    /// rate-limit waits); `None` keeps the client's (see `ClientBuilder::deadline`).
    pub fn with_deadline(mut self, deadline: Option<Duration>) -> Self {
        self.deadline = deadline;
        self
    }

    /// Appends a query parameter; repeated names are kept in call order (`role[]=a&role[]=b`).
    pub fn query(&mut self, name: &'static str, value: String) {
        self.query
            .push((encode_query_component(name), encode_query_component(&value)));
    }

    /// Appends a comma-separated list (`style: form, explode: false`, `ids=1,2,3`):
    /// each value is encoded on its own and the separators stay literal commas, so a
    /// comma inside a value (`%2C`) is never mistaken for a separator.
    pub fn query_list(&mut self, name: &'static str, values: impl IntoIterator<Item = String>) {
        let joined: Vec<String> = values.into_iter().map(|value| encode_query_component(&value)).collect();
        self.query.push((encode_query_component(name), joined.join(",")));
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
    fn query_pairs_keep_order_and_repeats() {
        let mut request = Request::new(&OPERATION, "/api/v2/users".to_string());
        request.query("role[]", "admin".to_string());
        request.query("role[]", "agent".to_string());
        request.query("q", "a b&c".to_string());
        let url = request
            .url("https://x.zendesk.com")
            .map(String::from)
            .unwrap_or_default();
        assert_eq!(
            url,
            "https://x.zendesk.com/api/v2/users?role%5B%5D=admin&role%5B%5D=agent&q=a%20b%26c"
        );
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
