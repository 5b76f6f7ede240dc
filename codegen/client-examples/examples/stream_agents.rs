//! Prints the name and email of every agent of an account, page after page,
//! without holding more than two pages in memory. Rate limits (429) are waited
//! out by the client.
//!
//! Run: `ZENDESK_SUBDOMAIN=acme ZENDESK_EMAIL=me@acme.com ZENDESK_API_TOKEN=... cargo run --example stream_agents`

use futures::StreamExt;
use zendesk_users::{models, Auth, Client};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let auth = Auth::api_token(std::env::var("ZENDESK_EMAIL")?, std::env::var("ZENDESK_API_TOKEN")?);
    let client = Client::new(std::env::var("ZENDESK_SUBDOMAIN")?, auth)?;

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
