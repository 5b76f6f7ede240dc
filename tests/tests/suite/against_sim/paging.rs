//! Issue 18, points 1 to 3: streams ask for the pagination they read, never end
//! silently, never loop, and the exports hand out their pages with the sideloads
//! and share one export limit.

use std::collections::BTreeSet;

use futures::StreamExt;
use zendesk_users::models::UserSideload;

use super::{client_for, requests_to, simulator};

fn ids_of(values: &[serde_json::Value]) -> BTreeSet<i64> {
    values.iter().filter_map(|user| user["id"].as_i64()).collect()
}

/// The README's first example: every user, not the first offset page of 100.
#[tokio::test]
async fn list_users_streams_every_user_because_it_asks_for_cursor_pages() {
    let sim = simulator(250).await;
    let client = client_for(&sim);
    let users: Vec<_> = client.list_users().stream().collect().await;
    let users: Vec<_> = users.into_iter().collect::<Result<_, _>>().expect("every user");
    let streamed: BTreeSet<i64> = users.iter().map(|user| user.id).collect();
    assert_eq!(streamed, ids_of(&sim.live_users()));
    assert_eq!(users.len(), streamed.len(), "no user twice");
    let requests = requests_to(&sim, "/api/v2/users");
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert!(
            request.query.contains(&("page[size]".to_string(), "100".to_string())),
            "{request:?}"
        );
    }
}

/// The offboarding program: all five identities, not two.
#[tokio::test]
async fn list_user_identities_streams_every_identity() {
    let sim = simulator(30).await;
    let client = client_for(&sim);
    let user_id = ids_of(&sim.live_users())
        .into_iter()
        .map(|id| id as u64)
        .max_by_key(|id| sim.identities(*id).len())
        .expect("a user with identities");
    for n in 0..4 {
        client
            .create_user_identity(
                user_id as i64,
                zendesk_users::models::IdentityCreateRequest::new(zendesk_users::models::IdentityCreate::new(
                    zendesk_users::models::IdentityType::Email,
                    format!("extra{n}@example.org"),
                )),
            )
            .await
            .expect("an identity is added");
    }
    let expected = ids_of(&sim.identities(user_id));
    assert!(expected.len() >= 5, "{expected:?}");
    // A page size of 2 makes the listing span pages, as it would past 100 identities.
    let identities: Vec<_> = client
        .list_user_identities(user_id as i64)
        .page_size(2)
        .stream()
        .collect()
        .await;
    let streamed: BTreeSet<i64> = identities
        .into_iter()
        .map(|identity| identity.expect("every identity").id)
        .collect();
    assert_eq!(streamed, expected);
}

/// The sync program: organization names from the cursor export's pages, and the
/// cursor to resume from, without rewriting the export loop.
#[tokio::test(start_paused = true)]
async fn the_cursor_export_hands_out_pages_with_their_sideloads_and_the_resume_cursor() {
    let sim = simulator(60).await;
    let client = client_for(&sim);
    let start = sim.now_unix() - 30 * 24 * 3600;
    let mut pages = client
        .incremental_user_export_cursor()
        .start_time(start)
        .per_page(25)
        .include([UserSideload::Organizations])
        .pages();
    let (mut users, mut organizations, mut page_count) = (BTreeSet::new(), 0, 0);
    while let Some(page) = pages.next().await {
        let page = page.expect("a page").into_body();
        page_count += 1;
        organizations += page.organizations.as_ref().map_or(0, Vec::len);
        users.extend(page.users.iter().map(|user| user.id));
    }
    assert!(page_count >= 3, "{page_count} pages");
    assert!(organizations > 0, "the organizations sideload is on the pages");
    assert!(pages.reached_end_of_stream());
    assert!(pages.next_cursor().is_some(), "where the next run starts");
    assert!(users.len() >= 50, "{} users", users.len());
    // Sent with the sideload, paced (paused clock) and resumable.
    let sent = requests_to(&sim, "/api/v2/incremental/users/cursor");
    assert!(sent.iter().all(|request| request
        .query
        .contains(&("include".to_string(), "organizations".to_string()))));
}

#[tokio::test(start_paused = true)]
async fn the_time_export_hands_out_pages_with_their_sideloads_and_the_next_start_time() {
    let sim = simulator(40).await;
    let client = client_for(&sim);
    let start = sim.now_unix() - 30 * 24 * 3600;
    let mut pages = client
        .incremental_user_export_time(start)
        .per_page(15)
        .include([UserSideload::Identities])
        .pages();
    let (mut users, mut identities) = (0, 0);
    while let Some(page) = pages.next().await {
        let page = page.expect("a page").into_body();
        users += page.users.len();
        identities += page.identities.as_ref().map_or(0, Vec::len);
    }
    assert!(users >= 40, "{users} users");
    assert!(identities >= users, "every user has an email identity: {identities}");
    assert!(pages.reached_end_of_stream());
    assert!(pages.next_start_time() > start);
}

/// Zendesk's export limit is one per account: what the time export's answer says
/// of it holds back the cursor export too (the rate budget's export scope), so a
/// spent minute is waited out instead of refused with a 429.
#[tokio::test(start_paused = true)]
async fn the_export_limit_reported_on_one_export_holds_back_the_other() {
    let sim = zendesk_users_sim::Simulator::builder()
        .users(3)
        .export_limit_per_minute(2)
        .start()
        .await
        .expect("the simulator starts on 127.0.0.1");
    // The default pace (one export request per 6 s) and the rate budget on.
    let client = super::builder_for(&sim).build().expect("a client");
    let start_time = sim.now_unix() - 3600;
    let started = tokio::time::Instant::now();
    client
        .incremental_user_export_time(start_time)
        .send()
        .await
        .expect("first export");
    client
        .incremental_user_export_cursor()
        .start_time(start_time)
        .send()
        .await
        .expect("second export, one interval later; the minute's exports are spent");
    assert_eq!(started.elapsed(), std::time::Duration::from_secs(6));
    client
        .incremental_user_export_time(start_time)
        .send()
        .await
        .expect("third export");
    let exports = sim
        .requests()
        .into_iter()
        .filter(|request| request.path.starts_with("/api/v2/incremental/"))
        .count();
    assert_eq!(
        exports, 3,
        "the third export waited for the window instead of being refused"
    );
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(60),
        "the sim's window is a minute from the first export: {:?}",
        started.elapsed()
    );
}
