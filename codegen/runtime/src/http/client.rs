//! The client: configuration, construction, and `execute`, which sends one
//! request with auth, the rate budget, the per-attempt timeout and the call's
//! deadline, retries and a tracing span. Generated operations build a
//! [`Request`] and hand it here; everything shared by all operations lives in
//! this file rather than being repeated per operation.
//!
//! A generated crate defines its own `Client` (Rust allows inherent methods,
//! and every operation is one, only on a type of the crate that writes them):
//! a newtype around this [`Client`] that dereferences to it, so `base_url` and
//! `wait_for_job` are this crate's methods. [`ClientBuilder`] is generic over
//! the client it builds for that reason: `build()` returns the generated
//! client, and the generated crate names itself in the `User-Agent`.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, USER_AGENT};
use reqwest::StatusCode;
use tracing::Instrument;

use super::auth::Auth;
use super::request::Request;
use super::response::RawResponse;
use crate::error::{ApiError, Error, Processed};
use crate::limits::budget::{Hold, Permit, RateBudget};
use crate::limits::retry::RetryPolicy;

/// `zendesk-users-runtime/<version>`, so Zendesk can tell this client apart in
/// its logs; a generated crate's builder names the generated crate instead.
const CRATE_PRODUCT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// The incremental export endpoints allow 10 requests per minute: the rate
/// budget's fixed quota for them is one request per this interval.
const DEFAULT_EXPORT_INTERVAL: Duration = Duration::from_secs(6);

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Enough for the default four attempts of 60 s each and their back-off,
/// while still bounding a call that keeps failing or waiting.
const DEFAULT_DEADLINE: Duration = Duration::from_secs(300);

/// A Zendesk Support client. Cheap to clone: clones share one connection pool
/// and one rate budget (which paces the incremental exports too).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    /// `https://{subdomain}.zendesk.com` or the override, without a trailing slash.
    base_url: String,
    auth: Auth,
    http: reqwest::Client,
    timeout: Duration,
    deadline: Option<Duration>,
    user_agent: HeaderValue,
    retry: RetryPolicy,
    /// What is left of Zendesk's rate limits, and the fixed export pace,
    /// shared by clones because the limits are per account (and per
    /// endpoint), not per client value or stream.
    budget: RateBudget,
}

impl Client {
    /// A client for `https://{subdomain}.zendesk.com` with default settings.
    pub fn new(subdomain: impl Into<String>, auth: Auth) -> Result<Self, Error> {
        Client::builder(subdomain, auth).build()
    }

    /// Starts configuring a client. `subdomain_or_base` is either the account's
    /// subdomain (`acme`) or a full base URL (`https://acme.zendesk.com`,
    /// a proxy, or a local test server).
    pub fn builder(subdomain_or_base: impl Into<String>, auth: Auth) -> ClientBuilder {
        client_builder(subdomain_or_base, auth, CRATE_PRODUCT)
    }

