//! The request and response examples of an operation, gathered with the type
//! they must decode into (the generated crate's tests decode and re-encode each
//! one), under unique snake-case names.

use super::types::TypeLowerer;
use crate::diagnostics::child;
use crate::ir::{Example, TypeRef};
use crate::naming;
use openapiv3::MediaType;

/// Adds the examples of `media` (its `example` and each of its `examples`) as
/// values of `ty`, named `{prefix}_{key}`.
pub(super) fn collect_examples<'a>(
    types: &mut TypeLowerer<'a>,
    media: &'a MediaType,
    at: &str,
    ty: &TypeRef,
    prefix: &str,
    examples: &mut Vec<Example>,
) {
    let mut found: Vec<(String, String, serde_json::Value)> = Vec::new();
    if let Some(value) = &media.example {
        found.push(("example".to_string(), child(at, "example"), value.clone()));
    }
    for (key, slot) in &media.examples {
        let example_at = child(&child(at, "examples"), key);
        match types.resolver().example(slot, &example_at) {
            Ok((example, pointer)) => match &example.value {
                Some(value) => found.push((key.clone(), child(&pointer, "value"), value.clone())),
                None => types.sink.error(
                    pointer,
                    "example without a `value`: external examples are not supported",
                ),
            },
            Err(error) => types.sink.error(error.pointer, error.message),
        }
    }
    for (key, source, value) in found {
        let mut name = format!("{prefix}_{}", naming::snake(&key));
        let mut counter = 2;
        while examples.iter().any(|example| example.name == name) {
            name = format!("{prefix}_{}_{counter}", naming::snake(&key));
            counter += 1;
        }
        examples.push(Example {
            name,
            source,
            ty: ty.clone(),
            json: value.to_string(),
        });
    }
}
