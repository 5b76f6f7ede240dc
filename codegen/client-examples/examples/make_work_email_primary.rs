//! Makes a work email address a user's primary identity: adds it as an
//! email identity (without a verification email), verifies it, makes it
//! primary, and removes the email identity that was primary before.
//!
//! Run: `ZENDESK_SUBDOMAIN=acme ZENDESK_EMAIL=me@acme.com ZENDESK_API_TOKEN=... cargo run --example make_work_email_primary -- 35436 jane.doe@acme.com`
//! (`ZENDESK_URL=http://127.0.0.1:PORT` in place of `ZENDESK_SUBDOMAIN` runs it against another server,
//! such as the simulator of `tests/sim`: see `client_from_env` in `src/lib.rs`.)

use zendesk_users::models::{self, IdentityType};
use zendesk_users_examples::client_from_env;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: make_work_email_primary USER_ID WORK_EMAIL";
    let user_id: i64 = args.next().ok_or(usage)?.parse()?;
    let work_email = args.next().ok_or(usage)?;
    let client = client_from_env()?;

    // The email identity that is primary now, if any: removed at the end.
    let before = client
        .list_user_identities(user_id)
        .type_list([IdentityType::Email])
        .await?;
    let old_primary = before
        .identities
        .into_iter()
        .find(|identity| identity.primary == Some(true));

    // 1. Add the work address. The HR system vouches for it: no verification email.
    let mut new_identity = models::IdentityCreate::new(IdentityType::Email, work_email.clone());
    new_identity.skip_verify_email = Some(true);
    let created = client.create_user_identity(user_id, new_identity).await?.identity;
    println!("added identity {} ({work_email})", created.id);

    // 2. Verify it (an unverified address cannot be an end user's primary one).
    client.verify_user_identity(user_id, created.id).await?;

    // 3. Make it primary; the answer is every identity of the user, as they are now.
    let identities = client.make_user_identity_primary(user_id, created.id).await?.identities;
    let now_primary = identities
        .iter()
        .any(|identity| identity.id == created.id && identity.primary == Some(true));
    if !now_primary {
        return Err(format!("identity {} did not become primary", created.id).into());
    }

    // 4. Remove the address that was primary before.
    match old_primary {
        Some(old) if old.id != created.id => {
            client.delete_user_identity(user_id, old.id).await?;
            println!(
                "removed the previous primary address {}",
                old.value.as_deref().unwrap_or("-")
            );
        }
        _ => println!("there was no other primary email address to remove"),
    }
    println!("{work_email} is now the primary email address of user {user_id}");
    Ok(())
}
