//! Serde helpers the generated models call through the macros of
//! `wire_macros.rs`, and the error of a strict enum conversion.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use crate::Nullable;

/// A string that is not one of an enum's listed values (`"agnet".parse::<Role>()`),
/// or a number that is not one of an integer enum's.
///
/// Converting user input into a request enum is strict, so a typo is reported
/// here instead of being sent to Zendesk; values decoded from responses are
/// never rejected (they are kept in the enum's `Unknown` variant).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseEnumError {
    type_name: &'static str,
    value: String,
    expected: &'static [&'static str],
}

impl ParseEnumError {
    #[doc(hidden)]
    pub fn new(type_name: &'static str, value: String, expected: &'static [&'static str]) -> Self {
        ParseEnumError {
            type_name,
            value,
            expected,
        }
    }

    /// The rejected input.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The values the enum accepts, as written on the wire.
    pub fn expected(&self) -> &'static [&'static str] {
        self.expected
    }
}

impl fmt::Display for ParseEnumError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "`{}` is not a {}: expected one of ",
            self.value, self.type_name
        )?;
        for (index, value) in self.expected.iter().enumerate() {
            if index > 0 {
                formatter.write_str(", ")?;
            }
            write!(formatter, "`{value}`")?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseEnumError {}

/// What `string_enum!` implements for a generated string enum: its listed values
/// and how a value it does not list is kept.
pub trait WireEnum: Sized {
    /// The enum's Rust name, for error messages.
    const NAME: &'static str;
    /// The listed values as written on the wire.
    const VALUES: &'static [&'static str];
    /// The variant for a listed value.
    fn known(value: &str) -> Option<Self>;
    /// The catch-all variant holding `value`.
    fn unknown(value: &str) -> Self;
}

/// The strict conversion behind a string enum's `FromStr`.
pub fn parse_known<T: WireEnum>(value: &str) -> Result<T, ParseEnumError> {
    T::known(value).ok_or_else(|| ParseEnumError::new(T::NAME, value.to_string(), T::VALUES))
}

/// Deserializes a string enum without allocating for known values: the string is
/// borrowed from the input when possible and copied only for values the spec does
/// not list, which are kept in the catch-all variant.
pub fn deserialize_str_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: WireEnum,
{
    struct StrVisitor<T>(PhantomData<T>);

    impl<T: WireEnum> serde::de::Visitor<'_> for StrVisitor<T> {
        type Value = T;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            formatter.write_str("a string")
        }

        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::known(value).unwrap_or_else(|| T::unknown(value)))
        }
    }

    deserializer.deserialize_str(StrVisitor(PhantomData))
}

/// An optional field's "leave it out" state: `None` for `Option`, `Absent` for
/// [`Nullable`]. Such fields are not written at all.
pub trait Skippable {
    /// True when the field is left out of the output.
    fn is_absent(&self) -> bool;
}

impl<T> Skippable for Option<T> {
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

impl<T> Skippable for Nullable<T> {
    fn is_absent(&self) -> bool {
        Nullable::is_absent(self)
    }
}

/// The map that keeps a struct's undeclared properties: free-form JSON, or the
/// typed values of `additionalProperties: {schema}`.
pub trait UnknownProperties<'de> {
    /// Reads the value of property `key` from `map` and keeps it.
    fn keep<A: serde::de::MapAccess<'de>>(&mut self, key: String, map: &mut A) -> Result<(), A::Error>;
}

impl<'de> UnknownProperties<'de> for serde_json::Map<String, serde_json::Value> {
    fn keep<A: serde::de::MapAccess<'de>>(&mut self, key: String, map: &mut A) -> Result<(), A::Error> {
        self.insert(key, map.next_value()?);
        Ok(())
    }
}

impl<'de, T: serde::Deserialize<'de>> UnknownProperties<'de> for BTreeMap<String, T> {
    fn keep<A: serde::de::MapAccess<'de>>(&mut self, key: String, map: &mut A) -> Result<(), A::Error> {
        self.insert(key, map.next_value()?);
        Ok(())
    }
}

/// Keeps an undeclared property in the struct's `extra` map.
pub fn keep_unknown<'de, A, M>(map: &mut A, extra: &mut M, key: WireKey<'de>) -> Result<(), A::Error>
where
    A: serde::de::MapAccess<'de>,
    M: UnknownProperties<'de>,
{
    extra.keep(key.into_string(), map)
}

/// A map key from the input: borrowed when the input allows (serde_json from a
/// string or byte slice, for keys without escapes), owned otherwise. Generated
/// `Deserialize` impls match known property names on it without allocating and
/// keep unknown ones.
pub enum WireKey<'de> {
    /// Borrowed from the input.
    Borrowed(&'de str),
    /// Copied or handed over by the deserializer.
    Owned(String),
}

impl WireKey<'_> {
    /// The key text.
    pub fn as_str(&self) -> &str {
        match self {
            WireKey::Borrowed(key) => key,
            WireKey::Owned(key) => key,
        }
    }

    /// The key as an owned string, for the map of undeclared properties.
    pub fn into_string(self) -> String {
        match self {
            WireKey::Borrowed(key) => key.to_string(),
            WireKey::Owned(key) => key,
        }
    }
}

impl<'de> serde::Deserialize<'de> for WireKey<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = WireKey<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a property name")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
                Ok(WireKey::Borrowed(value))
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(WireKey::Owned(value.to_string()))
            }

            fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Self::Value, E> {
                Ok(WireKey::Owned(value))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Reads the value of a declared property into its slot; a property sent twice is
/// an error, as with `#[derive(Deserialize)]`.
pub fn take_field<'de, A, T>(map: &mut A, slot: &mut Option<T>, name: &'static str) -> Result<(), A::Error>
where
    A: serde::de::MapAccess<'de>,
    T: serde::Deserialize<'de>,
{
    if slot.is_some() {
        return Err(serde::de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The value of a required property, or the error serde reports for a missing field.
pub fn required_field<T, E: serde::de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}
