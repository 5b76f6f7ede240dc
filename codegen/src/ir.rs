//! The intermediate model between the spec and the Rust emitters: the API's
//! types and operations, with every Rust name already decided. Emitters read
//! only this; they never look at the spec.

/// The whole API as the emitters see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`, if any.
    pub description: Option<String>,
    /// Named types in a deterministic order: the order lowering finishes them (operations
    /// in spec order, then components nothing used), never a hash map's.
    pub types: Vec<TypeDef>,
    /// Operations in spec order.
    pub operations: Vec<Operation>,
    /// The types paginated operations page through, sorted by name: one `Page` impl
    /// each, however many operations and styles read it.
    pub page_types: Vec<PageType>,
    /// Every example in the spec with the type that must decode it.
    pub examples: Vec<Example>,
    /// Whether the operations module names anything in `models` (else it must not import it).
    pub operations_use_models: bool,
    /// Whether the operations module names `Stream`: an offset-paginated `stream()`
    /// does (cursor lists get theirs from the runtime's `cursor_list!`, exports return
    /// the runtime's export types).
    pub operations_use_streams: bool,
}

/// A reference to a Rust type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `i64` (or `i32` when the spec says `int32`).
    Integer {
        /// True for `format: int32`.
        int32: bool,
    },
    /// `f64`.
    Number,
    /// `bool`.
    Boolean,
    /// A typed timestamp (`format: date-time`).
    DateTime,
    /// Any JSON value.
    Json,
    /// A named type from [`Api::types`], by Rust name.
    Named(String),
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// A string-keyed map of `T`.
    Map(Box<TypeRef>),
}

/// A named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust name (UpperCamelCase, unique in the models module).
    pub name: String,
    /// Doc text from the spec (title/description), or a factual line.
    pub doc: String,
    /// What kind of type.
    pub kind: TypeKind,
    /// Spec pointer the type comes from.
    pub source: String,
    /// The traits the type derives, in the order they are written.
    pub derives: Vec<Derive>,
    /// The type has a `validate()`: something to check before sending, in its own
    /// fields or in a type it contains.
    pub validated: bool,
    /// The `From` impls the type has.
    pub conversions: Conversions,
}

/// A trait a named type derives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Derive {
    /// `Debug`.
    Debug,
    /// `Clone`.
    Clone,
    /// `Copy` (integer enums).
    Copy,
    /// `PartialEq`.
    PartialEq,
    /// `Eq`.
    Eq,
    /// `Hash`.
    Hash,
    /// `PartialOrd`.
    PartialOrd,
    /// `Ord`.
    Ord,
    /// `Default`: a struct whose every field may be left out.
    Default,
    /// `serde::Serialize`.
    Serialize,
    /// `serde::Deserialize` (not for a union whose discriminator selects the
    /// variant, nor for open enums: their `Deserialize` keeps unknown values).
    Deserialize,
}

/// The `From` impls of a named type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conversions {
    /// None.
    None,
    /// A struct with exactly one field, required and of a named or array type (an
    /// envelope such as `{"user": {...}}`): it converts `From` what it wraps.
    FromField,
    /// A union: one `From` impl per variant, because every variant is a different
    /// Rust type once aliases are seen through (otherwise two impls would conflict).
    FromEachVariant,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known fields; undeclared fields are kept in `extra`.
    Struct {
        /// Declared properties in spec order.
        fields: Vec<Field>,
        /// The field that keeps undeclared properties, and the type of their values.
        extra: Extra,
    },
    /// A string enum; unknown values decode into the catch-all variant.
    StringEnum {
        /// Listed values.
        variants: Vec<EnumVariant<String>>,
        /// Name of the variant that keeps any other value.
        catch_all: String,
    },
    /// An integer enum; unknown values decode into the catch-all variant.
    IntegerEnum {
        /// Listed values.
        variants: Vec<EnumVariant<i64>>,
        /// Name of the variant that keeps any other value.
        catch_all: String,
    },
    /// `oneOf`/`anyOf`: one of several types.
    Union {
        /// Alternatives in spec order.
        variants: Vec<UnionVariant>,
        /// Property whose value selects the variant, with its mapping; untagged when `None`.
        discriminator: Option<Discriminator>,
    },
    /// A named schema that is just another type (`type: string`, an array...).
    Alias(TypeRef),
}

/// Where a struct keeps properties it does not declare.
#[derive(Debug, Clone, PartialEq)]
pub struct Extra {
    /// Rust field name.
    pub field: String,
    /// Value type (`Json` unless `additionalProperties` gives a schema).
    pub value: TypeRef,
}

