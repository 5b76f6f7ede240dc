//! A field that is optional and nullable has three states: left out (do not
//! touch the value), `null` (clear it) and a value (set it). `Option<T>` has
//! only two, so generated models use [`Nullable<T>`] for such fields.
//!
//! Reading one is the same as reading an `Option`: `Nullable` has `Option`'s
//! vocabulary (`as_deref`, `map`, `unwrap_or`, comparison with an `Option`...),
//! in which absent and `null` are both "no value". Writing one is safe by
//! default: `Default`, `Absent` and a converted `None` all leave the server's
//! value unchanged, and only [`Nullable::Null`] (spelled out) clears it.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Absent, explicitly `null`, or a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// Not sent at all: the server keeps its current value. This is the default,
    /// and what `None.into()` gives.
    #[default]
    Absent,
    /// Sent as JSON `null`: the server clears the value. Only ever written by
    /// naming this variant; no conversion produces it.
    Null,
    /// Sent as the value.
    Value(T),
}

impl<T> Nullable<T> {
    /// True when the field is left out (not sent, or not received).
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// True when the field is an explicit `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// True when there is a value.
    pub fn is_value(&self) -> bool {
        matches!(self, Nullable::Value(_))
    }

    /// The value, if there is one (as [`Nullable::as_ref`], kept for existing callers).
    pub fn value(&self) -> Option<&T> {
        self.as_ref().into_option()
    }

    /// Takes the value, if there is one (as [`Nullable::into_option`]).
    pub fn into_value(self) -> Option<T> {
        self.into_option()
    }

    /// The value as an `Option`: absent and `null` both become `None`.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// A `Nullable` of a reference to the value, keeping absent and `null` apart.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Value(value) => Nullable::Value(value),
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
        }
    }

    /// A `Nullable` of a mutable reference to the value.
    pub fn as_mut(&mut self) -> Nullable<&mut T> {
        match self {
            Nullable::Value(value) => Nullable::Value(value),
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
        }
    }

    /// The value dereferenced (`&str` for a `Nullable<String>`), if there is one:
    /// `user.email.as_deref().unwrap_or("-")`.
    pub fn as_deref(&self) -> Option<&T::Target>
    where
        T: std::ops::Deref,
    {
        self.value().map(|value| &**value)
    }

    /// Applies `f` to the value, keeping absent and `null` as they are.
    pub fn map<U, F: FnOnce(T) -> U>(self, f: F) -> Nullable<U> {
        match self {
            Nullable::Value(value) => Nullable::Value(f(value)),
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
        }
    }

    /// The value, or `default` when absent or `null`.
    pub fn unwrap_or(self, default: T) -> T {
        self.into_option().unwrap_or(default)
    }

    /// The value, or `T::default()` when absent or `null`.
    pub fn unwrap_or_default(self) -> T
    where
        T: Default,
    {
        self.into_option().unwrap_or_default()
    }

    /// The value, or what `f` computes when absent or `null`.
    pub fn unwrap_or_else<F: FnOnce() -> T>(self, f: F) -> T {
        self.into_option().unwrap_or_else(f)
    }

    /// `f` of the value, or `default` when absent or `null` (as [`Option::map_or`]).
    pub fn map_or<U, F: FnOnce(T) -> U>(self, default: U, f: F) -> U {
        self.into_option().map_or(default, f)
    }

    /// `f` of the value, or `default()` when absent or `null` (as [`Option::map_or_else`]).
    pub fn map_or_else<U, D: FnOnce() -> U, F: FnOnce(T) -> U>(self, default: D, f: F) -> U {
        self.into_option().map_or_else(default, f)
    }

    /// The value, or `error` when absent or `null`.
    pub fn ok_or<E>(self, error: E) -> Result<T, E> {
        self.into_option().ok_or(error)
    }

    /// The value, or the error `f` computes when absent or `null`.
    pub fn ok_or_else<E, F: FnOnce() -> E>(self, f: F) -> Result<T, E> {
        self.into_option().ok_or_else(f)
    }
}

