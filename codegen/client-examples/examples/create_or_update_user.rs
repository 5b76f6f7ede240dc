//! Creates a user from an HR record, or updates the existing one with the same
//! email or external id, and tells which of the two happened (201 vs 200).
//!
//! Run: `ZENDESK_SUBDOMAIN=acme ZENDESK_EMAIL=me@acme.com ZENDESK_API_TOKEN=... cargo run --example create_or_update_user`
//! (`ZENDESK_URL=http://127.0.0.1:PORT` in place of `ZENDESK_SUBDOMAIN` runs it against another server,
//! such as the simulator of `tests/sim`: see `client_from_env` in `src/lib.rs`.)

use zendesk_users::{models, Nullable};
use zendesk_users_examples::client_from_env;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = client_from_env()?;

    let user = models::UserCreateOrUpdate {
        name: Some("Roger Wilco".to_string()),
        email: Some("roge@example.org".to_string()),
        external_id: Nullable::Value("hr-4711".to_string()),
        role: Some(models::Role::EndUser),
        ..Default::default()
    };
    let response = client.create_or_update_user(user).send().await?;

    let remaining = response.rate_limit().remaining;
    match response.into_body() {
        models::CreateOrUpdateUserResponse::Created(body) => {
            println!("created user {:?}", body.user.id)
        }
        models::CreateOrUpdateUserResponse::Ok(body) => println!("updated user {:?}", body.user.id),
    }
    println!("requests left in this minute: {remaining:?}");
    Ok(())
}
