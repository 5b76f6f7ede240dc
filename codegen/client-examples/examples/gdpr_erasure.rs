//! Erases a user for GDPR: deletes the user, permanently deletes them, then
//! polls their compliance deletion statuses until every area of compliance
//! that started erasing (support, chat, ...) reports it complete.
//!
//! Run: `ZENDESK_SUBDOMAIN=acme ZENDESK_EMAIL=me@acme.com ZENDESK_API_TOKEN=... cargo run --example gdpr_erasure -- 35436`
//! (`ZENDESK_URL=http://127.0.0.1:PORT` in place of `ZENDESK_SUBDOMAIN` runs it against another server,
//! such as the simulator of `tests/sim`: see `client_from_env` in `src/lib.rs`.)

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use futures::StreamExt;
use zendesk_users::{Client, Error};
use zendesk_users_examples::client_from_env;

/// How long to wait between two looks at the deletion statuses.
const POLL_EVERY: Duration = Duration::from_secs(30);
/// When to give up waiting (the erasure goes on at Zendesk regardless).
const GIVE_UP_AFTER: Duration = Duration::from_secs(60 * 60);

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let user_id: i64 = std::env::args().nth(1).ok_or("usage: gdpr_erasure USER_ID")?.parse()?;
    let client = client_from_env()?;

    // 1. Soft delete: the user becomes inactive and moves to the deleted users.
    let deleted = client.delete_user(user_id).await?.user;
    let active = deleted
        .active
        .map_or("not sent".to_string(), |active| active.to_string());
    println!("deleted user {} (active: {active})", deleted.id);

    // 2. Permanent deletion: Zendesk erases the personal data in the background.
    let erased = client.permanently_delete_user(user_id).await?;
    println!("permanent deletion requested for {}", erased.deleted_user.id);

    // 3. Poll the compliance deletion statuses until every area is complete.
    let started = Instant::now();
    loop {
        let pending = pending_areas(&client, user_id).await?;
        if pending.is_empty() {
            println!("every area of compliance reports the erasure complete");
            return Ok(());
        }
        if started.elapsed() > GIVE_UP_AFTER {
            return Err(format!("still erasing after {GIVE_UP_AFTER:?}: {pending:?}").into());
        }
        println!("still erasing: {pending:?}");
        tokio::time::sleep(POLL_EVERY).await;
    }
}

/// The areas of compliance (`application`) whose latest status is not
/// `complete`. Zendesk lists the statuses oldest first, so the last one seen
/// for an area is its current state. `request_deletion` is recorded for the
/// area `all` and has no completion of its own.
async fn pending_areas(client: &Client, user_id: i64) -> Result<Vec<String>, Error> {
    let mut latest: BTreeMap<String, String> = BTreeMap::new();
    let mut statuses = client
        .show_user_compliance_deletion_statuses(user_id)
        .page_size(100)
        .stream();
    while let Some(status) = statuses.next().await {
        let status = status?;
        let (Some(application), Some(action)) = (status.application.value(), status.action.value()) else {
            continue;
        };
        if action != "request_deletion" {
            latest.insert(application.clone(), action.clone());
        }
    }
    Ok(latest
        .into_iter()
        .filter(|(_, action)| action != "complete")
        .map(|(application, action)| format!("{application}: {action}"))
        .collect())
}
