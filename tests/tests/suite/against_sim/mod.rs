//! The client against `zendesk-users-sim`, a local Zendesk that behaves as Zendesk's
//! documents say (offset pages unless `page[size]` is sent, the 10,000-record offset
//! limit, exports, rate limits with `Retry-After`, faults on demand), not as our spec
//! says. It runs on the test's own runtime, so the tests that time waits run on
//! tokio's paused clock. Wiremock stays where a test needs exact bytes or a server
//! that misbehaves in a way Zendesk does not (a cursor loop).

mod errors;
mod paging;
mod retry;

use zendesk_users::{Auth, Client, ClientBuilder};
use zendesk_users_sim::Simulator;

/// A simulator with `users` seeded users.
async fn simulator(users: usize) -> Simulator {
    Simulator::builder()
        .users(users)
        .start()
        .await
        .expect("the simulator starts on 127.0.0.1")
}

/// A client for `sim` with its token, otherwise as configured by default.
fn builder_for(sim: &Simulator) -> ClientBuilder {
    Client::builder(sim.base_url(), Auth::api_token(sim.email(), sim.token())).allow_insecure_http(true)
}

fn client_for(sim: &Simulator) -> Client {
    builder_for(sim).build().expect("a client for the simulator")
}

/// How many requests the simulator received for `path` (with or without `.json`).
fn requests_to(sim: &Simulator, path: &str) -> Vec<zendesk_users_sim::RecordedRequest> {
    sim.requests()
        .into_iter()
        .filter(|request| request.path.strip_suffix(".json").unwrap_or(&request.path) == path)
        .collect()
}
