//! The decisions about each named type's Rust surface, made once in lowering and
//! recorded on the type itself ([`crate::ir::TypeDef`], [`crate::ir::Field`]), so the
//! emitters only print: the traits it derives, how serde reads and writes each field
//! (rename, default, skip rule), and, once every type exists, which fields are
//! boxed, which types have a `validate()` and which get `From` impls.

use crate::ir::{Accepted, Conversions, Derive, Presence, Skip, TypeDef, TypeKind, TypeRef, WhenMissing, WireRule};
use std::collections::{BTreeMap, BTreeSet};

/// A named type as lowering creates it: its derives follow from its kind; boxing,
/// `validate()` and conversions are decided by [`finish`] once every type exists.
pub fn type_def(name: String, doc: String, kind: TypeKind, source: String) -> TypeDef {
    TypeDef {
        derives: derives(&kind),
        name,
        doc,
        kind,
        source,
        validated: false,
        conversions: Conversions::None,
    }
}

/// The traits a type of this kind derives. Every struct and union is plain serde;
/// an open enum writes its own `Serialize`/`Deserialize` (a value the client does not
/// list decodes into the catch-all variant), and a union selected by a discriminator
/// its own `Deserialize`.
fn derives(kind: &TypeKind) -> Vec<Derive> {
    use Derive::*;
    match kind {
        TypeKind::Struct { fields, .. } => {
            let every_field_optional = fields.iter().all(|field| match field.presence {
                Presence::Required | Presence::RequiredNullable => false,
                Presence::Optional | Presence::OptionalNullable => true,
            });
            if every_field_optional {
                vec![Debug, Clone, PartialEq, Default, Serialize, Deserialize]
            } else {
                vec![Debug, Clone, PartialEq, Serialize, Deserialize]
            }
        }
        TypeKind::StringEnum { .. } => vec![Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord],
        TypeKind::IntegerEnum { .. } => vec![Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord],
        TypeKind::Union {
            discriminator: Some(_), ..
        } => vec![Debug, Clone, PartialEq, Serialize],
        TypeKind::Union {
            discriminator: None, ..
        } => vec![Debug, Clone, PartialEq, Serialize, Deserialize],
        TypeKind::Alias(_) => Vec::new(),
    }
}

/// How serde reads and writes a field called `name` in Rust and `wire` on the wire:
/// a required property is always written and must be received (`null` included when
/// it is nullable); an optional one may be missing (then `None` or `Absent`) and is
/// left out of the output when it has no value (`Nullable::Null` is written).
pub fn wire_rule(name: &str, wire: &str, presence: Presence) -> WireRule {
    // serde names a field after its identifier without `r#`, which is the plain
    // name the IR keeps.
    let rename = (name != wire).then(|| wire.to_string());
    let (when_missing, skip) = match presence {
        Presence::Required => (WhenMissing::Error, Skip::Never),
        Presence::RequiredNullable => (WhenMissing::ErrorForOption, Skip::Never),
        Presence::Optional => (WhenMissing::Default, Skip::WhenNone),
        Presence::OptionalNullable => (WhenMissing::Default, Skip::WhenAbsent),
    };
    WireRule {
        rename,
        when_missing,
        skip,
    }
}

/// How `new(..)` takes a required field: a string as `impl Into<String>` (so
/// `UserCreate::new("Roger")` reads naturally), anything else exactly, so that
/// `new(iter.collect())` still infers its collection.
pub fn accepted_by_new(ty: &TypeRef, presence: Presence) -> Accepted {
    match (ty, presence) {
        (TypeRef::String, Presence::Required) => Accepted::Into,
        _ => Accepted::Exact,
    }
}

/// Makes optional every required, non-nullable property whose type leads back to its
/// own struct through required, non-nullable properties only (`Node.next: Node`, or
/// `A.b: B` and `B.a: A`): no finite JSON value has such a property, and in Rust its
/// struct could not be built (`new` would need a value of the type it builds) and its
/// `validate` would never return. Returns a warning (pointer, message) per property.
/// An array, a map, a union or a nullable property in between ends the chain: each
/// has a finite value.
pub fn relax_required_cycles(defs: &mut [TypeDef]) -> Vec<(String, String)> {
    let kinds: BTreeMap<&str, &TypeKind> = defs.iter().map(|def| (def.name.as_str(), &def.kind)).collect();
    let required_edges: BTreeMap<String, Vec<String>> = defs
        .iter()
        .map(|def| {
            let targets = match &def.kind {
                TypeKind::Struct { fields, .. } => fields
                    .iter()
                    .filter(|field| field.presence == Presence::Required)
                    .filter_map(|field| named_through_aliases(&field.ty, &kinds))
                    .collect(),
                _ => Vec::new(),
            };
            (def.name.clone(), targets)
        })
        .collect();
    let leads_back = |from: &str, owner: &str| -> bool {
        let mut stack = vec![from.to_string()];
        let mut seen = BTreeSet::new();
        while let Some(current) = stack.pop() {
            if current == owner {
                return true;
            }
            if seen.insert(current.clone()) {
                stack.extend(required_edges.get(&current).into_iter().flatten().cloned());
            }
        }
        false
    };
    let mut relaxed = Vec::new();
    let mut warnings = Vec::new();
    for (index, def) in defs.iter().enumerate() {
        let TypeKind::Struct { fields, .. } = &def.kind else {
            continue;
        };
        for (position, field) in fields.iter().enumerate() {
            let Some(target) = named_through_aliases(&field.ty, &kinds) else {
                continue;
            };
            if field.presence == Presence::Required && leads_back(&target, &def.name) {
                relaxed.push((index, position));
                warnings.push((
                    def.source.clone(),
                    format!(
                        "required property `{}` leads back to `{}` through required properties only, so no finite value has it: it is generated as optional",
                        field.wire, def.name
                    ),
                ));
            }
        }
    }
    for (index, position) in relaxed {
        let def = &mut defs[index];
        if let TypeKind::Struct { fields, .. } = &mut def.kind {
            let field = &mut fields[position];
            field.presence = Presence::Optional;
            field.wire_rule = wire_rule(&field.name, &field.wire, field.presence);
            field.accepted = accepted_by_new(&field.ty, field.presence);
        }
        def.derives = derives(&def.kind);
    }
    warnings
}

