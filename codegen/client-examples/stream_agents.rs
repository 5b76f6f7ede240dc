//! Streams every agent of an account, page after page, without holding more than
//! two pages in memory. Rate limits (429) are waited out by the client.
//!
//! Run: `ZENDESK_SUBDOMAIN=acme ZENDESK_EMAIL=me@acme.com ZENDESK_API_TOKEN=... cargo run --example stream_agents`

use futures::StreamExt;
use zendesk_users::{models, Auth, Client};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = client_from_env()?;
    let agents = client.list_users().role(models::Role::Agent).page_size(100).stream();
    futures::pin_mut!(agents);
    let mut count = 0;
    while let Some(agent) = agents.next().await {
        let agent = agent?;
        count += 1;
        println!(
            "{}\t{}\t{}",
            agent.id,
            agent.name.value().map_or("", String::as_str),
            agent.email.value().map_or("", String::as_str)
        );
    }
    println!("{count} agents");
    Ok(())
}

fn client_from_env() -> Result<Client, Box<dyn std::error::Error>> {
    let subdomain = std::env::var("ZENDESK_SUBDOMAIN")?;
    let auth = Auth::api_token(std::env::var("ZENDESK_EMAIL")?, std::env::var("ZENDESK_API_TOKEN")?);
    Ok(Client::new(subdomain, auth)?)
}
