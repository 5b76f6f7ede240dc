//! The data-loss guard of issue 14: `None`, `Default` and every conversion from an
//! `Option` leave a field out of the request (unchanged on the server); only
//! `Nullable::Null`, written by name, sends `null`. This program runs, so a
//! regression fails the test rather than only changing a type.

use zendesk_users::{models, Nullable};

fn body(update: &models::UserUpdate) -> serde_json::Value {
    serde_json::to_value(update).expect("a model serializes")
}

pub fn main() {
    let organization: Option<i64> = None;
    let phone: Option<String> = None;
    for update in [
        models::UserUpdate::default(),
        models::UserUpdate::new(),
        models::UserUpdate {
            organization_id: None.into(),
            ticket_restriction: None.into(),
            ..Default::default()
        },
        models::UserUpdate {
            organization_id: organization.into(),
            phone: phone.clone().into(),
            ..Default::default()
        },
        models::UserUpdate {
            organization_id: Nullable::from(organization),
            ..models::UserUpdate::default()
        },
    ] {
        assert_eq!(
            body(&update),
            serde_json::json!({}),
            "nothing is sent, so nothing is cleared"
        );
    }

    let set = models::UserUpdate {
        organization_id: Some(360_002).into(),
        phone: Some("+1 555".to_string()).into(),
        ..Default::default()
    };
    assert_eq!(
        body(&set),
        serde_json::json!({ "organization_id": 360_002, "phone": "+1 555" })
    );

    let clear = models::UserUpdate {
        organization_id: Nullable::Null,
        ..Default::default()
    };
    assert_eq!(body(&clear), serde_json::json!({ "organization_id": null }));

    // Every field Zendesk lets an update clear can be sent as `null` (issue 18).
    let clear_all = models::UserUpdate {
        alias: Nullable::Null,
        custom_role_id: Nullable::Null,
        external_id: Nullable::Null,
        phone: Nullable::Null,
        photo: Nullable::Null,
        shared_phone_number: Nullable::Null,
        ..Default::default()
    };
    assert_eq!(
        body(&clear_all),
        serde_json::json!({
            "alias": null, "custom_role_id": null, "external_id": null,
            "phone": null, "photo": null, "shared_phone_number": null
        })
    );
}