/// The struct a field of type `ty` holds directly, type aliases followed.
fn named_through_aliases(ty: &TypeRef, kinds: &BTreeMap<&str, &TypeKind>) -> Option<String> {
    let mut current = ty;
    // Alias cycles are reported elsewhere; the bound only keeps this from looping.
    for _ in 0..16 {
        let TypeRef::Named(name) = current else { return None };
        match kinds.get(name.as_str()) {
            Some(TypeKind::Alias(target)) => current = target,
            Some(TypeKind::Struct { .. }) => return Some(name.clone()),
            _ => return None,
        }
    }
    None
}

/// Decides, for every type in `defs`, what needs the other types: boxed fields,
/// `validate()`, `From` impls.
pub fn finish(defs: &mut [TypeDef]) {
    let by_name: BTreeMap<&str, &TypeDef> = defs.iter().map(|def| (def.name.as_str(), def)).collect();
    let validated = validated_types(&by_name);
    // (validated, boxed fields, conversions) per type, in the order of `defs`.
    let decided: Vec<(bool, Vec<bool>, Conversions)> = defs
        .iter()
        .map(|def| {
            let (boxes, conversions) = match &def.kind {
                TypeKind::Struct { fields, .. } => {
                    let boxes: Vec<bool> = fields
                        .iter()
                        .map(|field| needs_box(&def.name, &field.ty, &by_name))
                        .collect();
                    let envelope = match (fields.as_slice(), boxes.as_slice()) {
                        ([field], [false]) => {
                            field.presence == Presence::Required
                                && matches!(field.ty, TypeRef::Named(_) | TypeRef::Array(_))
                        }
                        _ => false,
                    };
                    (
                        boxes,
                        if envelope {
                            Conversions::FromField
                        } else {
                            Conversions::None
                        },
                    )
                }
                TypeKind::Union { variants, .. } => {
                    let mut distinct = BTreeSet::new();
                    let all_distinct = variants
                        .iter()
                        .all(|variant| distinct.insert(alias_target(&variant.ty, &by_name)));
                    let conversions = if all_distinct {
                        Conversions::FromEachVariant
                    } else {
                        Conversions::None
                    };
                    (Vec::new(), conversions)
                }
                TypeKind::StringEnum { .. } | TypeKind::IntegerEnum { .. } | TypeKind::Alias(_) => {
                    (Vec::new(), Conversions::None)
                }
            };
            (validated.contains(&def.name), boxes, conversions)
        })
        .collect();
    for (def, (validated, boxes, conversions)) in defs.iter_mut().zip(decided) {
        def.validated = validated;
        def.conversions = conversions;
        if let TypeKind::Struct { fields, .. } = &mut def.kind {
            for (field, boxed) in fields.iter_mut().zip(boxes) {
                field.boxed = boxed;
            }
        }
    }
}

fn is_validated(ty: &TypeRef, validated: &BTreeSet<String>) -> bool {
    matches!(ty, TypeRef::Named(name) if validated.contains(name))
}

/// Types that have something to check before sending, directly or in what they
/// contain (a fixpoint: a struct holding a validated struct is validated too).
fn validated_types(defs: &BTreeMap<&str, &TypeDef>) -> BTreeSet<String> {
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
                TypeKind::StringEnum { .. } | TypeKind::IntegerEnum { .. } | TypeKind::Alias(_) => false,
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
            TypeKind::StringEnum { .. } | TypeKind::IntegerEnum { .. } => Vec::new(),
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
        let TypeRef::Named(name) = &current else { break };
        let Some(TypeKind::Alias(target)) = defs.get(name.as_str()).map(|def| &def.kind) else {
            break;
        };
        current = target.clone();
    }
    current
}
