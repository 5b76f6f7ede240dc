//! The comparison itself: operations, their parameters, bodies and responses, then
//! the models, each change classified for the crate's users.

use super::surface::{
    crate_type, field_type, is_required, model_type, renamed, surface_of, FieldSurface, OperationSurface,
    ResponseSurface, Surface, TypeSurface,
};
use super::{Change, Verdict};
use crate::ir::{Api, Presence, TypeRef};
use std::collections::BTreeMap;

/// Every change from `old` to `new`, breaking first, then by description.
pub fn compare(old: &Api, new: &Api) -> Vec<Change> {
    compare_surfaces(&surface_of(old), &surface_of(new))
}

fn compare_surfaces(old: &Surface, new: &Surface) -> Vec<Change> {
    let mut changes = Vec::new();
    let renames = type_renames(old, new, &mut changes);
    compare_operations(old, new, &renames, &mut changes);
    for (name, old_type) in &old.types {
        let new_name = renames.get(name).unwrap_or(name);
        if let Some(new_type) = new.types.get(new_name) {
            compare_type(new_name, old_type, new_type, &renames, &mut changes);
        }
    }
    changes.sort_by(|a, b| (a.verdict, &a.what).cmp(&(b.verdict, &b.what)));
    changes.dedup();
    changes
}

fn push(changes: &mut Vec<Change>, verdict: Verdict, what: String, reason: impl Into<String>) {
    changes.push(Change {
        verdict,
        what,
        reason: reason.into(),
    });
}

/// Types added and removed, pairing a removed type with an added one of the same shape
/// as a rename. Returns old name → new name for the renames.
fn type_renames(old: &Surface, new: &Surface, changes: &mut Vec<Change>) -> BTreeMap<String, String> {
    let removed: Vec<&String> = old.types.keys().filter(|name| !new.types.contains_key(*name)).collect();
    let mut added: Vec<&String> = new.types.keys().filter(|name| !old.types.contains_key(*name)).collect();
    let mut renames = BTreeMap::new();
    for old_name in &removed {
        let shape = &old.types[*old_name];
        if let Some(index) = added.iter().position(|new_name| &new.types[*new_name] == shape) {
            let new_name = added.remove(index);
            renames.insert((*old_name).clone(), new_name.clone());
        }
    }
    for (old_name, new_name) in &renames {
        push(
            changes,
            Verdict::Breaking,
            format!("type `models::{old_name}` renamed to `models::{new_name}`"),
            format!("code naming `models::{old_name}` no longer compiles"),
        );
    }
    for name in removed.into_iter().filter(|name| !renames.contains_key(*name)) {
        push(
            changes,
            Verdict::Breaking,
            format!("type `models::{name}` removed"),
            "code naming it no longer compiles",
        );
    }
    for name in added {
        push(
            changes,
            Verdict::Compatible,
            format!("type `models::{name}` added ({})", new.types[name].kind_name()),
            "a new name cannot clash with callers' code (models are reached by path)",
        );
    }
    renames
}

fn compare_operations(old: &Surface, new: &Surface, renames: &BTreeMap<String, String>, changes: &mut Vec<Change>) {
    let mut added: Vec<&String> = new
        .operations
        .keys()
        .filter(|id| !old.operations.contains_key(*id))
        .collect();
    for (id, old_op) in &old.operations {
        if let Some(new_op) = new.operations.get(id) {
            compare_operation(id, old_op, new_op, renames, changes);
            continue;
        }
        // Same method and path under another operationId: a rename.
        let same_endpoint = added.iter().position(|new_id| {
            let new_op = &new.operations[*new_id];
            new_op.http_method == old_op.http_method && new_op.path == old_op.path
        });
        if let Some(index) = same_endpoint {
            let new_id = added.remove(index);
            let new_op = &new.operations[new_id];
            if new_op.method_name == old_op.method_name {
                push(
                    changes,
                    Verdict::Compatible,
                    format!("operationId `{id}` renamed to `{new_id}`"),
                    format!("`Client::{}` keeps its name", new_op.method_name),
                );
            } else {
                push(
                    changes,
                    Verdict::Breaking,
                    format!(
                        "operation `{id}` renamed to `{new_id}`: `Client::{}` is now `Client::{}`",
                        old_op.method_name, new_op.method_name
                    ),
                    format!("calls to `Client::{}` no longer compile", old_op.method_name),
                );
            }
            compare_operation(new_id, old_op, new_op, renames, changes);
            continue;
        }
        push(
            changes,
            Verdict::Breaking,
            format!(
                "operation `{id}` removed (`Client::{}`, {} {})",
                old_op.method_name, old_op.http_method, old_op.path
            ),
            format!("calls to `Client::{}` no longer compile", old_op.method_name),
        );
    }
    for id in added {
        let op = &new.operations[id];
        push(
            changes,
            Verdict::Compatible,
            format!(
                "operation `{id}` added (`Client::{}`, {} {})",
                op.method_name, op.http_method, op.path
            ),
            "a new method and builder; nothing existing changes",
        );
    }
}

