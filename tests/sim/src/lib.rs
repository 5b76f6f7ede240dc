//! A stateful local Zendesk for the Users family, modelled on Zendesk's documents (the seeds
//! and `zendesk-behaviour.md`), not on our own spec: offset pagination unless `page[size]` is
//! sent, the 10,000-record offset limit, background jobs that move on as they are polled,
//! incremental exports, account and endpoint rate limits, Zendesk's error bodies, and faults on
//! demand. `tests/sim/README.md` lists each behaviour with its source.
//!
//! ```no_run
//! # async fn example() -> std::io::Result<()> {
//! let sim = zendesk_users_sim::Simulator::builder().users(250).rate_limit_per_minute(700).start().await?;
//! let url = format!("{}/api/v2/users.json", sim.base_url());
//! // ... send requests with basic auth `{email}/token:{token}` ...
//! # let _ = url; Ok(()) }
//! ```

mod accounts;
mod clock;
mod export;
mod faults;
mod identities;
mod input;
mod jobs;
mod limits;
mod model;
mod multipart;
mod paging;
mod query;
mod reply;
mod routes;
mod seed;
mod server;
mod users;

pub use faults::{Fault, FaultAction};
pub use server::RecordedRequest;

use server::{Config, Shared, State};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The wall-clock time the library's simulator starts at unless told otherwise
/// (2026-01-01T00:00:00Z), so seeded timestamps are the same on every run.
pub const DEFAULT_START_UNIX: i64 = 1_767_225_600;
/// The default email of the API token.
pub const DEFAULT_EMAIL: &str = "admin@example.com";
/// The default API token.
pub const DEFAULT_TOKEN: &str = "sim-token";
/// The default password of the token's user (for Change Your Own Password).
pub const DEFAULT_PASSWORD: &str = "sim-password";

/// Settings of a simulator; [`SimulatorBuilder::start`] runs it.
#[derive(Debug, Clone)]
pub struct SimulatorBuilder {
    users: usize,
    rate_limit_per_minute: u32,
    export_limit_per_minute: u32,
    update_user_limit_per_minute: u32,
    email: String,
    token: String,
    port: u16,
    now: i64,
}

impl Default for SimulatorBuilder {
    fn default() -> Self {
        SimulatorBuilder {
            users: 250,
            rate_limit_per_minute: 700,
            export_limit_per_minute: 10,
            update_user_limit_per_minute: 5,
            email: DEFAULT_EMAIL.to_owned(),
            token: DEFAULT_TOKEN.to_owned(),
            port: 0,
            now: DEFAULT_START_UNIX,
        }
    }
}

impl SimulatorBuilder {
    /// How many users to seed, the token's admin included (default 250, at least 1).
    pub fn users(mut self, users: usize) -> Self {
        self.users = users;
        self
    }

    /// The account-wide limit per minute (default 700, Zendesk's Enterprise plan).
    pub fn rate_limit_per_minute(mut self, limit: u32) -> Self {
        self.rate_limit_per_minute = limit;
        self
    }

    /// The incremental export limit per minute (default 10; 30 with the High Volume add-on).
    pub fn export_limit_per_minute(mut self, limit: u32) -> Self {
        self.export_limit_per_minute = limit;
        self
    }

    /// The create/update limit per user per minute (default 5).
    pub fn update_user_limit_per_minute(mut self, limit: u32) -> Self {
        self.update_user_limit_per_minute = limit;
        self
    }

    /// The email of the accepted API token (default [`DEFAULT_EMAIL`]).
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = email.into();
        self
    }

    /// The accepted API token (default [`DEFAULT_TOKEN`]).
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = token.into();
        self
    }

    /// The port on 127.0.0.1 (default 0: a free port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The wall-clock time (Unix seconds) at start (default [`DEFAULT_START_UNIX`]).
    pub fn now_unix(mut self, now: i64) -> Self {
        self.now = now;
        self
    }

    /// Binds 127.0.0.1 and serves until the returned handle is dropped.
    pub async fn start(self) -> std::io::Result<Simulator> {
        let listener = tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, self.port))).await?;
        let address = listener.local_addr()?;
        let base_url = format!("http://{address}");
        let mut state = State::default();
        state.owner_id = seed::seed(&mut state.account, self.users, &self.email, DEFAULT_PASSWORD, self.now);
        let shared = Arc::new(Shared {
            config: Config {
                email: self.email,
                token: self.token,
                rate_limit_per_minute: self.rate_limit_per_minute,
                export_limit_per_minute: self.export_limit_per_minute,
                update_user_limit_per_minute: self.update_user_limit_per_minute,
            },
            base_url: base_url.clone(),
            clock: clock::Clock::starting_at(self.now),
            state: Mutex::new(state),
        });
        let router = axum::Router::new()
            .fallback(server::handle)
            .with_state(Arc::clone(&shared));
        let (shutdown, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let serving = axum::serve(listener, router).with_graceful_shutdown(async {
                let _ = stopped.await;
            });
            // An accept error is already retried inside axum; an error here ends the server.
            let _ = serving.await;
        });
        Ok(Simulator {
            base_url,
            address,
            shared,
            shutdown: Some(shutdown),
            task,
        })
    }
}

