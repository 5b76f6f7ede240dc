//! `send` consumes the builder; clone it first to send the same request twice.
use zendesk_users::{Client, Error};

fn main() {}

#[allow(dead_code)]
async fn usage(client: &Client) -> Result<(), Error> {
    let request = client.show_user(35_436);
    request.send().await?;
    request.send().await?;
    Ok(())
}