    /// The base URL requests go to (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends `request`, retrying per the client's [`RetryPolicy`], and returns
    /// the 2xx response with its body read; any other final status is an error.
    ///
    /// Each attempt first waits for room in the rate budget (for an
    /// incremental export, also for its slot of the export pace); the call's
    /// deadline bounds everything (budget and pace waits, attempts, back-off),
    /// and the call fails at once when the next wait would pass it.
    pub(crate) async fn execute(&self, request: Request) -> Result<RawResponse, Error> {
        let url = request.url(&self.inner.base_url)?;
        let operation = request.operation;
        let method = &operation.method;
        let retry = &self.inner.retry;
        let started = tokio::time::Instant::now();
        let deadline = request.deadline.or(self.inner.deadline);
        let deadline_at = deadline.and_then(|deadline| started.checked_add(deadline));
        let give_up = |waiting_for: String, processed: Processed, last_error: Option<Error>| Error::DeadlineExceeded {
            operation: operation.name,
            method: method.clone(),
            path: request.path.as_str().into(),
            deadline: deadline.unwrap_or_default(),
            elapsed: started.elapsed(),
            waiting_for: waiting_for.into(),
            processed,
            last_error: last_error.map(Box::new),
        };
        // The most any attempt so far may have been processed: a PUT that got
        // a 500 and then a 404 may still have taken effect.
        let mut processed = Processed::No;
        let mut last_error: Option<Error> = None;
        // Every attempt (for the logs), and the real failures among them: waiting
        // out a `Retry-After` is Zendesk's instruction, not a failure, so only
        // failures use up `max_attempts` (see `RetryPolicy`).
        let mut attempt: u32 = 1;
        let mut failures: u32 = 0;
        loop {
            let permit = match self.admit(method, &request.path, deadline_at).await {
                Ok(permit) => permit,
                Err(Hold::Deadline { waiting_for }) => return Err(give_up(waiting_for, processed, last_error)),
                Err(Hold::TooLong { scope, wait }) => {
                    // Nothing of this call was processed unless an earlier attempt was.
                    return Err(match last_error {
                        Some(error) if processed != Processed::No => error,
                        _ => Error::RateBudgetSpent {
                            operation: operation.name,
                            method: method.clone(),
                            path: request.path.as_str().into(),
                            scope,
                            retry_after: wait,
                        },
                    });
                }
            };
            // The attempt gets the per-attempt timeout, cut to what is left of the deadline.
            let left =
                deadline_at.map(|deadline_at| deadline_at.saturating_duration_since(tokio::time::Instant::now()));
            let (timeout, cut_by_deadline) = match left {
                Some(left) if left < self.inner.timeout => (left, true),
                _ => (self.inner.timeout, false),
            };
            if cut_by_deadline && timeout.is_zero() {
                return Err(give_up(format!("attempt {attempt}"), processed, last_error));
            }
            let span = tracing::info_span!(
                "zendesk.request",
                operation = operation.name,
                method = %operation.method,
                path_template = operation.path_template,
                attempt,
                status = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            let attempt_started = Instant::now();
            let outcome = self
                .send_once(&request, url.clone(), timeout, processed)
                .instrument(span.clone())
                .await;
            span.record("duration_ms", attempt_started.elapsed().as_millis() as u64);
            permit.settle(outcome.as_ref().ok().map(|(status, headers, _)| (*status, headers)));
            let (error, wait) = match outcome {
                Ok((status, headers, body)) => {
                    span.record("status", status.as_u16());
                    if status.is_success() {
                        return Ok(RawResponse {
                            operation,
                            path: request.path.clone(),
                            status,
                            headers,
                            body,
                        });
                    }
                    let api = ApiError::new(
                        operation.name,
                        method.clone(),
                        &request.path,
                        status,
                        &headers,
                        &body,
                        processed,
                    );
                    let retry_after = api.rate_limit.retry_after;
                    let instruction = RetryPolicy::is_instruction(method, status, retry_after);
                    if !instruction {
                        failures += 1;
                    }
                    let wait = retry.after_status(method, status, retry_after, failures.max(1));
                    let throttled = status == StatusCode::SERVICE_UNAVAILABLE && api.rate_limit.retry_after.is_some();
                    let error = if status == StatusCode::TOO_MANY_REQUESTS || throttled {
                        Error::RateLimited(Box::new(api))
                    } else {
                        Error::Api(Box::new(api))
                    };
                    (error, wait)
                }
                Err(error @ Error::Timeout { .. }) if cut_by_deadline => {
                    let waiting_for = format!("waiting longer than {timeout:?} for the answer to attempt {attempt}");
                    return Err(give_up(waiting_for, Processed::Maybe, Some(error)));
                }
                Err(error) => {
                    failures += 1;
                    (error, retry.after_transport_failure(method, failures))
                }
            };
            processed = processed.max(error.processed());
            let instruction = matches!(&error, Error::RateLimited(api) if RetryPolicy::is_instruction(method, api.status, api.rate_limit.retry_after));
            let Some(wait) = wait.filter(|_| instruction || failures < retry.attempts()) else {
                return Err(error);
            };
            if deadline_at.is_some_and(|deadline_at| tokio::time::Instant::now() + wait >= deadline_at) {
                let waiting_for = format!("waiting {wait:?} before attempt {}", attempt + 1);
                return Err(give_up(waiting_for, processed, Some(error)));
            }
            span.in_scope(|| tracing::info!(wait_ms = wait.as_millis() as u64, %error, "retrying zendesk request"));
            last_error = Some(error);
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// One attempt: send, then read the whole body, all within `timeout`.
    /// `earlier` is the most an earlier attempt may have been processed.
    async fn send_once(
        &self,
        request: &Request,
        url: reqwest::Url,
        timeout: Duration,
        earlier: Processed,
    ) -> Result<(StatusCode, HeaderMap, Bytes), Error> {
        let operation = request.operation;
        let mut builder = self
            .inner
            .http
            .request(operation.method.clone(), url)
            .header(USER_AGENT, self.inner.user_agent.clone())
            .header(ACCEPT, "application/json");
        builder = self.inner.auth.apply(builder);
        builder = request.attach_body(builder)?;
        let exchange = async {
            let response = builder.send().await?;
            let status = response.status();
            let headers = response.headers().clone();
            let body = response.bytes().await?;
            Ok::<_, reqwest::Error>((status, headers, body))
        };
        let timed_out = || Error::Timeout {
            operation: operation.name,
            method: operation.method.clone(),
            path: request.path.as_str().into(),
            after: timeout,
        };
        match tokio::time::timeout(timeout, exchange).await {
            Ok(Ok(exchange)) => Ok(exchange),
            Err(_elapsed) => Err(timed_out()),
            // A timeout configured on a caller-supplied reqwest client.
            Ok(Err(error)) if error.is_timeout() => Err(timed_out()),
            // The URL is dropped: its query can hold search terms or emails, and the
            // operation name already says which call failed.
            Ok(Err(error)) => {
                // A connection that could not be opened carried nothing to
                // Zendesk; any other failure may come after the request was sent.
                let this_attempt = if error.is_connect() || error.is_builder() {
                    Processed::No
                } else {
                    Processed::Maybe
                };
                Err(Error::Transport {
                    operation: operation.name,
                    method: operation.method.clone(),
                    path: request.path.as_str().into(),
                    processed: this_attempt.max(earlier),
                    source: error.without_url(),
                })
            }
        }
    }

    /// The one place a request waits before it is sent: until the rate
    /// budget admits `method path` under every scope it falls under (an
    /// incremental export also under the export scope, whose fixed quota is
    /// one request per `incremental_export_interval`), or until it is clear
    /// that the wait would pass `deadline_at` or `max_retry_after`.
    pub(crate) async fn admit(
        &self,
        method: &reqwest::Method,
        path: &str,
        deadline_at: Option<tokio::time::Instant>,
    ) -> Result<Permit<'_>, Hold> {
        let longest_wait = self.inner.retry.longest_rate_limit_wait();
        self.inner.budget.admit(method, path, deadline_at, longest_wait).await
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("auth", &self.inner.auth)
            .field("timeout", &self.inner.timeout)
            .field("deadline", &self.inner.deadline)
            .field("user_agent", &self.inner.user_agent)
            .field("retry", &self.inner.retry)
            .field("rate_budget", &self.inner.budget.is_enabled())
            .field("export_interval", &self.inner.budget.export_interval())
            .finish_non_exhaustive()
    }
}

/// Sends `request` with `client`: the last step of every generated `send()`
/// (a function here rather than a public method, so the client's API stays
/// what callers use).
pub async fn execute(client: &Client, request: Request) -> Result<RawResponse, Error> {
    client.execute(request).await
}

/// A builder with the default settings for a client of type `C`, whose
/// `User-Agent` names `product` (`name/version`): what a generated crate's
/// `Client::builder` returns.
pub fn client_builder<C>(subdomain_or_base: impl Into<String>, auth: Auth, product: &'static str) -> ClientBuilder<C> {
    ClientBuilder {
        target: subdomain_or_base.into(),
        auth,
        allow_insecure_http: false,
        timeout: DEFAULT_TIMEOUT,
        deadline: Some(DEFAULT_DEADLINE),
        application: None,
        http: None,
        retry: RetryPolicy::default(),
        rate_budget: true,
        export_interval: DEFAULT_EXPORT_INTERVAL,
        product,
        client: PhantomData,
    }
}

/// Configures a client; start with `Client::builder`. `C` is the client that
/// [`build`](ClientBuilder::build) returns: a generated crate's `Client`, or
/// this crate's [`Client`] (the default).
#[derive(Debug)]
pub struct ClientBuilder<C = Client> {
    target: String,
    auth: Auth,
    allow_insecure_http: bool,
    timeout: Duration,
    deadline: Option<Duration>,
    application: Option<String>,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    rate_budget: bool,
    export_interval: Duration,
    /// `name/version` of the crate the client belongs to, for the `User-Agent`.
    product: &'static str,
    /// `fn() -> C`: the builder makes a `C` but holds none, so it is `Send` and
    /// `Sync` whatever `C` is.
    client: PhantomData<fn() -> C>,
}

impl<C> ClientBuilder<C> {
    /// Sends requests to `url` instead of `https://{subdomain}.zendesk.com`
    /// (a proxy, or a local test server). A path prefix is kept.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.target = url.into();
        self
    }

    /// Allows a plain `http://` base URL. Off by default so credentials never
    /// travel unencrypted by accident; meant for local test servers.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// The time one attempt may take, from sending until the whole body is
    /// read (default 60 s). Retries get a fresh timeout each, cut to what is
    /// left of the call's [`deadline`](ClientBuilder::deadline).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The total time one call may take: every attempt, the back-off between
    /// them and the waits for the rate budget and `Retry-After` together
    /// (default 5 minutes; `None` for no limit beyond the retry policy). When
    /// the next wait would pass it, the call fails at once with
    /// [`Error::DeadlineExceeded`] instead of waiting in vain. A request
    /// builder's own deadline, when set, replaces this one for that call.
    pub fn deadline(mut self, deadline: impl Into<Option<Duration>>) -> Self {
        self.deadline = deadline.into();
        self
    }

    /// Whether to stay under Zendesk's rate limits (default on): the client
    /// and its clones read the remaining budget from every response (the
    /// account limit and each documented endpoint limit, such as
    /// `create-update-user`), send no more requests at a time than the budget
    /// has left, and wait for the reset instead of sending a request Zendesk
    /// would refuse with a 429. A wait longer than
    /// [`RetryPolicy::max_retry_after`] (or any wait for a reset, with
    /// [`OnRateLimit::ReturnError`](crate::OnRateLimit::ReturnError)) fails at
    /// once with [`Error::RateBudgetSpent`] instead, and a wait past the
    /// call's deadline with [`Error::DeadlineExceeded`]. Off, the client only
    /// reacts to 429s, per the [`RetryPolicy`], except that the incremental
    /// exports keep their fixed pace
    /// ([`incremental_export_interval`](ClientBuilder::incremental_export_interval)):
    /// it is configured, not learned, and Zendesk refuses more export requests
    /// than that whatever the client knows.
    pub fn rate_budget(mut self, enabled: bool) -> Self {
        self.rate_budget = enabled;
        self
    }

    /// Names your application in the `User-Agent`, before this crate's own
    /// product token (`my-app/1.2 zendesk-users/0.1.0`).
    pub fn user_agent(mut self, application: impl Into<String>) -> Self {
        self.application = Some(application.into());
        self
    }

    /// Uses `client` for connections, e.g. to share a pool with the rest of an
    /// application. By default the client builds its own, which does not
    /// follow redirects; a supplied client keeps its own redirect policy.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// How failed requests are retried (see [`RetryPolicy`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The least time between two incremental export requests (default 6 s,
    /// matching Zendesk's 10 requests per minute for those endpoints; zero for
    /// no pace). Every request under `/api/v2/incremental/`, from `send`, a
    /// stream or any clone of the client, takes the next slot; a quiet spell
    /// saves none up, so after idling one request goes at once and the next
    /// waits a full interval. The pace is a scope of the rate budget with a
    /// fixed quota: it applies before any answer and also when
    /// [`rate_budget`](ClientBuilder::rate_budget) is off, waiting for a slot
    /// counts against the call's [`deadline`](ClientBuilder::deadline) (a slot
    /// past it fails the call at once with [`Error::DeadlineExceeded`],
    /// without taking the slot), and the budget on also holds exports back
    /// for Zendesk's own export limit and a 429's `Retry-After`.
    pub fn incremental_export_interval(mut self, interval: Duration) -> Self {
        self.export_interval = interval;
        self
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<C, Error> {
        let base_url = base_url(&self.target, self.allow_insecure_http)?;
        let product = match &self.application {
            Some(application) => format!("{application} {}", self.product),
            None => self.product.to_string(),
        };
        let user_agent = HeaderValue::from_str(&product).map_err(|_| Error::Config {
            reason: "the user agent must be visible ASCII text".to_string(),
        })?;
        let http = match self.http {
            Some(http) => http,
            // Redirects are not followed: Zendesk's API does not redirect, and
            // following one could carry the request somewhere unexpected.
            None => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|error| Error::Config {
                    reason: format!("cannot set up the HTTP client: {error}"),
                })?,
        };
        Ok(C::from(Client {
            inner: Arc::new(Inner {
                base_url,
                auth: self.auth,
                http,
                timeout: self.timeout,
                deadline: self.deadline,
                user_agent,
                retry: self.retry,
                budget: RateBudget::new(self.rate_budget, self.export_interval),
            }),
        }))
    }
}

/// Turns a subdomain or URL into a checked base URL without a trailing slash.
/// Every message shows the target with its userinfo redacted, so a password
/// in the URL never reaches an error or a log line.
fn base_url(target: &str, allow_insecure_http: bool) -> Result<String, Error> {
    let config = |reason: String| Error::Config { reason };
    let shown = redact_userinfo(target);
    if !target.contains("://") {
        // Only letters, digits and hyphens: anything else (`evil.com/`,
        // `x@host`) could point the URL, and the credentials, elsewhere.
        let valid = !target.is_empty() && target.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !valid {
            return Err(config(format!(
                "{shown:?} is not a zendesk subdomain; pass the part before .zendesk.com, or a full https:// url"
            )));
        }
        return Ok(format!("https://{}.zendesk.com", target.to_ascii_lowercase()));
    }
    let url = reqwest::Url::parse(target).map_err(|error| config(format!("{shown:?} is not a valid url: {error}")))?;
    match url.scheme() {
        "https" => {}
        "http" if allow_insecure_http => {}
        "http" => {
            return Err(config(format!(
                "refusing to send credentials over plain http to {shown}; use https, or call allow_insecure_http(true) for a local test server"
            )))
        }
        other => return Err(config(format!("unsupported url scheme {other:?}; use https"))),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(config(
            "the base url must not contain credentials; pass them as Auth".to_string(),
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(config("the base url must not have a query or fragment".to_string()));
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

/// `target` with everything between the scheme and the last `@` replaced by
/// `***`. The last `@` rather than the end of the authority, because a
/// password may itself contain `/`, `?` or `#`, which would end the authority
/// early and leave the rest of the secret in the "path".
fn redact_userinfo(target: &str) -> String {
    let (scheme, rest) = match target.find("://") {
        Some(at) => target.split_at(at + 3),
        None => ("", target),
    };
    match rest.rfind('@') {
        Some(at) => format!("{scheme}***{}", &rest[at..]),
        None => target.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    #[test]
    fn configuration_errors_never_show_userinfo() {
        for (target, insecure) in [
            ("http://me:s3cret@acme.zendesk.com", false),
            ("https://me:s3cret@acme zendesk.com", false),
            ("me:s3cret@acme", false),
            ("https://me:s3/cr?et@acme.zendesk.com", false),
            ("ftp://me:s3cret@acme.zendesk.com", false),
            ("http://me:s3cret@127.0.0.1:9", true),
        ] {
            let message = base_url(target, insecure).err().map(|error| error.to_string());
            let message = message.unwrap_or_else(|| panic!("{target} was accepted"));
            assert!(!message.contains("s3"), "{message}");
            assert!(!message.contains("me:"), "{message}");
        }
        assert_eq!(redact_userinfo("https://a:b@c.example/x"), "https://***@c.example/x");
        assert_eq!(redact_userinfo("https://c.example/x"), "https://c.example/x");
    }

    static SHOW_USER: crate::http::request::OperationInfo = crate::http::request::OperationInfo {
        name: "ShowUser",
        method: reqwest::Method::GET,
        path_template: "/api/v2/users/{user_id}",
    };

    #[tokio::test(start_paused = true)]
    async fn a_request_deadline_replaces_the_clients() {
        // The kernel completes connections to a listener that never accepts,
        // so every attempt is sent and never answered.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let address = listener.local_addr().expect("local address");
        let client = Client::builder(format!("http://{address}"), Auth::anonymous())
            .allow_insecure_http(true)
            .timeout(Duration::from_secs(10))
            .deadline(Duration::from_secs(60))
            .build()
            .expect("client");
        let started = tokio::time::Instant::now();
        let request =
            Request::new(&SHOW_USER, "/api/v2/users/1".to_string()).with_deadline(Some(Duration::from_secs(2)));
        let error = client.execute(request).await.expect_err("never answered");
        assert!(started.elapsed() <= Duration::from_secs(2), "{:?}", started.elapsed());
        assert!(
            matches!(error, Error::DeadlineExceeded { deadline, processed: Processed::Maybe, .. } if deadline == Duration::from_secs(2)),
            "{error:?}"
        );
        drop(listener);
    }

    fn paced_client(interval: Duration) -> Client {
        Client::builder("acme", Auth::bearer("token"))
            .incremental_export_interval(interval)
            .build()
            .expect("a client")
    }

    const TIME_EXPORT: &str = "/api/v2/incremental/users";
    const CURSOR_EXPORT: &str = "/api/v2/incremental/users/cursor";

    /// Admits an export request as `execute` does before sending it, taking
    /// its slot; the request is never sent (the permit goes unanswered).
    async fn take_export_slot(client: &Client, path: &str) {
        let admitted = client.admit(&reqwest::Method::GET, path, None).await;
        assert!(admitted.is_ok(), "{admitted:?}");
    }

    /// When each of `count` export slots was granted, measured from `start`.
    async fn slot_times(client: &Client, start: Instant, count: usize) -> Vec<Duration> {
        let mut times = Vec::new();
        for _ in 0..count {
            take_export_slot(client, TIME_EXPORT).await;
            times.push(start.elapsed());
        }
        times
    }

    #[tokio::test(start_paused = true)]
    async fn export_requests_are_spaced_by_exactly_the_interval() {
        let client = paced_client(Duration::from_secs(6));
        let start = Instant::now();
        assert_eq!(slot_times(&client, start, 3).await, [0, 6, 12].map(Duration::from_secs));
    }

    #[tokio::test(start_paused = true)]
    async fn clones_of_a_client_share_one_export_pace() {
        let client = paced_client(Duration::from_secs(6));
        let clone = client.clone();
        let start = Instant::now();
        take_export_slot(&client, TIME_EXPORT).await;
        take_export_slot(&clone, CURSOR_EXPORT).await;
        assert_eq!(start.elapsed(), Duration::from_secs(6));
        // Waiting at the same time, they still get successive slots.
        let waits = futures::future::join(
            async {
                take_export_slot(&client, TIME_EXPORT).await;
                start.elapsed()
            },
            async {
                take_export_slot(&clone, CURSOR_EXPORT).await;
                start.elapsed()
            },
        )
        .await;
        assert_eq!(waits, (Duration::from_secs(12), Duration::from_secs(18)));
    }

    #[tokio::test(start_paused = true)]
    async fn a_quiet_spell_does_not_save_up_slots() {
        let client = paced_client(Duration::from_secs(6));
        let start = Instant::now();
        take_export_slot(&client, TIME_EXPORT).await;
        tokio::time::sleep(Duration::from_secs(20)).await;
        // The slot is free at once, but the one after is a full interval later.
        assert_eq!(slot_times(&client, start, 2).await, [20, 26].map(Duration::from_secs));
    }

    #[tokio::test(start_paused = true)]
    async fn a_zero_interval_never_waits() {
        let client = paced_client(Duration::ZERO);
        let start = Instant::now();
        assert_eq!(slot_times(&client, start, 3).await, [Duration::ZERO; 3]);
    }
}