/// One struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust name (snake_case). Plain text: a keyword such as `type` is stored as is
    /// and escaped (`r#type`) when emitted.
    pub name: String,
    /// Name on the wire.
    pub wire: String,
    /// Doc text.
    pub doc: Option<String>,
    /// Value type without the presence wrapper.
    pub ty: TypeRef,
    /// How absence and null are represented.
    pub presence: Presence,
    /// Client-side checks.
    pub constraints: Constraints,
    /// The field is a `Box`, because its type contains the struct again with no
    /// `Vec` or map between.
    pub boxed: bool,
    /// How serde reads and writes the field.
    pub wire_rule: WireRule,
    /// How `new(..)` takes the field when it is required.
    pub accepted: Accepted,
}

/// How a method takes a value from its caller: a client method's argument, a
/// builder's setter, `new(..)`'s argument. Decided in lowering; the emitters print
/// it and `diff/` can compare it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accepted {
    /// The type itself (`i64`, `bool`, a map given whole): a conversion would only
    /// hide a mistake.
    Exact,
    /// `impl Into<T>`: a `&str` for a `String`, an id or a key for an `IdOrKey`, a
    /// model's inner value for its one-field envelope.
    Into,
    /// Any `IntoIterator` whose items are `Into` the element type.
    EachInto,
    /// Any `IntoIterator` of `(key, value)` pairs, keys `Into<String>`, values `Into`
    /// the map's value type.
    EntriesInto,
}

/// How serde reads and writes one struct field: what its field attributes say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireRule {
    /// `#[serde(rename = "..")]`: the name on the wire when serde would not derive it
    /// from the Rust name (a raw identifier such as `r#type` needs none).
    pub rename: Option<String>,
    /// What a missing property decodes to.
    pub when_missing: WhenMissing,
    /// When the field is left out of the output.
    pub skip: Skip,
}

/// What decoding does when a property is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenMissing {
    /// An error (serde's own rule for a field that is not an `Option`).
    Error,
    /// An error although the field is an `Option` (which serde would read as `None`):
    /// a required, nullable property must be on the wire, `null` or not.
    ErrorForOption,
    /// The field's `Default` (`None`, `Nullable::Absent`): `#[serde(default)]`.
    Default,
}

/// When a field is left out of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// Always written.
    Never,
    /// Left out when `None` (`Option::is_none`).
    WhenNone,
    /// Left out when absent (`Nullable::is_absent`); `Null` is written as `null`.
    WhenAbsent,
}

/// How a field or argument may be missing or null.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always present, never null: `T`.
    Required,
    /// Always present, may be null: `Option<T>`, `None` written as `null`.
    RequiredNullable,
    /// May be absent, never null: `Option<T>`, `None` left out.
    Optional,
    /// May be absent or null: `Nullable<T>` (absent / null / value).
    OptionalNullable,
}

/// Limits checked before a request is sent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `minItems`.
    pub min_items: Option<usize>,
    /// `maxItems`.
    pub max_items: Option<usize>,
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
}

impl Constraints {
    /// True when there is nothing to check.
    pub fn is_empty(&self) -> bool {
        self.min_items.is_none() && self.max_items.is_none() && self.minimum.is_none() && self.maximum.is_none()
    }
}

/// One enum variant.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant<V> {
    /// Rust name.
    pub name: String,
    /// Value on the wire.
    pub value: V,
    /// Doc text, if the spec gives one (`x-enum-descriptions`).
    pub doc: Option<String>,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: String,
    /// The type it wraps.
    pub ty: TypeRef,
}

/// A discriminator property and the value that selects each variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    /// Wire name of the property.
    pub property: String,
    /// (wire value, variant name) pairs.
    pub mapping: Vec<(String, String)>,
}

/// One HTTP operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId` as written in the spec.
    pub id: String,
    /// Client method name (snake_case).
    pub method_name: String,
    /// Request builder type name (UpperCamelCase).
    pub builder_name: String,
    /// HTTP method in upper case (`GET`).
    pub http_method: String,
    /// Path template as in the spec.
    pub path: String,
    /// The path split into literal text and parameters.
    pub path_parts: Vec<PathPart>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// Path and query parameters in spec order (path-item level first).
    pub params: Vec<Param>,
    /// The JSON request body, if any.
    pub body: Option<Body>,
    /// The `multipart/form-data` request body, if any (alone or beside [`Operation::body`]).
    pub form: Option<Form>,
    /// What a successful response decodes into.
    pub response: ResponseShape,
    /// Pagination style, when the operation is a paginated list.
    pub pagination: Option<Pagination>,
    /// The note on how to use the result that the operation's docs add, pointing to
    /// the crate's own tools where Zendesk's text points to another endpoint or page
    /// (job status, next page, resuming).
    pub usage_note: Option<UsageNote>,
    /// Spec pointer of the operation.
    pub source: String,
}

