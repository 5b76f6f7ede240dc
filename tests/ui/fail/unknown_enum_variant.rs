//! `Role` has the variants the spec lists (plus `Unknown`); there is no `Superuser`.
use zendesk_users::models;

fn main() {
    let _ = models::Role::Superuser;
}
