//! `send()` returns a future: without `.await` there is no `Result` to apply `?` to.
use zendesk_users::{Client, Error};

fn main() {}

#[allow(dead_code)]
async fn usage(client: &Client) -> Result<(), Error> {
    let _user = client.show_user(35_436).send()?.into_body().user;
    Ok(())
}
