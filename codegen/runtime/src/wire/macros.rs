//! The macros every generated model calls, so that `models.rs` states each
//! struct's fields once (as an ordinary Rust struct) and each enum's values
//! once, and the wire machinery (constructors, `Serialize`, `Deserialize`,
//! string conversions) is written here a single time.
//!
//! A generated struct is followed by one table line:
//!
//! ```text
//! __private::wire_struct!(Attachment { id: i64, url, r#type = "type" } extra);
//! ```
//!
//! An entry with a type (`id: i64`, `name: impl Into<String>`) is a required
//! property: an argument of `new` of that type (converted with `Into`) and an
//! error when missing on the wire. Every other entry is optional:
//! left out of the output when `None`/`Nullable::Absent`, and absent when
//! missing on the wire. The wire name is the field's name unless given
//! (`= "type"`). The last identifier names the field that keeps undeclared
//! properties.
//!
//! Decoding matches declared names on the borrowed key and moves only unknown
//! properties into the `extra` map, without the `Content` buffering that
//! `#[serde(flatten)]` costs.

// The standalone runtime crate has no models, so outside its tests nothing
// expands these macros; the generated crate uses all three.
#![allow(unused_macros)]

/// Implements `new`, `Serialize` and `Deserialize` for a generated struct from
/// its field table; see the module documentation for the table's syntax.
#[doc(hidden)]
#[macro_export]
macro_rules! wire_struct {
    (
        $name:ident { $($field:ident $(: $argument:ty)? $(= $wire:literal)?),* $(,)? } $extra:ident
    ) => {
        impl $name {
            /// A value with the required properties set and every other property absent.
            #[allow(clippy::new_without_default)]
            pub fn new($($($field: $argument,)?)*) -> Self {
                $name {
                    $($field: $crate::__private::wire_struct!(@init $field $(: $argument)?),)*
                    $extra: ::core::default::Default::default(),
                }
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private::serde::Serializer,
            {
                use $crate::__private::serde::ser::SerializeMap as _;
                let mut out = serializer.serialize_map(::core::option::Option::None)?;
                $(
                    $crate::__private::wire_struct!(
                        @serialize out, &self.$field,
                        $crate::__private::wire_struct!(@wire $field $($wire)?)
                        $(, $argument)?
                    );
                )*
                for (key, value) in &self.$extra {
                    out.serialize_entry(key, value)?;
                }
                out.end()
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                struct Visitor;

                impl<'de> $crate::__private::serde::de::Visitor<'de> for Visitor {
                    type Value = $name;

                    fn expecting(&self, formatter: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        formatter.write_str(::core::concat!("an object of type ", ::core::stringify!($name)))
                    }

                    fn visit_map<A>(self, mut map: A) -> ::core::result::Result<$name, A::Error>
                    where
                        A: $crate::__private::serde::de::MapAccess<'de>,
                    {
                        // One slot per declared field, named after it; the types come
                        // from the struct literal at the end.
                        $(let mut $field = ::core::option::Option::None;)*
                        let mut $extra = ::core::default::Default::default();
                        while let ::core::option::Option::Some(key) =
                            map.next_key::<$crate::__private::WireKey<'de>>()?
                        {
                            match key.as_str() {
                                $(
                                    $crate::__private::wire_struct!(@wire $field $($wire)?) => {
                                        $crate::__private::take_field(
                                            &mut map,
                                            &mut $field,
                                            $crate::__private::wire_struct!(@wire $field $($wire)?),
                                        )?
                                    }
                                )*
                                _ => $crate::__private::keep_unknown(&mut map, &mut $extra, key)?,
                            }
                        }
                        ::core::result::Result::Ok($name {
                            $(
                                $field: $crate::__private::wire_struct!(
                                    @finish $field,
                                    $crate::__private::wire_struct!(@wire $field $($wire)?)
                                    $(, $argument)?
                                ),
                            )*
                            $extra,
                        })
                    }
                }

                deserializer.deserialize_map(Visitor)
            }
        }
    };
    // The wire name: given, or the field's own name.
    (@wire $field:ident $wire:literal) => { $wire };
    (@wire $field:ident) => { ::core::stringify!($field) };
    // `new`: required fields from the arguments, optional ones absent.
    (@init $field:ident : $argument:ty) => { ::core::convert::Into::into($field) };
    (@init $field:ident) => { ::core::default::Default::default() };
    // `Serialize`: required fields always, optional ones only when present.
    (@serialize $out:ident, $value:expr, $wire:expr, $argument:ty) => {
        $out.serialize_entry($wire, $value)?
    };
    (@serialize $out:ident, $value:expr, $wire:expr) => {
        if !$crate::__private::Skippable::is_absent($value) {
            $out.serialize_entry($wire, $value)?
        }
    };
    // `Deserialize`: a required field must have been on the wire.
    (@finish $slot:ident, $wire:expr, $argument:ty) => {
        $crate::__private::required_field($slot, $wire)?
    };
    (@finish $slot:ident, $wire:expr) => {
        $slot.unwrap_or_default()
    };
}

/// Implements the wire vocabulary of a generated string enum from its
/// `Variant = "value"` table and the name of its catch-all variant: `as_str`,
/// `Display`, a strict `FromStr` and `TryFrom<&str>` (a typo is an error, never
/// an unknown value sent to the server), `Serialize`, and a lenient
/// `Deserialize` that keeps values this client does not know in the catch-all
/// variant.
#[doc(hidden)]
#[macro_export]
macro_rules! string_enum {
    ($name:ident { $($variant:ident = $value:literal),* $(,)? } $catch_all:ident) => {
        impl $name {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::$catch_all(value) => value,
                }
            }
        }

        impl $crate::__private::WireEnum for $name {
            const NAME: &'static str = ::core::stringify!($name);
            const VALUES: &'static [&'static str] = &[$($value),*];

            fn known(value: &str) -> ::core::option::Option<Self> {
                match value {
                    $($value => ::core::option::Option::Some(Self::$variant),)*
                    _ => ::core::option::Option::None,
                }
            }

            fn unknown(value: &str) -> Self {
                Self::$catch_all(value.into())
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = $crate::ParseEnumError;

            /// A listed value; any other text is an error naming the accepted values.
            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                $crate::__private::parse_known(value)
            }
        }

        impl ::core::convert::TryFrom<&str> for $name {
            type Error = $crate::ParseEnumError;

            /// As [`str::parse`]: a listed value, or an error.
            fn try_from(value: &str) -> ::core::result::Result<Self, Self::Error> {
                $crate::__private::parse_known(value)
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, formatter: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private::serde::Serializer,
            {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                $crate::__private::deserialize_str_enum(deserializer)
            }
        }
    };
}

