//! State: what is written is listed, shown, searched, counted, updated and deleted as Zendesk
//! documents it.

use crate::{ids, Api};
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn a_created_user_is_listed_shown_searched_and_counted() {
    let api = Api::start(10).await;
    let created = api
        .post(
            "/api/v2/users",
            json!({"user": {"name": "Roger Wilco", "email": "roger@example.com"}}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let user_id = created.body["user"]["id"].as_u64().unwrap();
    assert_eq!(
        created.body["user"]["role"], "end-user",
        "seed 003: no role means end user"
    );
    assert!(ids(&api.get("/api/v2/users").await.body["users"]).contains(&user_id));
    assert_eq!(
        api.get(&format!("/api/v2/users/{user_id}.json")).await.body["user"]["email"],
        "roger@example.com"
    );
    assert_eq!(
        ids(&api.get("/api/v2/users/search?query=email:roger@example.com").await.body["users"]),
        vec![user_id]
    );
    assert_eq!(api.get("/api/v2/users/count").await.body["count"]["value"], 11);
}

#[tokio::test]
async fn an_update_leaves_absent_properties_alone_and_clears_null_ones() {
    let api = Api::start(10).await;
    let created = api
        .post(
            "/api/v2/users",
            json!({"user": {"name": "Ann", "notes": "keep me", "alias": "A", "details": "Street 1"}}),
        )
        .await;
    let user_id = created.body["user"]["id"].as_u64().unwrap();
    let updated = api
        .put(
            &format!("/api/v2/users/{user_id}"),
            json!({"user": {"alias": null, "details": "Street 2"}}),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK);
    let user = api.get(&format!("/api/v2/users/{user_id}")).await.body["user"].clone();
    assert_eq!(user["notes"], "keep me");
    assert_eq!(user["alias"], Value::Null);
    assert_eq!(user["details"], "Street 2");
    assert_eq!(user["name"], "Ann");
}

#[tokio::test]
async fn email_on_update_adds_a_secondary_identity_and_keeps_the_primary() {
    let api = Api::start(10).await;
    let user_id = api
        .sim
        .insert_user(json!({"name": "Bo", "email": "bo@example.com"}))
        .unwrap();
    api.put(
        &format!("/api/v2/users/{user_id}"),
        json!({"user": {"email": "bo2@example.com"}}),
    )
    .await;
    let user = api.sim.user(user_id).unwrap();
    assert_eq!(user["email"], "bo@example.com");
    let identities = api.sim.identities(user_id);
    assert_eq!(identities.len(), 2);
    assert_eq!(identities[1]["value"], "bo2@example.com");
    assert_eq!(identities[1]["primary"], false);
    assert_eq!(identities[1]["verified"], false);
}

#[tokio::test]
async fn delete_moves_the_user_to_deleted_users_and_permanent_deletion_redacts_it() {
    let api = Api::start(10).await;
    let user_id = api
        .sim
        .insert_user(json!({"name": "Gone Soon", "email": "gone@example.com"}))
        .unwrap();
    let deleted = api.delete(&format!("/api/v2/users/{user_id}")).await;
    assert_eq!(deleted.status, StatusCode::OK);
    assert_eq!(deleted.body["user"]["active"], false);
    assert!(!ids(&api.get("/api/v2/users").await.body["users"]).contains(&user_id));
    assert_eq!(
        api.get(&format!("/api/v2/deleted_users/{user_id}")).await.body["deleted_user"]["email"],
        "gone@example.com"
    );
    assert_eq!(api.get("/api/v2/deleted_users/count").await.body["count"]["value"], 1);

    let permanent = api.delete(&format!("/api/v2/deleted_users/{user_id}")).await;
    assert_eq!(permanent.status, StatusCode::OK);
    assert_eq!(
        api.get(&format!("/api/v2/deleted_users/{user_id}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.get(&format!("/api/v2/users/{user_id}")).await.status,
        StatusCode::NOT_FOUND
    );
    let listed = api.get("/api/v2/deleted_users").await;
    assert_eq!(listed.body["deleted_users"][0]["name"], "Permanently Deleted User");
    assert_eq!(listed.body["deleted_users"][0]["email"], Value::Null);
}

#[tokio::test]
async fn a_live_user_cannot_be_deleted_permanently() {
    let api = Api::start(10).await;
    let user_id = api.first_with_role("end-user");
    assert_eq!(
        api.delete(&format!("/api/v2/deleted_users/{user_id}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn create_or_update_creates_with_201_then_updates_the_same_email_with_200() {
    let api = Api::start(10).await;
    let body = json!({"user": {"name": "Roger", "email": "roger@example.com"}});
    let created = api.post("/api/v2/users/create_or_update", body).await;
    assert_eq!(created.status, StatusCode::CREATED);
    let user_id = created.body["user"]["id"].as_u64().unwrap();
    assert_eq!(created.header("location"), format!("/api/v2/users/{user_id}.json"));
    let updated = api
        .post(
            "/api/v2/users/create_or_update",
            json!({"user": {"name": "Roger II", "email": "ROGER@example.com"}}),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK);
    assert_eq!(updated.body["user"]["id"], user_id);
    assert_eq!(updated.body["user"]["name"], "Roger II");
    assert_eq!(updated.header("location"), format!("/api/v2/users/{user_id}.json"));
}

#[tokio::test]
async fn create_or_update_matches_the_external_id_ignoring_case_and_takes_the_new_case() {
    let api = Api::start(10).await;
    let user_id = api
        .sim
        .insert_user(json!({"name": "Ext", "external_id": "acct-1"}))
        .unwrap();
    let updated = api
        .post(
            "/api/v2/users/create_or_update",
            json!({"user": {"name": "Ext 2", "external_id": "ACCT-1"}}),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK);
    assert_eq!(updated.body["user"]["id"], user_id);
    assert_eq!(updated.body["user"]["external_id"], "ACCT-1");
}

fn primary_emails(api: &Api, user_id: u64) -> Vec<String> {
    api.sim
        .identities(user_id)
        .iter()
        .filter(|identity| identity["type"] == "email" && identity["primary"] == true)
        .map(|identity| identity["value"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn identities_are_added_verified_made_primary_and_deleted_with_one_primary_email() {
    let api = Api::start(10).await;
    let user_id = api
        .sim
        .insert_user(json!({"name": "Id", "email": "one@example.com"}))
        .unwrap();
    let added = api
        .post(
            &format!("/api/v2/users/{user_id}/identities"),
            json!({"identity": {"type": "email", "value": "two@example.com"}}),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED);
    assert_eq!(added.body["identity"]["primary"], false);
    let identity_id = added.body["identity"]["id"].as_u64().unwrap();
    let verified = api
        .put(
            &format!("/api/v2/users/{user_id}/identities/{identity_id}/verify"),
            json!({}),
        )
        .await;
    assert_eq!(verified.body["identity"]["verified"], true);
    let all = api
        .put(
            &format!("/api/v2/users/{user_id}/identities/{identity_id}/make_primary"),
            json!({}),
        )
        .await;
    assert_eq!(all.body["identities"].as_array().unwrap().len(), 2);
    assert_eq!(primary_emails(&api, user_id), vec!["two@example.com"]);
    assert_eq!(api.sim.user(user_id).unwrap()["email"], "two@example.com");
    let deleted = api
        .delete(&format!("/api/v2/users/{user_id}/identities/{identity_id}"))
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(primary_emails(&api, user_id), vec!["one@example.com"]);
}

#[tokio::test]
async fn updating_an_identity_cannot_change_primary() {
    let api = Api::start(10).await;
    let user_id = api.sim.insert_user(json!({"name": "Id", "email": "one@example.com", "identities": [{"type": "email", "value": "two@example.com"}]})).unwrap();
    let second = api.sim.identities(user_id)[1]["id"].as_u64().unwrap();
    let updated = api
        .put(
            &format!("/api/v2/users/{user_id}/identities/{second}"),
            json!({"identity": {"primary": true, "verified": true}}),
        )
        .await;
    assert_eq!(updated.body["identity"]["primary"], false);
    assert_eq!(updated.body["identity"]["verified"], true);
    assert_eq!(primary_emails(&api, user_id), vec!["one@example.com"]);
}

#[tokio::test]
async fn an_identity_email_used_by_another_user_is_422() {
    let api = Api::start(10).await;
    let user_id = api.first_with_role("end-user");
    let refused = api
        .post(
            &format!("/api/v2/users/{user_id}/identities"),
            json!({"identity": {"type": "email", "value": api.sim.email()}}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.body["details"]["value"][0]["error"], "DuplicateValue");
}

#[tokio::test]
async fn passwords_are_set_checked_and_only_your_own_is_changed() {
    let api = Api::start(10).await;
    let user_id = api.first_with_role("end-user");
    let owner = api.sim.owner_id();
    assert_eq!(
        api.post(
            &format!("/api/v2/users/{user_id}/password"),
            json!({"password": "s3cret!"})
        )
        .await
        .status,
        StatusCode::OK
    );
    assert_eq!(
        api.post(&format!("/api/v2/users/{user_id}/password"), json!({"password": "abc"}))
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let other = api
        .put(
            &format!("/api/v2/users/{user_id}/password"),
            json!({"previous_password": "s3cret!", "password": "n3w-one"}),
        )
        .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    let wrong = api
        .put(
            &format!("/api/v2/users/{owner}/password"),
            json!({"previous_password": "nope", "password": "n3w-one"}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let right = api
        .put(
            &format!("/api/v2/users/{owner}/password"),
            json!({"previous_password": zendesk_users_sim::DEFAULT_PASSWORD, "password": "n3w-one"}),
        )
        .await;
    assert_eq!(right.status, StatusCode::OK);
    let requirements = api.get(&format!("/api/v2/users/{user_id}/password/requirements")).await;
    assert_eq!(requirements.body["requirements"][0], "must be at least 5 characters");
}

#[tokio::test]
async fn sessions_are_shown_and_deleted() {
    let api = Api::start(10).await;
    let mine = api.get("/api/v2/users/me/session").await;
    assert_eq!(mine.status, StatusCode::OK);
    let owner = api.sim.owner_id();
    let session_id = mine.body["session"]["id"].as_u64().unwrap();
    assert_eq!(
        api.get(&format!("/api/v2/users/{owner}/sessions/{session_id}"))
            .await
            .body["session"]["user_id"],
        owner
    );
    assert!(api.get("/api/v2/users/me/session/renew").await.body["authenticity_token"].is_string());
    let user_id = api.first_with_role("end-user");
    assert_eq!(
        api.delete(&format!("/api/v2/users/{user_id}/sessions")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.delete(&format!("/api/v2/users/{owner}/sessions/{session_id}"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.get(&format!("/api/v2/users/{owner}/sessions/{session_id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.delete("/api/v2/users/me/logout").await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.post("/api/v2/users/logout_many?ids=1,2", json!({})).await.status,
        StatusCode::ACCEPTED
    );
}

#[tokio::test]
async fn organization_memberships_set_the_default_organization_and_can_be_removed() {
    let api = Api::start(20).await;
    // Seeded end user 9 (index 9) belongs to two organizations.
    let user = api
        .sim
        .live_users()
        .into_iter()
        .find(|user| user["name"].as_str().unwrap().ends_with(" 9"))
        .unwrap();
    let user_id = user["id"].as_u64().unwrap();
    let before = user["organization_id"].as_u64().unwrap();
    let organizations = api
        .get(&format!("/api/v2/users/{user_id}?include=organizations"))
        .await
        .body["organizations"]
        .clone();
    let other = ids(&organizations)
        .into_iter()
        .find(|organization| *organization != before)
        .unwrap();
    let made = api
        .put(
            &format!("/api/v2/users/{user_id}/organizations/{other}/make_default"),
            json!({}),
        )
        .await;
    assert_eq!(made.body["organization_membership"]["organization_id"], other);
    assert_eq!(api.sim.user(user_id).unwrap()["organization_id"], other);
    assert_eq!(
        api.delete(&format!("/api/v2/users/{user_id}/organizations/{other}"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(api.sim.user(user_id).unwrap()["organization_id"], before);
    assert_eq!(
        api.get(&format!("/api/v2/organizations/{before}/users/count"))
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn group_users_list_the_agents_of_the_group() {
    let api = Api::start(20).await;
    let agent = api.first_with_role("agent");
    let groups = api.get(&format!("/api/v2/users/{agent}?include=groups")).await.body["groups"].clone();
    assert_eq!(groups.as_array().unwrap().len(), 2);
    let group = ids(&groups)[0];
    let listed = api.get(&format!("/api/v2/groups/{group}/users")).await;
    assert!(ids(&listed.body["users"]).contains(&agent));
    // A membership id the agent does not have names nothing.
    assert_eq!(
        api.put(
            &format!("/api/v2/users/{agent}/group_memberships/1/make_default"),
            json!({})
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn merging_moves_identities_and_deletes_the_merged_end_user() {
    let api = Api::start(10).await;
    let source = api
        .sim
        .insert_user(json!({"name": "Dup", "email": "dup@example.com"}))
        .unwrap();
    let target = api
        .sim
        .insert_user(json!({"name": "Keep", "email": "keep@example.com"}))
        .unwrap();
    let merged = api
        .put(
            &format!("/api/v2/users/{source}/merge"),
            json!({"user": {"id": target}}),
        )
        .await;
    assert_eq!(merged.status, StatusCode::OK);
    assert_eq!(merged.body["user"]["id"], target);
    assert_eq!(merged.body["user"]["email"], "keep@example.com");
    assert_eq!(api.sim.identities(target).len(), 2);
    assert_eq!(api.sim.user(source).unwrap()["active"], false);
    let agent = api.first_with_role("agent");
    let refused = api
        .put(&format!("/api/v2/users/{agent}/merge"), json!({"user": {"id": target}}))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn related_me_show_many_and_compliance_statuses_answer_in_zendesk_shapes() {
    let api = Api::start(10).await;
    let user_id = api.first_with_role("end-user");
    assert!(
        api.get(&format!("/api/v2/users/{user_id}/related")).await.body["user_related"]["requested_tickets"].is_u64()
    );
    let me = api.get("/api/v2/users/me").await;
    assert_eq!(me.body["user"]["email"], api.sim.email());
    assert!(me.body["user"]["authenticity_token"].is_string());
    let many = api
        .get(&format!(
            "/api/v2/users/show_many?ids={user_id},{}&external_ids=ext-1",
            api.sim.owner_id()
        ))
        .await;
    assert_eq!(many.body["users"].as_array().unwrap().len(), 3);
    assert_eq!(
        api.get(&format!("/api/v2/users/{user_id}/compliance_deletion_statuses"))
            .await
            .body["compliance_deletion_statuses"],
        json!([])
    );
    api.delete(&format!("/api/v2/users/{user_id}")).await;
    let statuses = api
        .get(&format!("/api/v2/users/{user_id}/compliance_deletion_statuses"))
        .await;
    assert_eq!(
        statuses.body["compliance_deletion_statuses"][0]["action"],
        "request_deletion"
    );
    assert_eq!(
        api.get("/api/v2/users/999999/compliance_deletion_statuses")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn ticket_skips_sort_descending_on_request() {
    let api = Api::start(10).await;
    let agent = api.first_with_role("agent");
    let ascending = ids(&api.get(&format!("/api/v2/users/{agent}/skips")).await.body["skips"]);
    let mut descending = ids(&api
        .get(&format!("/api/v2/users/{agent}/skips?sort_order=desc"))
        .await
        .body["skips"]);
    descending.reverse();
    assert_eq!(ascending.len(), 3);
    assert_eq!(ascending, descending);
}

#[tokio::test]
async fn a_photo_uploaded_as_multipart_shows_on_the_user() {
    let api = Api::start(10).await;
    let user_id = api.first_with_role("end-user");
    let boundary = "simboundary42";
    let image = [0x89u8, b'P', b'N', b'G', 1, 2, 3, 4, 5, 6, 7, 8];
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"user[photo][uploaded_data]\"; filename=\"me.png\"\r\nContent-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&image);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let response = api
        .http()
        .put(api.url(&format!("/api/v2/users/{user_id}.json")))
        .header("authorization", api.sim.authorization())
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let shown = api.get(&format!("/api/v2/users/{user_id}")).await.body["user"]["photo"].clone();
    assert_eq!(shown["name"], "me.png");
    assert_eq!(shown["content_type"], "image/png");
    assert_eq!(shown["size"], image.len());
    assert_eq!(shown["thumbnails"][0]["name"], "me_thumb.png");
}

#[tokio::test]
async fn a_remote_photo_url_sets_the_photo_and_null_removes_it() {
    let api = Api::start(5).await;
    let user_id = api.first_with_role("end-user");
    let set = api
        .put(
            &format!("/api/v2/users/{user_id}"),
            json!({"user": {"remote_photo_url": "http://127.0.0.1:1/pic.png"}}),
        )
        .await;
    assert_eq!(set.body["user"]["photo"]["content_url"], "http://127.0.0.1:1/pic.png");
    let removed = api
        .put(&format!("/api/v2/users/{user_id}"), json!({"user": {"photo": null}}))
        .await;
    assert_eq!(removed.body["user"]["photo"], Value::Null);
}

#[tokio::test]
async fn request_user_create_checks_the_body_and_stores_nothing() {
    let api = Api::start(5).await;
    let accepted = api
        .post(
            "/api/v2/users/request_create",
            json!({"user": {"name": "Roger", "email": "roger@example.com"}}),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK);
    assert_eq!(api.sim.live_users().len(), 5);
    let refused = api
        .post(
            "/api/v2/users/request_create",
            json!({"user": {"name": "Roger", "email": "nope"}}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn identities_filter_by_type() {
    let api = Api::start(10).await;
    let user_id = api
        .sim
        .insert_user(
            json!({"name": "T", "email": "t@example.com", "identities": [{"type": "twitter", "value": "tee"}]}),
        )
        .unwrap();
    let twitter = api
        .get(&format!("/api/v2/users/{user_id}/identities?type[]=twitter"))
        .await;
    assert_eq!(twitter.body["identities"].as_array().unwrap().len(), 1);
    assert_eq!(twitter.body["identities"][0]["value"], "tee");
}

#[tokio::test]
async fn a_custom_role_makes_an_end_user_an_agent_and_permission_set_filters_by_it() {
    let api = Api::start(5).await;
    let created = api
        .post(
            "/api/v2/users",
            json!({"user": {"name": "Light", "role": "end-user", "custom_role_id": 77}}),
        )
        .await;
    assert_eq!(created.body["user"]["role"], "agent");
    let user_id = created.body["user"]["id"].as_u64().unwrap();
    assert_eq!(
        ids(&api.get("/api/v2/users?permission_set=77").await.body["users"]),
        vec![user_id]
    );
}

#[tokio::test]
async fn a_named_organization_on_create_becomes_the_users_organization() {
    let api = Api::start(5).await;
    let created = api
        .post(
            "/api/v2/users",
            json!({"user": {"name": "Vip", "organization": {"name": "VIP Customers"}}}),
        )
        .await;
    let organization_id = created.body["user"]["organization_id"]
        .as_u64()
        .expect("an organization");
    let user_id = created.body["user"]["id"].as_u64().unwrap();
    assert_eq!(
        ids(&api
            .get(&format!("/api/v2/organizations/{organization_id}/users"))
            .await
            .body["users"]),
        vec![user_id]
    );
}

#[tokio::test]
async fn user_fields_are_merged_on_update() {
    let api = Api::start(5).await;
    let user_id = api
        .sim
        .insert_user(json!({"name": "F", "user_fields": {"a": 1, "b": "x"}}))
        .unwrap();
    let updated = api
        .put(
            &format!("/api/v2/users/{user_id}"),
            json!({"user": {"user_fields": {"b": "y"}}}),
        )
        .await;
    assert_eq!(updated.body["user"]["user_fields"], json!({"a": 1, "b": "y"}));
}

#[tokio::test]
async fn show_many_refuses_more_than_100_ids() {
    let api = Api::start(5).await;
    let many: Vec<String> = (1..=101).map(|id| id.to_string()).collect();
    assert_eq!(
        api.get(&format!("/api/v2/users/show_many?ids={}", many.join(",")))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn making_a_group_membership_the_default_unsets_the_others() {
    let api = Api::start(20).await;
    let agent = api.first_with_role("agent");
    let memberships = api.sim.group_memberships(agent);
    assert_eq!(memberships.len(), 2, "{memberships:?}");
    let (other, ..) = *memberships.iter().find(|(.., default)| !default).unwrap();
    let made = api
        .put(
            &format!("/api/v2/users/{agent}/group_memberships/{other}/make_default"),
            json!({}),
        )
        .await;
    assert_eq!(made.status, StatusCode::OK);
    let answered: Vec<(u64, bool)> = made.body["group_memberships"]
        .as_array()
        .unwrap()
        .iter()
        .map(|membership| (membership["id"].as_u64().unwrap(), membership["default"] == true))
        .collect();
    assert_eq!(answered.len(), 2, "{}", made.body);
    for (id, default) in answered {
        assert_eq!(default, id == other, "{}", made.body);
    }
    let stored: Vec<(u64, bool)> = api
        .sim
        .group_memberships(agent)
        .into_iter()
        .map(|(id, _, default)| (id, default))
        .collect();
    assert!(
        stored.iter().all(|(id, default)| *default == (*id == other)),
        "{stored:?}"
    );
}