fn compare_operation(
    id: &str,
    old: &OperationSurface,
    new: &OperationSurface,
    renames: &BTreeMap<String, String>,
    changes: &mut Vec<Change>,
) {
    let method = format!("Client::{}", new.method_name);
    if old.http_method != new.http_method || old.path != new.path {
        push(
            changes,
            Verdict::Compatible,
            format!(
                "operation `{id}` now sends {} {} (was {} {})",
                new.http_method, new.path, old.http_method, old.path
            ),
            format!("`{method}` keeps its signature; only the request it sends changes"),
        );
    }
    if old.builder_name != new.builder_name && old.method_name == new.method_name {
        push(
            changes,
            Verdict::Breaking,
            format!("builder `{}` renamed to `{}`", old.builder_name, new.builder_name),
            "code naming the builder type no longer compiles",
        );
    }
    compare_params(id, old, new, renames, changes);
    compare_bodies(id, &method, old.body.as_ref(), new.body.as_ref(), renames, changes);
    compare_responses(id, &old.response, &new.response, renames, changes);
}

/// Parameters removed, made required or optional, retyped or renamed, then added.
fn compare_params(
    id: &str,
    old: &OperationSurface,
    new: &OperationSurface,
    renames: &BTreeMap<String, String>,
    changes: &mut Vec<Change>,
) {
    let method = format!("Client::{}", new.method_name);
    for (wire, old_param) in &old.params {
        let Some(new_param) = new.params.get(wire) else {
            let how = if old_param.required {
                format!("`{method}` loses its `{}` argument", old_param.name)
            } else {
                format!(
                    "calls to the `{}.{}()` setter no longer compile",
                    new.builder_name, old_param.name
                )
            };
            push(
                changes,
                Verdict::Breaking,
                format!("parameter `{wire}` of `{id}` removed"),
                how,
            );
            continue;
        };
        if old_param.required != new_param.required {
            let (now, reason) = if new_param.required {
                (
                    "required",
                    format!("`{method}` takes a new `{}` argument", new_param.name),
                )
            } else {
                (
                    "optional",
                    format!(
                        "the `{}` argument of `{method}` becomes a builder setter",
                        new_param.name
                    ),
                )
            };
            push(
                changes,
                Verdict::Breaking,
                format!("parameter `{wire}` of `{id}` made {now}"),
                reason,
            );
        }
        if renamed(&old_param.ty, renames) != new_param.ty {
            push(
                changes,
                Verdict::Breaking,
                format!(
                    "parameter `{wire}` of `{id}` type changed: {} → {}",
                    crate_type(&old_param.ty),
                    crate_type(&new_param.ty)
                ),
                "callers passing the old type no longer compile",
            );
        } else if old_param.name != new_param.name {
            push(
                changes,
                Verdict::Breaking,
                format!(
                    "parameter `{wire}` of `{id}`: Rust name `{}` → `{}`",
                    old_param.name, new_param.name
                ),
                "calls to the old setter no longer compile",
            );
        }
    }
    added_params(id, old, new, changes);
}

/// Parameters only `new` has: a required one is a new argument, an optional one a setter.
fn added_params(id: &str, old: &OperationSurface, new: &OperationSurface, changes: &mut Vec<Change>) {
    let method = format!("Client::{}", new.method_name);
    for (wire, new_param) in &new.params {
        if old.params.contains_key(wire) {
            continue;
        }
        let ty = crate_type(&new_param.ty);
        if new_param.required {
            push(
                changes,
                Verdict::Breaking,
                format!("required parameter `{wire}` added to `{id}`: {ty}"),
                format!("`{method}` takes a new `{}` argument", new_param.name),
            );
        } else {
            push(
                changes,
                Verdict::Compatible,
                format!("optional parameter `{wire}` added to `{id}`: {ty}"),
                format!(
                    "a new setter `{}::{}`; existing calls are unchanged",
                    new.builder_name, new_param.name
                ),
            );
        }
    }
}

