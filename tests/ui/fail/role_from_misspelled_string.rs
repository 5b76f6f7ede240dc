//! A request enum does not convert from a string: `.role("agnet")` would have
//! sent an unknown role. Use `models::Role::Agent`, or `"agent".parse()?`.
use zendesk_users::{Auth, Client};

fn main() {
    let client = Client::new("acme", Auth::bearer("t")).expect("client");
    let _ = client.list_users().role("agnet");
}
