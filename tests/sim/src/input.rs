//! Writing a User JSON body onto a stored user, with Zendesk's rules: absent properties stay as
//! they are, `null` clears, read-only properties are ignored, `email` on update adds a secondary
//! identity (seed 003, "Specifying email and verified attributes"), and the record is validated
//! (name present, emails well formed and unused, external id unused) before anything is kept.

use crate::model::{Account, Identity, Life, OrganizationMembership, User, READ_ONLY_PROPERTIES, WRITABLE_PROPERTIES};
use crate::reply::Details;
use serde_json::{Map, Value};

/// Whether the body creates the user or updates it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Write {
    Create,
    Update,
}

/// A simple well-formedness check: one `@` with text on both sides and a dot in the domain.
pub(crate) fn email_is_well_formed(email: &str) -> bool {
    let mut parts = email.split('@');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(local), Some(domain), None) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace)
        }
        _ => false,
    }
}

/// Applies `input` to `user` (a copy; the caller stores it only on success).
pub(crate) fn apply(
    account: &mut Account,
    user: &mut User,
    input: &Map<String, Value>,
    write: Write,
    now: i64,
) -> Result<(), Details> {
    let mut details = Details::default();
    for (property, value) in input {
        let property = property.as_str();
        if READ_ONLY_PROPERTIES.contains(&property) {
            continue;
        }
        match property {
            "email" => match value {
                Value::String(email) => add_email(account, user, email, input, now, &mut details),
                Value::Null => {}
                _ => details.add("email", "InvalidValue", "Email: is invalid".to_owned()),
            },
            // Only `verified` without `email`: it applies to the primary email identity.
            "verified" if !input.contains_key("email") || write == Write::Create => {
                if let (Some(verified), Some(primary)) = (
                    value.as_bool(),
                    user.identities
                        .iter_mut()
                        .find(|identity| identity.kind == "email" && identity.primary),
                ) {
                    primary.verified = verified;
                }
            }
            "identities" if write == Write::Create => {
                for identity in value.as_array().into_iter().flatten() {
                    let kind = identity.get("type").and_then(Value::as_str).unwrap_or("email");
                    let Some(text) = identity.get("value").and_then(Value::as_str) else {
                        continue;
                    };
                    if kind == "email" {
                        add_email(account, user, text, &Map::new(), now, &mut details);
                    } else {
                        let id = account.allocate_id();
                        user.identities.push(Identity {
                            id,
                            kind: kind.to_owned(),
                            value: text.to_owned(),
                            verified: false,
                            primary: !user.identities.iter().any(|known| known.kind == kind),
                            created_at: now,
                            updated_at: now,
                        });
                    }
                }
            }
            "organization_id" => match value {
                Value::Null => user.organization_memberships.retain(|membership| !membership.default),
                Value::Number(number) => match number.as_u64().filter(|id| account.organizations.contains_key(id)) {
                    Some(organization_id) => set_default_organization(account, user, organization_id, now),
                    None => details.add(
                        "organization_id",
                        "InvalidValue",
                        format!("Organization: {number} does not exist"),
                    ),
                },
                _ => details.add("organization_id", "InvalidValue", "Organization: is invalid".to_owned()),
            },
            "organization" => {
                if let Some(name) = value.get("name").and_then(Value::as_str) {
                    let organization_id = account.organization_named(name);
                    set_default_organization(account, user, organization_id, now);
                }
            }
            // A photo arrives as an upload (multipart) or `remote_photo_url`; `null` removes it.
            "photo" if value.is_null() => user.photo = None,
            "remote_photo_url" => {
                user.fields.insert("remote_photo_url".into(), value.clone());
                // Zendesk fetches the picture in the background; the simulator shows it at once.
                if let Some(url) = value.as_str() {
                    let id = account.allocate_id();
                    let name = url.rsplit('/').next().unwrap_or("photo").to_owned();
                    user.photo = Some(serde_json::json!({
                        "id": id, "name": name, "content_url": url, "content_type": "image/png", "size": 0, "thumbnails": []
                    }));
                }
            }
            "user_fields" => match value {
                // Zendesk merges custom field values: fields not sent keep their value.
                Value::Object(sent) => {
                    let stored = user
                        .fields
                        .entry("user_fields")
                        .or_insert_with(|| Value::Object(Map::new()));
                    if !stored.is_object() {
                        *stored = Value::Object(Map::new());
                    }
                    if let Value::Object(stored) = stored {
                        for (key, field_value) in sent {
                            stored.insert(key.clone(), field_value.clone());
                        }
                    }
                }
                Value::Null => {
                    user.fields.insert("user_fields".into(), Value::Object(Map::new()));
                }
                _ => details.add("user_fields", "InvalidValue", "User fields: is invalid".to_owned()),
            },
            "role" => match value.as_str() {
                Some("end-user" | "agent" | "admin") => {
                    user.fields.insert("role".into(), value.clone());
                }
                _ => details.add("role", "InvalidValue", format!("Role: {value} is not a valid role")),
            },
            "external_id" => {
                let external_id = match value {
                    Value::Number(number) => Value::String(number.to_string()),
                    other => other.clone(),
                };
                if let Some(text) = external_id.as_str() {
                    if account
                        .live_user_by_external_id(text)
                        .is_some_and(|owner| owner != user.id)
                    {
                        details.add(
                            "external_id",
                            "DuplicateValue",
                            format!("External: {text} has already been taken"),
                        );
                    }
                }
                user.fields.insert("external_id".into(), external_id);
            }
            _ if WRITABLE_PROPERTIES.contains(&property) => {
                user.fields.insert(property.to_owned(), value.clone());
            }
            // Zendesk ignores properties it does not know (`skip_verify_email` among them).
            _ => {}
        }
    }
    // Seed 003, "Create User": a custom role on an end user makes it an agent.
    if write == Write::Create
        && user.role() == "end-user"
        && input.get("custom_role_id").is_some_and(|value| !value.is_null())
    {
        user.fields.insert("role".into(), Value::String("agent".into()));
    }
    let name = user.text("name").unwrap_or("");
    if name.trim().is_empty() {
        details.add(
            "name",
            "BlankValue",
            format!("Name: {name} is too short (minimum one character)"),
        );
    }
    user.updated_at = now;
    if details.is_empty() {
        Ok(())
    } else {
        Err(details)
    }
}

