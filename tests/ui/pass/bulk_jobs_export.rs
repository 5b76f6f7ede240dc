//! Bulk operations, the background jobs they start, and the time-based
//! incremental export with its resume point.

use std::time::Duration;

use futures::StreamExt;
use zendesk_users::{models, Client, Error, FinishedJob, JobResult, JobState, JobWait, Nullable, TimeExport};

fn main() {}

#[allow(dead_code)]
async fn bulk_writes(client: &Client) -> Result<(), Error> {
    let people: Vec<models::UserCreate> = (1..=3)
        .map(|n| models::UserCreate {
            external_id: Some(format!("hr-{n}")),
            ..models::UserCreate::new(format!("Person {n}"))
        })
        .collect();
    let job: models::JobStatus = client
        .create_many_users(models::UsersCreateManyRequest::new(people))
        .send()
        .await?
        .into_body()
        .job_status;
    let _: String = job.id;

    let upserts = vec![models::UserCreateOrUpdate {
        email: Some("a@example.org".to_string()),
        ..Default::default()
    }];
    let _ = client
        .create_or_update_many_users(models::UsersCreateOrUpdateManyRequest::new(upserts))
        .send()
        .await?;

    // The same change for many users, chosen by `ids` or `external_ids`...
    let same_change = models::UsersUpdateManyRequest::UsersBulkUpdateRequest(models::UsersBulkUpdateRequest::new(
        models::UserUpdate {
            organization_id: Nullable::Null,
            ..Default::default()
        },
    ));
    let _ = client
        .update_many_users(same_change.clone())
        .ids([1_i64, 2, 3])
        .send()
        .await?;
    let _ = client
        .update_many_users(same_change)
        .external_ids(["hr-1", "hr-2"])
        .send()
        .await?;
    // ...or a different change per user.
    let per_user = models::UsersUpdateManyRequest::UsersBatchUpdateRequest(models::UsersBatchUpdateRequest::new(vec![
        models::UserBatchUpdate {
            suspended: Some(true),
            ..models::UserBatchUpdate::new(1)
        },
        models::UserBatchUpdate {
            ticket_restriction: Nullable::Null,
            ..models::UserBatchUpdate::new(2)
        },
    ]));
    let _ = client.update_many_users(per_user).send().await?;

    let _ = client.destroy_many_users().ids([4_i64, 5]).send().await?;
    let _ = client
        .destroy_many_users()
        .external_ids(vec!["hr-4".to_string()])
        .send()
        .await?;
    let () = client.logout_many_users().ids([6_i64, 7]).send().await?.into_body();
    Ok(())
}

#[allow(dead_code)]
async fn jobs(client: &Client) -> Result<(), Error> {
    let status: models::JobStatus = client
        .show_job_status("8b726e606741012ffc2d782bcb7848fe")
        .send()
        .await?
        .into_body()
        .job_status;
    let _: Option<&String> = status.status.value();
    let _: Option<&Vec<models::JobStatusResult>> = status.results.value();
    let _ = client.show_job_status(status.id.clone()).send().await?;

    let finished: FinishedJob = client.wait_for_job(status.id, JobWait::default()).await?;
    let quick = JobWait {
        interval: Duration::from_millis(500),
        deadline: Duration::from_secs(30),
    };
    let _ = client.wait_for_job("another-job", quick).await?;
    match &finished.state {
        JobState::Completed => {}
        JobState::Failed | JobState::Killed => eprintln!("job stopped: {:?}", finished.message),
        JobState::Queued | JobState::Working | JobState::Other(_) => unreachable!("wait_for_job returns finished jobs"),
    }
    let failures: Vec<&JobResult> = finished.failures().collect();
    for failure in failures {
        let _: (Option<usize>, Option<&String>, Option<&String>) =
            (failure.index, failure.error.as_ref(), failure.details.as_ref());
        let _: String = format!("{failure} in a job that ended {}", finished.state);
    }
    let _: Option<models::JobStatus> = serde_json::from_value(finished.job_status.clone()).ok();
    Ok(())
}

#[allow(dead_code)]
async fn incremental_export(client: &Client) -> Result<i64, Error> {
    let page: models::IncrementalUsersPage = client
        .incremental_user_export_time(1_700_000_000)
        .per_page(1000)
        .include([models::UserSideload::Identities])
        .send()
        .await?
        .into_body();
    let _: Option<&i64> = page.end_time.value();
    let _: Option<&Vec<models::UserIdentity>> = page.identities.value();

    // `TimeExport` is a named, `Unpin` stream: no pinning needed, and it can be
    // asked where the next run starts.
    let mut export: TimeExport<'_, models::User> = client.incremental_user_export_time(1_700_000_000).stream();
    while let Some(user) = export.next().await {
        let user: models::User = user?;
        let _ = user.updated_at.value();
    }
    let _: bool = export.reached_end_of_stream();
    Ok(export.next_start_time())
}

#[allow(dead_code)]
fn export_is_send(client: &Client) {
    fn send<T: Send>(_: T) {}
    fn unpin<T: Unpin>(_: T) {}
    send(client.incremental_user_export_time(0).stream());
    unpin(client.incremental_user_export_time(0).stream());
    send(client.wait_for_job("job", JobWait::default()));
}
