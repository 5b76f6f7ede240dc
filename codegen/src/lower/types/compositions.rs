//! Compositions: `allOf`/`anyOf`/`oneOf`, alone or beside other keywords, and the
//! object schemas a composed struct merges.

use super::structs::ObjectView;
use super::{Context, TypeLowerer};
use crate::diagnostics::child;
use crate::ir::{TypeKind, TypeRef};
use crate::lower::untyped;
use crate::resolve::schema_node;
use openapiv3::{AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type};

impl<'a> TypeLowerer<'a> {
    /// `allOf`/`anyOf`/`oneOf` beside other keywords (`openapiv3` cannot type these).
    /// A redundant `type: object` changes nothing; `additionalProperties: true` beside
    /// a union is what every generated object does anyway. A union beside
    /// `properties` (or beside `allOf`) becomes one struct, as [`Self::collect_views`] says.
    pub(super) fn composed_kind(
        &mut self,
        schema: &'a Schema,
        any: &'a AnySchema,
        at: &str,
        context: Context,
        name: &str,
    ) -> TypeKind {
        if let Some(typ) = any.typ.as_deref().filter(|typ| *typ != "object") {
            self.sink.error(
                child(at, "type"),
                format!("`type: {typ}` beside `allOf`/`anyOf`/`oneOf`: only `type: object` can be combined with them"),
            );
            return TypeKind::Alias(TypeRef::Json);
        }
        if let Some(member) = untyped::lone_all_of(schema) {
            let lowered = self.lower_slot(schema_node(member), &format!("{at}/allOf/0"), context, name);
            return TypeKind::Alias(lowered.ty);
        }
        if any.not.is_some() {
            self.sink.error(child(at, "not"), "unsupported schema keyword `not`");
            return TypeKind::Alias(TypeRef::Json);
        }
        let unions: Vec<(&'a [ReferenceOr<Schema>], &str)> = [(&any.any_of, "anyOf"), (&any.one_of, "oneOf")]
            .into_iter()
            .filter(|(members, _)| !members.is_empty())
            .map(|(members, keyword)| (members.as_slice(), keyword))
            .collect();
        if let [(members, keyword)] = unions.as_slice() {
            if any.properties.is_empty() && any.all_of.is_empty() {
                if !matches!(any.additional_properties, None | Some(AdditionalProperties::Any(true))) {
                    self.sink.warning(
                        child(at, "additionalProperties"),
                        format!("`additionalProperties` beside `{keyword}` is ignored: each member keeps what it declares and the rest in `extra`"),
                    );
                }
                if !any.required.is_empty() {
                    self.sink.warning(
                        child(at, "required"),
                        format!("`required` beside `{keyword}` without `properties` is ignored"),
                    );
                }
                return self.union_kind(schema, members, keyword, at, context, name);
            }
        }
        let mut views = Vec::new();
        self.collect_views(schema, at, false, "allOf", &mut views, 0);
        self.struct_kind(&views, context, name)
    }

    /// The object schemas a struct merges, in spec order: an object's own properties,
    /// the members of its `allOf` (flattened), and the members of an `anyOf`/`oneOf`
    /// written inside `allOf` or beside `properties`. Those union members are merged
    /// with every property optional, since which member a value matches is not known:
    /// no data is lost, and what no member declares stays in `extra`.
    pub(super) fn collect_views(
        &mut self,
        schema: &'a Schema,
        at: &str,
        optional: bool,
        within: &str,
        out: &mut Vec<ObjectView<'a>>,
        depth: usize,
    ) {
        if depth > 32 {
            self.sink.error(at, "compositions nested more than 32 levels deep");
            return;
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => out.push(ObjectView::object(object, at, optional)),
            SchemaKind::AllOf { all_of } => self.collect_members(all_of, at, "allOf", optional, out, depth),
            SchemaKind::AnyOf { any_of } => self.collect_members(any_of, at, "anyOf", true, out, depth),
            SchemaKind::OneOf { one_of } => self.collect_members(one_of, at, "oneOf", true, out, depth),
            SchemaKind::Any(any) => {
                if let Some(typ) = any.typ.as_deref().filter(|typ| *typ != "object") {
                    self.sink.error(
                        child(at, "type"),
                        format!(
                            "`{within}` member of `type: {typ}` is not an object schema: only objects can be merged"
                        ),
                    );
                    return;
                }
                if any.not.is_some() {
                    self.sink.error(child(at, "not"), "unsupported schema keyword `not`");
                }
                if !any.properties.is_empty() || !untyped::has_composition(any) {
                    out.push(ObjectView::any(any, at, optional));
                }
                self.collect_members(&any.all_of, at, "allOf", optional, out, depth);
                self.collect_members(&any.any_of, at, "anyOf", true, out, depth);
                self.collect_members(&any.one_of, at, "oneOf", true, out, depth);
            }
            SchemaKind::Not { .. } => self.sink.error(at, "unsupported schema keyword `not`"),
            SchemaKind::Type(_) => self.sink.error(
                at,
                format!("`{within}` member is not an object schema: only objects can be merged"),
            ),
        }
    }

    fn collect_members(
        &mut self,
        members: &'a [ReferenceOr<Schema>],
        at: &str,
        keyword: &str,
        optional: bool,
        out: &mut Vec<ObjectView<'a>>,
        depth: usize,
    ) {
        let is_union = keyword != "allOf";
        let mut resolved_members = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let member_at = format!("{at}/{keyword}/{index}");
            match self.resolver.schema(schema_node(member), &member_at) {
                Ok(resolved) => resolved_members.push((index, resolved)),
                Err(error) => self.sink.push(error),
            }
        }
        // A union merged into a struct (inside `allOf`, or beside `properties`) describes
        // an object, so a member that can never be one (`anyOf: [Category, CategoryId]`
        // with a string id, as Zendesk writes `TriggerWithCategoryRequest`) can never
        // match: it is left out, and the composition says so. Only when no member is
        // left does the composition describe nothing.
        if is_union {
            let (scalars, objects): (Vec<_>, Vec<_>) = resolved_members
                .into_iter()
                .partition(|(_, resolved)| never_an_object(resolved.schema).is_some());
            let composition = child(at, keyword);
            if objects.is_empty() && !scalars.is_empty() {
                self.sink.error(
                    composition,
                    format!("no `{keyword}` member is an object schema: only objects can be merged"),
                );
                return;
            }
            for (index, resolved) in &scalars {
                let kind = never_an_object(resolved.schema).unwrap_or("scalar");
                let member = if resolved.pointer.starts_with(&composition) {
                    format!("member {index}")
                } else {
                    format!("member {index} (`{}`)", resolved.pointer)
                };
                self.sink.warning(
                    composition.clone(),
                    format!("`{keyword}` {member} is of `type: {kind}` and can never match the object this composition describes: it is left out of the struct"),
                );
            }
            resolved_members = objects;
        }
        for (_, resolved) in resolved_members {
            self.collect_views(resolved.schema, &resolved.pointer, optional, keyword, out, depth + 1)
        }
    }
}

/// The JSON type of a schema that can never be an object (`"string"`, `"array"`...),
/// or `None` when it can be one (an object, a composition, an untyped schema).
fn never_an_object(schema: &Schema) -> Option<&str> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => Some("string"),
        SchemaKind::Type(Type::Integer(_)) => Some("integer"),
        SchemaKind::Type(Type::Number(_)) => Some("number"),
        SchemaKind::Type(Type::Boolean(_)) => Some("boolean"),
        SchemaKind::Type(Type::Array(_)) => Some("array"),
        SchemaKind::Any(any) => any.typ.as_deref().filter(|typ| *typ != "object"),
        _ => None,
    }
}
