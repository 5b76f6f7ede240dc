//! `organization_id` on update is tri-state (`Nullable`), not an `Option`: absent, null or a value.
use zendesk_users::models;

fn main() {
    let _ = models::UserUpdate {
        organization_id: Some(360_002),
        ..Default::default()
    };
}
