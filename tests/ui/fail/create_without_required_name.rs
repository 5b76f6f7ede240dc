//! `name` is required to create a user, so `UserCreate` has no `Default`: start from `UserCreate::new(name)`.
use zendesk_users::models;

fn main() {
    let _ = models::UserCreate {
        email: Some("roge@example.org".to_string()),
        ..Default::default()
    };
}
