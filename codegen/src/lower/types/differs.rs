//! Whether a component differs between requests and responses (it has `readOnly`
//! or `writeOnly` properties, directly or through what it references), which
//! decides whether it becomes two types.

use super::TypeLowerer;
use crate::resolve::{boxed_schema_node, schema_node, Node};
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

impl<'a> TypeLowerer<'a> {
    /// Whether the component's shape depends on the context (it has readOnly or
    /// writeOnly properties, directly or through the schemas it references).
    pub(super) fn differs(&mut self, component: &str) -> bool {
        if let Some(known) = self.differs_memo.get(component) {
            return *known;
        }
        // Assume "no" while visiting, which ends reference cycles.
        self.differs_memo.insert(component.to_string(), false);
        let answer = match self
            .api
            .components
            .as_ref()
            .and_then(|components| components.schemas.get(component))
        {
            Some(slot) => self.slot_differs(schema_node(slot)),
            None => false,
        };
        self.differs_memo.insert(component.to_string(), answer);
        answer
    }

    fn slot_differs(&mut self, slot: Node<'a, Schema>) -> bool {
        let schema = match slot {
            Node::Reference(reference) => {
                let name = reference.rsplit('/').next().unwrap_or(reference).to_string();
                return self.differs(&name);
            }
            Node::Item(schema) => schema,
        };
        let mut children: Vec<Node<'a, Schema>> = Vec::new();
        let mut flagged = false;
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                flagged =
                    self.properties_differ(&object.properties, object.additional_properties.as_ref(), &mut children);
            }
            SchemaKind::Type(Type::Array(array)) => children.extend(array.items.iter().map(boxed_schema_node)),
            SchemaKind::Any(any) => {
                flagged = self.properties_differ(&any.properties, any.additional_properties.as_ref(), &mut children);
                children.extend(any.items.iter().map(boxed_schema_node));
                children.extend(any.all_of.iter().chain(&any.any_of).chain(&any.one_of).map(schema_node));
            }
            SchemaKind::AllOf { all_of: members }
            | SchemaKind::OneOf { one_of: members }
            | SchemaKind::AnyOf { any_of: members } => children.extend(members.iter().map(schema_node)),
            _ => {}
        }
        flagged || children.into_iter().any(|node| self.slot_differs(node))
    }

    /// True when one of `properties` is read- or write-only, by its own flags or,
    /// through a `$ref`, by the flags of the component it refers to; otherwise the
    /// properties and the `additionalProperties` schema are added to `children`.
    fn properties_differ(
        &self,
        properties: &'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        additional: Option<&'a AdditionalProperties>,
        children: &mut Vec<Node<'a, Schema>>,
    ) -> bool {
        for slot in properties.values() {
            let flags = match self.resolver.schema(boxed_schema_node(slot), "#") {
                Ok(resolved) => &resolved.schema.schema_data,
                Err(_) => continue,
            };
            if flags.read_only || flags.write_only {
                return true;
            }
            children.push(boxed_schema_node(slot));
        }
        if let Some(AdditionalProperties::Schema(value)) = additional {
            children.push(schema_node(value));
        }
        false
    }
}
