//! Stage 2: `$ref` resolution. Local references only (`#/components/<kind>/<name>`),
//! chains of references followed, reference cycles between components reported
//! instead of looping. Schema cycles through properties are fine: those are
//! named types and stay references in the IR.

use crate::diagnostics::{child, escape_segment, Diagnostic};
use indexmap::IndexMap;
use openapiv3::{Components, Example, OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema};

/// A schema found by following references.
pub struct ResolvedSchema<'a> {
    /// The schema itself.
    pub schema: &'a Schema,
    /// JSON pointer of the schema (the target of the last reference followed).
    pub pointer: String,
    /// The component name when the schema was reached through a reference.
    pub component: Option<&'a str>,
}

/// Looks up references in one document.
pub struct Resolver<'a> {
    components: Option<&'a Components>,
}

/// Either an inline item or a reference to one, whatever the box around it.
pub enum Node<'a, T> {
    /// `$ref: '#/...'`.
    Reference(&'a str),
    /// An inline value.
    Item(&'a T),
}

/// Views a schema slot as a [`Node`].
pub fn schema_node(slot: &ReferenceOr<Schema>) -> Node<'_, Schema> {
    match slot {
        ReferenceOr::Reference { reference } => Node::Reference(reference),
        ReferenceOr::Item(schema) => Node::Item(schema),
    }
}

/// Views a boxed schema slot (property, items) as a [`Node`].
pub fn boxed_schema_node(slot: &ReferenceOr<Box<Schema>>) -> Node<'_, Schema> {
    match slot {
        ReferenceOr::Reference { reference } => Node::Reference(reference),
        ReferenceOr::Item(schema) => Node::Item(schema),
    }
}

fn node<T>(slot: &ReferenceOr<T>) -> Node<'_, T> {
    match slot {
        ReferenceOr::Reference { reference } => Node::Reference(reference),
        ReferenceOr::Item(item) => Node::Item(item),
    }
}

impl<'a> Resolver<'a> {
    /// A resolver for `api`.
    pub fn new(api: &'a OpenAPI) -> Self {
        Resolver {
            components: api.components.as_ref(),
        }
    }

    /// Follows `slot` (found at `at`) to a schema.
    pub fn schema(&self, slot: Node<'a, Schema>, at: &str) -> Result<ResolvedSchema<'a>, Diagnostic> {
        match slot {
            Node::Item(schema) => Ok(ResolvedSchema {
                schema,
                pointer: at.to_string(),
                component: None,
            }),
            Node::Reference(reference) => {
                let (schema, pointer, name) =
                    self.follow(reference, at, "schemas", |components| &components.schemas)?;
                Ok(ResolvedSchema {
                    schema,
                    pointer,
                    component: Some(name),
                })
            }
        }
    }

    /// The component schema `name`, followed through aliases; `at` is where it is needed.
    pub fn component_schema(&self, name: &str, at: &str) -> Result<ResolvedSchema<'a>, Diagnostic> {
        let reference = format!("#/components/schemas/{name}");
        let (schema, pointer, component) = self.follow(&reference, at, "schemas", |components| &components.schemas)?;
        Ok(ResolvedSchema {
            schema,
            pointer,
            component: Some(component),
        })
    }

    /// Follows a parameter slot; returns the parameter and its pointer.
    pub fn parameter(&self, slot: &'a ReferenceOr<Parameter>, at: &str) -> Result<(&'a Parameter, String), Diagnostic> {
        self.item(node(slot), at, "parameters", |components| &components.parameters)
    }

    /// Follows a request-body slot.
    pub fn request_body(
        &self,
        slot: &'a ReferenceOr<RequestBody>,
        at: &str,
    ) -> Result<(&'a RequestBody, String), Diagnostic> {
        self.item(node(slot), at, "requestBodies", |components| &components.request_bodies)
    }

    /// Follows a response slot.
    pub fn response(&self, slot: &'a ReferenceOr<Response>, at: &str) -> Result<(&'a Response, String), Diagnostic> {
        self.item(node(slot), at, "responses", |components| &components.responses)
    }

    /// Follows an example slot.
    pub fn example(&self, slot: &'a ReferenceOr<Example>, at: &str) -> Result<(&'a Example, String), Diagnostic> {
        self.item(node(slot), at, "examples", |components| &components.examples)
    }

    fn item<T>(
        &self,
        slot: Node<'a, T>,
        at: &str,
        kind: &str,
        table: impl Fn(&'a Components) -> &'a IndexMap<String, ReferenceOr<T>>,
    ) -> Result<(&'a T, String), Diagnostic> {
        match slot {
            Node::Item(item) => Ok((item, at.to_string())),
            Node::Reference(reference) => {
                let (item, pointer, _) = self.follow(reference, at, kind, table)?;
                Ok((item, pointer))
            }
        }
    }

    /// Follows a chain of references of one component kind until an item.
    fn follow<T>(
        &self,
        first: &str,
        at: &str,
        kind: &str,
        table: impl Fn(&'a Components) -> &'a IndexMap<String, ReferenceOr<T>>,
    ) -> Result<(&'a T, String, &'a str), Diagnostic> {
        let prefix = format!("#/components/{kind}/");
        let mut reference: &str = first;
        let mut seen: Vec<&str> = Vec::new();
        loop {
            let Some(name) = reference.strip_prefix(&prefix) else {
                return Err(Diagnostic::new(
                    at,
                    format!(
                        "unsupported reference `{reference}`: expected a local reference of the form `{prefix}<name>`"
                    ),
                ));
            };
            if seen.contains(&name) {
                return Err(Diagnostic::new(
                    at,
                    format!("reference cycle: {} -> {name}", seen.join(" -> ")),
                ));
            }
            seen.push(name);
            let entry = self
                .components
                .map(&table)
                .and_then(|entries| entries.get_key_value(name));
            let Some((stored_name, entry)) = entry else {
                return Err(Diagnostic::new(
                    at,
                    format!("dangling reference `{reference}`: no such component"),
                ));
            };
            match entry {
                ReferenceOr::Item(item) => {
                    // Aliases (a component that is only a reference) name the final target.
                    let pointer = child(&format!("#/components/{kind}"), stored_name);
                    return Ok((item, pointer, stored_name.as_str()));
                }
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
    }
}

/// The pointer of a component schema by name.
pub fn component_schema_pointer(name: &str) -> String {
    format!("#/components/schemas/{}", escape_segment(name))
}
