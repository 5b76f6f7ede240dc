//! Lowering of schemas to IR types. Component schemas keep their names; inline
//! objects, enums and unions are named from where they appear (`UserPhoto`,
//! `CreateOrUpdateUserRequest`). A component that has `readOnly` or `writeOnly`
//! properties and is used both in requests and responses becomes two types:
//! `Name` (responses) and `NameInput` (requests), so a request can never carry a
//! read-only field and a response never a write-only one.

use super::finish;
use super::untyped::{self, Shape};
use crate::diagnostics::{child, Sink};
use crate::ir::{
    Constraints, Discriminator, EnumVariant, Extra, Field, Presence, TypeDef, TypeKind, TypeRef, UnionVariant,
};
use crate::naming::{self, Scope};
use crate::resolve::{boxed_schema_node, component_schema_pointer, schema_node, Node, Resolver};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, ObjectType, OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat,
    Type, VariantOrUnknownOrEmpty,
};
use std::collections::{BTreeMap, BTreeSet};

/// One object schema's part of a struct: its properties, which of them are required,
/// its `additionalProperties`, and where it is written.
struct ObjectView<'a> {
    properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &'a [String],
    additional: Option<&'a AdditionalProperties>,
    at: String,
    /// A member of an `anyOf`/`oneOf` merged into the struct: which member a value
    /// matches is not known, so all its properties are optional.
    optional: bool,
}

impl<'a> ObjectView<'a> {
    fn object(object: &'a ObjectType, at: &str, optional: bool) -> Self {
        ObjectView {
            properties: &object.properties,
            required: &object.required,
            additional: object.additional_properties.as_ref(),
            at: at.to_string(),
            optional,
        }
    }

    fn any(any: &'a AnySchema, at: &str, optional: bool) -> Self {
        ObjectView {
            properties: &any.properties,
            required: &any.required,
            additional: any.additional_properties.as_ref(),
            at: at.to_string(),
            optional,
        }
    }
}

/// Which side of the wire a schema is used on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Context {
    /// In a request body or parameter: `readOnly` properties are left out.
    Request,
    /// In a response body: `writeOnly` properties are left out.
    Response,
}

/// A lowered schema: its type and whether `null` is allowed.
#[derive(Debug, Clone)]
pub struct Lowered {
    /// The Rust type.
    pub ty: TypeRef,
    /// `nullable: true` on the schema.
    pub nullable: bool,
    /// Limits from the schema.
    pub constraints: Constraints,
}

/// Lowers schemas into named types, remembering what it has already named.
pub struct TypeLowerer<'a> {
    resolver: Resolver<'a>,
    api: &'a OpenAPI,
    raw: &'a serde_json::Value,
    names: Scope,
    component_names: BTreeMap<String, String>,
    named: BTreeMap<(String, Option<Context>), String>,
    differs_memo: BTreeMap<String, bool>,
    /// Named types in the order they were created.
    pub defs: Vec<TypeDef>,
    /// Problems found so far.
    pub sink: Sink,
}

impl<'a> TypeLowerer<'a> {
    /// A lowerer for `api`; component schema names are claimed up front, in spec
    /// order, so they never depend on which operation mentions them first.
    pub fn new(api: &'a OpenAPI, raw: &'a serde_json::Value, reserved: &[&str]) -> Self {
        let mut names = Scope::with_reserved(reserved);
        let mut component_names = BTreeMap::new();
        if let Some(components) = &api.components {
            for name in components.schemas.keys() {
                let rust = names.claim(&naming::pascal(name), "Type");
                component_names.insert(name.clone(), rust);
            }
        }
        TypeLowerer {
            resolver: Resolver::new(api),
            api,
            raw,
            names,
            component_names,
            named: BTreeMap::new(),
            differs_memo: BTreeMap::new(),
            defs: Vec::new(),
            sink: Sink::default(),
        }
    }

