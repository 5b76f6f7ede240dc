//! The generated models are plain serde; these pin what their derives and field
//! attributes do on the wire: required properties must be there (a required,
//! nullable one too, `null` or not), a property sent twice is an error, unknown
//! properties are kept in order and written back byte for byte, and a typed
//! `additionalProperties` map refuses values of another type. Where spec/ has no
//! such field, a struct carrying exactly the attributes the generator emits (see
//! the fixtures' snapshots) stands in for it.

use serde::{Deserialize, Serialize};
use zendesk_users::models;

fn decode_user(json: &str) -> Result<models::User, String> {
    serde_json::from_str(json).map_err(|error| error.to_string())
}

#[test]
fn a_missing_required_property_is_an_error_naming_it() {
    let error = decode_user(r#"{"name":"Roger"}"#).err();
    assert_eq!(error.as_deref(), Some("missing field `id` at line 1 column 16"));
}

#[test]
fn a_declared_property_sent_twice_is_an_error() {
    let error = decode_user(r#"{"id":1,"id":2}"#).err();
    assert_eq!(error.as_deref(), Some("duplicate field `id` at line 1 column 12"));
}

#[test]
fn unknown_properties_are_kept_in_order_and_written_back_byte_for_byte() {
    let json = r#"{"id":1,"name":null,"zeta":{"b":[1,2.5,"x"]},"role":"agent","alpha":-3}"#;
    let user = decode_user(json).expect("decodes");
    let kept: Vec<&str> = user.extra.keys().map(String::as_str).collect();
    assert_eq!(kept, ["zeta", "alpha"]);
    // Declared fields come first, in the struct's order, then the unknown ones in
    // the order received.
    let written = serde_json::to_string(&user).expect("encodes");
    let again = decode_user(&written).expect("decodes again");
    assert_eq!(again, user);
    assert_eq!(serde_json::to_string(&again).expect("encodes"), written);
    assert!(
        written.ends_with(r#""zeta":{"b":[1,2.5,"x"]},"alpha":-3}"#),
        "{written}"
    );
}

/// The attributes the generator writes for a required, nullable property
/// (`Presence::RequiredNullable`, fixture `nullability.yaml`).
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct RequiredNullable {
    #[serde(deserialize_with = "<Option<_> as serde::Deserialize>::deserialize")]
    phone: Option<String>,
    #[serde(flatten)]
    extra: serde_json::Map<String, serde_json::Value>,
}

#[test]
fn a_required_nullable_property_must_be_on_the_wire_and_none_is_written_as_null() {
    let missing = serde_json::from_str::<RequiredNullable>("{}").map_err(|error| error.to_string());
    assert_eq!(missing, Err("missing field `phone` at line 1 column 2".to_string()));
    let null: RequiredNullable = serde_json::from_str(r#"{"phone":null}"#).expect("null decodes");
    assert_eq!(null.phone, None);
    assert_eq!(serde_json::to_string(&null).ok().as_deref(), Some(r#"{"phone":null}"#));
}

/// The attributes the generator writes for a typed `additionalProperties`
/// (fixture `additional_properties.yaml`).
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Counts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    total: Option<i64>,
    #[serde(flatten)]
    extra: std::collections::BTreeMap<String, i64>,
}

#[test]
fn a_typed_extra_map_keeps_values_of_its_type_and_refuses_others() {
    let counts: Counts = serde_json::from_str(r#"{"total":3,"b":2,"a":1}"#).expect("decodes");
    assert_eq!(counts.extra.len(), 2);
    assert!(serde_json::from_str::<Counts>(r#"{"a":"x"}"#).is_err());
    let empty = Counts {
        total: None,
        extra: Default::default(),
    };
    assert_eq!(serde_json::to_string(&empty).ok().as_deref(), Some("{}"));
}

#[test]
fn new_sets_the_required_properties_and_leaves_the_rest_out() {
    let user = models::UserCreate::new("Roger");
    assert_eq!(
        serde_json::to_value(&user).expect("encodes"),
        serde_json::json!({ "name": "Roger" })
    );
    assert_eq!(models::UserUpdate::new(), models::UserUpdate::default());
}
