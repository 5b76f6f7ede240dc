//! Successful responses. `RawResponse` is a 2xx whose body has been read in
//! full; generated code decodes it and wraps the typed body in `Response`,
//! which is what every operation returns, with status and headers kept so
//! callers can read rate limits and `Location`.

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;

use super::request::OperationInfo;
use crate::error::{snippet, Error};
use crate::limits::rate_limit::RateLimit;

/// A 2xx response with its body fully read, before decoding.
#[derive(Debug)]
pub struct RawResponse {
    pub(crate) operation: &'static OperationInfo,
    /// The request's path (no query string), for errors about the response.
    pub(crate) path: String,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl RawResponse {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw body bytes.
    pub fn bytes(&self) -> &Bytes {
        &self.body
    }

    /// Decodes the body as JSON into `T`.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|error| Error::Decode {
            operation: self.operation.name,
            method: self.operation.method.clone(),
            path: self.path.as_str().into(),
            status: self.status,
            message: error.to_string(),
            snippet: snippet(&self.body),
        })
    }

    /// Accepts a body the spec documents as empty (202, 204), whatever it holds.
    pub fn empty(&self) -> Result<(), Error> {
        Ok(())
    }

    /// The error for a 2xx the spec does not document, for operations with
    /// several documented success statuses.
    pub fn unexpected_status(&self) -> Error {
        Error::UnexpectedStatus {
            operation: self.operation.name,
            method: self.operation.method.clone(),
            path: self.path.as_str().into(),
            status: self.status,
            snippet: snippet(&self.body),
        }
    }

    /// Wraps the decoded body with this response's status and headers.
    pub fn into_response<T>(self, body: T) -> Response<T> {
        Response {
            status: self.status,
            headers: self.headers,
            body,
            request: RequestLine {
                operation: self.operation.name,
                method: self.operation.method.clone(),
                path: self.path.into(),
            },
        }
    }
}

/// What every operation returns: the status, the headers and the typed body.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
    /// The request this answers, for errors about the body (a page a stream cannot follow).
    request: RequestLine,
}

/// The request a response answers: its operation, method and path with its ids,
/// never the query string (a search query may hold an email).
#[derive(Debug, Clone)]
pub(crate) struct RequestLine {
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    pub(crate) path: Box<str>,
}

impl RequestLine {
    /// The error ending a paginated stream at the answer to this request.
    pub(crate) fn pagination(&self, reason: String) -> Error {
        Error::Pagination {
            operation: self.operation,
            method: self.method.clone(),
            path: self.path.clone(),
            reason,
        }
    }
}

impl<T> Response<T> {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// Takes the decoded body, dropping status and headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Splits into status, headers and body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }

    /// Transforms the body, keeping status and headers.
    pub fn map<U>(self, transform: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            body: transform(self.body),
            request: self.request,
        }
    }

    /// The rate-limit headers of this response.
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit::from_headers(&self.headers)
    }

    /// The request this response answers.
    pub(crate) fn request(&self) -> &RequestLine {
        &self.request
    }

    /// The `Location` header (set on 201 Created), if present and readable.
    pub fn location(&self) -> Option<&str> {
        self.headers.get(reqwest::header::LOCATION)?.to_str().ok()
    }
}

#[cfg(test)]
impl<T> Response<T> {
    /// A 200 response with `body` and no headers, for the unit tests of the streams.
    pub(crate) fn for_test(body: T) -> Self {
        Response {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body,
            request: RequestLine {
                operation: "TestListing",
                method: Method::GET,
                path: "/api/v2/test".into(),
            },
        }
    }
}

// The last line of a generated `send()`: the response decoded into the documented
// type, so each operation states only which of the two shapes it expects.
impl RawResponse {
    /// The response with its JSON body decoded into `T`.
    pub fn decoded<T: DeserializeOwned>(self) -> Result<Response<T>, Error> {
        let body = self.json()?;
        Ok(self.into_response(body))
    }

    /// The response of an operation documented without a body (any body is an error).
    pub fn without_body(self) -> Result<Response<()>, Error> {
        self.empty()?;
        Ok(self.into_response(()))
    }
}
