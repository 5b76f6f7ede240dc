//! Imports users in batches of 100 with `create_or_update_many`, waits for each
//! background job, and reports every per-user failure (nothing is dropped).
//!
//! Run: `ZENDESK_SUBDOMAIN=acme ZENDESK_EMAIL=me@acme.com ZENDESK_API_TOKEN=... cargo run --example bulk_import`

use std::time::Duration;
use zendesk_users::{models, Auth, Client, JobWait};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let subdomain = std::env::var("ZENDESK_SUBDOMAIN")?;
    let auth = Auth::api_token(std::env::var("ZENDESK_EMAIL")?, std::env::var("ZENDESK_API_TOKEN")?);
    let client = Client::new(subdomain, auth)?;

    let people: Vec<models::UserCreateOrUpdate> = (1..=250)
        .map(|n| models::UserCreateOrUpdate {
            name: Some(format!("Imported person {n}")),
            external_id: Some(format!("hr-{n}")),
            email: Some(format!("person{n}@example.org")),
            ..Default::default()
        })
        .collect();

    for batch in people.chunks(100) {
        let request = models::UsersCreateOrUpdateManyRequest::new(batch.to_vec());
        let job = client
            .create_or_update_many_users(request)
            .send()
            .await?
            .into_body()
            .job_status;
        let job_id = job.id;
        let wait = JobWait {
            interval: Duration::from_secs(2),
            deadline: Duration::from_secs(600),
        };
        let finished = client.wait_for_job(job_id.clone(), wait).await?;
        println!("job {job_id}: {:?}, {} results", finished.state, finished.results.len());
        for failure in finished.failures() {
            println!("  index {:?}: {:?} {:?}", failure.index, failure.error, failure.details);
        }
    }
    Ok(())
}