/// How to use an operation's result, when the crate has a tool (a stream, `wait_for_job`)
/// for what Zendesk's docs send the reader elsewhere for; the docs say it in a note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsageNote {
    /// The response is a background job's status: `Client::wait_for_job` polls it.
    WaitForJob,
    /// A cursor-paginated list: `stream()` for the items, `pages()` for the pages.
    StreamAndPages,
    /// An offset-paginated list: `stream()` for the items.
    Stream,
    /// A time-based export: `stream()`, resumed from `next_start_time()`.
    ResumeFromStartTime,
    /// A cursor-based export: `stream()`, resumed from `next_cursor()`.
    ResumeFromCursor,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    /// Text copied as is.
    Literal(String),
    /// The path parameter at this index of [`Operation::params`].
    Param(usize),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the path: a required argument of the client method.
    Path,
    /// In the query string.
    Query,
}

/// How a parameter's value is written on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamEncoding {
    /// One value: a path segment or `name=value` (nothing when absent).
    Value,
    /// A path segment from an id or a key (`oneOf: [integer, string]`): the argument is
    /// the runtime's `IdOrKey`.
    IdOrKey,
    /// A list as `name=a&name=b` (`style: form, explode: true`).
    Repeated,
    /// A list as `name=a,b` (`style: form, explode: false`).
    CommaSeparated,
    /// An object or map as `name[key]=value` (`style: deepObject`).
    DeepObject,
    /// An object whose properties are each a pair, `key=value` (`style: form, explode: true`).
    FormObject,
}

/// How a builder keeps a parameter until `send`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    /// The value itself: a required argument of the client method.
    Required,
    /// `Option<T>`, `None` until a setter is called.
    Optional,
    /// A list or map, empty until a setter is called (empty means absent).
    Collection,
}

/// One path or query parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Name on the wire (`page[size]`, `role[]`).
    pub wire: String,
    /// Rust name (argument or builder setter).
    pub name: String,
    /// Path or query.
    pub location: ParamLocation,
    /// Required parameters are arguments of the client method.
    pub required: bool,
    /// Value type (for [`ParamEncoding::IdOrKey`], `String`: the argument is an `IdOrKey`).
    pub ty: TypeRef,
    /// How the value is written.
    pub encoding: ParamEncoding,
    /// How the builder keeps it.
    pub storage: Storage,
    /// How the client method (required) or the setter (optional) takes it.
    pub accepted: Accepted,
    /// Checks made before sending.
    pub constraints: Constraints,
    /// `description`.
    pub doc: Option<String>,
}

/// A JSON request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Its type.
    pub ty: TypeRef,
    /// Whether the spec requires it (an optional body is a builder setter).
    pub required: bool,
    /// How the builder keeps it: `Optional` when it may be left out, or when a form may be
    /// sent instead (the JSON method then sets it, the form method leaves it `None`).
    pub storage: Storage,
    /// `description`.
    pub doc: Option<String>,
}

/// A `multipart/form-data` request body: a struct emitted beside the operation whose
/// fields are the form's fields, nested objects flattened into bracketed names
/// (`user[photo][uploaded_data]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    /// Rust name of the form struct.
    pub name: String,
    /// The second client method that sends the form (`update_user_multipart`) when JSON
    /// is accepted too; `None` when the form is the only body and the operation's own
    /// method takes it.
    pub method_name: Option<String>,
    /// Whether the struct derives `Default` (every field may be left out).
    pub derives_default: bool,
    /// The fields in spec order.
    pub fields: Vec<FormField>,
    /// `description` of the request body.
    pub doc: Option<String>,
}

/// One field of a form.
#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    /// Rust field name (snake_case, nested names joined with `_`).
    pub name: String,
    /// Field name on the wire (`user[photo][uploaded_data]`).
    pub wire: String,
    /// Doc text.
    pub doc: Option<String>,
    /// A required field is a plain value, an optional one an `Option`, a list a `Vec`.
    pub storage: Storage,
    /// A file (`format: binary`) or a text value of this type.
    pub kind: FormFieldKind,
}

