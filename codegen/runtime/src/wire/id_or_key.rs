//! A path argument that Zendesk accepts as a numeric id or as a key (a name, an
//! external id...), from a parameter whose schema is `oneOf: [integer, string]`.

use std::fmt;

/// A numeric id or a string key. Any `i64`, `&str` or `String` converts into it, so
/// a method taking `impl Into<IdOrKey>` is called as `show(42)` or `show("email")`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum IdOrKey {
    /// A numeric id.
    Id(i64),
    /// A string key.
    Key(String),
}

impl From<i64> for IdOrKey {
    fn from(id: i64) -> Self {
        IdOrKey::Id(id)
    }
}

impl From<&str> for IdOrKey {
    fn from(key: &str) -> Self {
        IdOrKey::Key(key.to_string())
    }
}

impl From<String> for IdOrKey {
    fn from(key: String) -> Self {
        IdOrKey::Key(key)
    }
}

impl From<&String> for IdOrKey {
    fn from(key: &String) -> Self {
        IdOrKey::Key(key.clone())
    }
}

impl fmt::Display for IdOrKey {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdOrKey::Id(id) => write!(formatter, "{id}"),
            IdOrKey::Key(key) => formatter.write_str(key),
        }
    }
}

impl serde::Serialize for IdOrKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            IdOrKey::Id(id) => serializer.serialize_i64(*id),
            IdOrKey::Key(key) => serializer.serialize_str(key),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_keys_convert_and_print_as_they_are() {
        assert_eq!(IdOrKey::from(42), IdOrKey::Id(42));
        assert_eq!(IdOrKey::from("a/b").to_string(), "a/b");
        assert_eq!(IdOrKey::from(String::from("x")), IdOrKey::Key("x".to_string()));
        assert_eq!(serde_json::to_string(&IdOrKey::from(7)).ok().as_deref(), Some("7"));
    }
}
