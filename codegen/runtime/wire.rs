//! Small serde helpers the generated models call, kept here so each generated
//! enum stays a few lines long.

use std::fmt;
use std::marker::PhantomData;

/// Deserializes a string enum without allocating for known values: the string is
/// borrowed from the input when possible and handed to the enum's `From<&str>`,
/// which copies it only for values the spec does not list.
pub(crate) fn deserialize_str_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
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
