//! Resumes the incremental user export from the `end_time` saved by the previous
//! run, prints every changed user, and saves where the next run starts.
//!
//! Run: `ZENDESK_SUBDOMAIN=acme ZENDESK_EMAIL=me@acme.com ZENDESK_API_TOKEN=... cargo run --example incremental_export`
//! (`ZENDESK_URL=http://127.0.0.1:PORT` in place of `ZENDESK_SUBDOMAIN` runs it against another server,
//! such as the simulator of `tests/sim`: see `client_from_env` in `src/lib.rs`.)

use futures::StreamExt;
use zendesk_users_examples::client_from_env;

const STATE_FILE: &str = "incremental-users.start_time";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = client_from_env()?;

    // The first run starts at the epoch; later runs start where the last one ended.
    let start_time: i64 = std::fs::read_to_string(STATE_FILE)
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or(0);
    let mut export = client.incremental_user_export_time(start_time).per_page(1000).stream();
    let mut changed = 0;
    while let Some(user) = export.next().await {
        let user = user?;
        changed += 1;
        let updated_at = user.updated_at.map_or("-".to_string(), |time| time.to_rfc3339());
        println!("{}\t{updated_at}", user.id);
    }
    std::fs::write(STATE_FILE, export.next_start_time().to_string())?;
    println!(
        "{changed} users changed; next run starts at {}",
        export.next_start_time()
    );
    Ok(())
}