/// The request body added, removed, retyped, or moved between argument and setter.
fn compare_bodies(
    id: &str,
    method: &str,
    old: Option<&(TypeRef, bool)>,
    new: Option<&(TypeRef, bool)>,
    renames: &BTreeMap<String, String>,
    changes: &mut Vec<Change>,
) {
    match (old, new) {
        (None, None) => {}
        (None, Some((ty, required))) => {
            let (verdict, reason) = if *required {
                (Verdict::Breaking, format!("`{method}` takes a new body argument"))
            } else {
                (Verdict::Compatible, "a new optional body setter".to_string())
            };
            push(
                changes,
                verdict,
                format!("request body added to `{id}`: {}", crate_type(ty)),
                reason,
            );
        }
        (Some((ty, required)), None) => {
            let reason = if *required {
                format!("`{method}` loses its body argument")
            } else {
                "the body setter is gone".to_string()
            };
            push(
                changes,
                Verdict::Breaking,
                format!("request body of `{id}` removed (was {})", crate_type(ty)),
                reason,
            );
        }
        (Some((old_ty, old_required)), Some((new_ty, new_required))) => {
            if &renamed(old_ty, renames) != new_ty {
                push(
                    changes,
                    Verdict::Breaking,
                    format!(
                        "request body of `{id}` type changed: {} → {}",
                        crate_type(old_ty),
                        crate_type(new_ty)
                    ),
                    "callers passing the old type no longer compile",
                );
            }
            if old_required != new_required {
                let now = if *new_required { "required" } else { "optional" };
                push(
                    changes,
                    Verdict::Breaking,
                    format!("request body of `{id}` made {now}"),
                    "it moves between a method argument and a builder setter",
                );
            }
        }
    }
}

fn compare_responses(
    id: &str,
    old: &ResponseSurface,
    new: &ResponseSurface,
    renames: &BTreeMap<String, String>,
    changes: &mut Vec<Change>,
) {
    let describe = |response: &ResponseSurface| match response {
        ResponseSurface::Single(Some(ty)) => crate_type(ty),
        ResponseSurface::Single(None) => "()".to_string(),
        ResponseSurface::Multi(name, _) => name.clone(),
    };
    match (old, new) {
        (ResponseSurface::Single(old_body), ResponseSurface::Single(new_body)) => {
            if old_body.as_ref().map(|ty| renamed(ty, renames)) != *new_body {
                push(
                    changes,
                    Verdict::Breaking,
                    format!(
                        "response of `{id}` changed: `send()` returns {} instead of {}",
                        describe(new),
                        describe(old)
                    ),
                    "code using the old body type no longer compiles",
                );
            }
        }
        (ResponseSurface::Multi(_, old_variants), ResponseSurface::Multi(name, new_variants)) => {
            for (status, variant, body) in old_variants {
                match new_variants.iter().find(|(new_status, ..)| new_status == status) {
                    None => push(
                        changes,
                        Verdict::Breaking,
                        format!("status {status} of `{id}` removed: variant `models::{name}::{variant}` gone"),
                        "match arms naming the variant no longer compile",
                    ),
                    Some((_, new_variant, new_body)) => {
                        if body.as_ref().map(|ty| renamed(ty, renames)) != *new_body || variant != new_variant {
                            push(
                                changes,
                                Verdict::Breaking,
                                format!("status {status} of `{id}` changed: variant `models::{name}::{new_variant}`"),
                                "match arms on the old variant or body no longer compile",
                            );
                        }
                    }
                }
            }
            for (status, variant, _) in new_variants {
                if !old_variants.iter().any(|(old_status, ..)| old_status == status) {
                    push(
                        changes,
                        Verdict::Breaking,
                        format!("status {status} of `{id}` added: variant `models::{name}::{variant}`"),
                        "the per-status enum has no catch-all: exhaustive matches no longer compile",
                    );
                }
            }
        }
        // Every old shape named, so a new one must be placed above before this compiles.
        (ResponseSurface::Single(_) | ResponseSurface::Multi(..), _) => push(
            changes,
            Verdict::Breaking,
            format!(
                "response of `{id}` changed: `send()` returns {} instead of {}",
                describe(new),
                describe(old)
            ),
            "the number of documented success statuses changed, so the response type changed",
        ),
    }
}

