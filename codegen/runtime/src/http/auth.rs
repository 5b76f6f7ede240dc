//! Credentials for the Zendesk API and the one place they turn into a header.
//! The secret parts are private and left out of `Debug`, so printing a client,
//! an auth value or an error never shows a token or password.

use std::fmt;

/// How the client authenticates: API token, email and password, OAuth bearer token,
/// or nothing at all (only `ShowCurrentUser` answers anonymous callers).
#[derive(Clone)]
pub struct Auth {
    scheme: Scheme,
}

#[derive(Clone)]
enum Scheme {
    ApiToken { email: String, token: String },
    Password { email: String, password: String },
    Bearer { token: String },
    Anonymous,
}

impl Auth {
    /// An API token: sent as basic auth with user `{email}/token`.
    pub fn api_token(email: impl Into<String>, token: impl Into<String>) -> Self {
        Auth {
            scheme: Scheme::ApiToken {
                email: email.into(),
                token: token.into(),
            },
        }
    }

    /// An agent's email and password: sent as basic auth.
    pub fn password(email: impl Into<String>, password: impl Into<String>) -> Self {
        Auth {
            scheme: Scheme::Password {
                email: email.into(),
                password: password.into(),
            },
        }
    }

    /// An OAuth access token: sent as `Authorization: Bearer ...`.
    pub fn bearer(token: impl Into<String>) -> Self {
        Auth {
            scheme: Scheme::Bearer { token: token.into() },
        }
    }

    /// No credentials: requests carry no `Authorization` header. Zendesk answers
    /// `GET /api/v2/users/me` for anonymous callers (with an anonymous user) and
    /// rejects almost everything else with 401.
    pub fn anonymous() -> Self {
        Auth {
            scheme: Scheme::Anonymous,
        }
    }

    /// Adds the `Authorization` header. reqwest encodes it and marks the header
    /// value sensitive, which keeps it out of reqwest's and hyper's own logs.
    pub(crate) fn apply(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.scheme {
            Scheme::ApiToken { email, token } => request.basic_auth(format!("{email}/token"), Some(token)),
            Scheme::Password { email, password } => request.basic_auth(email, Some(password)),
            Scheme::Bearer { token } => request.bearer_auth(token),
            Scheme::Anonymous => request,
        }
    }
}

const REDACTED: &str = "<redacted>";

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.scheme {
            Scheme::ApiToken { email, .. } => f
                .debug_struct("Auth::ApiToken")
                .field("email", email)
                .field("token", &REDACTED)
                .finish(),
            Scheme::Password { email, .. } => f
                .debug_struct("Auth::Password")
                .field("email", email)
                .field("password", &REDACTED)
                .finish(),
            Scheme::Bearer { .. } => f.debug_struct("Auth::Bearer").field("token", &REDACTED).finish(),
            Scheme::Anonymous => f.write_str("Auth::Anonymous"),
        }
    }
}