/// Adds an email identity: the primary one when the user has none, a secondary one otherwise.
fn add_email(
    account: &mut Account,
    user: &mut User,
    email: &str,
    input: &Map<String, Value>,
    now: i64,
    details: &mut Details,
) {
    if !email_is_well_formed(email) {
        details.add(
            "email",
            "InvalidFormat",
            format!("Email: {email} is not properly formatted"),
        );
        return;
    }
    if account.live_user_by_email(email).is_some_and(|owner| owner != user.id) {
        details.add(
            "email",
            "DuplicateValue",
            format!("Email: {email} is already being used by another user"),
        );
        return;
    }
    if user.emails().any(|known| known == email.to_lowercase()) {
        return;
    }
    let has_primary = user
        .identities
        .iter()
        .any(|identity| identity.kind == "email" && identity.primary);
    let verified = input.get("verified").and_then(Value::as_bool).unwrap_or(false);
    let id = account.allocate_id();
    user.identities.push(Identity {
        id,
        kind: "email".into(),
        value: email.to_owned(),
        verified,
        primary: !has_primary,
        created_at: now,
        updated_at: now,
    });
}

/// Makes `organization_id` the user's default organization, adding the membership if needed.
pub(crate) fn set_default_organization(account: &mut Account, user: &mut User, organization_id: u64, now: i64) {
    for membership in &mut user.organization_memberships {
        membership.default = membership.organization_id == organization_id;
    }
    if !user
        .organization_memberships
        .iter()
        .any(|membership| membership.organization_id == organization_id)
    {
        let id = account.allocate_id();
        user.organization_memberships.push(OrganizationMembership {
            id,
            organization_id,
            default: true,
            created_at: now,
        });
    }
}

/// Whether the user can be shown at all (live or soft-deleted).
pub(crate) fn showable(user: &User) -> bool {
    user.life != Life::PermanentlyDeleted
}
