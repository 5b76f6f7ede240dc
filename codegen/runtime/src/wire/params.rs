//! How parameter values become query pairs, and the client-side limit checks,
//! as generic one-line calls: the generated `send()` states each parameter once
//! (`request.query("role", &self.role)`) and the shape of the value (absent,
//! one value, a list, an object) is handled here, by serializing it.
//!
//! Values go through `serde::Serialize`, which every parameter type has (numbers,
//! strings, booleans, timestamps as RFC 3339, string and integer enums by their
//! wire value, structs and maps), so no per-type conversion is emitted. The members
//! of an object parameter are written in name order, the same in every build; Zendesk
//! does not depend on the order of query pairs.

use serde::Serialize;
use serde_json::Value;

use crate::error::Error;

/// The text of one scalar value as it goes on the wire, or `None` when it is absent
/// (`null`). Arrays and objects are not scalars: callers flatten them first.
pub(crate) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Number(number) => Some(number.to_string()),
        // A nested list or object inside a scalar slot: written as compact JSON so
        // nothing is silently dropped.
        other => Some(other.to_string()),
    }
}

/// The value as JSON, or the error naming the argument.
pub(crate) fn to_json<T: Serialize + ?Sized>(operation: &'static str, name: &str, value: &T) -> Result<Value, Error> {
    serde_json::to_value(value).map_err(|error| Error::InvalidRequest {
        operation,
        argument: name.to_string(),
        reason: format!("cannot be written as a parameter: {error}"),
    })
}

/// Query pairs for `value` written as `style: deepObject`: `name[key]=value`, nested
/// objects as `name[key][inner]=value` and arrays as `name[key][]=value` (repeated), the
/// brackets as Zendesk writes them. Absent (`null`) members are left out.
pub(crate) fn deep_object_pairs(name: &str, value: &Value, pairs: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(members) => {
            for (key, member) in sorted(members) {
                deep_object_pairs(&format!("{name}[{key}]"), member, pairs);
            }
        }
        Value::Array(items) => {
            for item in items {
                deep_object_pairs(&format!("{name}[]"), item, pairs);
            }
        }
        scalar => pairs.extend(scalar_text(scalar).map(|text| (name.to_string(), text))),
    }
}

/// Query pairs for an object written as `style: form, explode: true`: each property
/// is its own pair (`role=agent&active=true`), arrays repeat the name.
pub(crate) fn form_object_pairs(value: &Value, pairs: &mut Vec<(String, String)>) {
    if let Value::Object(members) = value {
        for (key, member) in sorted(members) {
            repeated_pairs(key, member, pairs);
        }
    }
}

/// Members in name order, whatever order the JSON map keeps (serde_json's
/// `preserve_order` feature may be switched on by another crate in the build).
fn sorted(members: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut sorted: Vec<(&String, &Value)> = members.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    sorted
}

/// Query pairs for one value: nothing when absent, `name=a&name=b` for a list.
pub(crate) fn repeated_pairs(name: &str, value: &Value, pairs: &mut Vec<(String, String)>) {
    match value {
        Value::Array(items) => {
            for item in items {
                pairs.extend(scalar_text(item).map(|text| (name.to_string(), text)));
            }
        }
        scalar => pairs.extend(scalar_text(scalar).map(|text| (name.to_string(), text))),
    }
}

/// What a limit is measured on: a number, a count of items, or nothing (absent).
pub trait Measured {
    /// The number, if this is one.
    fn number(&self) -> Option<f64> {
        None
    }
    /// The count of items, if this is a list.
    fn count(&self) -> Option<usize> {
        None
    }
}

impl Measured for i64 {
    fn number(&self) -> Option<f64> {
        Some(*self as f64)
    }
}

impl Measured for i32 {
    fn number(&self) -> Option<f64> {
        Some(f64::from(*self))
    }
}

impl Measured for f64 {
    fn number(&self) -> Option<f64> {
        Some(*self)
    }
}

impl<T> Measured for Vec<T> {
    fn count(&self) -> Option<usize> {
        Some(self.len())
    }
}

impl<T: Measured> Measured for Option<T> {
    fn number(&self) -> Option<f64> {
        self.as_ref().and_then(Measured::number)
    }
    fn count(&self) -> Option<usize> {
        self.as_ref().and_then(Measured::count)
    }
}

/// Checks a number argument against `minimum` and `maximum` from the spec; an absent
/// value passes. One call per parameter in the generated `send()`, before anything is sent.
pub fn check_range<T: Measured + ?Sized>(
    operation: &'static str,
    argument: &str,
    value: &T,
    minimum: Option<f64>,
    maximum: Option<f64>,
) -> Result<(), Error> {
    use super::validate::{check_maximum, check_minimum};
    if let Some(number) = value.number() {
        if let Some(max) = maximum {
            check_maximum(operation, argument, number, max)?;
        }
        if let Some(min) = minimum {
            check_minimum(operation, argument, number, min)?;
        }
    }
    Ok(())
}

/// Checks the length of a list argument against `minItems` and `maxItems` from the
/// spec; an absent value passes.
pub fn check_count<T: Measured + ?Sized>(
    operation: &'static str,
    argument: &str,
    value: &T,
    min_items: Option<usize>,
    max_items: Option<usize>,
) -> Result<(), Error> {
    use super::validate::{check_max_items, check_min_items};
    if let Some(count) = value.count() {
        if let Some(max) = max_items {
            check_max_items(operation, argument, count, max)?;
        }
        if let Some(min) = min_items {
            check_min_items(operation, argument, count, min)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn deep_objects_nest_with_brackets_and_skip_nulls() {
        let mut pairs = Vec::new();
        let value = json!({"field": "email", "page": {"size": 10}, "ids": [1, 2], "gone": null});
        deep_object_pairs("filter", &value, &mut pairs);
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        assert_eq!(
            pairs,
            [
                ("filter[field]", "email"),
                ("filter[ids][]", "1"),
                ("filter[ids][]", "2"),
                ("filter[page][size]", "10"),
            ]
        );
    }

    #[test]
    fn form_objects_explode_into_their_properties() {
        let mut pairs = Vec::new();
        form_object_pairs(
            &json!({"role": "agent", "active": true, "tags": ["a", "b"], "x": null}),
            &mut pairs,
        );
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        assert_eq!(
            pairs,
            [("active", "true"), ("role", "agent"), ("tags", "a"), ("tags", "b")]
        );
    }

    #[test]
    fn limits_skip_absent_values_and_measure_lists_and_numbers() {
        let page = |value: &Option<i64>| check_range("Op", "per_page", value, Some(1.0), Some(100.0));
        assert!(page(&None).is_ok());
        assert!(page(&Some(100)).is_ok());
        assert!(page(&Some(101)).is_err());
        assert!(check_range("Op", "n", &0_i32, Some(1.0), None).is_err());
        assert!(check_range("Op", "n", &f64::NAN, None, Some(1.0)).is_err());
        assert!(check_count("Op", "ids", &vec![1, 2], None, Some(2)).is_ok());
        assert!(check_count("Op", "ids", &vec![1, 2, 3], None, Some(2)).is_err());
        assert!(check_count("Op", "ids", &Some(Vec::<i64>::new()), Some(1), None).is_err());
        assert!(check_count("Op", "ids", &None::<Vec<i64>>, Some(1), None).is_ok());
    }
}
