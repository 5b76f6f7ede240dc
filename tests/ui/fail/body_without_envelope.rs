//! The create body is the `{"user": {...}}` envelope, `UserCreateRequest`, not the bare user.
use zendesk_users::{models, Client, Error};

fn main() {}

#[allow(dead_code)]
async fn usage(client: &Client) -> Result<(), Error> {
    client.create_user(models::UserCreate::new("Roger".to_string())).send().await?;
    Ok(())
}
