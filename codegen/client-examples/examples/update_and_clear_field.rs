//! Sets a user's phone number and clears their organization in one update,
//! leaving every other field as it is, and prints the result.
//!
//! Run: `ZENDESK_SUBDOMAIN=acme ZENDESK_EMAIL=me@acme.com ZENDESK_API_TOKEN=... cargo run --example update_and_clear_field -- 35436 +15551234567`
//! (`ZENDESK_URL=http://127.0.0.1:PORT` in place of `ZENDESK_SUBDOMAIN` runs it against another server,
//! such as the simulator of `tests/sim`: see `client_from_env` in `src/lib.rs`.)

use zendesk_users::{models, Nullable};
use zendesk_users_examples::client_from_env;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let usage = "usage: update_and_clear_field USER_ID PHONE";
    let user_id: i64 = std::env::args().nth(1).ok_or(usage)?.parse()?;
    let phone = std::env::args().nth(2).ok_or(usage)?;
    let client = client_from_env()?;

    // `Nullable::Absent` (the default) leaves a field unchanged; `Nullable::Null` clears it.
    let update = models::UserUpdate {
        phone: Nullable::Value(phone),
        organization_id: Nullable::Null,
        ..Default::default()
    };
    let user = client.update_user(user_id, update).await?.user;
    let organization = user.organization_id.map(|id| id.to_string()).unwrap_or("none".into());
    println!(
        "user {}: phone {}, organization {organization}",
        user.id,
        user.phone.as_deref().unwrap_or("-")
    );
    Ok(())
}
