//! String and integer enums: their variants, named from the values (or from
//! `x-enum-varnames`), and the check that no value is listed twice.

use super::facts::string_list;
use super::TypeLowerer;
use crate::diagnostics::child;
use crate::ir::{EnumVariant, TypeKind};
use crate::naming::{self, Scope};
use openapiv3::Schema;

impl<'a> TypeLowerer<'a> {
    /// An enum value listed twice would be an unreachable match arm in the emitted code.
    pub(super) fn check_distinct<V: Ord + std::fmt::Display>(&mut self, at: &str, values: &[V]) {
        let mut seen = std::collections::BTreeSet::new();
        for value in values {
            if !seen.insert(value) {
                self.sink
                    .error(child(at, "enum"), format!("enum value `{value}` is listed twice"));
            }
        }
    }

    pub(super) fn string_enum(&mut self, schema: &Schema, values: Vec<String>) -> TypeKind {
        let mut scope = Scope::default();
        let descriptions = string_list(schema, "x-enum-descriptions");
        let variants = values
            .into_iter()
            .enumerate()
            .map(|(index, value)| EnumVariant {
                name: scope.claim(&naming::pascal(&value), "Value"),
                doc: descriptions.get(index).cloned(),
                value,
            })
            .collect();
        let catch_all = scope.claim("Unknown", "Value");
        TypeKind::StringEnum { variants, catch_all }
    }

    pub(super) fn integer_enum(&mut self, schema: &Schema, at: &str, values: Vec<i64>) -> TypeKind {
        let mut scope = Scope::default();
        let names = string_list(schema, "x-enum-varnames");
        let descriptions = string_list(schema, "x-enum-descriptions");
        if !names.is_empty() && names.len() != values.len() {
            self.sink.error(
                child(at, "x-enum-varnames"),
                format!(
                    "`x-enum-varnames` has {} names for {} enum values",
                    names.len(),
                    values.len()
                ),
            );
        }
        let variants = values
            .into_iter()
            .enumerate()
            .map(|(index, value)| {
                let wanted = names
                    .get(index)
                    .map(|name| naming::pascal(name))
                    .unwrap_or_else(|| format!("Value{value}").replace('-', "Minus"));
                EnumVariant {
                    name: scope.claim(&wanted, "Value"),
                    value,
                    doc: descriptions.get(index).cloned(),
                }
            })
            .collect();
        let catch_all = scope.claim("Unknown", "Value");
        TypeKind::IntegerEnum { variants, catch_all }
    }
}
