//! Reading users: every list, search, count and show operation, with its
//! optional query parameters, through `send`, `stream` and `pages`.

use futures::{StreamExt, TryStreamExt};
use zendesk_users::{models, Client, Error, Response};

fn main() {}

#[allow(dead_code)]
async fn list_with_every_filter(client: &Client) -> Result<(), Error> {
    let page: Response<models::UsersPage> = client
        .list_users()
        .external_id("hr-4711")
        .permission_set(42)
        .role(models::Role::Agent)
        .page_size(100)
        .page_after("cursor-after")
        .page_before("cursor-before")
        .send()
        .await?;
    let has_more: Option<bool> = page
        .body()
        .meta
        .as_ref()
        .and_then(|meta| meta.has_more.value().copied());
    let users: Vec<models::User> = page.into_body().users;
    let _ = (has_more, users);

    // Offset pagination is still accepted by the endpoint.
    let _: models::UsersPage = client.list_users().page(2).per_page(50).send().await?.into_body();

    // `role[]`: several roles at once, from enum values or parsed (strictly) from strings.
    let _ = client
        .list_users()
        .role_list([models::Role::Agent, models::Role::Admin])
        .send()
        .await?;
    let parsed: Vec<models::Role> = ["agent", "admin"].iter().filter_map(|role| role.parse().ok()).collect();
    let _ = client.list_users().role_list(parsed).send().await?;
    Ok(())
}

#[allow(dead_code)]
async fn stream_every_user(client: &Client) -> Result<(), Error> {
    let agents = client.list_users().role(models::Role::Agent).page_size(100).stream();
    futures::pin_mut!(agents);
    while let Some(agent) = agents.next().await {
        let agent: models::User = agent?;
        let _: i64 = agent.id;
        let _: Option<&String> = agent.email.value();
    }

    let in_group: Vec<models::User> = client.list_group_users(360_001).stream().try_collect().await?;
    let in_organization: Vec<models::User> = client
        .list_organization_users(360_002)
        .role_list([models::Role::EndUser])
        .stream()
        .try_collect()
        .await?;
    let _ = (in_group, in_organization);
    Ok(())
}

#[allow(dead_code)]
async fn walk_pages(client: &Client) -> Result<(), Error> {
    let pages = client
        .list_group_users(360_001)
        .external_id("hr-1")
        .page_size(10)
        .pages();
    futures::pin_mut!(pages);
    while let Some(page) = pages.next().await {
        let page: Response<models::UsersPage> = page?;
        let _ = page.rate_limit().remaining;
        let _: usize = page.body().users.len();
    }
    let first_pages: Vec<Response<models::UsersPage>> = client
        .list_organization_users(360_002)
        .pages()
        .take(3)
        .try_collect()
        .await?;
    let _ = first_pages;
    Ok(())
}

#[allow(dead_code)]
async fn search_and_autocomplete(client: &Client) -> Result<(), Error> {
    let found: models::UsersPage = client
        .search_users()
        .query("email:roge@example.org")
        .send()
        .await?
        .into_body();
    let _: Option<&i64> = found.count.value();
    let _ = client
        .search_users()
        .external_id("hr-4711")
        .page(3)
        .per_page(100)
        .send()
        .await?;

    let everyone_named_roger = client.search_users().query("name:Roger").stream();
    futures::pin_mut!(everyone_named_roger);
    while let Some(user) = everyone_named_roger.next().await {
        let _: models::User = user?;
    }

    let suggestions: models::UsersResponse = client
        .autocomplete_users("rog")
        .field_id("name")
        .source("zen:user")
        .send()
        .await?
        .into_body();
    let _: Vec<models::User> = suggestions.users;
    Ok(())
}

#[allow(dead_code)]
async fn counts(client: &Client) -> Result<(), Error> {
    let all: models::CountResponse = client
        .count_users()
        .role(models::Role::Admin)
        .permission_set(7)
        .send()
        .await?
        .into_body();
    let _: i64 = all.count.value;
    let _ = all.count.refreshed_at.value().map(|at| at.timestamp());
    let _ = client
        .count_users()
        .role_list([models::Role::Agent, models::Role::Admin])
        .send()
        .await?;
    let _ = client
        .count_group_users(360_001)
        .role(models::Role::Agent)
        .send()
        .await?;
    let _ = client
        .count_organization_users(360_002)
        .role_list([models::Role::EndUser])
        .permission_set(1)
        .send()
        .await?;
    let deleted: models::CountResponse = client.count_deleted_users().send().await?.into_body();
    let _ = deleted.count.value;
    Ok(())
}

