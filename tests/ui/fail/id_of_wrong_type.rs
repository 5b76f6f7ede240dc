//! User ids are integers, not strings.
use zendesk_users::{Client, Error};

fn main() {}

#[allow(dead_code)]
async fn usage(client: &Client) -> Result<(), Error> {
    client.show_user("35436").send().await?;
    Ok(())
}
