//! `id` is read-only: Zendesk assigns it, so the create request has no such field.
use zendesk_users::models;

fn main() {
    let _ = models::UserCreate {
        id: Some(1),
        ..models::UserCreate::new("Roger".to_string())
    };
}
