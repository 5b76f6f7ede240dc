//! Only paginated lists have `stream()`; showing one user is a single request.
use zendesk_users::Client;

fn main() {}

#[allow(dead_code)]
fn usage(client: &Client) {
    let _ = client.show_user(35_436).stream();
}