#[allow(dead_code)]
async fn show(client: &Client) -> Result<(), Error> {
    let user: models::User = client.show_user(35_436).send().await?.into_body().user;
    let _: Option<&models::Role> = user.role.as_ref();
    let _: Option<&models::RoleType> = user.role_type.value();
    let _: Option<&models::TicketRestriction> = user.ticket_restriction.value();

    let many: models::UsersResponse = client.show_many_users().ids([1_i64, 2, 3]).send().await?.into_body();
    let _ = many.users;
    let _ = client.show_many_users().external_ids(["hr-1", "hr-2"]).send().await?;
    let ids: Vec<i64> = vec![4, 5];
    let _ = client.show_many_users().ids(ids).send().await?;

    let related: models::UserRelated = client.show_user_related(35_436).send().await?.into_body().user_related;
    let _: Option<&i64> = related.assigned_tickets.value();

    let me: models::CurrentUser = client.show_current_user().send().await?.into_body().user;
    let _: Option<&i64> = me.id.value();
    Ok(())
}

#[allow(dead_code)]
async fn deleted_users_and_compliance(client: &Client) -> Result<(), Error> {
    let deleted: models::DeletedUser = client.show_deleted_user(189_304).send().await?.into_body().deleted_user;
    let _: i64 = deleted.id;

    let page: models::DeletedUsersPage = client.list_deleted_users().page_size(50).send().await?.into_body();
    let _ = page.deleted_users;
    let _ = client
        .list_deleted_users()
        .page(1)
        .per_page(100)
        .page_before("b")
        .send()
        .await?;
    let every_deleted: Vec<models::DeletedUser> = client.list_deleted_users().stream().try_collect().await?;
    let _ = every_deleted;
    let deleted_pages = client.list_deleted_users().page_after("a").pages();
    futures::pin_mut!(deleted_pages);
    while let Some(page) = deleted_pages.next().await {
        let _: Response<models::DeletedUsersPage> = page?;
    }

    let statuses: models::ComplianceDeletionStatusesPage = client
        .show_user_compliance_deletion_statuses(35_436)
        .application("support")
        .page_size(10)
        .send()
        .await?
        .into_body();
    let _: Vec<models::ComplianceDeletionStatus> = statuses.compliance_deletion_statuses;
    let each_status = client
        .show_user_compliance_deletion_statuses(35_436)
        .page(2)
        .per_page(10)
        .stream();
    futures::pin_mut!(each_status);
    while let Some(status) = each_status.next().await {
        let _: Option<&String> = status?.action.value();
    }
    let _ = client
        .show_user_compliance_deletion_statuses(35_436)
        .page_after("x")
        .page_before("y")
        .pages();
    Ok(())
}

/// The streams hold only a borrowed client and owned parameters, so they can be
/// moved into spawned tasks, and they are `Unpin`, so `next()` works without
/// pinning them first.
#[allow(dead_code)]
fn streams_are_send_and_unpin(client: &Client) {
    fn send_and_unpin<T: Send + Unpin>(_: T) {}
    fn send<T: Send>(_: T) {}
    send_and_unpin(client.list_users().stream());
    send_and_unpin(client.list_users().pages());
    send_and_unpin(client.search_users().query("x").stream());
    send_and_unpin(client.list_deleted_users().stream());
    send_and_unpin(client.show_user_compliance_deletion_statuses(1).stream());
    send(client.show_user(1).send());
}

#[allow(dead_code)]
async fn next_without_pinning(client: &Client) -> Result<(), Error> {
    let mut users = client.list_users().stream();
    while let Some(user) = users.next().await {
        let _: models::User = user?;
    }
    Ok(())
}

/// Reading a field is one call: `Nullable` has `Option`'s vocabulary, and a
/// `Copy` value can be read through a borrowed model.
#[allow(dead_code)]
fn read_fields_like_options(user: &models::User) -> String {
    let email: &str = user.email.as_deref().unwrap_or("-");
    let organization: i64 = user.organization_id.unwrap_or(0);
    let is_agent = user.role == Some(models::Role::Agent);
    let phone: Option<String> = user.phone.clone().into();
    let _: Result<i64, &str> = user.default_group_id.ok_or("no default group");
    let _: usize = user.tags.as_ref().map(Vec::len).unwrap_or_default();
    let name_length = user.name.as_ref().map(String::len).unwrap_or(0);
    format!(
        "{} <{email}> {organization} {is_agent} {phone:?} {name_length}",
        user.name
    )
}
