//! The one place where wire names become Rust names: case conversion (heck),
//! keyword escaping, leading digits, and deterministic collision resolution.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Rust keywords of every edition from 2015 to 2024 that need `r#` or a suffix: the
/// strict ones, the reserved ones, and those later editions added (`async`, `await`,
/// `dyn`, `try` in 2018, `gen` in 2024), so a generated crate compiles in any
/// edition. Weak keywords (`union`, `macro_rules`, `raw`, `safe`, `'static`) are
/// plain identifiers wherever a generated name goes and are not escaped.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self",
    "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become",
    "box", "do", "final", "gen", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Reduces a wire name to the word characters heck understands: brackets and other
/// punctuation become word breaks (`page[size]` → `page size`).
fn words(wire: &str) -> String {
    wire.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect::<String>()
}

/// A name cannot start with a digit (`2fa` → `n_2fa`, `1st` → `N1st`).
fn fix_leading_digit(name: String, prefix: &str) -> String {
    match name.chars().next() {
        Some(c) if c.is_ascii_digit() => format!("{prefix}{name}"),
        _ => name,
    }
}

/// The words for a wire name without a letter or digit, which would otherwise have
/// no name at all: its punctuation spelled out (`=` → `equals`, `<=` → `less than
/// equals`, `[]` → `brackets`), or `empty` for the empty string and whitespace.
fn spelled_out(wire: &str) -> String {
    let words: Vec<&str> = wire
        .chars()
        .filter_map(|c| {
            Some(match c {
                '=' => "equals",
                '<' => "less than",
                '>' => "greater than",
                '!' => "not",
                '+' => "plus",
                '-' => "minus",
                '*' => "star",
                '/' => "slash",
                '\\' => "backslash",
                '.' => "dot",
                ',' => "comma",
                ':' => "colon",
                ';' => "semicolon",
                '?' => "question",
                '&' => "and",
                '|' => "or",
                '^' => "caret",
                '~' => "tilde",
                '%' => "percent",
                '#' => "hash",
                '@' => "at",
                '$' => "dollar",
                '_' => "underscore",
                '(' | ')' => "parens",
                '[' | ']' => "brackets",
                '{' | '}' => "braces",
                '\'' | '"' | '`' => "quote",
                _ if c.is_whitespace() => return None,
                _ => "symbol",
            })
        })
        .collect();
    let mut deduplicated: Vec<&str> = Vec::new();
    for word in words {
        // `[]` is `brackets`, not `brackets brackets`.
        if deduplicated.last() != Some(&word) || !matches!(word, "parens" | "brackets" | "braces" | "quote") {
            deduplicated.push(word);
        }
    }
    if deduplicated.is_empty() {
        "empty".to_string()
    } else {
        deduplicated.join(" ")
    }
}

/// The word characters of `wire`, or its punctuation spelled out when it has none.
fn wordy(wire: &str) -> String {
    let plain = words(wire);
    if plain.trim().is_empty() {
        spelled_out(wire)
    } else {
        plain
    }
}

/// The name for a snake_case word. Keywords that cannot be raw identifiers
/// (`self`, `super`, `crate`, `Self`, `_`) get a `_` suffix, which makes them a
/// different name; other keywords stay as they are (`type`) and are escaped only
/// when emitted (see [`is_raw_keyword`]), so names in the IR are always plain text.
pub fn avoid_unescapable_keyword(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else {
        name.to_string()
    }
}

/// True when `name` is a keyword an emitter must write as a raw identifier (`r#type`).
pub fn is_raw_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name) && !NOT_RAW.contains(&name)
}

/// `snake_case` for fields, methods, arguments (not yet keyword-escaped).
pub fn snake(wire: &str) -> String {
    fix_leading_digit(wordy(wire).to_snake_case(), "n_")
}

/// `UpperCamelCase` for types and variants.
pub fn pascal(wire: &str) -> String {
    let name = fix_leading_digit(wordy(wire).to_upper_camel_case(), "N");
    if name == "Self" {
        "SelfValue".to_string()
    } else {
        name
    }
}

/// Hands out names unique within one scope (a module's types, a struct's fields,
/// an operation's arguments). Collisions get a deterministic suffix: names are
/// claimed in spec order, so the same spec always yields the same names.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope where `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|name| name.to_string()).collect(),
        }
    }

    /// Claims `wanted`, or `wanted{suffix}`, `wanted{suffix}2`, ... if taken.
    pub fn claim(&mut self, wanted: &str, suffix: &str) -> String {
        let mut candidate = wanted.to_string();
        let mut counter = 1;
        while self.taken.contains(&candidate) {
            counter += 1;
            candidate = if counter == 2 {
                format!("{wanted}{suffix}")
            } else {
                format!("{wanted}{suffix}{}", counter - 1)
            };
        }
        self.taken.insert(candidate.clone());
        candidate
    }

    /// True when `name` has been claimed.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

