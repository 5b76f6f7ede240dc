//! The spec's request examples as typed values, shared by the tests of each
//! operation against wiremock (`operations/`) and the contract test against
//! Prism (`contract.rs`), so both send exactly what the spec documents.

use zendesk_users::models::{self, Role};
use zendesk_users::Nullable;

/// The identities of the spec's `CreateUser` / `CreateOrUpdateUser` request example.
pub(crate) fn roger_wilco_identities() -> Vec<models::UserIdentityCreate> {
    vec![
        models::UserIdentityCreate::new("email".to_string(), "[email protected]".to_string()),
        models::UserIdentityCreate::new("twitter".to_string(), "tester84".to_string()),
    ]
}

/// The user of the spec's `CreateUser` request example.
pub(crate) fn roger_wilco_create() -> models::UserCreate {
    let mut user = models::UserCreate::new("Roger Wilco".to_string());
    user.custom_role_id = Some(123456);
    user.email = Some("[email protected]".to_string());
    user.identities = Some(roger_wilco_identities());
    user.organization = Some(models::OrganizationByName::new("VIP Customers".to_string()));
    user.role = Some(Role::Agent);
    user
}

/// The user of the spec's `CreateOrUpdateUser` request example.
pub(crate) fn roger_wilco_create_or_update() -> models::UserCreateOrUpdate {
    models::UserCreateOrUpdate {
        custom_role_id: Nullable::Value(123456),
        email: Some("[email protected]".to_string()),
        identities: Some(roger_wilco_identities()),
        name: Some("Roger Wilco".to_string()),
        organization: Some(models::OrganizationByName::new("VIP Customers".to_string())),
        role: Some(Role::Agent),
        ..Default::default()
    }
}

/// The users of the spec's `CreateManyUsers` request example.
pub(crate) fn create_many_users_example() -> Vec<models::UserCreate> {
    let mut roger = models::UserCreate::new("Roger Wilco".to_string());
    roger.email = Some("[email protected]".to_string());
    roger.organization_id = Some(567812345);
    roger.role = Some(Role::Agent);
    let mut woger = models::UserCreate::new("Woger Rilco".to_string());
    woger.email = Some("[email protected]".to_string());
    woger.role = Some(Role::Admin);
    vec![roger, woger]
}

/// The users of the spec's `CreateOrUpdateManyUsers` request example.
pub(crate) fn create_or_update_many_users_example() -> Vec<models::UserCreateOrUpdate> {
    let woger = models::UserCreateOrUpdate {
        email: Some("[email protected]".to_string()),
        external_id: Nullable::Value("account_54321".to_string()),
        name: Some("Woger Rilco".to_string()),
        role: Some(Role::Admin),
        ..Default::default()
    };
    vec![roger_wilco_create_or_update(), woger]
}

/// The spec's `UpdateManyUsers` bulk example: one change for every listed user.
pub(crate) fn bulk_update_example() -> models::UsersUpdateManyRequest {
    let change = models::UserUpdate {
        organization_id: Nullable::Value(1),
        ..Default::default()
    };
    models::UsersUpdateManyRequest::UsersBulkUpdateRequest(models::UsersBulkUpdateRequest::new(change))
}

/// The spec's `UpdateManyUsers` batch example: a change per user.
pub(crate) fn batch_update_example() -> models::UsersUpdateManyRequest {
    let mut first = models::UserBatchUpdate::new(10071);
    first.name = Some("New Name".to_string());
    first.organization_id = Nullable::Value(1);
    let mut second = models::UserBatchUpdate::new(12307);
    second.verified = Some(true);
    models::UsersUpdateManyRequest::UsersBatchUpdateRequest(models::UsersBatchUpdateRequest::new(vec![first, second]))
}
