//! `created_at` is read-only, so the update request has no such field.
use zendesk_users::models;

fn main() {
    let _ = models::UserUpdate {
        created_at: Some("2024-01-01T00:00:00Z".to_string()),
        ..Default::default()
    };
}
