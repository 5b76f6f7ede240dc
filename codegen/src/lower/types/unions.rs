//! Unions: the variants of a `oneOf`/`anyOf` and its discriminator.

use super::{Context, TypeLowerer};
use crate::diagnostics::child;
use crate::ir::{Discriminator, TypeKind, UnionVariant};
use crate::naming::{self, Scope};
use crate::resolve::schema_node;
use openapiv3::{ReferenceOr, Schema};
use std::collections::BTreeMap;

impl<'a> TypeLowerer<'a> {
    pub(super) fn union_kind(
        &mut self,
        schema: &'a Schema,
        members: &'a [ReferenceOr<Schema>],
        keyword: &str,
        at: &str,
        context: Context,
        name: &str,
    ) -> TypeKind {
        let mut scope = Scope::default();
        let mut variants = Vec::new();
        let mut by_reference = BTreeMap::new();
        for (index, member) in members.iter().enumerate() {
            let member_at = format!("{at}/{keyword}/{index}");
            let wanted = match member {
                ReferenceOr::Reference { reference } => {
                    naming::pascal(reference.rsplit('/').next().unwrap_or(reference))
                }
                ReferenceOr::Item(_) => format!("Variant{}", index + 1),
            };
            let variant_name = scope.claim(&wanted, "Variant");
            let lowered = self.lower_slot(
                schema_node(member),
                &member_at,
                context,
                &format!("{name}{variant_name}"),
            );
            if let ReferenceOr::Reference { reference } = member {
                by_reference.insert(reference.clone(), variant_name.clone());
            }
            variants.push(UnionVariant {
                name: variant_name,
                ty: lowered.ty,
            });
        }
        let discriminator = schema.schema_data.discriminator.as_ref().map(|discriminator| {
            let mut mapping = Vec::new();
            // Members the explicit mapping does not name keep the implicit mapping:
            // their component name is the tag value.
            let explicit: Vec<String> = discriminator
                .mapping
                .values()
                .map(|reference| if reference.starts_with('#') { reference.clone() } else { format!("#/components/schemas/{reference}") })
                .collect();
            for (reference, variant) in &by_reference {
                if !explicit.contains(reference) {
                    let value = reference.rsplit('/').next().unwrap_or(reference).to_string();
                    mapping.push((value, variant.clone()));
                }
            }
            for (value, reference) in &discriminator.mapping {
                let reference = if reference.starts_with('#') { reference.clone() } else { format!("#/components/schemas/{reference}") };
                match by_reference.get(&reference) {
                    Some(variant) => mapping.push((value.clone(), variant.clone())),
                    None => self.sink.error(
                        child(&child(at, "discriminator"), "mapping"),
                        format!("discriminator value `{value}` maps to `{reference}`, which is not one of the `{keyword}` members"),
                    ),
                }
            }
            Discriminator { property: discriminator.property_name.clone(), mapping }
        });
        TypeKind::Union {
            variants,
            discriminator,
        }
    }
}
