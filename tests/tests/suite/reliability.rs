//! Reliability under load and faults, against a small HTTP/1.1 server on
//! 127.0.0.1 that runs in the test's own runtime, so its rate-limit window
//! runs on the same paused tokio clock as the client and a test of minutes of
//! Zendesk time takes milliseconds:
//! - the rate budget keeps a client and its clones under the limit (zero 429s,
//!   in the ideal time) and, switched off, the same run is refused;
//! - one deadline bounds a whole call (attempts, back-off, rate-limit waits),
//!   the client's or the call's own, and an awaited builder gives the body;
//! - errors say whether a write may have happened, and `is_transient` never
//!   invites resending a POST that may have been processed;
//! - configuration errors never show a password from the URL;
//! - status codes and job results are easy to branch on and print.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio::time::Instant;
use zendesk_users::models;
use zendesk_users::{Auth, Client, ClientBuilder, Error, JobState, JobWait, OnRateLimit, Processed, RetryPolicy};

// ---------------------------------------------------------------- the local server

/// One request as the server read it.
struct Received {
    method: String,
    path: String,
}

/// What the server does with a request.
enum Reply {
    /// Answers with this status, headers and body.
    Answer {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: String,
    },
    /// Reads the request and never answers (the connection stays open).
    Hang,
    /// Reads the request and closes the connection without answering.
    Close,
}

impl Reply {
    fn json(status: u16, body: serde_json::Value) -> Reply {
        Reply::Answer {
            status,
            headers: Vec::new(),
            body: body.to_string(),
        }
    }
}

type Handler = Arc<dyn Fn(&Received) -> Reply + Send + Sync>;

/// A keep-alive HTTP/1.1 server on 127.0.0.1, stopped when dropped.
struct Server {
    base_url: String,
    requests: Arc<AtomicUsize>,
    accept_loop: JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.accept_loop.abort();
    }
}

impl Server {
    async fn start(handler: impl Fn(&Received) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let address = listener.local_addr().expect("local address");
        let handler: Handler = Arc::new(handler);
        let requests = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&requests);
        let accept_loop = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve_connection(stream, Arc::clone(&handler), Arc::clone(&counter)));
            }
        });
        Server {
            base_url: format!("http://{address}"),
            requests,
            accept_loop,
        }
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    fn builder(&self) -> ClientBuilder {
        Client::builder(&self.base_url, Auth::api_token("agent@example.com", "s3cret-api-token"))
            .allow_insecure_http(true)
    }

    fn client(&self) -> Client {
        self.builder().build().expect("client builds")
    }
}

async fn serve_connection(mut stream: TcpStream, handler: Handler, requests: Arc<AtomicUsize>) {
    let mut buffer: Vec<u8> = Vec::new();
    loop {
        let head_end = loop {
            if let Some(at) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
                break at + 4;
            }
            if !read_more(&mut stream, &mut buffer).await {
                return;
            }
        };
        let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
        let mut lines = head.split("\r\n");
        let mut request_line = lines.next().unwrap_or_default().split(' ');
        let method = request_line.next().unwrap_or_default().to_string();
        let path = request_line.next().unwrap_or_default().to_string();
        let length: usize = lines
            .filter_map(|line| line.split_once(':'))
            .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, value)| value.trim().parse().ok())
            .unwrap_or(0);
        while buffer.len() < head_end + length {
            if !read_more(&mut stream, &mut buffer).await {
                return;
            }
        }
        buffer.drain(..head_end + length);
        requests.fetch_add(1, Ordering::SeqCst);
        match handler(&Received { method, path }) {
            Reply::Answer { status, headers, body } => {
                let mut response = format!(
                    "HTTP/1.1 {status} Status\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
                    body.len()
                );
                for (name, value) in headers {
                    response.push_str(&format!("{name}: {value}\r\n"));
                }
                response.push_str("\r\n");
                response.push_str(&body);
                if stream.write_all(response.as_bytes()).await.is_err() {
                    return;
                }
            }
            Reply::Hang => std::future::pending::<()>().await,
            Reply::Close => return,
        }
    }
}

