//! Small serde helpers the generated models call, kept here so each generated
//! enum stays a few lines long.

use std::fmt;
use std::marker::PhantomData;

/// Deserializes a string enum without allocating for known values: the string is
/// borrowed from the input when possible and handed to the enum's `From<&str>`,
/// which copies it only for values the spec does not list.
pub fn deserialize_str_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct StrVisitor<T>(PhantomData<T>);

    impl<T: for<'a> From<&'a str>> serde::de::Visitor<'_> for StrVisitor<T> {
        type Value = T;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            formatter.write_str("a string")
        }

        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }
    }

    deserializer.deserialize_str(StrVisitor(PhantomData))
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
