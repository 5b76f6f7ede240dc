//! Client behaviours the simulator shows to be wrong against Zendesk as documented. These tests
//! FAIL until the client fix (issue 18) lands; they are kept as they are, not ignored and not
//! weakened, so the fix is proven when it lands with them.

use futures::StreamExt;

use crate::sim_client::{client_for, simulator};

/// Zendesk answers a list request without `page[size]` with offset pagination (`next_page`,
/// no `meta`); a stream that reads only `meta.has_more` stops after the first 100 users.
#[tokio::test]
async fn list_users_stream_yields_all_250_seeded_users() {
    let sim = simulator(250).await;
    let users: Vec<_> = client_for(&sim).list_users().stream().collect().await;
    let users: Vec<_> = users.into_iter().collect::<Result<_, _>>().expect("every page decodes");
    assert_eq!(users.len(), 250);
}

/// The same for the users of a role, the README's first example.
#[tokio::test]
async fn list_users_by_role_stream_yields_every_end_user() {
    let sim = simulator(250).await;
    let expected = sim
        .live_users()
        .iter()
        .filter(|user| user["role"] == "end-user")
        .count();
    let users: Vec<_> = client_for(&sim)
        .list_users()
        .role(zendesk_users::models::Role::EndUser)
        .stream()
        .collect()
        .await;
    let users: Vec<_> = users.into_iter().collect::<Result<_, _>>().expect("every page decodes");
    assert_eq!(users.len(), expected);
}