async fn read_more(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> bool {
    let mut chunk = [0u8; 4096];
    match stream.read(&mut chunk).await {
        Ok(0) | Err(_) => false,
        Ok(read) => {
            buffer.extend_from_slice(&chunk[..read]);
            true
        }
    }
}

fn user_body(id: i64) -> serde_json::Value {
    json!({ "user": { "id": id, "name": format!("User {id}"), "email": format!("user{id}@example.com") } })
}

fn new_user(name: &str) -> models::UserCreateRequest {
    models::UserCreateRequest::new(models::UserCreate::new(name.to_string()))
}

// ---------------------------------------------------------------- 1. the rate budget

/// A fixed-window rate limit enforced on the tokio clock, with honest headers
/// (`ratelimit-*`, `X-Rate-Limit*`; 429 + `Retry-After` when spent).
struct Window {
    limit: u64,
    length: Duration,
    opened: Instant,
    /// (window index, requests accepted in it)
    used: Mutex<(u128, u64)>,
    refused: AtomicU64,
}

impl Window {
    fn new(limit: u64, length: Duration) -> Arc<Window> {
        Arc::new(Window {
            limit,
            length,
            opened: Instant::now(),
            used: Mutex::new((0, 0)),
            refused: AtomicU64::new(0),
        })
    }

    fn answer(&self, id: i64) -> Reply {
        let now = Instant::now();
        let index = (now - self.opened).as_nanos() / self.length.as_nanos();
        let ends = self.opened + self.length * u32::try_from(index + 1).expect("few windows");
        let reset = (ends - now).as_secs_f64().ceil() as u64;
        let mut used = self.used.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if used.0 != index {
            *used = (index, 0);
        }
        let accepted = used.1 < self.limit;
        if accepted {
            used.1 += 1;
        } else {
            self.refused.fetch_add(1, Ordering::SeqCst);
        }
        let remaining = self.limit - used.1;
        let mut headers = vec![
            ("x-rate-limit", self.limit.to_string()),
            ("x-rate-limit-remaining", remaining.to_string()),
            ("ratelimit-limit", self.limit.to_string()),
            ("ratelimit-remaining", remaining.to_string()),
            ("ratelimit-reset", reset.to_string()),
        ];
        if !accepted {
            headers.push(("retry-after", reset.to_string()));
            return Reply::Answer {
                status: 429,
                headers,
                body: r#"{"error":"TooManyRequests"}"#.to_string(),
            };
        }
        Reply::Answer {
            status: 200,
            headers,
            body: user_body(id).to_string(),
        }
    }
}

/// What one run of the load test saw.
#[derive(Debug)]
struct Run {
    refused: u64,
    failed: usize,
    elapsed: Duration,
}

const TASKS: usize = 8;
const WINDOW_LIMIT: u64 = 60;
const WINDOW_LENGTH: Duration = Duration::from_secs(5);
const REQUESTS: usize = 3 * WINDOW_LIMIT as usize;

/// 8 tasks, each with a clone of one client, share `REQUESTS` calls against a
/// server allowing `WINDOW_LIMIT` requests per `WINDOW_LENGTH`.
async fn load_run(rate_budget: bool) -> Run {
    let window = Window::new(WINDOW_LIMIT, WINDOW_LENGTH);
    let server_window = Arc::clone(&window);
    let server = Server::start(move |request| {
        let id = request
            .path
            .rsplit('/')
            .next()
            .and_then(|id| id.parse().ok())
            .unwrap_or(0);
        server_window.answer(id)
    })
    .await;
    let client = server.builder().rate_budget(rate_budget).build().expect("client");
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let client = client.clone();
            let next = Arc::clone(&next);
            tokio::spawn(async move {
                let mut failed = 0;
                while next.fetch_add(1, Ordering::SeqCst) < REQUESTS {
                    match client.show_user(7).send().await {
                        Ok(response) => assert_eq!(response.into_body().user.id, 7),
                        Err(_) => failed += 1,
                    }
                }
                failed
            })
        })
        .collect();
    let mut failed = 0;
    for task in tasks {
        failed += task.await.expect("task finishes");
    }
    Run {
        refused: window.refused.load(Ordering::SeqCst),
        failed,
        elapsed: started.elapsed(),
    }
}