/// The snake_case name for a wire name inside `scope`: plain text (`type`, escaped
/// only when emitted), with a `_` suffix for keywords that cannot be raw (`self_`).
/// The suffixed text is what is claimed, so `self` and `self_` cannot both end up
/// as `self_`. A wire name ending in `[]` (Zendesk's
/// array form, `role[]`) prefers `{base}_list`, so `role` and `role[]` both keep a
/// readable name whatever their order.
pub fn claim_snake(scope: &mut Scope, wire: &str) -> String {
    let base = snake(wire);
    let wanted = if wire.ends_with("[]") {
        format!("{base}_list")
    } else {
        base
    };
    let safe = avoid_unescapable_keyword(&wanted);
    scope.claim(&safe, "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_stay_plain_or_get_a_suffix() {
        assert_eq!(avoid_unescapable_keyword(&snake("type")), "type");
        assert!(is_raw_keyword("type") && !is_raw_keyword("self") && !is_raw_keyword("name"));
        assert_eq!(avoid_unescapable_keyword(&snake("self")), "self_");
        assert_eq!(avoid_unescapable_keyword(&snake("crate")), "crate_");
        assert_eq!(avoid_unescapable_keyword(&snake("name")), "name");
        assert_eq!(pascal("self"), "SelfValue");
    }

    #[test]
    fn brackets_and_dashes_become_word_breaks() {
        assert_eq!(snake("page[size]"), "page_size");
        assert_eq!(snake("role[]"), "role");
        assert_eq!(pascal("end-user"), "EndUser");
        assert_eq!(snake("X-Rate-Limit"), "x_rate_limit");
    }

    #[test]
    fn leading_digits_get_a_prefix() {
        assert_eq!(snake("2fa"), "n_2fa");
        assert_eq!(pascal("200"), "N200");
    }

    #[test]
    fn names_without_letters_or_digits_are_spelled_out() {
        assert_eq!(snake("[]"), "brackets");
        assert_eq!(snake(""), "empty");
        assert_eq!(snake("  "), "empty");
        assert_eq!(pascal(""), "Empty");
        assert_eq!(pascal("-"), "Minus");
        assert_eq!(pascal("="), "Equals");
        assert_eq!(pascal("<="), "LessThanEquals");
        assert_eq!(pascal("!="), "NotEquals");
    }

    #[test]
    fn names_equal_but_for_case_and_punctuation_get_distinct_names() {
        let mut scope = Scope::default();
        let names: Vec<String> = ["a-b", "a_b", "A_B", "a b"]
            .iter()
            .map(|wire| claim_snake(&mut scope, wire))
            .collect();
        assert_eq!(names, ["a_b", "a_b_", "a_b_2", "a_b_3"]);
        let mut scope = Scope::default();
        let names: Vec<String> = ["a-b", "a_b", "A_B"]
            .iter()
            .map(|wire| scope.claim(&pascal(wire), "Value"))
            .collect();
        assert_eq!(names, ["AB", "ABValue", "ABValue2"]);
    }

    #[test]
    fn keywords_of_every_edition_are_escaped() {
        for keyword in [
            "gen", "try", "async", "await", "dyn", "abstract", "become", "yield", "macro",
        ] {
            assert!(is_raw_keyword(&snake(keyword)), "{keyword}");
        }
        for weak in ["union", "macro_rules", "raw", "safe"] {
            assert!(!is_raw_keyword(weak), "{weak} is a plain identifier");
        }
    }

    #[test]
    fn names_equal_after_escaping_do_not_collide() {
        let mut scope = Scope::default();
        assert_eq!(claim_snake(&mut scope, "self"), "self_");
        assert_eq!(claim_snake(&mut scope, "Self"), "self__");
        assert_eq!(claim_snake(&mut scope, "type"), "type");
    }

    #[test]
    fn role_and_role_array_do_not_collide_in_either_order() {
        let mut scope = Scope::default();
        assert_eq!(claim_snake(&mut scope, "role"), "role");
        assert_eq!(claim_snake(&mut scope, "role[]"), "role_list");
        let mut scope = Scope::default();
        assert_eq!(claim_snake(&mut scope, "role[]"), "role_list");
        assert_eq!(claim_snake(&mut scope, "role"), "role");
    }

    #[test]
    fn collisions_get_deterministic_suffixes() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim("User", "Type"), "User");
        assert_eq!(scope.claim("User", "Type"), "UserType");
        assert_eq!(scope.claim("User", "Type"), "UserType2");
    }
}
