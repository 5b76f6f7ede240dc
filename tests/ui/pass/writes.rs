//! Writing single users: create, update (with the three states of a nullable
//! field), create-or-update with its two success statuses, request, merge,
//! delete and permanently delete.

use zendesk_users::{models, Client, Error, Nullable, Response};

fn main() {}

/// Run by the suite against a local server (`compile.rs`).
pub async fn create(client: &Client) -> Result<(), Error> {
    // Only the required field through `new`...
    let minimal = models::UserCreateRequest::new(models::UserCreate::new("Roger Wilco".to_string()));
    let created: Response<models::UserResponse> = client.create_user(minimal).send().await?;
    let _: Option<&str> = created.location();
    let _: i64 = created.into_body().user.id;

    // ...or every writable field, the rest filled from `new`.
    let user = models::UserCreate {
        email: Some("roge@example.org".to_string()),
        role: Some(models::Role::Agent),
        custom_role_id: Some(360_000),
        ticket_restriction: Nullable::Value(models::TicketRestriction::Groups),
        tags: Some(vec!["vip".to_string()]),
        identities: Some(vec![models::UserIdentityCreate::new(
            "email".to_string(),
            "roger@example.org".to_string(),
        )]),
        organization: Some(models::OrganizationByName::new("Sierra".to_string())),
        skip_verify_email: Some(true),
        user_fields: Some(serde_json::Map::from_iter([(
            "shoe_size".to_string(),
            serde_json::json!(42),
        )])),
        ..models::UserCreate::new("Roger Wilco".to_string())
    };
    let _ = client.create_user(models::UserCreateRequest::new(user)).send().await?;
    Ok(())
}

/// Run by the suite against a local server (`compile.rs`).
pub async fn update_with_three_states(client: &Client) -> Result<(), Error> {
    // `Nullable::Null` clears a value, `Value` sets it, `Absent` leaves it alone.
    let clear = models::UserUpdate {
        organization_id: Nullable::Null,
        ticket_restriction: Nullable::Null,
        ..Default::default()
    };
    let _ = client
        .update_user(35_436, models::UserUpdateRequest::new(clear))
        .send()
        .await?;

    let set = models::UserUpdate {
        name: Some("Roger W.".to_string()),
        organization_id: Nullable::Value(360_002),
        ticket_restriction: models::TicketRestriction::Assigned.into(),
        suspended: Some(false),
        ..Default::default()
    };
    let updated: models::User = client
        .update_user(35_436, models::UserUpdateRequest::new(set))
        .send()
        .await?
        .into_body()
        .user;
    let _ = updated;

    let keep = models::UserUpdate {
        organization_id: Nullable::Absent,
        notes: Some("keeps the organization".to_string()),
        ..Default::default()
    };
    assert!(keep.organization_id.is_absent());
    // `Option` converts too: `None` leaves the value unchanged, like every `None`.
    let from_option: Nullable<i64> = None.into();
    assert!(from_option.is_absent());
    let _ = client
        .update_user(35_436, models::UserUpdateRequest::new(keep))
        .send()
        .await?;
    Ok(())
}

/// Run by the suite against a local server (`compile.rs`).
pub async fn create_or_update(client: &Client) -> Result<(), Error> {
    let user = models::UserCreateOrUpdate {
        name: Some("Roger Wilco".to_string()),
        external_id: Nullable::Value("hr-4711".to_string()),
        organization_id: Nullable::Value(360_002),
        ..Default::default()
    };
    let response = client
        .create_or_update_user(models::UserCreateOrUpdateRequest::new(user))
        .send()
        .await?;
    let status = response.status();
    let user: models::User = match response.into_body() {
        models::CreateOrUpdateUserResponse::Created(created) => {
            assert_eq!(status.as_u16(), 201);
            created.user
        }
        models::CreateOrUpdateUserResponse::Ok(updated) => updated.user,
    };
    let _ = user;
    Ok(())
}

/// Run by the suite against a local server (`compile.rs`).
pub async fn request_merge_and_delete(client: &Client) -> Result<(), Error> {
    let request = models::UserRequestCreate {
        email: Some("roge@example.org".to_string()),
        ..models::UserRequestCreate::new("Roger".to_string())
    };
    let nothing: Response<()> = client
        .request_user_create(models::UserRequestCreateRequest::new(request))
        .send()
        .await?;
    let () = nothing.into_body();

    let merge = models::UserMergeRequest::new(models::UserMergeTarget::new(1_234));
    let merged: models::User = client.merge_end_users(35_436, merge).send().await?.into_body().user;
    let _ = merged;

    let deleted: models::User = client.delete_user(35_436).send().await?.into_body().user;
    let _ = deleted.active.value();
    let gone: models::DeletedUser = client
        .permanently_delete_user(35_436)
        .send()
        .await?
        .into_body()
        .deleted_user;
    let _ = gone.id;
    Ok(())
}