/// A running simulator; dropping it stops the server.
#[derive(Debug)]
pub struct Simulator {
    base_url: String,
    address: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl Simulator {
    /// Settings with the defaults (250 users, 700 requests per minute).
    pub fn builder() -> SimulatorBuilder {
        SimulatorBuilder::default()
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The bound address.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The email of the accepted API token.
    pub fn email(&self) -> &str {
        &self.shared.config.email
    }

    /// The accepted API token.
    pub fn token(&self) -> &str {
        &self.shared.config.token
    }

    /// The `Authorization` header value Zendesk expects for the token:
    /// `Basic base64(EMAIL/token:TOKEN)`.
    pub fn authorization(&self) -> String {
        use base64::Engine;
        let credentials = format!("{}/token:{}", self.email(), self.token());
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(credentials)
        )
    }

    /// The id of the token's user (an admin, the first seeded user).
    pub fn owner_id(&self) -> u64 {
        self.shared.lock().owner_id
    }

    /// The user as an admin sees it (deleted ones too), or `None`.
    pub fn user(&self, user_id: u64) -> Option<serde_json::Value> {
        self.shared
            .lock()
            .account
            .users
            .get(&user_id)
            .map(|user| user.render(&self.base_url))
    }

    /// Every live user (not deleted), ordered by id.
    pub fn live_users(&self) -> Vec<serde_json::Value> {
        let state = self.shared.lock();
        state
            .account
            .users
            .values()
            .filter(|user| user.life == model::Life::Live)
            .map(|user| user.render(&self.base_url))
            .collect()
    }

    /// Every deleted user (soft or permanently), ordered by id.
    pub fn deleted_users(&self) -> Vec<serde_json::Value> {
        let state = self.shared.lock();
        state
            .account
            .users
            .values()
            .filter(|user| user.life != model::Life::Live)
            .map(|user| user.render(&self.base_url))
            .collect()
    }

    /// The identities of a user as the API shows them.
    pub fn identities(&self, user_id: u64) -> Vec<serde_json::Value> {
        let state = self.shared.lock();
        state
            .account
            .users
            .get(&user_id)
            .map(|user| {
                user.identities
                    .iter()
                    .map(|identity| identity.render(user_id, &self.base_url))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The group memberships of a user, as `(membership id, group id, default)`: Zendesk's
    /// list of a user's group memberships is not part of the Users family, so the
    /// simulator shows them here instead of through the API.
    pub fn group_memberships(&self, user_id: u64) -> Vec<(u64, u64, bool)> {
        let state = self.shared.lock();
        state
            .account
            .users
            .get(&user_id)
            .map(|user| {
                user.group_memberships
                    .iter()
                    .map(|membership| (membership.id, membership.group_id, membership.default))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Adds a user from a User JSON object (as `POST /api/v2/users` would, without counting a
    /// request), returning its id, or the `details` of Zendesk's 422 when it is invalid.
    pub fn insert_user(&self, user: serde_json::Value) -> Result<u64, serde_json::Value> {
        let now = self.shared.clock.now_unix();
        let input = user.as_object().cloned().unwrap_or_default();
        let mut state = self.shared.lock();
        users::create_record(&mut state.account, &input, now).map_err(reply::Details::into_value)
    }

    /// Adds a fault; faults are tried in the order added.
    pub fn add_fault(&self, fault: Fault) {
        self.shared.lock().faults.push(fault);
    }

    /// Removes every fault.
    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().requests.clone()
    }

    /// The simulator's wall-clock time (Unix seconds).
    pub fn now_unix(&self) -> i64 {
        self.shared.clock.now_unix()
    }

    /// Sets the wall-clock time (it then advances with tokio's clock).
    pub fn set_now_unix(&self, now: i64) {
        self.shared.clock.set_now(now);
    }

    /// Stops the server and waits until it has stopped.
    pub async fn stop(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        // Open keep-alive connections would hold a graceful shutdown open; dropping ends them.
        self.task.abort();
    }
}
