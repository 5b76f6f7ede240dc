//! The HTTP side: every request goes through one axum fallback handler that records it, applies
//! a matching fault, checks the API token, counts the account-wide rate limit, routes it to an
//! operation (404 for an unknown path, 405 for a known path with another method), and adds the
//! rate-limit headers to the answer. Bad input gets an error answer, never a crash.

use crate::clock::Clock;
use crate::faults::{Fault, FaultAction};
use crate::jobs::Job;
use crate::limits::Limits;
use crate::model::{Account, User};
use crate::query::Query;
use crate::reply::Reply;
use crate::routes::{route, Operation};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State as AxumState};
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use base64::Engine;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// A request as the simulator received it, for tests that check what a client sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method, e.g. `GET`.
    pub method: String,
    /// The path as sent, e.g. `/api/v2/users.json`.
    pub path: String,
    /// The decoded query pairs in order.
    pub query: Vec<(String, String)>,
}

/// Settings fixed at start.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub(crate) email: String,
    pub(crate) token: String,
    pub(crate) rate_limit_per_minute: u32,
    pub(crate) export_limit_per_minute: u32,
    pub(crate) update_user_limit_per_minute: u32,
}

/// Everything that changes while the simulator runs.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub(crate) account: Account,
    pub(crate) owner_id: u64,
    pub(crate) jobs: BTreeMap<String, Job>,
    pub(crate) job_counter: u64,
    pub(crate) limits: Limits,
    pub(crate) faults: Vec<Fault>,
    pub(crate) requests: Vec<RecordedRequest>,
}

/// What the server task and the handle share.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) config: Config,
    pub(crate) base_url: String,
    pub(crate) clock: Clock,
    pub(crate) state: Mutex<State>,
}

impl Shared {
    /// The state, even after a panic elsewhere poisoned the lock (the data stays usable).
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A request body as the operations see it.
#[derive(Debug)]
pub(crate) enum RequestBody {
    None,
    Json(Value),
    Multipart(Vec<crate::multipart::Part>),
}

/// Everything an operation needs: the shared settings, the locked state, the request.
pub(crate) struct Context<'a> {
    pub(crate) shared: &'a Shared,
    pub(crate) state: &'a mut State,
    pub(crate) path: String,
    pub(crate) query: Query,
    pub(crate) body: RequestBody,
}

impl Context<'_> {
    /// The public base URL (`http://127.0.0.1:PORT`).
    pub(crate) fn base(&self) -> &str {
        &self.shared.base_url
    }

    /// The simulator's current Unix time.
    pub(crate) fn now(&self) -> i64 {
        self.shared.clock.now_unix()
    }

    /// The stored user `user_id`, to change it; 404 `RecordNotFound` when there is none.
    pub(crate) fn user_mut(&mut self, user_id: u64) -> Result<&mut User, Reply> {
        self.state.account.users.get_mut(&user_id).ok_or_else(Reply::not_found)
    }
}

/// Largest body read (photos included).
const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// The fallback handler: every request of the simulator.
pub(crate) async fn handle(AxumState(shared): AxumState<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let method = parts.method.as_str().to_owned();
    let raw_path = parts.uri.path().to_owned();
    let path = normalize(&raw_path);
    let query = Query::parse(parts.uri.query().unwrap_or(""));
    let fault = {
        let mut state = shared.lock();
        state.requests.push(RecordedRequest {
            method: method.clone(),
            path: raw_path,
            query: query.0.clone(),
        });
        let found = state
            .faults
            .iter_mut()
            .find(|fault| fault.matches(&method, &path, &query.0));
        found.map(|fault| {
            fault.remaining -= 1;
            fault.action.clone()
        })
    };
    let mut truncate = false;
    match fault {
        Some(FaultAction::Delay(delay)) => tokio::time::sleep(delay).await,
        Some(FaultAction::DropConnection) => return dropped_connection(),
        Some(FaultAction::TruncateBody) => truncate = true,
        Some(FaultAction::Status {
            status,
            retry_after_seconds,
        }) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut reply = Reply::json(
                status,
                json!({"error": status.canonical_reason().unwrap_or("Error"), "description": "Fault injected by the simulator"}),
            );
            if status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::SERVICE_UNAVAILABLE {
                reply = reply.with_header("Retry-After", retry_after_seconds.to_string());
            }
            return into_response(reply, false);
        }
        None => {}
    }
    let content_type = parts
        .headers
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let authorization = parts
        .headers
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return into_response(
                Reply::bad_request("InvalidBody", "The request body could not be read"),
                false,
            )
        }
    };
    let reply = process(
        &shared,
        &method,
        path,
        query,
        authorization.as_deref(),
        &content_type,
        &bytes,
    );
    into_response(reply, truncate)
}

/// Strips Zendesk's optional `.json` suffix and a trailing slash.
fn normalize(path: &str) -> String {
    let path = path.strip_suffix('/').filter(|rest| !rest.is_empty()).unwrap_or(path);
    path.strip_suffix(".json").unwrap_or(path).to_owned()
}

