//! `user_id` is a required path parameter, so it is an argument of `show_user`.
use zendesk_users::{Client, Error};

fn main() {}

#[allow(dead_code)]
async fn usage(client: &Client) -> Result<(), Error> {
    client.show_user().send().await?;
    Ok(())
}