impl<T> From<T> for Nullable<T> {
    /// Sets the value.
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `Some` sets the value; `None` leaves the field out (unchanged on the
    /// server), as it does for every `Option` field. Clearing needs
    /// [`Nullable::Null`] by name.
    fn from(value: Option<T>) -> Self {
        match value {
            Some(value) => Nullable::Value(value),
            None => Nullable::Absent,
        }
    }
}

impl<T> From<Nullable<T>> for Option<T> {
    /// Absent and `null` both become `None`.
    fn from(value: Nullable<T>) -> Self {
        value.into_option()
    }
}

impl<T: PartialEq> PartialEq<Option<T>> for Nullable<T> {
    /// Equal when both have the same value, or neither has one (absent and
    /// `null` both equal `None`).
    fn eq(&self, other: &Option<T>) -> bool {
        self.value() == other.as_ref()
    }
}

impl<T: fmt::Display> fmt::Display for Nullable<T> {
    /// The value, or nothing when absent or `null`.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Nullable::Value(value) => value.fmt(formatter),
            Nullable::Absent | Nullable::Null => Ok(()),
        }
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    /// `Absent` is written as `null` too; fields skip it before this is reached.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => serializer.serialize_some(value),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    /// A present field is `Null` or `Value`; a missing one is `Absent` (the default).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Patch {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        name: Nullable<String>,
    }

    #[test]
    fn three_states_round_trip() {
        for (patch, json) in [
            (Patch { name: Nullable::Absent }, r#"{}"#),
            (Patch { name: Nullable::Null }, r#"{"name":null}"#),
            (
                Patch {
                    name: Nullable::Value("x".to_string()),
                },
                r#"{"name":"x"}"#,
            ),
        ] {
            assert_eq!(serde_json::to_string(&patch).ok().as_deref(), Some(json));
            assert_eq!(serde_json::from_str::<Patch>(json).ok(), Some(patch));
        }
    }

    /// The data-loss guard: no conversion from an `Option` may ever put a `null`
    /// on the wire. `None` means "leave unchanged", as for `Option` fields.
    #[test]
    fn no_conversion_from_option_writes_null() {
        let from_none: Nullable<String> = None.into();
        let from_some: Nullable<String> = Some("x".to_string()).into();
        let from_value: Nullable<String> = "x".to_string().into();
        for (name, json) in [
            (from_none, r#"{}"#),
            (Nullable::from(Option::<String>::None), r#"{}"#),
            (Nullable::default(), r#"{}"#),
            (from_some, r#"{"name":"x"}"#),
            (from_value, r#"{"name":"x"}"#),
        ] {
            assert_eq!(serde_json::to_string(&Patch { name }).ok().as_deref(), Some(json));
        }
        // Clearing is spelled out.
        let clear = Patch { name: Nullable::Null };
        assert_eq!(serde_json::to_string(&clear).ok().as_deref(), Some(r#"{"name":null}"#));
    }

    #[test]
    fn reads_like_an_option() {
        let email: Nullable<String> = Nullable::Value("a@b.c".to_string());
        let none: Nullable<String> = Nullable::Null;
        assert_eq!(email.as_deref(), Some("a@b.c"));
        assert_eq!(none.as_deref().unwrap_or("-"), "-");
        assert_eq!(email.as_ref().map(String::len), Nullable::Value(5));
        assert_eq!(none.as_ref().map(String::len), Nullable::Null);
        assert_eq!(Nullable::<i64>::Absent.map(|n| n + 1), Nullable::Absent);
        assert_eq!(Nullable::Value(2).unwrap_or(0), 2);
        assert_eq!(Nullable::<i64>::Null.unwrap_or(7), 7);
        assert_eq!(Nullable::<i64>::Absent.unwrap_or_default(), 0);
        assert_eq!(Nullable::<i64>::Null.unwrap_or_else(|| 3), 3);
        assert_eq!(Nullable::Value(1).ok_or("none"), Ok(1));
        assert_eq!(Nullable::<i64>::Absent.ok_or("none"), Err("none"));
        assert_eq!(Nullable::<i64>::Null.ok_or_else(|| "none"), Err("none"));
        assert!(email == Some("a@b.c".to_string()));
        assert!(none == None && Nullable::<String>::Absent == None);
        assert!(email != None);
        let option: Option<String> = email.clone().into();
        assert_eq!(option.as_deref(), Some("a@b.c"));
        assert_eq!(Option::<String>::from(Nullable::<String>::Null), None);
        assert_eq!(format!("<{email}> <{none}>"), "<a@b.c> <>");
        let mut count = Nullable::Value(1);
        if let Nullable::Value(count) = count.as_mut() {
            *count += 1;
        }
        assert_eq!(count, Nullable::Value(2));
        assert!(count.is_value() && !count.is_null() && !count.is_absent());
    }

    #[test]
    fn map_or_reads_like_option() {
        assert_eq!(Nullable::Value(2).map_or(0, |value| value * 10), 20);
        assert_eq!(Nullable::<i64>::Null.map_or(0, |value| value * 10), 0);
        assert_eq!(Nullable::<i64>::Absent.map_or_else(|| -1, |value| value), -1);
    }
}
