//! The macros generated code calls for what is the same in every builder or enum,
//! so that it is written once here instead of once per operation or enum:
//!
//! - `awaitable_builder!` gives a request builder its `deadline` setter and
//!   `IntoFuture`;
//! - `cursor_list!` gives the builder of a cursor-paginated list its `pages` and
//!   `stream`;
//! - `string_enum!` and `integer_enum!` give an open enum (its definition, with
//!   derives, variants and their docs, is written out in `models.rs`) its wire
//!   value, strict parsing, `Display` and serde impls.
//!
//! Structs use none: they are plain serde derives. `generated/public-api.txt`
//! lists what each invocation produces, read from the definitions below.

// The runtime crate has no builders or enums of its own; its tests expand them.
#![allow(unused_macros)]

/// Gives a generated request builder (a struct with a `deadline:
/// Option<Duration>` field and an `async fn send`) its `deadline` setter, and
/// implements `IntoFuture` for it: awaiting the builder sends the request and
/// returns the decoded body (`send` also gives the status and headers). The future
/// is boxed so that its type can be named. One line per operation instead of the
/// same code written out each time.
#[doc(hidden)]
#[macro_export]
macro_rules! awaitable_builder {
    ($builder:ident => $body:ty) => {
        impl<'a> $builder<'a> {
            /// The total time this call may take (attempts, back-off, rate-limit waits), instead of the client's deadline.
            pub fn deadline(mut self, deadline: std::time::Duration) -> Self {
                self.deadline = ::core::option::Option::Some(deadline);
                self
            }
        }

        impl<'a> ::std::future::IntoFuture for $builder<'a> {
            type Output = ::core::result::Result<$body, $crate::Error>;
            type IntoFuture = ::std::pin::Pin<Box<dyn ::std::future::Future<Output = Self::Output> + Send + 'a>>;
            fn into_future(self) -> Self::IntoFuture {
                Box::pin(async move { self.send().await.map($crate::Response::into_body) })
            }
        }
    };
}

/// `pages` and `stream` of the builder `$builder` of a cursor-paginated list whose
/// page type is `$page` (items `$item`) and whose cursor parameter is `$cursor`: both
/// walk every page from the builder's cursor on, fetching the next page while this
/// one is consumed. With `$size = $default`, they ask for pages of `$default` unless
/// the caller chose a page size, because Zendesk answers a list request without
/// `page[size]` with offset pages, which a cursor stream cannot follow.
#[doc(hidden)]
#[macro_export]
macro_rules! cursor_list {
    ($builder:ident => $page:ty, $item:ty; $cursor:ident $(, $size:ident = $default:literal)?) => {
        impl<'a> $builder<'a> {
            /// Every page from the current cursor on, fetching the next page while this one is consumed.
            #[doc = ::core::concat!(
                "Each page exposes `meta.after_cursor`: pass it to `",
                ::core::stringify!($cursor),
                "` to resume later."
            )]
            $(#[doc = ::core::concat!(
                "Asks for cursor pages of ",
                ::core::stringify!($default),
                " unless a page size was set (Zendesk answers a request without one with offset pages)."
            )])?
            pub fn pages(
                self,
            ) -> impl $crate::__private::futures::Stream<Item = ::core::result::Result<$crate::Response<$page>, $crate::Error>>
                   + ::core::marker::Send
                   + ::core::marker::Unpin
                   + 'a {
                $crate::cursor_list!(@walk self, cursor_pages, $cursor $(, $size = $default)?)
            }

            /// Every item of every page, in order; rate limits are waited out per the client's retry policy.
            $(#[doc = ::core::concat!(
                "Asks for cursor pages of ",
                ::core::stringify!($default),
                " unless a page size was set (Zendesk answers a request without one with offset pages)."
            )])?
            pub fn stream(
                self,
            ) -> impl $crate::__private::futures::Stream<Item = ::core::result::Result<$item, $crate::Error>>
                   + ::core::marker::Send
                   + ::core::marker::Unpin
                   + 'a {
                $crate::cursor_list!(@walk self, cursor_items, $cursor $(, $size = $default)?)
            }
        }
    };
    // Both streams walk the list alike, with the runtime's `cursor_pages` or `cursor_items`.
    (@walk $builder:expr, $walk:ident, $cursor:ident $(, $size:ident = $default:literal)?) => {{
        #[allow(unused_mut)]
        let mut this = $builder;
        $(this.$size.get_or_insert($default);)?
        let start = this.$cursor.clone();
        $crate::__private::$walk(start, move |cursor| {
            let mut builder = this.clone();
            builder.$cursor = cursor;
            builder.send()
        })
    }};
}

