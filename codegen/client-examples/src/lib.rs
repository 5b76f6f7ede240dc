//! Example programs of the `zendesk-users` client, one task each, in `examples/`:
//! run one from the workspace root with `cargo run --example NAME` (each file's
//! first lines say which environment variables it reads). They live in this
//! package, not in `generated/`, so that they exist once and are written by hand,
//! never regenerated.
//!
//! | example | what it shows |
//! |---|---|
//! | `stream_agents` | every agent, page after page, two pages in memory at most (`stream()`) |
//! | `create_or_update_user` | an upsert by email or external id, and which of the two happened |
//! | `update_and_clear_field` | setting one field and clearing another in one update (`Nullable`) |
//! | `make_work_email_primary` | an email identity added, verified and made primary |
//! | `bulk_import` | CSV rows imported in batches of 100 as background jobs (`wait_for_job`) |
//! | `gdpr_erasure` | delete, permanent delete, then polling the compliance deletion statuses |
//! | `incremental_export` | the time-based export resumed from the saved `end_time` |
//!
//! Every program builds its client with [`client_from_env`]: the account comes from
//! `ZENDESK_SUBDOMAIN` (`acme` for `https://acme.zendesk.com`) or `ZENDESK_URL` (a full
//! base URL: a proxy, or the local simulator of `tests/sim`), the credentials from
//! `ZENDESK_EMAIL` and `ZENDESK_API_TOKEN`. Against the simulator:
//!
//! ```sh
//! cargo run -p zendesk-users-sim -- --port 8080   # prints: listening on http://127.0.0.1:8080
//! ZENDESK_URL=http://127.0.0.1:8080 ZENDESK_EMAIL=admin@example.com ZENDESK_API_TOKEN=sim-token \
//!     cargo run --example stream_agents
//! ```

// One function rather than the same lines in seven programs: choosing between a subdomain and
// a URL (and allowing plain http only for the latter) is not what any example is about, and a
// copy in each would drift. It is kept to what a program of your own would write.

use zendesk_users::{Auth, Client};

/// A client for the account the environment names, with the client's default settings
/// (retries, rate budget, timeouts):
///
/// - `ZENDESK_URL`, when set: that base URL, e.g. `http://127.0.0.1:8080`. Plain `http://` is
///   accepted here, and only here, because the URL was given explicitly (a local test server);
/// - otherwise `ZENDESK_SUBDOMAIN`: `https://{subdomain}.zendesk.com`.
///
/// The API token `ZENDESK_API_TOKEN` of the user `ZENDESK_EMAIL` authenticates every request.
/// A missing variable is an error naming it.
pub fn client_from_env() -> Result<Client, Box<dyn std::error::Error>> {
    let auth = Auth::api_token(var("ZENDESK_EMAIL")?, var("ZENDESK_API_TOKEN")?);
    let client = match std::env::var_os("ZENDESK_URL") {
        Some(_) => Client::builder(var("ZENDESK_URL")?, auth)
            .allow_insecure_http(true)
            .build()?,
        None => {
            let subdomain = var("ZENDESK_SUBDOMAIN").map_err(|_| "set ZENDESK_SUBDOMAIN or ZENDESK_URL")?;
            Client::new(subdomain, auth)?
        }
    };
    Ok(client)
}

/// The environment variable `name`, or an error that names it.
fn var(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|error| format!("{name}: {error}"))
}
