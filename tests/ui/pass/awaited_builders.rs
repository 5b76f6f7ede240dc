//! The everyday style: a builder is awaited for its decoded body, `send` still
//! gives the status and headers, every builder takes its own deadline, and the
//! awaited future can be spawned (it is `Send`) and named.

use std::future::IntoFuture;
use std::time::Duration;
use zendesk_users::{models, Client, Error, Nullable, Response, ShowUser};

fn main() {}

#[allow(dead_code)]
async fn everyday(client: &Client) -> Result<(), Error> {
    let user: models::User = client.show_user(35_436).await?.user;
    let update = models::UserUpdate {
        phone: Nullable::Value("+15551234567".to_string()),
        organization_id: Nullable::Null,
        ..Default::default()
    };
    let _: models::User = client.update_user(user.id, update).await?.user;
    let job = client
        .create_or_update_many_users(vec![models::UserCreateOrUpdate::new()])
        .deadline(Duration::from_secs(30))
        .await?
        .job_status;
    let _: String = job.id;
    let _: () = client.delete_session(1, 2).await?;
    let full: Response<models::UserResponse> = client.show_user(1).deadline(Duration::from_secs(5)).send().await?;
    let _ = full.status();
    Ok(())
}

#[allow(dead_code)]
fn the_future_is_named_and_send(client: &'static Client) {
    fn spawnable<F: std::future::Future + Send + 'static>(_: F) {}
    let future: <ShowUser<'static> as IntoFuture>::IntoFuture = client.show_user(1).into_future();
    spawnable(future);
}
