//! Creates or updates people from a CSV export of an HR system (`name,email,external_id`)
//! with `create_or_update_many_users`, in batches of 100, waits for each background
//! job, and reports every person Zendesk could not import (nothing is dropped).
//!
//! Run: `ZENDESK_SUBDOMAIN=acme ZENDESK_EMAIL=me@acme.com ZENDESK_API_TOKEN=... cargo run --example bulk_import -- people.csv`
//! (without a file, the few people of `SAMPLE_CSV` are imported).
//! (`ZENDESK_URL=http://127.0.0.1:PORT` in place of `ZENDESK_SUBDOMAIN` runs it against another server,
//! such as the simulator of `tests/sim`: see `client_from_env` in `src/lib.rs`.)

use zendesk_users::{models, JobWait, Nullable};
use zendesk_users_examples::client_from_env;

/// What the HR system's export looks like.
const SAMPLE_CSV: &str = "name,email,external_id
Ann Smith,ann.smith@example.org,hr-1
Bob Jones,bob.jones@example.org,hr-2
Chloé Martin,chloe.martin@example.org,hr-3
";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = client_from_env()?;
    let csv = match std::env::args().nth(1) {
        Some(path) => std::fs::read_to_string(path)?,
        None => SAMPLE_CSV.to_string(),
    };

    let mut people = Vec::new();
    for line in csv.lines().skip(1).filter(|line| !line.trim().is_empty()) {
        let [name, email, external_id] = line.split(',').map(str::trim).collect::<Vec<_>>()[..] else {
            return Err(format!("expected name,email,external_id: {line}").into());
        };
        people.push(models::UserCreateOrUpdate {
            name: Some(name.into()),
            email: Some(email.into()),
            external_id: Nullable::Value(external_id.into()),
            ..Default::default()
        });
    }

    let mut failed = 0;
    for batch in people.chunks(100) {
        let job = client.create_or_update_many_users(batch.to_vec()).await?.job_status;
        let finished = client.wait_for_job(job.id, JobWait::default()).await?;
        for failure in finished.failures() {
            let email = failure
                .index
                .and_then(|index| batch.get(index))
                .and_then(|person| person.email.as_deref());
            println!("{failure} ({})", email.unwrap_or("?"));
            failed += 1;
        }
    }
    println!("{} people sent, {failed} failed", people.len());
    Ok(())
}