/// Whether the `Authorization` header is the API token of the account: basic auth with
/// `EMAIL/token:TOKEN`, as Zendesk's API token authentication works.
fn authenticated(config: &Config, authorization: Option<&str>) -> bool {
    let Some(encoded) =
        authorization.and_then(|value| value.strip_prefix("Basic ").or_else(|| value.strip_prefix("basic ")))
    else {
        return false;
    };
    let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(encoded.trim()) else {
        return false;
    };
    decoded == format!("{}/token:{}", config.email, config.token).into_bytes()
}

fn process(
    shared: &Shared,
    method: &str,
    path: String,
    query: Query,
    authorization: Option<&str>,
    content_type: &str,
    bytes: &Bytes,
) -> Reply {
    let config = &shared.config;
    let mut guard = shared.lock();
    let state: &mut State = &mut guard;
    if !authenticated(config, authorization) {
        let budget = state.limits.peek("account", config.rate_limit_per_minute);
        return with_account_headers(
            Reply::json(StatusCode::UNAUTHORIZED, json!({"error": "Couldn't authenticate you"})),
            budget,
        );
    }
    let budget = state.limits.take("account", config.rate_limit_per_minute);
    if budget.refused {
        let reply = Reply::json(
            StatusCode::TOO_MANY_REQUESTS,
            json!({"error": "TooManyRequests", "description": "Account rate limit exceeded"}),
        )
        .with_header("Retry-After", budget.resets.to_string());
        return with_account_headers(reply, budget);
    }
    let reply = match route(method, &path) {
        Err(reply) => reply,
        Ok(operation) => match parse_body(content_type, bytes) {
            Err(reply) => reply,
            Ok(body) => {
                let mut context = Context {
                    shared,
                    state,
                    path,
                    query,
                    body,
                };
                match run(&mut context, operation) {
                    Ok(reply) | Err(reply) => reply,
                }
            }
        },
    };
    with_account_headers(reply, budget)
}

fn run(context: &mut Context<'_>, operation: Operation) -> Result<Reply, Reply> {
    crate::routes::dispatch(context, operation)
}

/// Reads a JSON or multipart body; an empty body is no body.
fn parse_body(content_type: &str, bytes: &Bytes) -> Result<RequestBody, Reply> {
    if content_type.starts_with("multipart/form-data") {
        return crate::multipart::parse(content_type, bytes)
            .map(RequestBody::Multipart)
            .ok_or_else(|| Reply::bad_request("InvalidBody", "The multipart body could not be parsed"));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(RequestBody::None);
    }
    serde_json::from_slice(bytes)
        .map(RequestBody::Json)
        .map_err(|error| Reply::bad_request("InvalidJSON", format!("The request body is not valid JSON: {error}")))
}

fn with_account_headers(reply: Reply, budget: crate::limits::Budget) -> Reply {
    reply
        .with_header("X-Rate-Limit", budget.limit.to_string())
        .with_header("X-Rate-Limit-Remaining", budget.remaining.to_string())
        .with_header("ratelimit-limit", budget.limit.to_string())
        .with_header("ratelimit-remaining", budget.remaining.to_string())
        .with_header("ratelimit-reset", budget.resets.to_string())
}

fn into_response(reply: Reply, truncate: bool) -> Response {
    let bytes: Vec<u8> = match &reply.body {
        Some(body) => serde_json::to_vec(body).unwrap_or_default(),
        None => Vec::new(),
    };
    let length = bytes.len();
    let body = if truncate {
        let half = Bytes::from(bytes[..length / 2].to_vec());
        // The pause between the half and the failure lets hyper flush the head and the half
        // (it writes when the body is pending); failing at once would drop everything unsent.
        let chunks = futures::stream::unfold(Some(half), |half| async move {
            match half {
                Some(half) => Some((Ok(half), None)),
                None => {
                    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                    let failure: Result<Bytes, std::io::Error> =
                        Err(std::io::Error::other("truncated by the simulator"));
                    Some((failure, None))
                }
            }
        });
        Body::from_stream(chunks)
    } else {
        Body::from(bytes)
    };
    let mut response = Response::new(body);
    *response.status_mut() = reply.status;
    let headers = response.headers_mut();
    if reply.body.is_some() {
        headers.insert(
            "content-type",
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
    }
    if truncate {
        headers.insert("content-length", HeaderValue::from(length));
    }
    for (name, value) in reply.headers {
        if let (Ok(name), Ok(value)) = (axum::http::HeaderName::try_from(name), HeaderValue::try_from(value)) {
            headers.append(name, value);
        }
    }
    response
}

/// A response whose body fails before its first byte: hyper closes the connection.
fn dropped_connection() -> Response {
    let chunks: Vec<Result<Bytes, std::io::Error>> =
        vec![Err(std::io::Error::other("connection dropped by the simulator"))];
    let mut response = Response::new(Body::from_stream(futures::stream::iter(chunks)));
    response
        .headers_mut()
        .insert("content-length", HeaderValue::from_static("100"));
    response
}
