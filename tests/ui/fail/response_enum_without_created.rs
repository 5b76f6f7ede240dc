//! create_or_update answers 200 (updated) or 201 (created); a match must handle both.
use zendesk_users::{models, Client, Error};

fn main() {}

#[allow(dead_code)]
async fn usage(client: &Client, request: models::UserCreateOrUpdateRequest) -> Result<models::User, Error> {
    let user = match client.create_or_update_user(request).send().await?.into_body() {
        models::CreateOrUpdateUserResponse::Ok(updated) => updated.user,
    };
    Ok(user)
}
