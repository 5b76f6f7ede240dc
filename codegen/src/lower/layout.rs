//! Decisions about how each named type is printed that need the other types:
//! which fields are boxed, which types get a `validate()`, which envelopes and
//! unions get `From` impls. Made once here and recorded in
//! [`crate::ir::TypeLayout`], so the models and operations emitters only print.

use crate::ir::{Presence, TypeDef, TypeKind, TypeLayout, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// The layout of every type in `defs`, by Rust name.
pub fn decide(defs: &[TypeDef]) -> BTreeMap<String, TypeLayout> {
    let by_name: BTreeMap<&str, &TypeDef> = defs.iter().map(|def| (def.name.as_str(), def)).collect();
    let validated = validated_types(&by_name);
    defs.iter()
        .map(|def| {
            let mut layout = TypeLayout {
                validated: validated.contains(&def.name),
                ..TypeLayout::default()
            };
            match &def.kind {
                TypeKind::Struct { fields, .. } => {
                    layout.boxed_fields = fields
                        .iter()
                        .map(|field| needs_box(&def.name, &field.ty, &by_name))
                        .collect();
                    layout.wraps_single_field = match (fields.as_slice(), layout.boxed_fields.as_slice()) {
                        ([field], [false]) => {
                            field.presence == Presence::Required
                                && matches!(field.ty, TypeRef::Named(_) | TypeRef::Array(_))
                        }
                        _ => false,
                    };
                }
                TypeKind::Union { variants, .. } => {
                    let mut distinct = BTreeSet::new();
                    layout.variant_conversions = variants
                        .iter()
                        .all(|variant| distinct.insert(alias_target(&variant.ty, &by_name)));
                }
                TypeKind::StringEnum { .. } | TypeKind::IntegerEnum { .. } | TypeKind::Alias(_) => {}
            }
            (def.name.clone(), layout)
        })
        .collect()
}

fn is_validated(ty: &TypeRef, validated: &BTreeSet<String>) -> bool {
    matches!(ty, TypeRef::Named(name) if validated.contains(name))
}

/// Types that have something to check before sending, directly or in what they
/// contain (a fixpoint: a struct holding a validated struct is validated too).
pub fn validated_types(defs: &BTreeMap<&str, &TypeDef>) -> BTreeSet<String> {
    let mut validated = BTreeSet::new();
    loop {
        let before = validated.len();
        for def in defs.values() {
            let needs = match &def.kind {
                TypeKind::Struct { fields, .. } => fields.iter().any(|field| {
                    !field.constraints.is_empty()
                        || is_validated(&field.ty, &validated)
                        || matches!(&field.ty, TypeRef::Array(inner) if is_validated(inner, &validated))
                }),
                TypeKind::Union { variants, .. } => {
                    variants.iter().any(|variant| is_validated(&variant.ty, &validated))
                }
                _ => false,
            };
            if needs {
                validated.insert(def.name.clone());
            }
        }
        if validated.len() == before {
            break;
        }
    }
    validated
}

/// True when a field of type `ty` inside `owner` must be boxed: `ty` contains
/// `owner` again without a `Vec` or map in between, which would make the type
/// infinitely large.
fn needs_box(owner: &str, ty: &TypeRef, defs: &BTreeMap<&str, &TypeDef>) -> bool {
    let TypeRef::Named(start) = ty else { return false };
    let mut stack = vec![start.clone()];
    let mut seen = BTreeSet::new();
    while let Some(current) = stack.pop() {
        if current == owner {
            return true;
        }
        if !seen.insert(current.clone()) {
            continue;
        }
        let Some(def) = defs.get(current.as_str()) else {
            continue;
        };
        let direct: Vec<&TypeRef> = match &def.kind {
            TypeKind::Struct { fields, .. } => fields.iter().map(|field| &field.ty).collect(),
            TypeKind::Union { variants, .. } => variants.iter().map(|variant| &variant.ty).collect(),
            TypeKind::Alias(target) => vec![target],
            _ => Vec::new(),
        };
        for ty in direct {
            if let TypeRef::Named(next) = ty {
                stack.push(next.clone());
            }
        }
    }
    false
}

/// The Rust type `ty` stands for once type aliases are followed (through chains
/// of aliases), so two union variants naming the same type are recognised.
fn alias_target(ty: &TypeRef, defs: &BTreeMap<&str, &TypeDef>) -> TypeRef {
    let mut current = ty.clone();
    // Alias cycles are reported elsewhere; the bound only keeps this from looping.
    for _ in 0..16 {
        match &current {
            TypeRef::Named(name) => match defs.get(name.as_str()).map(|def| &def.kind) {
                Some(TypeKind::Alias(target)) => current = target.clone(),
                _ => break,
            },
            _ => break,
        }
    }
    current
}