#[tokio::test(start_paused = true)]
async fn eight_tasks_sharing_a_client_stay_under_the_limit_in_the_ideal_time() {
    let wall = std::time::Instant::now();
    let on = load_run(true).await;
    let wall_on = wall.elapsed();
    let wall = std::time::Instant::now();
    let off = load_run(false).await;
    let wall_off = wall.elapsed();
    eprintln!(
        "rate budget on: {} 429s, {} failed, {:?} (tokio clock; {wall_on:?} wall); off: {} 429s, {} failed, {:?} (tokio clock; {wall_off:?} wall)",
        on.refused, on.failed, on.elapsed, off.refused, off.failed, off.elapsed
    );
    // The ideal: one window's worth at once, then one more at each reset.
    let windows = REQUESTS.div_ceil(WINDOW_LIMIT as usize) as u32;
    let ideal = WINDOW_LENGTH * (windows - 1);
    assert_eq!((on.refused, on.failed), (0, 0), "{on:?}");
    assert!(on.elapsed >= ideal, "{on:?} is faster than the limit allows");
    assert!(
        on.elapsed <= ideal + ideal / 10,
        "{on:?} is more than 10 % over {ideal:?}"
    );
    assert!(
        off.refused > 0,
        "without the budget the same run must be refused: {off:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn an_endpoint_limit_is_waited_out_without_a_429() {
    // create-update-user: 5 per minute for a user, as in the reference.
    let window = Window::new(5, Duration::from_secs(60));
    let server_window = Arc::clone(&window);
    let server = Server::start(move |request| {
        let Reply::Answer { status, headers, body } = server_window.answer(3) else {
            unreachable!("the window always answers")
        };
        let remaining = &headers[1].1;
        let reset = &headers[4].1;
        let mut endpoint = vec![(
            "zendesk-ratelimit-create-update-user",
            format!("total=5; remaining={remaining}; resets={reset}"),
        )];
        // The account has plenty left; only the endpoint limit is tight.
        endpoint.push(("x-rate-limit", "700".to_string()));
        endpoint.push(("x-rate-limit-remaining", "650".to_string()));
        endpoint.extend(headers.into_iter().filter(|(name, _)| *name == "retry-after"));
        assert_eq!(request.method, "PUT");
        Reply::Answer {
            status,
            headers: endpoint,
            body,
        }
    })
    .await;
    let client = server.client();
    let started = Instant::now();
    for _ in 0..12 {
        let update = models::UserUpdateRequest::new(models::UserUpdate::default());
        client.update_user(3, update).send().await.expect("update");
    }
    assert_eq!(window.refused.load(Ordering::SeqCst), 0);
    // 5 at once, 5 after one minute, 2 after two.
    assert_eq!(started.elapsed(), Duration::from_secs(120));
    // Another user's budget is not held back by this one's.
    let before = Instant::now();
    let update = models::UserUpdateRequest::new(models::UserUpdate::default());
    client.update_user(4, update).send().await.expect("another user");
    assert_eq!(before.elapsed(), Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn a_spent_budget_is_returned_at_once_when_the_caller_does_not_wait() {
    let server = Server::start(|_| Reply::Answer {
        status: 200,
        headers: vec![
            ("ratelimit-remaining", "0".to_string()),
            ("ratelimit-reset", "30".to_string()),
        ],
        body: user_body(1).to_string(),
    })
    .await;
    let client = server
        .builder()
        .retry_policy(RetryPolicy::default().on_rate_limit(OnRateLimit::ReturnError))
        .build()
        .expect("client");
    client.show_user(1).send().await.expect("first");
    let error = client.create_user(new_user("Ann")).send().await.expect_err("held back");
    assert!(matches!(error, Error::RateBudgetSpent { .. }), "{error:?}");
    assert!(error.is_rate_limited() && error.is_transient(), "{error}");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(30)));
    assert_eq!(error.processed(), Processed::No);
    assert_eq!(server.requests(), 1, "nothing was sent");
}

// ---------------------------------------------------------------- 2. one deadline per call

#[tokio::test(start_paused = true)]
async fn a_deadline_bounds_every_attempt_of_a_call_that_never_answers() {
    let server = Server::start(|_| Reply::Hang).await;
    let without = server
        .builder()
        .timeout(Duration::from_secs(1))
        .deadline(None)
        .build()
        .expect("client");
    let started = Instant::now();
    let error = without.show_user(1).send().await.expect_err("never answers");
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    let four_attempts = started.elapsed();
    assert!(four_attempts >= Duration::from_secs(4), "{four_attempts:?}");

    let deadline = Duration::from_millis(2500);
    let with = server
        .builder()
        .timeout(Duration::from_secs(1))
        .deadline(deadline)
        .build()
        .expect("client");
    let started = Instant::now();
    let error = with.show_user(1).send().await.expect_err("never answers");
    let elapsed = started.elapsed();
    assert!(elapsed <= deadline, "{elapsed:?}");
    assert!(matches!(error, Error::DeadlineExceeded { .. }), "{error:?}");
    assert!(error.is_timeout() && error.is_transient(), "{error}");
    let message = error.to_string();
    assert!(message.contains("would pass the call's deadline of 2.5s"), "{message}");
}

#[tokio::test(start_paused = true)]
async fn a_rate_limit_wait_past_the_deadline_fails_at_once() {
    let server = Server::start(|_| Reply::Answer {
        status: 200,
        headers: vec![
            ("ratelimit-remaining", "0".to_string()),
            ("ratelimit-reset", "30".to_string()),
        ],
        body: user_body(1).to_string(),
    })
    .await;
    let client = server
        .builder()
        .deadline(Duration::from_secs(10))
        .build()
        .expect("client");
    client.show_user(1).send().await.expect("first");
    let started = Instant::now();
    let error = client
        .create_user(new_user("Ann"))
        .send()
        .await
        .expect_err("over the deadline");
    assert_eq!(started.elapsed(), Duration::ZERO);
    let message = error.to_string();
    assert!(
        message.contains("waiting 30s for the account rate limit to reset would pass the call's deadline of 10s"),
        "{message}"
    );
    assert_eq!(error.processed(), Processed::No);
    assert_eq!(server.requests(), 1, "the refused request was never sent");
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_past_the_deadline_fails_at_once_with_the_429() {
    let server = Server::start(|_| Reply::Answer {
        status: 429,
        headers: vec![("retry-after", "30".to_string())],
        body: String::new(),
    })
    .await;
    let client = server
        .builder()
        .deadline(Duration::from_secs(10))
        .build()
        .expect("client");
    let started = Instant::now();
    let error = client.show_user(1).send().await.expect_err("over the deadline");
    assert_eq!(started.elapsed(), Duration::ZERO);
    assert!(error.to_string().contains("waiting 30s before attempt 2"), "{error}");
    let Error::DeadlineExceeded { last_error, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(last_error.as_deref().and_then(Error::status), Some(429));
    assert_eq!(server.requests(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_calls_own_deadline_replaces_the_clients() {
    let server = Server::start(|_| Reply::Hang).await;
    let client = server
        .builder()
        .timeout(Duration::from_secs(1))
        .deadline(Duration::from_secs(60))
        .build()
        .expect("client");
    // Under the client's minute, every attempt of the retry policy times out.
    let error = client.show_user(1).send().await.expect_err("never answers");
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");

    let deadline = Duration::from_millis(2500);
    let started = Instant::now();
    let error = client.show_user(1).deadline(deadline).await.expect_err("never answers");
    let elapsed = started.elapsed();
    assert!(elapsed <= deadline, "{elapsed:?}");
    assert!(matches!(error, Error::DeadlineExceeded { .. }), "{error:?}");
    assert!(
        error.to_string().contains("would pass the call's deadline of 2.5s"),
        "{error}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_calls_own_deadline_also_bounds_a_retry_after_wait() {
    let server = Server::start(|_| Reply::Answer {
        status: 429,
        headers: vec![("retry-after", "30".to_string())],
        body: String::new(),
    })
    .await;
    let client = server.client();
    let started = Instant::now();
    let error = client
        .show_user(1)
        .deadline(Duration::from_secs(10))
        .send()
        .await
        .expect_err("over the call's deadline");
    assert_eq!(started.elapsed(), Duration::ZERO, "failed at once instead of waiting");
    assert!(matches!(error, Error::DeadlineExceeded { .. }), "{error:?}");
    assert!(error.to_string().contains("deadline of 10s"), "{error}");
    assert_eq!(server.requests(), 1);
}

#[tokio::test(start_paused = true)]
async fn awaiting_a_builder_gives_the_decoded_body() {
    let server = Server::start(|request| {
        assert_eq!(
            (request.method.as_str(), request.path.as_str()),
            ("GET", "/api/v2/users/7")
        );
        Reply::json(200, user_body(7))
    })
    .await;
    let client = server.client();
    let user = client.show_user(7).await.expect("a user").user;
    assert_eq!(user.id, 7);
    assert_eq!(server.requests(), 1);
}

// ---------------------------------------------------------------- 3. write safety

#[tokio::test(start_paused = true)]
async fn a_post_that_may_have_been_processed_is_not_transient_and_says_so() {
    let server = Server::start(|_| Reply::json(500, json!({"error": "InternalError"}))).await;
    let error = server
        .client()
        .create_user(new_user("Ann"))
        .send()
        .await
        .expect_err("500");
    assert_eq!(server.requests(), 1, "a POST is never resent after a 500");
    assert_eq!(error.processed(), Processed::Maybe);
    assert!(error.request_may_have_been_processed());
    assert!(!error.is_transient(), "must not invite resending a create: {error}");
    assert!(error.is_server_error() && error.status() == Some(500));
    let message = error.to_string();
    assert!(message.contains("may have processed it"), "{message}");
    assert!(!message.contains("retry later"), "{message}");

    // The same answer to a GET may be retried.
    let read = server
        .builder()
        .retry_policy(RetryPolicy::never())
        .build()
        .expect("client")
        .show_user(1)
        .send()
        .await
        .expect_err("500");
    assert!(read.is_transient(), "{read}");
    assert!(!read.to_string().contains("may have processed it"), "{read}");
}

#[tokio::test(start_paused = true)]
async fn a_post_that_timed_out_or_lost_its_connection_may_have_been_processed() {
    let hung = Server::start(|_| Reply::Hang).await;
    let client = hung.builder().timeout(Duration::from_secs(1)).build().expect("client");
    let error = client.create_user(new_user("Ann")).send().await.expect_err("timeout");
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert_eq!((error.processed(), error.is_transient()), (Processed::Maybe, false));
    assert!(error.to_string().contains("may have processed it"), "{error}");
    assert_eq!(hung.requests(), 1);

    let closing = Server::start(|_| Reply::Close).await;
    let error = closing
        .client()
        .create_user(new_user("Ann"))
        .send()
        .await
        .expect_err("dropped");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!((error.processed(), error.is_transient()), (Processed::Maybe, false));
    assert!(error.to_string().contains("may have processed it"), "{error}");
}

#[tokio::test(start_paused = true)]
async fn a_refused_post_was_certainly_not_processed() {
    // Connection refused: nothing listens on a port just released.
    let port = TcpListener::bind("127.0.0.1:0")
        .await
        .and_then(|listener| listener.local_addr())
        .expect("port");
    let client = Client::builder(format!("http://{port}"), Auth::anonymous())
        .allow_insecure_http(true)
        .build()
        .expect("client");
    let error = client.create_user(new_user("Ann")).send().await.expect_err("refused");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!((error.processed(), error.is_transient()), (Processed::No, true));

    // A 429, returned at once: Zendesk did not process it.
    let server = Server::start(|_| Reply::Answer {
        status: 429,
        headers: vec![("retry-after", "3".to_string())],
        body: String::new(),
    })
    .await;
    let client = server
        .builder()
        .retry_policy(RetryPolicy::default().on_rate_limit(OnRateLimit::ReturnError))
        .build()
        .expect("client");
    let error = client.create_user(new_user("Ann")).send().await.expect_err("429");
    assert!(error.is_rate_limited() && error.is_transient(), "{error}");
    assert_eq!(error.processed(), Processed::No);

    // A validation error.
    let server = Server::start(|_| Reply::json(422, json!({"error": "RecordInvalid"}))).await;
    let error = server
        .client()
        .create_user(new_user("Ann"))
        .send()
        .await
        .expect_err("422");
    assert!(
        error.is_unprocessable() && !error.request_may_have_been_processed(),
        "{error}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_success_that_cannot_be_decoded_was_processed() {
    let server = Server::start(|_| Reply::Answer {
        status: 201,
        headers: Vec::new(),
        body: r#"{"user": {"id": "#.to_string(),
    })
    .await;
    let error = server
        .client()
        .create_user(new_user("Ann"))
        .send()
        .await
        .expect_err("decode");
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert_eq!((error.processed(), error.is_transient()), (Processed::Yes, false));
}

#[tokio::test(start_paused = true)]
async fn an_earlier_attempt_that_may_have_been_processed_is_remembered() {
    // A DELETE answered 500 and then 404: the first attempt may have deleted the user.
    let calls = AtomicUsize::new(0);
    let server = Server::start(move |_| match calls.fetch_add(1, Ordering::SeqCst) {
        0 => Reply::json(500, json!({})),
        _ => Reply::json(404, json!({"error": "RecordNotFound"})),
    })
    .await;
    let error = server.client().delete_user(1).send().await.expect_err("404");
    assert_eq!(server.requests(), 2);
    assert!(error.is_not_found(), "{error}");
    assert_eq!(error.processed(), Processed::Maybe);
}

// ---------------------------------------------------------------- 4. no secret in configuration errors

#[test]
fn configuration_errors_never_show_a_password_from_the_url() {
    let cases = [
        Client::builder("http://me:hunter2-password@acme.zendesk.com", Auth::anonymous()).build(),
        Client::builder("https://me:hunter2-password@acme zendesk", Auth::anonymous()).build(),
        Client::builder("me:hunter2-password@acme", Auth::anonymous()).build(),
        Client::builder("https://me:hunter2-password@acme.zendesk.com", Auth::anonymous()).build(),
    ];
    for result in cases {
        let error = result.expect_err("refused");
        assert!(matches!(error, Error::Config { .. }), "{error:?}");
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(!text.contains("hunter2"), "{text}");
        }
    }
}

// ---------------------------------------------------------------- 5. branching on errors and jobs

#[tokio::test(start_paused = true)]
async fn statuses_compare_with_plain_numbers() {
    let server = Server::start(|request| match request.path.rsplit('/').next() {
        Some("401") => Reply::json(401, json!({})),
        Some("403") => Reply::json(403, json!({})),
        Some("404") => Reply::json(404, json!({"error": "RecordNotFound"})),
        _ => Reply::json(409, json!({})),
    })
    .await;
    let client = server.client();
    let not_found = client.show_user(404).send().await.expect_err("404");
    assert!(not_found.status() == Some(404) && not_found.is_not_found());
    assert_eq!(
        not_found.http_status(),
        Some(zendesk_users::reqwest::StatusCode::NOT_FOUND)
    );
    assert!(!not_found.is_conflict() && !not_found.is_rate_limited());
    assert!(client.show_user(401).send().await.expect_err("401").is_unauthorized());
    assert!(client.show_user(403).send().await.expect_err("403").is_forbidden());
    assert!(client.show_user(409).send().await.expect_err("409").is_conflict());
}

#[tokio::test(start_paused = true)]
async fn job_results_index_the_input_and_print_one_line() {
    let server = Server::start(|_| {
        Reply::json(
            200,
            json!({"job_status": {"id": "j1", "status": "completed", "results": [
                {"index": 0, "id": 11, "action": "create", "status": "Created", "success": true},
                {"index": 1, "action": "create", "status": "Failed", "error": "DuplicateValue",
                 "details": "Email is already being used by another user"}
            ]}}),
        )
    })
    .await;
    let job = server
        .client()
        .wait_for_job("j1", JobWait::default())
        .await
        .expect("job");
    assert_eq!(job.state, JobState::Completed);
    assert_eq!(format!("job {}", job.state), "job completed");
    let names = ["Ann", "Bob"];
    let failures: Vec<String> = job
        .failures()
        .filter_map(|failure| Some(format!("{}: {failure}", names.get(failure.index?)?)))
        .collect();
    assert_eq!(
        failures,
        ["Bob: item 1: create Failed: DuplicateValue: Email is already being used by another user"]
    );
}
