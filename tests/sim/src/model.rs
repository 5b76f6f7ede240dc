//! The stored account: users with their identities, memberships, sessions and skips, the
//! organizations and groups they belong to, and how a user is rendered as Zendesk's User JSON
//! (seed 003, "JSON format": every property present, `null` when unset).

use crate::clock::rfc3339;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Where a user is in its life: listed, soft-deleted (`deleted_users`), or permanently deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Life {
    Live,
    SoftDeleted,
    PermanentlyDeleted,
}

/// One identity of a user (email, phone number, twitter...).
#[derive(Debug, Clone)]
pub(crate) struct Identity {
    pub(crate) id: u64,
    pub(crate) kind: String,
    pub(crate) value: String,
    pub(crate) verified: bool,
    pub(crate) primary: bool,
    pub(crate) created_at: i64,
    pub(crate) updated_at: i64,
}

/// A user's membership of an organization.
#[derive(Debug, Clone)]
pub(crate) struct OrganizationMembership {
    pub(crate) id: u64,
    pub(crate) organization_id: u64,
    pub(crate) default: bool,
    pub(crate) created_at: i64,
}

/// An agent's membership of a group.
#[derive(Debug, Clone)]
pub(crate) struct GroupMembership {
    pub(crate) id: u64,
    pub(crate) group_id: u64,
    pub(crate) default: bool,
    pub(crate) created_at: i64,
}

/// A ticket an agent skipped.
#[derive(Debug, Clone)]
pub(crate) struct Skip {
    pub(crate) id: u64,
    pub(crate) ticket_id: u64,
    pub(crate) reason: String,
    pub(crate) created_at: i64,
}

/// A stored user. `fields` holds the writable properties of the User JSON as last written
/// (a property sent as `null` is stored as `null`); the rest is derived when rendering.
#[derive(Debug, Clone)]
pub(crate) struct User {
    pub(crate) id: u64,
    pub(crate) fields: Map<String, Value>,
    pub(crate) identities: Vec<Identity>,
    pub(crate) organization_memberships: Vec<OrganizationMembership>,
    pub(crate) group_memberships: Vec<GroupMembership>,
    pub(crate) sessions: Vec<u64>,
    pub(crate) skips: Vec<Skip>,
    pub(crate) photo: Option<Value>,
    pub(crate) password: Option<String>,
    pub(crate) life: Life,
    pub(crate) created_at: i64,
    pub(crate) updated_at: i64,
    pub(crate) deleted_at: Option<i64>,
}

/// The writable properties of seed 003's User JSON, all present (as `null`) on a new user.
pub(crate) const WRITABLE_PROPERTIES: &[&str] = &[
    "alias",
    "custom_role_id",
    "default_group_id",
    "details",
    "external_id",
    "locale",
    "locale_id",
    "moderator",
    "name",
    "notes",
    "only_private_comments",
    "phone",
    "remote_photo_url",
    "restricted_agent",
    "role",
    "shared_phone_number",
    "signature",
    "suspended",
    "tags",
    "ticket_restriction",
    "time_zone",
    "user_fields",
];

/// Read-only properties of seed 003's User JSON: accepted in a body and ignored.
pub(crate) const READ_ONLY_PROPERTIES: &[&str] = &[
    "id",
    "url",
    "active",
    "chat_only",
    "created_at",
    "updated_at",
    "iana_time_zone",
    "last_login_at",
    "report_csv",
    "role_type",
    "shared",
    "shared_agent",
    "two_factor_auth_enabled",
];

impl User {
    /// A user with every writable property unset except the defaults Zendesk gives a new user.
    pub(crate) fn new(id: u64, now: i64) -> User {
        let mut fields = Map::new();
        for property in WRITABLE_PROPERTIES {
            fields.insert((*property).to_owned(), Value::Null);
        }
        fields.insert("role".into(), json!("end-user"));
        fields.insert("locale".into(), json!("en-US"));
        fields.insert("locale_id".into(), json!(1));
        fields.insert("time_zone".into(), json!("Copenhagen"));
        fields.insert("tags".into(), json!([]));
        fields.insert("user_fields".into(), json!({}));
        fields.insert("suspended".into(), json!(false));
        fields.insert("moderator".into(), json!(false));
        fields.insert("only_private_comments".into(), json!(false));
        fields.insert("shared_phone_number".into(), Value::Null);
        fields.insert("restricted_agent".into(), json!(true));
        fields.insert("details".into(), json!(""));
        fields.insert("notes".into(), json!(""));
        User {
            id,
            fields,
            identities: Vec::new(),
            organization_memberships: Vec::new(),
            group_memberships: Vec::new(),
            sessions: Vec::new(),
            skips: Vec::new(),
            photo: None,
            password: None,
            life: Life::Live,
            created_at: now,
            updated_at: now,
            deleted_at: None,
        }
    }

    /// A string property, if set.
    pub(crate) fn text(&self, property: &str) -> Option<&str> {
        self.fields.get(property).and_then(Value::as_str)
    }

    /// The role (`end-user`, `agent` or `admin`).
    pub(crate) fn role(&self) -> &str {
        self.text("role").unwrap_or("end-user")
    }

    /// The primary email identity's address: the User JSON's `email`.
    pub(crate) fn primary_email(&self) -> Option<&str> {
        self.identities
            .iter()
            .find(|identity| identity.kind == "email" && identity.primary)
            .map(|identity| identity.value.as_str())
    }

