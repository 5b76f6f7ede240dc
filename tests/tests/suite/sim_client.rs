//! The generated client against the simulator (`tests/sim`), a local Zendesk that answers as
//! Zendesk documents, not as our spec says: these tests prove the client's behaviour against
//! Zendesk's pagination, exports, jobs, rate-limit headers and field clearing.

use std::time::Duration;

use futures::StreamExt;
use zendesk_users::models;
use zendesk_users::{Auth, Client, JobState, JobWait, Nullable, RetryPolicy};
use zendesk_users_sim::Simulator;

/// A simulator with `users` seeded users.
pub(crate) async fn simulator(users: usize) -> Simulator {
    Simulator::builder()
        .users(users)
        .start()
        .await
        .expect("the simulator starts on 127.0.0.1")
}

/// A client for the simulator with its API token, no retries and no export pacing (the
/// simulator's own export limit still applies).
pub(crate) fn client_for(sim: &Simulator) -> Client {
    Client::builder(sim.base_url(), Auth::api_token(sim.email(), sim.token()))
        .allow_insecure_http(true)
        .retry_policy(RetryPolicy::never())
        .incremental_export_interval(Duration::ZERO)
        .build()
        .expect("a client for the simulator builds")
}

/// The client's ids are `i64` (Zendesk's integers); the simulator's are `u64`.
fn client_id(id: u64) -> i64 {
    i64::try_from(id).expect("simulator ids fit in i64")
}

#[tokio::test]
async fn show_user_decodes_a_seeded_user_and_the_account_rate_limit() {
    let sim = simulator(10).await;
    let response = client_for(&sim)
        .show_user(client_id(sim.owner_id()))
        .send()
        .await
        .expect("ShowUser succeeds");
    assert_eq!(response.rate_limit().limit, Some(700));
    assert_eq!(response.rate_limit().remaining, Some(699));
    let user = response.into_body().user;
    assert_eq!(user.id, client_id(sim.owner_id()));
    assert_eq!(user.email, Nullable::Value(sim.email().to_owned()));
}

#[tokio::test]
async fn search_stream_walks_zendesks_offset_pages() {
    let sim = simulator(250).await;
    let expected = sim
        .live_users()
        .iter()
        .filter(|user| user["role"] == "end-user")
        .count();
    assert!(expected > 100, "the search spans several pages");
    let users: Vec<_> = client_for(&sim)
        .search_users()
        .query("role:end-user")
        .stream()
        .collect()
        .await;
    let users: Vec<models::User> = users.into_iter().collect::<Result<_, _>>().expect("every page decodes");
    assert_eq!(users.len(), expected);
}

#[tokio::test]
async fn the_time_based_export_stream_yields_every_user_once() {
    let sim = simulator(250).await;
    let users: Vec<_> = client_for(&sim)
        .incremental_user_export_time(0)
        .stream()
        .collect()
        .await;
    let mut ids: Vec<i64> = users
        .into_iter()
        .map(|user| user.expect("every page decodes").id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 250);
}

#[tokio::test]
async fn updating_with_null_clears_the_field_and_leaves_the_rest() {
    let sim = simulator(20).await;
    let user_id = sim
        .insert_user(serde_json::json!({"name": "Clear Me", "alias": "cm", "notes": "kept", "organization": {"name": "Acme Corp"}}))
        .expect("a valid user");
    assert!(sim.user(user_id).unwrap()["organization_id"].is_u64());
    let change = models::UserUpdate {
        organization_id: Nullable::Null,
        ..Default::default()
    };
    client_for(&sim)
        .update_user(client_id(user_id), models::UserUpdateRequest::new(change))
        .send()
        .await
        .expect("UpdateUser succeeds");
    let stored = sim.user(user_id).unwrap();
    assert_eq!(stored["organization_id"], serde_json::Value::Null);
    assert_eq!(stored["alias"], "cm");
    assert_eq!(stored["notes"], "kept");
}

#[tokio::test]
async fn waiting_for_a_bulk_job_polls_it_to_completion_with_per_item_results() {
    let sim = simulator(5).await;
    let client = client_for(&sim);
    let users = vec![
        models::UserCreate::new("Good".to_owned()),
        models::UserCreate::new(String::new()),
    ];
    let queued = client
        .create_many_users(models::UsersCreateManyRequest::new(users))
        .send()
        .await
        .expect("CreateManyUsers succeeds");
    let job_id = queued.into_body().job_status.id;
    let wait = JobWait {
        interval: Duration::from_millis(1),
        deadline: Duration::from_secs(5),
    };
    let finished = client.wait_for_job(job_id, wait).await.expect("the job finishes");
    assert_eq!(finished.state, JobState::Completed);
    assert_eq!(finished.results.len(), 2);
    assert_eq!(finished.failures().count(), 1, "the user without a name fails alone");
    assert_eq!(sim.live_users().len(), 6);
}

#[tokio::test]
async fn the_cursor_based_export_stream_yields_every_user_once() {
    let sim = simulator(250).await;
    let users: Vec<_> = client_for(&sim)
        .incremental_user_export_cursor()
        .start_time(0)
        .per_page(100)
        .stream()
        .collect()
        .await;
    let count = users.len();
    let mut ids: Vec<i64> = users
        .into_iter()
        .map(|user| user.expect("every page decodes").id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!((count, ids.len()), (250, 250));
}

#[tokio::test]
async fn create_or_update_tells_created_from_updated() {
    use zendesk_users::models::CreateOrUpdateUserResponse;
    let sim = simulator(5).await;
    let client = client_for(&sim);
    let user = || models::UserCreateOrUpdate {
        name: Some("Roger Wilco".to_owned()),
        email: Some("roger@example.com".to_owned()),
        ..Default::default()
    };
    let first = client
        .create_or_update_user(models::UserCreateOrUpdateRequest::new(user()))
        .send()
        .await;
    let created_id = match first.expect("CreateOrUpdateUser succeeds").into_body() {
        CreateOrUpdateUserResponse::Created(created) => created.user.id,
        other => panic!("a new email is created (201), got {other:?}"),
    };
    let second = client
        .create_or_update_user(models::UserCreateOrUpdateRequest::new(user()))
        .send()
        .await;
    match second.expect("CreateOrUpdateUser succeeds").into_body() {
        CreateOrUpdateUserResponse::Ok(updated) => assert_eq!(updated.user.id, created_id),
        other => panic!("a known email is updated (200), got {other:?}"),
    }
}

#[tokio::test]
async fn an_uploaded_photo_shows_on_the_user_afterwards() {
    use zendesk_users::{FilePart, UpdateUserForm};
    let sim = simulator(5).await;
    let user_id = sim
        .insert_user(serde_json::json!({"name": "Pic"}))
        .expect("a valid user");
    let photo: Vec<u8> = vec![0x89, b'P', b'N', b'G', 0, 1, 2, 255];
    let form = UpdateUserForm {
        user_photo_uploaded_data: FilePart::bytes(photo.clone())
            .file_name("me.png")
            .content_type("image/png"),
    };
    client_for(&sim)
        .update_user_multipart(client_id(user_id), form)
        .send()
        .await
        .expect("UpdateUser succeeds");
    let shown = client_for(&sim)
        .show_user(client_id(user_id))
        .send()
        .await
        .expect("ShowUser succeeds")
        .into_body()
        .user;
    let stored = shown.photo.value().expect("a photo after the upload");
    assert_eq!(stored.size, Nullable::Value(photo.len() as i64));
    assert_eq!(sim.user(user_id).unwrap()["photo"]["name"], "me.png");
}