    /// The resolver, for callers lowering operations.
    pub fn resolver(&self) -> &Resolver<'a> {
        &self.resolver
    }

    /// Claims a fresh type name (for response enums and other generated names).
    pub fn claim_name(&mut self, wanted: &str) -> String {
        self.names.claim(wanted, "Type")
    }

    /// Lowers every component schema that nothing else has lowered yet, so that
    /// each component exists as a type even if no operation uses it.
    pub fn lower_remaining_components(&mut self) {
        let Some(components) = &self.api.components else { return };
        for (name, slot) in &components.schemas {
            let already = self.named.keys().any(|(component, _)| component == name);
            if !already {
                self.lower_component(name, slot);
            }
        }
    }

    /// Lowers one component schema as if referenced from a response.
    fn lower_component(&mut self, name: &'a str, slot: &'a ReferenceOr<Schema>) {
        let at = component_schema_pointer(name);
        // Resolve through the component's own name so a cycle reads `A -> B -> A`.
        let schema = match self.resolver.component_schema(name, &at) {
            Ok(resolved) => resolved.schema,
            Err(error) => {
                self.sink.error(error.pointer, error.message);
                return;
            }
        };
        if matches!(slot, ReferenceOr::Reference { .. }) {
            // An alias component: its target is lowered under its own name.
            return;
        }
        let rust = self
            .component_names
            .get(name)
            .cloned()
            .unwrap_or_else(|| naming::pascal(name));
        let context = if self.differs(name) {
            Some(Context::Response)
        } else {
            None
        };
        self.named.insert((name.to_string(), context), rust.clone());
        let kind = self.lower_kind(schema, &at, Context::Response, &rust);
        let doc = doc_of(schema).unwrap_or_else(|| format!("The `{name}` schema."));
        self.defs.push(finish::type_def(rust, doc, kind, at));
    }

    /// Lowers the schema in `slot`, found at `at`, used in `context`. Inline types
    /// are named `hint`.
    pub fn lower_slot(&mut self, slot: Node<'a, Schema>, at: &str, context: Context, hint: &str) -> Lowered {
        let resolved = match self.resolver.schema(slot, at) {
            Ok(resolved) => resolved,
            Err(error) => {
                self.sink.error(error.pointer, error.message);
                return Lowered {
                    ty: TypeRef::Json,
                    nullable: true,
                    constraints: Constraints::default(),
                };
            }
        };
        let schema = resolved.schema;
        let constraints = constraints_of(schema);
        let nullable = schema.schema_data.nullable;
        let Some(component) = resolved.component else {
            // `allOf: [$ref]` is how OpenAPI 3.0 puts a description or `nullable` next to
            // a reference: it is the referenced type, nullable if either side says so.
            if let Some(member) = untyped::lone_all_of(schema) {
                let inner = self.lower_slot(schema_node(member), &format!("{at}/allOf/0"), context, hint);
                let constraints = if constraints.is_empty() {
                    inner.constraints
                } else {
                    constraints
                };
                return Lowered {
                    ty: inner.ty,
                    nullable: nullable || inner.nullable,
                    constraints,
                };
            }
            let ty = self.lower_inline(schema, at, context, hint);
            return Lowered {
                ty,
                nullable,
                constraints,
            };
        };
        // Plain scalars and arrays behind a reference lower to the same thing inline
        // would, but named components always become named types so users see them.
        let effective = if self.differs(component) { Some(context) } else { None };
        let key = (component.to_string(), effective);
        if let Some(name) = self.named.get(&key) {
            return Lowered {
                ty: TypeRef::Named(name.clone()),
                nullable,
                constraints,
            };
        }
        let base = self
            .component_names
            .get(component)
            .cloned()
            .unwrap_or_else(|| naming::pascal(component));
        let name = match effective {
            Some(Context::Request) => self.names.claim(&format!("{base}Input"), ""),
            _ => base,
        };
        self.named.insert(key, name.clone());
        let kind = self.lower_kind(schema, &resolved.pointer, context, &name);
        let doc = doc_of(schema).unwrap_or_else(|| format!("The `{component}` schema."));
        self.defs
            .push(finish::type_def(name.clone(), doc, kind, resolved.pointer));
        Lowered {
            ty: TypeRef::Named(name),
            nullable,
            constraints,
        }
    }

    /// Lowers an inline schema: scalars and arrays stay anonymous, everything else
    /// becomes a named type called `hint`.
    fn lower_inline(&mut self, schema: &'a Schema, at: &str, context: Context, hint: &str) -> TypeRef {
        if let Some(ty) = self.anonymous(schema, at, context, hint) {
            return ty;
        }
        let name = self.names.claim(hint, "Type");
        let kind = self.lower_kind(schema, at, context, &name);
        let doc = doc_of(schema).unwrap_or_else(|| format!("Inline schema at `{at}`."));
        self.defs
            .push(finish::type_def(name.clone(), doc, kind, at.to_string()));
        TypeRef::Named(name)
    }

    /// The type of schemas that need no name of their own, or `None`.
    fn anonymous(&mut self, schema: &'a Schema, at: &str, context: Context, hint: &str) -> Option<TypeRef> {
        if let Some(member) = untyped::lone_all_of(schema) {
            let lowered = self.lower_slot(schema_node(member), &format!("{at}/allOf/0"), context, hint);
            return Some(lowered.ty);
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if string.enumeration.is_empty() => {
                Some(string_type(&string.format))
            }
            SchemaKind::Type(Type::Integer(integer)) if integer.enumeration.is_empty() => Some(TypeRef::Integer {
                int32: matches!(integer.format, VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32)),
            }),
            SchemaKind::Type(Type::Number(number)) if number.enumeration.is_empty() => Some(TypeRef::Number),
            SchemaKind::Type(Type::Boolean(_)) => Some(TypeRef::Boolean),
            SchemaKind::Type(Type::Array(array)) => Some(self.array_items(array.items.as_ref(), at, context, hint)),
            SchemaKind::Type(Type::Object(object)) if object.properties.is_empty() => {
                Some(self.map_of(object.additional_properties.as_ref(), at, context, hint))
            }
            SchemaKind::Any(any) if is_empty_any(any) => Some(TypeRef::Json),
            SchemaKind::Any(any) if !untyped::has_composition(any) => {
                match untyped::classify(any, at, &mut self.sink) {
                    Shape::String { date_time, values } if values.is_empty() => {
                        Some(if date_time { TypeRef::DateTime } else { TypeRef::String })
                    }
                    Shape::Integer { int32, values } if values.is_empty() => Some(TypeRef::Integer { int32 }),
                    Shape::Number => Some(TypeRef::Number),
                    Shape::Boolean => Some(TypeRef::Boolean),
                    Shape::Array(items) => Some(self.array_items(items, at, context, hint)),
                    Shape::Object if any.properties.is_empty() => {
                        Some(self.map_of(any.additional_properties.as_ref(), at, context, hint))
                    }
                    Shape::Invalid => Some(TypeRef::Json),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn array_items(
        &mut self,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        at: &str,
        context: Context,
        hint: &str,
    ) -> TypeRef {
        match items {
            Some(items) => {
                let lowered = self.lower_slot(
                    boxed_schema_node(items),
                    &child(at, "items"),
                    context,
                    &format!("{hint}Item"),
                );
                TypeRef::Array(Box::new(lowered.ty))
            }
            None => {
                self.sink.warning(
                    at,
                    "array schema without `items`: its elements are read as any json value",
                );
                TypeRef::Array(Box::new(TypeRef::Json))
            }
        }
    }

    fn map_of(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        at: &str,
        context: Context,
        hint: &str,
    ) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(value)) => {
                let lowered = self.lower_slot(
                    schema_node(value),
                    &child(at, "additionalProperties"),
                    context,
                    &format!("{hint}Value"),
                );
                TypeRef::Map(Box::new(lowered.ty))
            }
            _ => TypeRef::Map(Box::new(TypeRef::Json)),
        }
    }

    /// The definition of a named type.
    fn lower_kind(&mut self, schema: &'a Schema, at: &str, context: Context, name: &str) -> TypeKind {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                let values: Vec<String> = string.enumeration.iter().flatten().cloned().collect();
                self.check_distinct(at, &values);
                self.string_enum(schema, values)
            }
            SchemaKind::Type(Type::Integer(integer)) if !integer.enumeration.is_empty() => {
                let values: Vec<i64> = integer.enumeration.iter().flatten().copied().collect();
                self.check_distinct(at, &values);
                self.integer_enum(schema, at, values)
            }
            SchemaKind::Type(Type::Number(number)) if !number.enumeration.is_empty() => {
                self.sink
                    .error(at, "unsupported `enum` on a `number` schema: use strings or integers");
                TypeKind::Alias(TypeRef::Number)
            }
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                let views = vec![ObjectView::object(object, at, false)];
                self.struct_kind(&views, context, name)
            }
            SchemaKind::AllOf { all_of } if all_of.len() > 1 => {
                let mut views = Vec::new();
                self.collect_views(schema, at, false, "allOf", &mut views, 0);
                self.struct_kind(&views, context, name)
            }
            SchemaKind::AllOf { all_of: members }
            | SchemaKind::OneOf { one_of: members }
            | SchemaKind::AnyOf { any_of: members }
                if members.is_empty() =>
            {
                let keyword = match &schema.schema_kind {
                    SchemaKind::AllOf { .. } => "allOf",
                    SchemaKind::OneOf { .. } => "oneOf",
                    _ => "anyOf",
                };
                self.sink.error(
                    child(at, keyword),
                    format!("empty `{keyword}`: list at least one schema"),
                );
                TypeKind::Alias(TypeRef::Json)
            }
            SchemaKind::OneOf { one_of } => self.union_kind(schema, one_of, "oneOf", at, context, name),
            SchemaKind::AnyOf { any_of } => self.union_kind(schema, any_of, "anyOf", at, context, name),
            SchemaKind::Not { .. } => {
                self.sink.error(at, "unsupported schema keyword `not`");
                TypeKind::Alias(TypeRef::Json)
            }
            SchemaKind::Any(any) if untyped::has_composition(any) => self.composed_kind(schema, any, at, context, name),
            SchemaKind::Any(any) if !is_empty_any(any) => match untyped::classify(any, at, &mut self.sink) {
                Shape::String { values, .. } if !values.is_empty() => {
                    self.check_distinct(at, &values);
                    self.string_enum(schema, values)
                }
                Shape::Integer { values, .. } if !values.is_empty() => {
                    self.check_distinct(at, &values);
                    self.integer_enum(schema, at, values)
                }
                Shape::Object if !any.properties.is_empty() => {
                    let views = vec![ObjectView::any(any, at, false)];
                    self.struct_kind(&views, context, name)
                }
                _ => TypeKind::Alias(self.anonymous(schema, at, context, name).unwrap_or(TypeRef::Json)),
            },
            _ => match self.anonymous(schema, at, context, name) {
                Some(ty) => TypeKind::Alias(ty),
                None => {
                    self.sink.error(at, "unsupported schema: no keyword gives it a type");
                    TypeKind::Alias(TypeRef::Json)
                }
            },
        }
    }

    /// `allOf`/`anyOf`/`oneOf` beside other keywords (`openapiv3` cannot type these).
    /// A redundant `type: object` changes nothing; `additionalProperties: true` beside
    /// a union is what every generated object does anyway. A union beside
    /// `properties` (or beside `allOf`) becomes one struct, as [`Self::collect_views`] says.
    fn composed_kind(
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
    fn collect_views(
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

    /// An enum value listed twice would be an unreachable match arm in the emitted code.
    fn check_distinct<V: Ord + std::fmt::Display>(&mut self, at: &str, values: &[V]) {
        let mut seen = std::collections::BTreeSet::new();
        for value in values {
            if !seen.insert(value) {
                self.sink
                    .error(child(at, "enum"), format!("enum value `{value}` is listed twice"));
            }
        }
    }

    fn string_enum(&mut self, schema: &Schema, values: Vec<String>) -> TypeKind {
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

    fn integer_enum(&mut self, schema: &Schema, at: &str, values: Vec<i64>) -> TypeKind {
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

    /// A struct from one object schema, or from the object schemas of a composition,
    /// merged (see [`Self::collect_views`]).
    fn struct_kind(&mut self, views: &[ObjectView<'a>], context: Context, name: &str) -> TypeKind {
        let mut fields: Vec<Field> = Vec::new();
        let mut scope = Scope::default();
        let mut extra_value: Option<TypeRef> = None;
        // Properties so far declared only by union members.
        let mut from_unions: BTreeSet<String> = BTreeSet::new();
        for view in views {
            if let (Some(AdditionalProperties::Schema(value)), false) = (view.additional, view.optional) {
                let lowered = self.lower_slot(
                    schema_node(value),
                    &child(&view.at, "additionalProperties"),
                    context,
                    &format!("{name}Value"),
                );
                extra_value = Some(lowered.ty);
            }
            for (wire, slot) in view.properties {
                let field_at = child(&child(&view.at, "properties"), wire);
                let property = match self.resolver.schema(boxed_schema_node(slot), &field_at) {
                    Ok(resolved) => resolved.schema,
                    Err(error) => {
                        self.sink.push(error);
                        continue;
                    }
                };
                // A `$ref` cannot carry siblings in OpenAPI 3.0, so read/write-only
                // comes from the referenced schema or from an `allOf` wrapper.
                let data = match slot {
                    ReferenceOr::Item(inline) => &inline.schema_data,
                    ReferenceOr::Reference { .. } => &property.schema_data,
                };
                if (data.read_only && context == Context::Request) || (data.write_only && context == Context::Response)
                {
                    continue;
                }
                let hint = format!("{name}{}", naming::pascal(wire));
                let lowered = self.lower_slot(boxed_schema_node(slot), &field_at, context, &hint);
                let required = !view.optional && view.required.contains(wire);
                let presence = match (required, lowered.nullable || data.nullable) {
                    (true, false) => Presence::Required,
                    (true, true) => Presence::RequiredNullable,
                    (false, false) => Presence::Optional,
                    (false, true) => Presence::OptionalNullable,
                };
                if let Some(existing) = fields.iter_mut().find(|field| &field.wire == wire) {
                    if view.optional {
                        // Union members that disagree on a property's type: any value is kept.
                        if from_unions.contains(wire) && existing.ty != lowered.ty {
                            existing.ty = TypeRef::Json;
                            existing.constraints = Default::default();
                        }
                        if lowered.nullable || data.nullable {
                            existing.presence = match existing.presence {
                                Presence::Required | Presence::RequiredNullable => Presence::RequiredNullable,
                                Presence::Optional | Presence::OptionalNullable => Presence::OptionalNullable,
                            };
                        }
                        continue;
                    }
                    // allOf repeats a property: the later member refines it.
                    from_unions.remove(wire);
                    existing.ty = lowered.ty;
                    existing.presence = presence;
                    existing.constraints = lowered.constraints;
                    if let Some(doc) = doc_of(property) {
                        existing.doc = Some(doc);
                    }
                    continue;
                }
                if view.optional {
                    from_unions.insert(wire.clone());
                }
                let name = naming::claim_snake(&mut scope, wire);
                fields.push(Field {
                    wire_rule: finish::wire_rule(&name, wire, presence),
                    accepted: finish::accepted_by_new(&lowered.ty, presence),
                    name,
                    wire: wire.clone(),
                    doc: doc_of(property),
                    ty: lowered.ty,
                    presence,
                    constraints: lowered.constraints,
                    // Decided once every type exists (`finish::finish`).
                    boxed: false,
                });
            }
            for wire in view.required {
                if !view.properties.contains_key(wire) && views.len() == 1 {
                    self.sink.error(
                        child(&view.at, "required"),
                        format!("required property `{wire}` is not declared in `properties`"),
                    );
                }
            }
        }
        // Merged members may have changed a field's presence: its wire rule follows.
        for field in &mut fields {
            field.wire_rule = finish::wire_rule(&field.name, &field.wire, field.presence);
            field.accepted = finish::accepted_by_new(&field.ty, field.presence);
        }
        let extra = Extra {
            field: scope.claim("extra", "_"),
            value: extra_value.unwrap_or(TypeRef::Json),
        };
        TypeKind::Struct { fields, extra }
    }

    fn union_kind(
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

    /// Whether the component's shape depends on the context (it has readOnly or
    /// writeOnly properties, directly or through the schemas it references).
    fn differs(&mut self, component: &str) -> bool {
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

    /// The raw JSON of the document, for extensions.
    pub fn raw(&self) -> &'a serde_json::Value {
        self.raw
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

fn string_type(format: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        _ => TypeRef::String,
    }
}

fn is_empty_any(any: &openapiv3::AnySchema) -> bool {
    any == &openapiv3::AnySchema::default()
}

/// Limits the client checks before sending.
pub fn constraints_of(schema: &Schema) -> Constraints {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Array(array)) => Constraints {
            min_items: array.min_items,
            max_items: array.max_items,
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Integer(integer)) => Constraints {
            minimum: integer.minimum.map(|value| value as f64),
            maximum: integer.maximum.map(|value| value as f64),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Number(number)) => Constraints {
            minimum: number.minimum,
            maximum: number.maximum,
            ..Constraints::default()
        },
        _ => Constraints::default(),
    }
}

/// The doc text of a schema: title and description joined.
pub fn doc_of(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    match (&data.title, &data.description) {
        (Some(title), Some(description)) => Some(format!("{title}\n\n{description}")),
        (Some(text), None) | (None, Some(text)) => Some(text.clone()),
        (None, None) => None,
    }
}

fn string_list(schema: &Schema, extension: &str) -> Vec<String> {
    schema
        .schema_data
        .extensions
        .get(extension)
        .and_then(|value| value.as_array())
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}
