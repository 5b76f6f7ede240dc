//! Prints the name and email of every agent of an account, page after page,
//! without holding more than two pages in memory. Rate limits (429) are waited
//! out by the client.
//!
//! Run: `ZENDESK_SUBDOMAIN=acme ZENDESK_EMAIL=me@acme.com ZENDESK_API_TOKEN=... cargo run --example stream_agents`
//! (`ZENDESK_URL=http://127.0.0.1:PORT` in place of `ZENDESK_SUBDOMAIN` runs it against another server,
//! such as the simulator of `tests/sim`: see `client_from_env` in `src/lib.rs`.)

use futures::StreamExt;
use zendesk_users::models;
use zendesk_users_examples::client_from_env;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = client_from_env()?;

    let mut agents = client.list_users().role(models::Role::Agent).stream();
    while let Some(agent) = agents.next().await {
        let agent = agent?;
        println!(
            "{}\t{}",
            agent.name.as_deref().unwrap_or("-"),
            agent.email.as_deref().unwrap_or("-")
        );
    }
    Ok(())
}