/// What a form field holds.
#[derive(Debug, Clone, PartialEq)]
pub enum FormFieldKind {
    /// A file part: the runtime's `FilePart`.
    File,
    /// Several files under one name (`type: array, items: {format: binary}`): `Vec<FilePart>`.
    Files,
    /// A text part: a scalar (or a list of scalars, one part each) written as text.
    Text(TypeRef),
}

/// What a 2xx response decodes into.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseShape {
    /// One documented success status: any 2xx decodes into this (`None` = no body).
    Single {
        /// The documented status.
        status: u16,
        /// Body type, `None` for an empty body.
        body: Option<TypeRef>,
    },
    /// Several documented success statuses: an enum with one variant per status.
    Multi {
        /// Enum type name.
        name: String,
        /// (status, variant name, body type) in spec order.
        variants: Vec<StatusVariant>,
    },
}

/// One status of a multi-status response.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusVariant {
    /// HTTP status.
    pub status: u16,
    /// Enum variant name (`Ok`, `Created`).
    pub name: String,
    /// Body type, `None` for an empty body.
    pub body: Option<TypeRef>,
    /// The response `description`.
    pub doc: String,
}

/// How a list operation pages (from `x-zendesk-pagination`).
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Cursor, offset or time-based export.
    pub style: PaginationStyle,
    /// The page type (the single success body); its `Page` impl is in
    /// [`Api::page_types`].
    pub page_type: String,
    /// The item type.
    pub item_type: TypeRef,
    /// For offset pagination: the most records the server will page through.
    pub max_records: Option<u64>,
    /// Rust name of the builder field the stream advances: the cursor (`page[after]`),
    /// the page number (`page`) or the start time (`start_time`).
    pub position_param: String,
    /// Rust name of the `per_page` builder field, for offset pagination.
    pub per_page_param: Option<String>,
    /// For the cursor-based export: Rust name of the `start_time` builder field, which
    /// the stream clears once it follows a cursor.
    pub start_param: Option<String>,
    /// For cursor pagination: the page size `stream()` and `pages()` send when the caller
    /// chose none. Zendesk answers a list request without `page[size]` with offset
    /// pagination, which a cursor stream cannot follow.
    pub page_size: Option<PageSize>,
}

/// A type that paginated operations page through, with what its `Page` impl reads.
/// Decided in lowering: every operation paging through it names the same items
/// field (else the crate would need two `Page` impls for one type, which does not
/// compile), and each page field is read at one path.
#[derive(Debug, Clone, PartialEq)]
pub struct PageType {
    /// The page type's Rust name (a struct in `models`).
    pub name: String,
    /// The field of the page type that holds the items.
    pub items_field: Field,
    /// The item type (`Page::Item`).
    pub item_type: TypeRef,
    /// Every page field the styles of its operations read (`meta.has_more`, ...), each
    /// once and in [`PageField`] order, as the chain of fields leading to it.
    pub accessors: Vec<(PageField, Vec<Field>)>,
}

/// A page field the runtime's `Page` trait reads, one accessor each. Declared in the
/// order the accessors are emitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PageField {
    /// `meta.after_cursor` (cursor lists) or `after_cursor` (cursor export).
    AfterCursor,
    /// `end_of_stream` (exports).
    EndOfStream,
    /// `end_time` (time export).
    EndTime,
    /// `meta.has_more` (cursor lists).
    HasMore,
    /// `next_page` (offset lists, time export).
    NextPage,
}

/// The page size a stream sends unless the caller set one.
#[derive(Debug, Clone, PartialEq)]
pub struct PageSize {
    /// Rust name of the builder field (`page_size`).
    pub param: String,
    /// The size sent when the field is unset (100, or the parameter's lower `maximum`).
    pub default: i64,
}

/// Pagination styles Zendesk uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaginationStyle {
    /// `page[size]`, `page[after]`, `meta.has_more`, `meta.after_cursor`.
    Cursor,
    /// `page`, `per_page`, `next_page`.
    Offset,
    /// Incremental export: `start_time`, `end_time`, `next_page`, `end_of_stream`.
    Time,
    /// Cursor-based incremental export (`cursor-export`): `start_time` or `cursor`,
    /// `after_cursor`, `end_of_stream`.
    CursorExport,
}

/// An example from the spec and the type that must decode it.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Test-friendly unique name (snake_case).
    pub name: String,
    /// Spec pointer of the example value.
    pub source: String,
    /// The type it decodes into.
    pub ty: TypeRef,
    /// The example as compact JSON.
    pub json: String,
}
