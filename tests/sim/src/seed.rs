//! Deterministic seed data: the account owner (an admin whose email is the API token's email),
//! then agents, admins and end users, some in organizations, with email identities (some
//! verified, some with a second email or a phone number), external ids, sessions, and ticket
//! skips for agents. The same settings always give the same account.

use crate::model::{Account, Group, GroupMembership, Identity, Organization, OrganizationMembership, Skip, User};
use serde_json::json;

const FIRST_NAMES: &[&str] = &[
    "Ada", "Brook", "Carmen", "Dmitri", "Esther", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemal", "Lena",
];
const LAST_NAMES: &[&str] = &[
    "Lovelace", "Okafor", "Silva", "Ivanov", "Cohen", "Haddad", "Hopper", "Tanaka", "Moreau", "Berg", "Yilmaz",
];

/// Ids of the seeded organizations and groups start here, users after them.
const FIRST_ID: u64 = 1000;

/// Seeds `users` users (at least the owner) whose records were created an hour apart, the last
/// one an hour before `now`.
pub(crate) fn seed(account: &mut Account, users: usize, owner_email: &str, owner_password: &str, now: i64) -> u64 {
    account.next_id = FIRST_ID;
    for name in ["Acme Corp", "Globex", "Initech", "Umbrella", "Hooli"] {
        let id = account.allocate_id();
        account.organizations.insert(
            id,
            Organization {
                id,
                name: name.to_owned(),
            },
        );
    }
    for name in ["Support", "Billing", "Escalations"] {
        let id = account.allocate_id();
        account.groups.insert(
            id,
            Group {
                id,
                name: name.to_owned(),
            },
        );
    }
    let organization_ids: Vec<u64> = account.organizations.keys().copied().collect();
    let group_ids: Vec<u64> = account.groups.keys().copied().collect();
    let users = users.max(1);
    let mut owner_id = 0;
    for index in 0..users {
        let id = account.allocate_id();
        let created = now - 3600 * (users - index) as i64;
        let mut user = User::new(id, created);
        let (role, name, email) = if index == 0 {
            owner_id = id;
            ("admin", "Account Owner".to_owned(), owner_email.to_owned())
        } else {
            let role = if index % 25 == 0 {
                "admin"
            } else if index % 5 == 0 {
                "agent"
            } else {
                "end-user"
            };
            let first = FIRST_NAMES[index % FIRST_NAMES.len()];
            let last = LAST_NAMES[index % LAST_NAMES.len()];
            (
                role,
                format!("{first} {last} {index}"),
                format!("{}.{}{index}@example.com", first.to_lowercase(), last.to_lowercase()),
            )
        };
        user.fields.insert("name".into(), json!(name));
        user.fields.insert("role".into(), json!(role));
        if role != "end-user" {
            user.fields.insert("restricted_agent".into(), json!(role == "agent"));
            user.fields
                .insert("signature".into(), json!(format!("Regards, {name}")));
        } else {
            user.fields.insert("restricted_agent".into(), json!(false));
        }
        if index % 2 == 1 {
            user.fields.insert("external_id".into(), json!(format!("ext-{index}")));
        }
        if index % 7 == 3 {
            user.fields.insert("tags".into(), json!(["vip"]));
        }
        if index == 0 {
            user.password = Some(owner_password.to_owned());
        }
        let identity_id = account.allocate_id();
        user.identities.push(Identity {
            id: identity_id,
            kind: "email".into(),
            value: email,
            verified: index % 3 != 2,
            primary: true,
            created_at: created,
            updated_at: created,
        });
        if index % 4 == 1 {
            let identity_id = account.allocate_id();
            let value = format!("alt{index}@example.org");
            user.identities.push(Identity {
                id: identity_id,
                kind: "email".into(),
                value,
                verified: false,
                primary: false,
                created_at: created,
                updated_at: created,
            });
        }
        if index % 6 == 2 {
            let identity_id = account.allocate_id();
            let value = format!("+1 555-01{:02}-{:04}", index % 100, index);
            user.fields.insert("phone".into(), json!(value.clone()));
            user.identities.push(Identity {
                id: identity_id,
                kind: "phone_number".into(),
                value,
                verified: true,
                primary: true,
                created_at: created,
                updated_at: created,
            });
        }
        if role == "end-user" && index % 3 == 0 {
            let membership_id = account.allocate_id();
            let organization_id = organization_ids[(index / 3) % organization_ids.len()];
            user.organization_memberships.push(OrganizationMembership {
                id: membership_id,
                organization_id,
                default: true,
                created_at: created,
            });
            if index % 9 == 0 {
                let membership_id = account.allocate_id();
                let organization_id = organization_ids[(index / 3 + 1) % organization_ids.len()];
                user.organization_memberships.push(OrganizationMembership {
                    id: membership_id,
                    organization_id,
                    default: false,
                    created_at: created,
                });
            }
        }
        if role != "end-user" {
            let membership_id = account.allocate_id();
            user.group_memberships.push(GroupMembership {
                id: membership_id,
                group_id: group_ids[index % group_ids.len()],
                default: true,
                created_at: created,
            });
            let membership_id = account.allocate_id();
            user.group_memberships.push(GroupMembership {
                id: membership_id,
                group_id: group_ids[(index + 1) % group_ids.len()],
                default: false,
                created_at: created,
            });
            for skip in 0..3u64 {
                let skip_id = account.allocate_id();
                user.skips.push(Skip {
                    id: skip_id,
                    ticket_id: 5000 + index as u64 * 10 + skip,
                    reason: format!("Not my area ({skip})"),
                    created_at: created + skip as i64 * 60,
                });
            }
        }
        let session_id = account.allocate_id();
        user.sessions.push(session_id);
        account.users.insert(id, user);
    }
    owner_id
}
