//! Decoding speed of the generated models, which keep unknown properties
//! (plain serde: `#[derive(Deserialize)]` with `#[serde(flatten)] extra`),
//! against three hand-written contenders decoding the same bytes:
//!
//! - a plain `#[derive(Deserialize)]` struct with the same fields and field
//!   types, without `extra`, which drops unknown properties (the baseline: the
//!   least any decoder of this shape must do; the ratio against it is what
//!   keeping unknown properties costs),
//! - the same derive with `#[serde(flatten)] extra: Map` on every object,
//!   written by hand (what the generated models should cost),
//! - `serde_json::Value`.
//!
//! The payloads are built from the documented admin user (the `example` of
//! `#/components/schemas/User` in spec/), varied per user and given unknown
//! properties on the user and its photo and extra custom `user_fields`: a
//! 100-user cursor page (`models::UsersPage`) and a 1,000-user incremental
//! export page (`models::IncrementalUsersPage`). Before timing, the bench
//! asserts that the generated decode really kept the unknown properties, so
//! the comparison is between decoders that do the same job.
//!
//! Run with `bash tests/benches/run.sh`, or `cargo bench -p zendesk-users-tests --bench decoding`.

mod common;

use std::time::Duration;

use common::{documented_admin_user, heading, ratio, samples, varied_user, verdict, Timing, UNKNOWN_USER_PROPERTIES};
use serde_json::{json, Value};
use zendesk_users::models;

/// Generated decoding may cost at most this much more than the plain derive
/// without `extra`.
const TARGET_RATIO: f64 = 1.35;
/// Rounds in which every contender takes its turn, so a slow spell of the
/// machine hits all of them alike rather than whichever ran during it.
const ROUNDS: usize = 10;