    /// Every email address of the user, lowercased.
    pub(crate) fn emails(&self) -> impl Iterator<Item = String> + '_ {
        self.identities
            .iter()
            .filter(|identity| identity.kind == "email")
            .map(|identity| identity.value.to_lowercase())
    }

    /// The default organization: the User JSON's `organization_id`.
    pub(crate) fn organization_id(&self) -> Option<u64> {
        self.organization_memberships
            .iter()
            .find(|membership| membership.default)
            .map(|membership| membership.organization_id)
    }

    /// Seed 003: `role_type` is 4 for an admin, 0 for a custom agent, null for an end user.
    fn role_type(&self) -> Value {
        match self.role() {
            "admin" => json!(4),
            "agent" => json!(0),
            _ => Value::Null,
        }
    }

    /// The User JSON as an admin sees it (seed 003, the second example of "JSON format").
    pub(crate) fn render(&self, base_url: &str) -> Value {
        let mut user = self.fields.clone();
        if self.life == Life::PermanentlyDeleted {
            // Seed 003, "List Deleted Users": personal data is null, the name is fixed.
            user.insert("name".into(), json!("Permanently Deleted User"));
            user.insert("phone".into(), Value::Null);
            user.insert("external_id".into(), Value::Null);
        }
        let email = if self.life == Life::PermanentlyDeleted {
            None
        } else {
            self.primary_email()
        };
        user.insert("id".into(), json!(self.id));
        user.insert("url".into(), json!(format!("{base_url}/api/v2/users/{}.json", self.id)));
        user.insert("email".into(), json!(email));
        user.insert("active".into(), json!(self.life == Life::Live));
        user.insert(
            "verified".into(),
            json!(self.identities.iter().any(|identity| identity.verified)),
        );
        user.insert("organization_id".into(), json!(self.organization_id()));
        user.insert("photo".into(), self.photo.clone().unwrap_or(Value::Null));
        user.insert("created_at".into(), json!(rfc3339(self.created_at)));
        user.insert("updated_at".into(), json!(rfc3339(self.updated_at)));
        user.insert("last_login_at".into(), Value::Null);
        user.insert("role_type".into(), self.role_type());
        user.insert("chat_only".into(), json!(false));
        user.insert("shared".into(), json!(false));
        user.insert("shared_agent".into(), json!(false));
        user.insert("two_factor_auth_enabled".into(), json!(false));
        user.insert("report_csv".into(), json!(false));
        user.insert("iana_time_zone".into(), json!(iana_time_zone(self.text("time_zone"))));
        Value::Object(user)
    }
}

/// The IANA name of the few Zendesk time-zone names the simulator seeds.
fn iana_time_zone(zendesk_name: Option<&str>) -> Option<&'static str> {
    match zendesk_name? {
        "Copenhagen" => Some("Europe/Copenhagen"),
        "Eastern Time (US & Canada)" => Some("America/New_York"),
        "UTC" => Some("Etc/UTC"),
        _ => None,
    }
}

impl Identity {
    /// Seed 003 / reference `UserIdentityObject`.
    pub(crate) fn render(&self, user_id: u64, base_url: &str) -> Value {
        let mut identity = json!({
            "id": self.id,
            "url": format!("{base_url}/api/v2/users/{user_id}/identities/{}.json", self.id),
            "user_id": user_id,
            "type": self.kind,
            "value": self.value,
            "verified": self.verified,
            "primary": self.primary,
            "verification_method": if self.verified { "low" } else { "none" },
            "created_at": rfc3339(self.created_at),
            "updated_at": rfc3339(self.updated_at),
            "undeliverable_count": 0,
        });
        if self.kind == "email" {
            identity["deliverable_state"] = json!("deliverable");
        }
        identity
    }
}

/// An organization users can belong to.
#[derive(Debug, Clone)]
pub(crate) struct Organization {
    pub(crate) id: u64,
    pub(crate) name: String,
}

/// A group agents can belong to.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    pub(crate) id: u64,
    pub(crate) name: String,
}

/// Every record of the simulated account.
#[derive(Debug, Default)]
pub(crate) struct Account {
    pub(crate) users: BTreeMap<u64, User>,
    pub(crate) organizations: BTreeMap<u64, Organization>,
    pub(crate) groups: BTreeMap<u64, Group>,
    /// The next id handed out to any record (users, identities, memberships...): one counter
    /// keeps ids unique across kinds, which Zendesk's ids also are in practice.
    pub(crate) next_id: u64,
}

impl Account {
    /// A fresh id.
    pub(crate) fn allocate_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// The live user with `email` among its email identities (case-insensitive).
    pub(crate) fn live_user_by_email(&self, email: &str) -> Option<u64> {
        let wanted = email.to_lowercase();
        self.users
            .values()
            .find(|user| user.life == Life::Live && user.emails().any(|known| known == wanted))
            .map(|user| user.id)
    }

    /// The live user with `external_id` (case-insensitive, seed 003: "The API treats the id as
    /// case insensitive").
    pub(crate) fn live_user_by_external_id(&self, external_id: &str) -> Option<u64> {
        self.users
            .values()
            .find(|user| {
                user.life == Life::Live
                    && user
                        .text("external_id")
                        .is_some_and(|known| known.eq_ignore_ascii_case(external_id))
            })
            .map(|user| user.id)
    }

    /// The organization named `name`, created when missing (seed 003, "Create User": a user
    /// "can also be added to a named organization").
    pub(crate) fn organization_named(&mut self, name: &str) -> u64 {
        if let Some(found) = self
            .organizations
            .values()
            .find(|organization| organization.name == name)
        {
            return found.id;
        }
        let id = self.allocate_id();
        self.organizations.insert(
            id,
            Organization {
                id,
                name: name.to_owned(),
            },
        );
        id
    }
}