/// The impls of an open string enum `$name` whose values are `$value`s and whose
/// catch-all variant `$catch_all(String)` keeps any other value:
///
/// - `as_str`, the value as written on the wire;
/// - a strict `FromStr` and `TryFrom<&str>`: a value that is not listed is an error
///   naming the listed values (a typo is never sent to the server as an unknown
///   value);
/// - `Display` (the wire value) and `Serialize`;
/// - a lenient `Deserialize`: a value this client does not list lands in the
///   catch-all variant.
///
/// Variants are named through the type, never `Self::`, and no associated item is
/// named through `Self`, so a variant called `Err` or `Error` cannot make a path
/// ambiguous; every other path is absolute, so no name the spec brings into the
/// models module can shadow one.
#[doc(hidden)]
#[macro_export]
macro_rules! string_enum {
    ($name:ident, $catch_all:ident { $($variant:ident($value:literal)),* $(,)? }) => {
        impl $name {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $value,)*
                    $name::$catch_all(value) => value,
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::ParseEnumError;
            /// A listed value; any other text is an error naming the listed values.
            fn from_str(value: &str) -> ::core::result::Result<$name, $crate::ParseEnumError> {
                match value {
                    $($value => ::core::result::Result::Ok($name::$variant),)*
                    other => ::core::result::Result::Err($crate::ParseEnumError::new(
                        ::core::stringify!($name),
                        ::std::string::ToString::to_string(other),
                        &[$($value),*],
                    )),
                }
            }
        }

        impl ::std::convert::TryFrom<&str> for $name {
            type Error = $crate::ParseEnumError;
            /// As [`str::parse`]: a listed value, or an error.
            fn try_from(value: &str) -> ::core::result::Result<$name, $crate::ParseEnumError> {
                <$name as ::std::str::FromStr>::from_str(value)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            /// Any string: a value this client does not list is kept in the catch-all variant.
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<$name, D::Error> {
                $crate::__private::deserialize_open_enum(deserializer, $name::$catch_all)
            }
        }
    };
}

/// The impls of an open integer enum `$name` whose values are `$value`s and whose
/// catch-all variant `$catch_all(i64)` keeps any other value: `value` (the number
/// on the wire), a strict `TryFrom<i64>` (an unlisted number is an error naming the
/// listed values), `Display` and `Serialize` of the number, and a lenient
/// `Deserialize` that keeps numbers this client does not list. The same naming rules
/// as [`string_enum!`].
#[doc(hidden)]
#[macro_export]
macro_rules! integer_enum {
    ($name:ident, $catch_all:ident { $($variant:ident($value:literal)),* $(,)? }) => {
        impl $name {
            /// The value as written on the wire.
            pub fn value(self) -> i64 {
                match self {
                    $($name::$variant => $value,)*
                    $name::$catch_all(value) => value,
                }
            }
        }

        impl ::std::convert::TryFrom<i64> for $name {
            type Error = $crate::ParseEnumError;
            /// A listed value; any other number is an error naming the listed values.
            fn try_from(value: i64) -> ::core::result::Result<$name, $crate::ParseEnumError> {
                match value {
                    $($value => ::core::result::Result::Ok($name::$variant),)*
                    other => ::core::result::Result::Err($crate::ParseEnumError::new(
                        ::core::stringify!($name),
                        ::std::string::ToString::to_string(&other),
                        &[$(::core::stringify!($value)),*],
                    )),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), formatter)
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            /// Any integer: a value this client does not list is kept in the catch-all variant.
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<$name, D::Error> {
                let value = <i64 as $crate::__private::serde::Deserialize>::deserialize(deserializer)?;
                ::core::result::Result::Ok(
                    <$name as ::std::convert::TryFrom<i64>>::try_from(value)
                        .unwrap_or($name::$catch_all(value)),
                )
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::ParseEnumError;

    /// Variants named like the items the impls use (`Err`, `Error`, `None`, `Ok`)
    /// must not make any path of the expansion ambiguous.
    #[derive(Debug, Clone, PartialEq)]
    enum Outcome {
        Error,
        Err,
        None,
        Ok,
        Unknown(String),
    }

    crate::string_enum!(Outcome, Unknown { Error("error"), Err("err"), None(""), Ok("1st") });

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Level {
        Below,
        Zero,
        Other(i64),
    }

    crate::integer_enum!(Level, Other { Below(-1), Zero(0) });

    #[test]
    fn a_string_enum_parses_strictly_and_decodes_leniently() {
        assert_eq!("error".parse::<Outcome>(), Ok(Outcome::Error));
        assert_eq!(Outcome::try_from(""), Ok(Outcome::None));
        assert_eq!(Outcome::Ok.as_str(), "1st");
        assert_eq!(Outcome::Unknown("later".into()).to_string(), "later");
        let error: ParseEnumError = "erorr".parse::<Outcome>().unwrap_err();
        assert_eq!(error.expected(), &["error", "err", "", "1st"]);
        assert_eq!(
            error.to_string(),
            "`erorr` is not a Outcome: expected one of `error`, `err`, ``, `1st`"
        );
        let decoded: Vec<Outcome> = serde_json::from_str(r#"["err","1st","later"]"#).unwrap();
        assert_eq!(decoded, [Outcome::Err, Outcome::Ok, Outcome::Unknown("later".into())]);
        assert_eq!(serde_json::to_string(&decoded).unwrap(), r#"["err","1st","later"]"#);
    }

    #[test]
    fn an_integer_enum_takes_negative_values_and_keeps_unknown_ones() {
        assert_eq!(Level::try_from(-1), Ok(Level::Below));
        assert_eq!(Level::Zero.value(), 0);
        assert_eq!(Level::Below.to_string(), "-1");
        let error = Level::try_from(7).unwrap_err();
        assert_eq!(error.expected(), &["-1", "0"]);
        let decoded: Vec<Level> = serde_json::from_str("[-1, 0, 7]").unwrap();
        assert_eq!(decoded, [Level::Below, Level::Zero, Level::Other(7)]);
        assert_eq!(serde_json::to_string(&decoded).unwrap(), "[-1,0,7]");
    }
}