/// Declares the comparison structs twice from one field list: once plain, once
/// with `#[serde(flatten)] extra` on every object. Field types are those of the
/// generated models (`Nullable`, the generated enums, `chrono` timestamps).
macro_rules! comparison_models {
    ($module:ident $(, $extra:ident)?) => {
        // The fields exist to be decoded; the bench reads only a few of them.
        #[allow(dead_code)]
        mod $module {
            use std::collections::BTreeMap;

            use serde::Deserialize;
            use zendesk_users::chrono::{DateTime, FixedOffset};
            use zendesk_users::models::{Role, RoleType, TicketRestriction, UserIdentity};
            use zendesk_users::Nullable;

            type Object = serde_json::Map<String, serde_json::Value>;

            #[derive(Deserialize)]
            pub struct Attachment {
                pub id: i64,
                #[serde(default)] pub url: Nullable<String>,
                #[serde(default)] pub file_name: Nullable<String>,
                #[serde(default)] pub name: Nullable<String>,
                #[serde(default)] pub content_url: Nullable<String>,
                #[serde(default)] pub mapped_content_url: Nullable<String>,
                #[serde(default)] pub content_type: Nullable<String>,
                #[serde(default)] pub size: Nullable<i64>,
                #[serde(default)] pub inline: Nullable<bool>,
                #[serde(default)] pub deleted: Nullable<bool>,
                #[serde(default)] pub thumbnails: Nullable<Vec<Attachment>>,
                $(#[serde(flatten)] pub $extra: Object,)?
            }

            #[derive(Deserialize)]
            pub struct User {
                #[serde(default)] pub active: Nullable<bool>,
                #[serde(default)] pub alias: Nullable<String>,
                #[serde(default)] pub chat_only: Nullable<bool>,
                #[serde(default)] pub created_at: Nullable<DateTime<FixedOffset>>,
                #[serde(default)] pub custom_role_id: Nullable<i64>,
                #[serde(default)] pub default_group_id: Nullable<i64>,
                #[serde(default)] pub details: Nullable<String>,
                #[serde(default)] pub email: Nullable<String>,
                #[serde(default)] pub external_id: Nullable<String>,
                #[serde(default)] pub iana_time_zone: Nullable<String>,
                pub id: i64,
                #[serde(default)] pub last_login_at: Nullable<DateTime<FixedOffset>>,
                #[serde(default)] pub locale: Nullable<String>,
                #[serde(default)] pub locale_id: Nullable<i64>,
                #[serde(default)] pub moderator: Nullable<bool>,
                #[serde(default)] pub name: Nullable<String>,
                #[serde(default)] pub notes: Nullable<String>,
                #[serde(default)] pub only_private_comments: Nullable<bool>,
                #[serde(default)] pub organization_id: Nullable<i64>,
                #[serde(default)] pub phone: Nullable<String>,
                #[serde(default)] pub photo: Nullable<Attachment>,
                #[serde(default)] pub remote_photo_url: Nullable<String>,
                #[serde(default)] pub report_csv: Nullable<bool>,
                #[serde(default)] pub restricted_agent: Nullable<bool>,
                #[serde(default)] pub role: Option<Role>,
                #[serde(default)] pub role_type: Nullable<RoleType>,
                #[serde(default)] pub shared: Nullable<bool>,
                #[serde(default)] pub shared_agent: Nullable<bool>,
                #[serde(default)] pub shared_phone_number: Nullable<bool>,
                #[serde(default)] pub signature: Nullable<String>,
                #[serde(default)] pub suspended: Nullable<bool>,
                #[serde(default)] pub tags: Nullable<Vec<String>>,
                #[serde(default)] pub ticket_restriction: Nullable<TicketRestriction>,
                #[serde(default)] pub time_zone: Nullable<String>,
                #[serde(default)] pub two_factor_auth_enabled: Nullable<bool>,
                #[serde(default)] pub updated_at: Nullable<DateTime<FixedOffset>>,
                #[serde(default)] pub url: Nullable<String>,
                #[serde(default)] pub user_fields: Nullable<Object>,
                #[serde(default)] pub verified: Nullable<bool>,
                $(#[serde(flatten)] pub $extra: Object,)?
            }

            #[derive(Deserialize)]
            pub struct Meta {
                #[serde(default)] pub has_more: Nullable<bool>,
                #[serde(default)] pub after_cursor: Nullable<String>,
                #[serde(default)] pub before_cursor: Nullable<String>,
                $(#[serde(flatten)] pub $extra: Object,)?
            }

            #[derive(Deserialize)]
            pub struct Links {
                #[serde(default)] pub next: Nullable<String>,
                #[serde(default)] pub prev: Nullable<String>,
                $(#[serde(flatten)] pub $extra: Object,)?
            }

            #[derive(Deserialize)]
            pub struct UsersPage {
                pub users: Vec<User>,
                #[serde(default)] pub meta: Option<Meta>,
                #[serde(default)] pub links: Option<Links>,
                #[serde(default)] pub next_page: Nullable<String>,
                #[serde(default)] pub previous_page: Nullable<String>,
                #[serde(default)] pub count: Nullable<i64>,
                $(#[serde(flatten)] pub $extra: Object,)?
            }

            // The sideload fields are absent from the bench's page (as when no
            // `include` is sent) but declared, as in the generated type.
            #[derive(Deserialize)]
            pub struct IncrementalUsersPage {
                pub users: Vec<User>,
                #[serde(default)] pub count: Nullable<i64>,
                #[serde(default)] pub end_time: Nullable<i64>,
                #[serde(default)] pub next_page: Nullable<String>,
                #[serde(default)] pub end_of_stream: Nullable<bool>,
                #[serde(default)] pub identities: Nullable<Vec<UserIdentity>>,
                #[serde(default)] pub groups: Nullable<Vec<Object>>,
                #[serde(default)] pub organizations: Nullable<Vec<Object>>,
                #[serde(default)] pub abilities: Nullable<Vec<Object>>,
                #[serde(default)] pub roles: Nullable<Vec<Object>>,
                #[serde(default)] pub open_ticket_count: Nullable<BTreeMap<String, i64>>,
                $(#[serde(flatten)] pub $extra: Object,)?
            }
        }
    };
}

comparison_models!(plain);
comparison_models!(with_flatten, extra);

fn main() {
    let example = documented_admin_user();
    let cursor_page = json!({
        "users": (0..100).map(|index| varied_user(&example, index)).collect::<Vec<_>>(),
        "meta": {"has_more": true, "after_cursor": "xOUHmZbmMx9LAMZgvQ1V", "before_cursor": "xOUHmZbmMx9LAMZgvQ1U"},
        "links": {
            "next": "https://company.zendesk.com/api/v2/users.json?page%5Bafter%5D=xOUHmZbmMx9LAMZgvQ1V&page%5Bsize%5D=100",
            "prev": "https://company.zendesk.com/api/v2/users.json?page%5Bbefore%5D=xOUHmZbmMx9LAMZgvQ1U&page%5Bsize%5D=100"
        }
    });
    let export_page = json!({
        "users": (0..1000).map(|index| varied_user(&example, index)).collect::<Vec<_>>(),
        "count": 1000,
        "end_time": 1_700_000_000,
        "next_page": "https://company.zendesk.com/api/v2/incremental/users.json?start_time=1700000000",
        "end_of_stream": false
    });
    let cursor_bytes = serde_json::to_vec(&cursor_page).expect("the page serialises");
    let export_bytes = serde_json::to_vec(&export_page).expect("the page serialises");

    check_generated_keeps_unknown_properties(&cursor_bytes, &export_bytes);

    heading(&format!(
        "decoding a 100-user cursor page ({} KiB) with serde_json::from_slice",
        cursor_bytes.len() / 1024
    ));
    compare(
        &cursor_bytes,
        100,
        "models::UsersPage",
        [
            &|bytes| drop(serde_json::from_slice::<plain::UsersPage>(bytes).expect("decodes")),
            &|bytes| drop(serde_json::from_slice::<models::UsersPage>(bytes).expect("decodes")),
            &|bytes| drop(serde_json::from_slice::<with_flatten::UsersPage>(bytes).expect("decodes")),
            &|bytes| drop(serde_json::from_slice::<Value>(bytes).expect("decodes")),
        ],
    );
    heading(&format!(
        "decoding a 1,000-user incremental export page ({} KiB) with serde_json::from_slice",
        export_bytes.len() / 1024
    ));
    compare(
        &export_bytes,
        10,
        "models::IncrementalUsersPage",
        [
            &|bytes| drop(serde_json::from_slice::<plain::IncrementalUsersPage>(bytes).expect("decodes")),
            &|bytes| drop(serde_json::from_slice::<models::IncrementalUsersPage>(bytes).expect("decodes")),
            &|bytes| drop(serde_json::from_slice::<with_flatten::IncrementalUsersPage>(bytes).expect("decodes")),
            &|bytes| drop(serde_json::from_slice::<Value>(bytes).expect("decodes")),
        ],
    );
}

/// Decodes a page and drops the result.
type Decoder<'a> = &'a dyn Fn(&[u8]);

/// Times the four decoders on `bytes` in interleaved rounds and prints them
/// against the plain derive. The decoded value is dropped inside the timed call
/// here (unlike `common::measure`), the same for every contender, because a
/// consumer of a page pays for both.
fn compare(bytes: &[u8], repetitions_per_round: usize, generated_name: &str, decoders: [Decoder; 4]) {
    let names = [
        "plain derive without extra (baseline)".to_string(),
        format!("generated {generated_name}"),
        "hand-written derive + #[serde(flatten)] extra".to_string(),
        "serde_json::Value".to_string(),
    ];
    let mut all_samples: [Vec<Duration>; 4] = Default::default();
    for round in 0..ROUNDS {
        for (decoder, collected) in decoders.iter().zip(all_samples.iter_mut()) {
            let warm_up = if round == 0 { 3 } else { 1 };
            collected.extend(samples(warm_up, repetitions_per_round, || decoder(bytes)));
        }
    }
    let timings = all_samples.map(Timing::from_samples);
    println!(
        "  {:<44} {:>12} {:>12} {:>9} {:>10}",
        "decoder", "µs/page med", "µs/page min", "MB/s", "vs plain"
    );
    for (name, timing) in names.iter().zip(&timings) {
        let megabytes_per_second = bytes.len() as f64 / timing.median.as_secs_f64() / 1e6;
        println!(
            "  {:<44} {:>12.1} {:>12.1} {:>9.0} {:>10}",
            name,
            timing.median_us(),
            timing.min_us(),
            megabytes_per_second,
            ratio(timing.median_us(), timings[0].median_us())
        );
    }
    let generated_ratio = timings[1].median_us() / timings[0].median_us();
    let flatten_ratio = timings[2].median_us() / timings[0].median_us();
    println!(
        "  hand-written derive with flatten against plain derive without extra: {flatten_ratio:.2}×; generated against it: {:.2}×",
        timings[1].median_us() / timings[2].median_us()
    );
    println!(
        "  target generated within {TARGET_RATIO}× of plain derive without extra, keeping unknown properties: {generated_ratio:.2}×: {}",
        verdict(generated_ratio <= TARGET_RATIO)
    );
}

/// The comparison is only fair if the generated decode does the extra job:
/// every unknown property of users and photos must come out in `extra`.
fn check_generated_keeps_unknown_properties(cursor_bytes: &[u8], export_bytes: &[u8]) {
    let cursor_page: models::UsersPage = serde_json::from_slice(cursor_bytes).expect("cursor page decodes");
    let export_page: models::IncrementalUsersPage = serde_json::from_slice(export_bytes).expect("export page decodes");
    assert_eq!(cursor_page.users.len(), 100);
    assert_eq!(export_page.users.len(), 1000);
    assert_eq!(
        cursor_page
            .meta
            .as_ref()
            .and_then(|meta| meta.after_cursor.value())
            .map(String::as_str),
        Some("xOUHmZbmMx9LAMZgvQ1V")
    );
    let numbered_cursor_users = cursor_page.users.iter().zip(0u64..);
    let numbered_export_users = export_page.users.iter().zip(0u64..);
    for (user, index) in numbered_cursor_users.chain(numbered_export_users) {
        assert_eq!(user.id, 1_000_000 + index as i64);
        assert_eq!(
            user.name.value().map(String::as_str),
            Some(format!("User {index}").as_str())
        );
        assert!(user.created_at.value().is_some(), "timestamps decode");
        let kept: Vec<&str> = user.extra.keys().map(String::as_str).collect();
        assert_eq!(
            kept, UNKNOWN_USER_PROPERTIES,
            "user {index} kept its unknown properties"
        );
        assert_eq!(user.extra[UNKNOWN_USER_PROPERTIES[0]], json!(index));
        assert_eq!(user.extra[UNKNOWN_USER_PROPERTIES[2]]["level"], json!(index % 4));
        let photo = user.photo.value().expect("the photo decodes");
        assert_eq!(photo.extra.get("x_photo_source"), Some(&json!("upload")));
        let fields = user.user_fields.value().expect("user_fields decode");
        assert_eq!(fields.get("user_integer"), Some(&json!(index)));
    }
    let flattened: with_flatten::UsersPage = serde_json::from_slice(cursor_bytes).expect("decodes");
    assert_eq!(flattened.users[7].extra.len(), UNKNOWN_USER_PROPERTIES.len());
    println!(
        "checked: the generated decode keeps every unknown property of users and photos (asserted on all 1,100 users)"
    );
}
