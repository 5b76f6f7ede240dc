//! The simulator's behaviours, one per test, driven over HTTP with plain reqwest + serde_json
//! (not the generated client): what a Zendesk client meets when it talks to the simulator.
//! Timing uses tokio's paused clock; nothing sleeps for real.

mod auth_and_errors;
mod binary;
mod exports;
mod faults;
mod jobs;
mod pagination;
mod rate_limits;
mod search;
mod state;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use zendesk_users_sim::{Simulator, SimulatorBuilder};

/// A started simulator and an HTTP client that authenticates with its API token.
pub struct Api {
    pub sim: Simulator,
    http: reqwest::Client,
}

/// An answer: status, headers, and the JSON body (`Null` when empty).
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
    /// A header as text ("" when absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
    }
}

/// A reqwest client without pool idle timers, so tokio's paused clock only moves when a test
/// advances it (an idle-timeout timer would let auto-advance jump the clock).
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_idle_timeout(None)
        .build()
        .expect("a reqwest client builds")
}

impl Api {
    /// A simulator with `users` seeded users and otherwise default settings.
    pub async fn start(users: usize) -> Api {
        Api::with(Simulator::builder().users(users)).await
    }

    /// A simulator from these settings.
    pub async fn with(builder: SimulatorBuilder) -> Api {
        let sim = builder.start().await.expect("the simulator starts");
        Api {
            sim,
            http: http_client(),
        }
    }

    /// An absolute URL for a path (`/api/v2/...`) or a URL the simulator handed out.
    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.sim.base_url())
        }
    }

    /// Sends a request with the API token and an optional JSON body.
    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        let mut request = self
            .http
            .request(method, self.url(path))
            .header("authorization", self.sim.authorization());
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let response = request.send().await.expect("the simulator answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.expect("the body arrives");
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).expect("the body is JSON")
        };
        Answer { status, headers, body }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.send(Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Answer {
        self.send(Method::PUT, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.send(Method::DELETE, path, None).await
    }

    /// The raw client, for requests the helpers do not cover.
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// The id of the first live user with `role`.
    pub fn first_with_role(&self, role: &str) -> u64 {
        self.sim
            .live_users()
            .iter()
            .find(|user| user["role"] == role && user["id"].as_u64() != Some(self.sim.owner_id()))
            .and_then(|user| user["id"].as_u64())
            .expect("a seeded user with the role")
    }
}

/// The `id`s of a list of records.
pub fn ids(records: &Value) -> Vec<u64> {
    records
        .as_array()
        .expect("an array")
        .iter()
        .map(|record| record["id"].as_u64().expect("an id"))
        .collect()
}
