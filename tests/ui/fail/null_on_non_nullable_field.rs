//! `name` cannot be cleared, so it is an `Option` (send or not), not a `Nullable`.
use zendesk_users::{models, Nullable};

fn main() {
    let _ = models::UserUpdate {
        name: Nullable::Null,
        ..Default::default()
    };
}