/// Implements the wire vocabulary of a generated integer enum from its
/// `Variant = value` table and the name of its catch-all variant: `value`,
/// `Display`, a strict `TryFrom<i64>`, `Serialize`, and a lenient
/// `Deserialize` that keeps unknown values in the catch-all variant.
#[doc(hidden)]
#[macro_export]
macro_rules! integer_enum {
    ($name:ident { $($variant:ident = $value:literal),* $(,)? } $catch_all:ident) => {
        impl $name {
            /// The value as written on the wire.
            pub fn value(self) -> i64 {
                match self {
                    $(Self::$variant => $value,)*
                    Self::$catch_all(value) => value,
                }
            }

            fn known(value: i64) -> ::core::option::Option<Self> {
                match value {
                    $($value => ::core::option::Option::Some(Self::$variant),)*
                    _ => ::core::option::Option::None,
                }
            }
        }

        impl ::core::convert::TryFrom<i64> for $name {
            type Error = $crate::ParseEnumError;

            /// A listed value; any other number is an error naming the accepted values.
            fn try_from(value: i64) -> ::core::result::Result<Self, Self::Error> {
                Self::known(value).ok_or_else(|| {
                    $crate::ParseEnumError::new(
                        ::core::stringify!($name),
                        value.to_string(),
                        &[$(::core::stringify!($value)),*],
                    )
                })
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, formatter: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.value(), formatter)
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private::serde::Serializer,
            {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                let value = <i64 as $crate::__private::serde::Deserialize>::deserialize(deserializer)?;
                ::core::result::Result::Ok(Self::known(value).unwrap_or(Self::$catch_all(value)))
            }
        }
    };
}