fn compare_type(
    name: &str,
    old: &TypeSurface,
    new: &TypeSurface,
    renames: &BTreeMap<String, String>,
    changes: &mut Vec<Change>,
) {
    let path = format!("models::{name}");
    match (old, new) {
        (
            TypeSurface::Struct {
                fields: old_fields,
                extra: old_extra,
            },
            TypeSurface::Struct {
                fields: new_fields,
                extra: new_extra,
            },
        ) => {
            compare_fields(&path, old, new, old_fields, new_fields, renames, changes);
            if &renamed(old_extra, renames) != new_extra {
                push(
                    changes,
                    Verdict::Breaking,
                    format!(
                        "`{path}::extra` value type changed: {} → {}",
                        model_type(old_extra),
                        model_type(new_extra)
                    ),
                    "code reading or filling the map with the old type no longer compiles",
                );
            }
        }
        (TypeSurface::Enum { values: old_values }, TypeSurface::Enum { values: new_values }) => {
            compare_enum_values(&path, old_values, new_values, changes);
        }
        (TypeSurface::Union { variants: old_variants }, TypeSurface::Union { variants: new_variants }) => {
            compare_union_variants(&path, old_variants, new_variants, renames, changes);
        }
        (TypeSurface::Alias(old_target), TypeSurface::Alias(new_target)) => {
            if &renamed(old_target, renames) != new_target {
                push(
                    changes,
                    Verdict::Breaking,
                    format!(
                        "type alias `{path}` now means {} (was {})",
                        model_type(new_target),
                        model_type(old_target)
                    ),
                    "code using the old target type no longer compiles",
                );
            }
        }
        // Every old kind named, so a new one must be placed above before this compiles.
        (
            TypeSurface::Struct { .. } | TypeSurface::Enum { .. } | TypeSurface::Union { .. } | TypeSurface::Alias(_),
            _,
        ) => push(
            changes,
            Verdict::Breaking,
            format!("`{path}` changed from a {} to a {}", old.kind_name(), new.kind_name()),
            "every use of the type changes",
        ),
    }
}

/// Enum values removed or renamed (breaking), added (compatible by convention).
fn compare_enum_values(
    path: &str,
    old_values: &BTreeMap<String, String>,
    new_values: &BTreeMap<String, String>,
    changes: &mut Vec<Change>,
) {
    for (value, variant) in old_values {
        match new_values.get(value) {
            None => push(
                changes,
                Verdict::Breaking,
                format!("enum value `{value}` removed from `{path}` (variant `{variant}`)"),
                format!("code naming `{path}::{variant}` no longer compiles; the value now decodes as `Unknown`"),
            ),
            Some(new_variant) if new_variant != variant => push(
                changes,
                Verdict::Breaking,
                format!("variant `{path}::{variant}` renamed to `{new_variant}`"),
                "code naming the old variant no longer compiles",
            ),
            Some(_) => {}
        }
    }
    for (value, variant) in new_values {
        if !old_values.contains_key(value) {
            push(
                    changes,
                    Verdict::CompatibleByConvention,
                    format!("enum value `{value}` added to `{path}` (variant `{variant}`)"),
                    format!(
                        "matches with a `_` arm still compile (an exhaustive one does not); `Unknown(\"{value}\")` now arrives as `{variant}`"
                    ),
                );
        }
    }
}

