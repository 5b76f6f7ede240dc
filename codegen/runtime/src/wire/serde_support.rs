//! What the generated models' serde impls need beyond serde itself: the lenient
//! `Deserialize` of an open string enum, and the error of a strict enum conversion.

use std::fmt;

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

/// Deserializes an open string enum: a value its `FromStr` lists becomes that
/// variant, any other string is kept by `unknown` (the enum's catch-all variant),
/// so a response never fails on a value this client does not know. The string is
/// borrowed from the input when the deserializer allows, so a listed value costs
/// no allocation. Generated `Deserialize` impls are this one call:
///
/// ```text
/// __private::deserialize_open_enum(deserializer, Role::Unknown)
/// ```
pub fn deserialize_open_enum<'de, D, T>(deserializer: D, unknown: fn(String) -> T) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr,
{
    struct OpenEnumVisitor<T> {
        unknown: fn(String) -> T,
    }

    impl<T: std::str::FromStr> serde::de::Visitor<'_> for OpenEnumVisitor<T> {
        type Value = T;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            formatter.write_str("a string")
        }

        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok(value.parse().unwrap_or_else(|_| (self.unknown)(value.to_string())))
        }
    }

    deserializer.deserialize_str(OpenEnumVisitor { unknown })
}

#[cfg(test)]
mod tests {
    use super::{deserialize_open_enum, ParseEnumError};

    /// An open enum as the generator writes one.
    #[derive(Debug, PartialEq)]
    enum Colour {
        DarkBlue,
        Other(String),
    }

    impl std::str::FromStr for Colour {
        type Err = ParseEnumError;

        fn from_str(value: &str) -> Result<Colour, ParseEnumError> {
            match value {
                "dark-blue" => Ok(Colour::DarkBlue),
                other => Err(ParseEnumError::new("Colour", other.to_string(), &["dark-blue"])),
            }
        }
    }

    impl<'de> serde::Deserialize<'de> for Colour {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Colour, D::Error> {
            deserialize_open_enum(deserializer, Colour::Other)
        }
    }

    #[test]
    fn listed_values_decode_to_their_variant_and_others_are_kept() {
        let decoded: Result<Vec<Colour>, _> = serde_json::from_str(r#"["dark-blue","green","esc\u0061ped"]"#);
        assert_eq!(
            decoded.map_err(|error| error.to_string()),
            Ok(vec![
                Colour::DarkBlue,
                Colour::Other("green".to_string()),
                Colour::Other("escaped".to_string())
            ])
        );
        let not_a_string = serde_json::from_str::<Colour>("7").map_err(|error| error.to_string());
        assert_eq!(
            not_a_string,
            Err("invalid type: integer `7`, expected a string at line 1 column 1".to_string())
        );
    }

    #[test]
    fn a_strict_parse_error_names_the_listed_values() {
        let typo = "dark-bleu".parse::<Colour>().map_err(|error| error.to_string());
        assert_eq!(
            typo,
            Err("`dark-bleu` is not a Colour: expected one of `dark-blue`".to_string())
        );
    }
}