/// Implements `IntoFuture` for a generated request builder: awaiting the builder
/// sends the request and returns the decoded body (`send` also gives the status
/// and headers). The future is boxed so that its type can be named. One line per
/// operation instead of the impl written out each time.
#[doc(hidden)]
#[macro_export]
macro_rules! awaitable_builder {
    ($builder:ident => $body:ty) => {
        impl<'a> ::std::future::IntoFuture for $builder<'a> {
            type Output = ::core::result::Result<$body, $crate::Error>;
            type IntoFuture = ::std::pin::Pin<Box<dyn ::std::future::Future<Output = Self::Output> + Send + 'a>>;
            fn into_future(self) -> Self::IntoFuture {
                Box::pin(async move { self.send().await.map($crate::Response::into_body) })
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::Nullable;

    /// A request-like struct with every kind of field.
    #[derive(Debug, Clone, PartialEq)]
    struct Sample {
        id: i64,
        name: String,
        r#type: Option<String>,
        organization_id: Nullable<i64>,
        parent: Option<i64>,
        extra: serde_json::Map<String, serde_json::Value>,
    }
    crate::__private::wire_struct!(Sample {
        id: i64,
        name: impl Into<String>,
        r#type = "type",
        organization_id,
        parent: Option<i64> = "parent_id",
    } extra);

    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Colour {
        Red,
        DarkBlue,
        Other(String),
    }
    crate::__private::string_enum!(Colour { Red = "red", DarkBlue = "dark-blue" } Other);

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Level {
        Low,
        High,
        Other(i64),
    }
    crate::__private::integer_enum!(Level { Low = 0, High = 5 } Other);

    /// Typed properties beyond the declared ones.
    #[derive(Debug, Clone, PartialEq)]
    struct Counts {
        total: Option<i64>,
        rest: std::collections::BTreeMap<String, i64>,
    }
    crate::__private::wire_struct!(Counts { total } rest);

    #[test]
    fn new_sets_required_fields_and_leaves_the_rest_absent() {
        let sample = Sample::new(7, "Roger", None);
        assert_eq!(sample.name, "Roger");
        assert!(sample.r#type.is_none() && sample.organization_id.is_absent());
        assert_eq!(
            serde_json::to_string(&sample).ok().as_deref(),
            Some(r#"{"id":7,"name":"Roger","parent_id":null}"#)
        );
    }

    #[test]
    fn optional_fields_are_written_only_when_present_and_unknown_properties_round_trip() {
        let json = r#"{"id":1,"name":"n","type":"t","organization_id":null,"parent_id":3,"later":{"a":[1]}}"#;
        let sample: Sample = serde_json::from_str(json)
            .map_err(|error| error.to_string())
            .unwrap_or_else(|error| {
                panic!("decodes: {error}");
            });
        assert_eq!(sample.r#type.as_deref(), Some("t"));
        assert!(sample.organization_id.is_null());
        assert_eq!(sample.parent, Some(3));
        assert!(sample.extra.contains_key("later"));
        assert_eq!(serde_json::to_string(&sample).ok().as_deref(), Some(json));
    }

    #[test]
    fn missing_required_and_duplicate_properties_are_errors() {
        let missing = serde_json::from_str::<Sample>(r#"{"id":1,"parent_id":null}"#).map_err(|error| error.to_string());
        assert_eq!(missing, Err("missing field `name` at line 1 column 25".to_string()));
        let twice = serde_json::from_str::<Sample>(r#"{"id":1,"id":2}"#).map_err(|error| error.to_string());
        assert_eq!(twice, Err("duplicate field `id` at line 1 column 12".to_string()));
        let not_an_object = serde_json::from_str::<Sample>("[]").map_err(|error| error.to_string());
        assert_eq!(
            not_an_object,
            Err("invalid type: sequence, expected an object of type Sample at line 1 column 0".to_string())
        );
    }

    #[test]
    fn typed_extra_properties_are_decoded() {
        let counts: Result<Counts, _> = serde_json::from_str(r#"{"total":3,"a":1,"b":2}"#);
        let counts = counts.map_err(|error| error.to_string());
        assert_eq!(counts.as_ref().map(|counts| counts.rest.len()), Ok(2));
        assert!(serde_json::from_str::<Counts>(r#"{"a":"x"}"#).is_err());
        assert_eq!(serde_json::to_string(&Counts::new()).ok().as_deref(), Some("{}"));
    }

    #[test]
    fn string_enums_parse_strictly_and_decode_leniently() {
        assert_eq!("dark-blue".parse::<Colour>(), Ok(Colour::DarkBlue));
        assert_eq!(Colour::try_from("red"), Ok(Colour::Red));
        assert!(Colour::try_from("green").is_err());
        let typo = "dark-bleu".parse::<Colour>().map_err(|error| error.to_string());
        assert_eq!(
            typo,
            Err("`dark-bleu` is not a Colour: expected one of `red`, `dark-blue`".to_string())
        );
        let decoded: Result<Vec<Colour>, _> = serde_json::from_str(r#"["red","green"]"#);
        assert_eq!(
            decoded.map_err(|error| error.to_string()),
            Ok(vec![Colour::Red, Colour::Other("green".to_string())])
        );
        assert_eq!(Colour::DarkBlue.to_string(), "dark-blue");
        assert_eq!(
            serde_json::to_string(&Colour::Other("green".into())).ok().as_deref(),
            Some(r#""green""#)
        );
    }

    #[test]
    fn integer_enums_convert_strictly_and_decode_leniently() {
        assert_eq!(Level::try_from(5), Ok(Level::High));
        let unknown = Level::try_from(9).map_err(|error| error.to_string());
        assert_eq!(unknown, Err("`9` is not a Level: expected one of `0`, `5`".to_string()));
        let decoded: Result<Vec<Level>, _> = serde_json::from_str("[0,9]");
        assert_eq!(
            decoded.map_err(|error| error.to_string()),
            Ok(vec![Level::Low, Level::Other(9)])
        );
        assert_eq!(Level::Other(9).to_string(), "9");
    }
}
