//! Emits `tests/examples.rs`: every example in the spec decoded into its generated
//! type and re-encoded, which must give back exactly the original JSON. Being
//! generated, a new example in the spec is tested with no hand edits.

use super::common::{ident, type_tokens, WrittenIn};
use crate::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

/// The tokens of `tests/examples.rs`.
pub fn emit_examples(api: &Api, crate_name: &str) -> TokenStream {
    let krate = ident(&crate_name.replace('-', "_"));
    let tests = api.examples.iter().map(|example| {
        let name = ident(&format!("{}_round_trips", example.name));
        let ty = type_tokens(&example.ty, WrittenIn::Crate);
        let json = &example.json;
        let source = &example.source;
        quote! {
            #[test]
            fn #name() {
                round_trip::<#ty>(#source, #json);
            }
        }
    });
    if api.examples.is_empty() {
        return quote! {
            //! Every example in the spec decodes into its generated type and re-encodes to
            //! the same JSON. This spec has no examples.
        };
    }
    quote! {
        //! Every example in the spec decodes into its generated type and re-encodes to
        //! the same JSON: no field lost, none invented, nulls kept as nulls.
        #[rustfmt::skip]
        mod examples {
            #[allow(unused_imports)]
            use #krate::models;

            fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(source: &str, json: &str) {
                let original: serde_json::Value = serde_json::from_str(json).expect("examples are valid json");
                let decoded: T = match serde_json::from_value(original.clone()) {
                    Ok(decoded) => decoded,
                    Err(error) => panic!("example {source} does not decode: {error}"),
                };
                let encoded = serde_json::to_value(&decoded).expect("generated types encode");
                assert!(same_json(&encoded, &original), "example {source} changed on re-encoding:\n{encoded}\n!=\n{original}");
            }

            /// JSON equality where numbers compare by value: a `number` property written
            /// as `10` in the spec re-encodes as `10.0`, which is the same number.
            fn same_json(left: &serde_json::Value, right: &serde_json::Value) -> bool {
                use serde_json::Value;
                match (left, right) {
                    (Value::Number(left), Value::Number(right)) => left == right || left.as_f64() == right.as_f64(),
                    (Value::Array(left), Value::Array(right)) => {
                        left.len() == right.len() && left.iter().zip(right).all(|(left, right)| same_json(left, right))
                    }
                    (Value::Object(left), Value::Object(right)) => {
                        left.len() == right.len()
                            && left.iter().all(|(key, value)| right.get(key).is_some_and(|other| same_json(value, other)))
                    }
                    _ => left == right,
                }
            }

            #(#tests)*
        }
    }
}