/// Union variants removed, retyped or added: all breaking (a union has no catch-all).
fn compare_union_variants(
    path: &str,
    old_variants: &BTreeMap<String, TypeRef>,
    new_variants: &BTreeMap<String, TypeRef>,
    renames: &BTreeMap<String, String>,
    changes: &mut Vec<Change>,
) {
    for (variant, ty) in old_variants {
        match new_variants.get(variant) {
            None => push(
                changes,
                Verdict::Breaking,
                format!("variant `{path}::{variant}` removed"),
                "code naming it no longer compiles",
            ),
            Some(new_ty) if &renamed(ty, renames) != new_ty => push(
                changes,
                Verdict::Breaking,
                format!(
                    "variant `{path}::{variant}` now wraps {} (was {})",
                    model_type(new_ty),
                    model_type(ty)
                ),
                "code building or matching it with the old type no longer compiles",
            ),
            Some(_) => {}
        }
    }
    for variant in new_variants.keys() {
        if !old_variants.contains_key(variant) {
            push(
                changes,
                Verdict::Breaking,
                format!("variant `{path}::{variant}` added"),
                "a union has no catch-all variant: exhaustive matches no longer compile",
            );
        }
    }
}

fn compare_fields(
    path: &str,
    old: &TypeSurface,
    new: &TypeSurface,
    old_fields: &BTreeMap<String, FieldSurface>,
    new_fields: &BTreeMap<String, FieldSurface>,
    renames: &BTreeMap<String, String>,
    changes: &mut Vec<Change>,
) {
    for (wire, old_field) in old_fields {
        let Some(new_field) = new_fields.get(wire) else {
            push(
                changes,
                Verdict::Breaking,
                format!(
                    "field `{path}::{}` removed (was {})",
                    old_field.name,
                    field_type(old_field)
                ),
                "code reading or setting it no longer compiles",
            );
            continue;
        };
        let old_renamed = FieldSurface {
            ty: renamed(&old_field.ty, renames),
            ..old_field.clone()
        };
        if old_renamed.name != new_field.name {
            push(
                changes,
                Verdict::Breaking,
                format!("field `{path}::{}` renamed to `{}`", old_field.name, new_field.name),
                "code naming the old field no longer compiles",
            );
        }
        if old_renamed.ty != new_field.ty || old_renamed.boxed != new_field.boxed {
            push(
                changes,
                Verdict::Breaking,
                format!(
                    "field `{path}::{}` type changed: {} → {}",
                    new_field.name,
                    field_type(old_field),
                    field_type(new_field)
                ),
                "code reading or setting it with the old type no longer compiles",
            );
        } else if old_field.presence != new_field.presence {
            push(
                changes,
                Verdict::Breaking,
                format!(
                    "field `{path}::{}` {}: {} → {}",
                    new_field.name,
                    presence_change(old_field.presence, new_field.presence),
                    field_type(old_field),
                    field_type(new_field)
                ),
                presence_reason(path, old_field, new_field),
            );
        }
    }
    for (wire, new_field) in new_fields {
        if old_fields.contains_key(wire) {
            continue;
        }
        let ty = field_type(new_field);
        if is_required(new_field.presence) {
            let mut reason = format!("`{path}::new` takes a new `{}` argument", new_field.name);
            if old.has_default() {
                reason.push_str(&format!(" and `{path}` no longer implements `Default`"));
            }
            push(
                changes,
                Verdict::Breaking,
                format!("required field `{path}::{}` added: {ty}", new_field.name),
                reason,
            );
        } else {
            let base = if new.has_default() {
                "..Default::default()".to_string()
            } else {
                format!("..{path}::new(..)")
            };
            push(
                changes,
                Verdict::CompatibleByConvention,
                format!("optional field `{path}::{}` added: {ty}", new_field.name),
                format!(
                    "struct literals ending in `{base}` and `new()` callers compile; an exhaustive literal does not"
                ),
            );
        }
    }
}

fn presence_change(old: Presence, new: Presence) -> String {
    let mut parts = Vec::new();
    if is_required(old) != is_required(new) {
        parts.push(if is_required(new) {
            "made required"
        } else {
            "made optional"
        });
    }
    let nullable = |presence| matches!(presence, Presence::RequiredNullable | Presence::OptionalNullable);
    if nullable(old) != nullable(new) {
        parts.push(if nullable(new) {
            "made nullable"
        } else {
            "made non-nullable"
        });
    }
    parts.join(" and ")
}

fn presence_reason(path: &str, old: &FieldSurface, new: &FieldSurface) -> String {
    if field_type(old) != field_type(new) {
        "its Rust type changes, so code reading or setting it no longer compiles".to_string()
    } else {
        format!(
            "the Rust type stays {} but `{path}::new` gains or loses an argument",
            field_type(new)
        )
    }
}
