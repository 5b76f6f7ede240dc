//! How a type reads in text (the public API listing, `cargo xtask api-diff`): the
//! tokens the emitters write, printed with the spacing a person would use. Both
//! tools print types through here, from the same functions the emitters build the
//! code with, so neither can spell a type differently from the crate.

use super::common::{field_type, type_tokens, WrittenIn};
use crate::ir::{Presence, TypeRef};
use proc_macro2::TokenStream;

/// The type as the crate writes it, in `models.rs` ([`WrittenIn::Models`]: models by
/// bare name) or elsewhere ([`WrittenIn::Crate`]: `models::User`).
pub fn type_spelling(ty: &TypeRef, from: WrittenIn) -> String {
    spelled(type_tokens(ty, from))
}

/// A struct field's type as `models.rs` declares it: the value type, boxed when the
/// layout says so, in its presence wrapper (`Option<..>`, `Nullable<..>`).
pub fn field_spelling(ty: &TypeRef, presence: Presence, boxed: bool) -> String {
    spelled(field_type(ty, presence, boxed, WrittenIn::Models))
}

/// Token text with the spacing a person would write: `&self`, `Vec<T>`, `a::b`, `x: T`.
pub fn spelled(tokens: TokenStream) -> String {
    let mut text = tokens.to_string();
    for (from, to) in [
        (" :: ", "::"),
        (":: ", "::"),
        (" ::", "::"),
        ("& '", "&'"),
        ("& ", "&"),
        (" < ", "<"),
        ("< ", "<"),
        (" <", "<"),
        (" >", ">"),
        (" ,", ","),
        ("( ", "("),
        (" )", ")"),
        ("[ ", "["),
        (" ]", "]"),
        (" : ", ": "),
        (" ;", ";"),
        ("> (", ">("),
        ("! (", "!("),
    ] {
        while text.contains(from) {
            text = text.replace(from, to);
        }
    }
    // A generic list directly after a name (`fn f<T>(..)`, `Vec<T>`) has no space before `(`.
    if text.starts_with("<>") {
        text = text[2..].to_string();
    }
    text.replace("crate::", "").replace(",>", ">").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::{field_spelling, type_spelling, WrittenIn};
    use crate::ir::{Presence, TypeRef};

    #[test]
    fn types_read_as_the_crate_writes_them() {
        assert_eq!(
            type_spelling(&TypeRef::DateTime, WrittenIn::Models),
            "chrono::DateTime<chrono::FixedOffset>"
        );
        let users = TypeRef::Array(Box::new(TypeRef::Named("User".to_string())));
        assert_eq!(type_spelling(&users, WrittenIn::Crate), "Vec<models::User>");
        assert_eq!(
            field_spelling(
                &TypeRef::Map(Box::new(TypeRef::Json)),
                Presence::OptionalNullable,
                false
            ),
            "Nullable<serde_json::Map<String, serde_json::Value>>"
        );
        assert_eq!(
            field_spelling(&TypeRef::Named("User".to_string()), Presence::Optional, true),
            "Option<Box<User>>"
        );
    }
}
