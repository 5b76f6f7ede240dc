//! Emits `src/operations.rs`: one `Client` method per operation returning a
//! request builder, the builders themselves (setters for optional parameters,
//! `send`, and `stream`/`pages` for paginated lists), and the pagination trait
//! impls for page types. Everything shared lives in the runtime; each `send` is
//! only argument checks, building the request, and decoding by status.

use super::common::{clean_doc, ident, raw_doc_attrs, type_tokens, From};
use super::models::{validated_types, value_checks};
use crate::ir::{
    Api, ArrayStyle, Field, Operation, Pagination, PaginationStyle, Param, ParamLocation, PathPart, Presence,
    ResponseShape, TypeRef,
};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// The tokens of `operations.rs`.
pub fn emit_operations(api: &Api) -> TokenStream {
    let defs = api
        .types
        .iter()
        .map(|def| (def.name.as_str(), def))
        .collect::<BTreeMap<_, _>>();
    let validated = validated_types(&defs);
    let methods = api.operations.iter().map(client_method);
    let builders = api.operations.iter().map(|operation| builder(operation, &validated));
    let mut seen = BTreeSet::new();
    let page_impls = api
        .operations
        .iter()
        .filter_map(|operation| operation.pagination.as_ref())
        .filter(|pagination| seen.insert((pagination.page_type.clone(), pagination.style as u8)))
        .map(page_impl);
    let streams = api.operations.iter().any(
        |operation| matches!(&operation.pagination, Some(pagination) if pagination.style != PaginationStyle::Time),
    );
    let use_stream = if streams {
        quote!(
            use futures::Stream;
        )
    } else {
        TokenStream::new()
    };
    let methods: Vec<TokenStream> = methods.collect();
    let builders: Vec<TokenStream> = builders.collect();
    let page_impls: Vec<TokenStream> = page_impls.collect();
    // `models` is imported only when something names a model: a spec whose operations
    // use none would otherwise get an unused-import warning.
    let uses_models = methods
        .iter()
        .chain(&builders)
        .chain(&page_impls)
        .any(|tokens| tokens.to_string().contains("models ::"));
    let use_models = if uses_models {
        quote!(
            use crate::models;
        )
    } else {
        TokenStream::new()
    };
    quote! {
        //! One method on [`Client`] per operation of the spec, each returning a request
        //! builder; `send` performs the request through the runtime.
        #use_models
        use crate::runtime::__private::*;
        use crate::runtime::*;
        #use_stream

        impl Client {
            #(#methods)*
        }
        #(#builders)*
        #(#page_impls)*
    }
}

fn operation_doc(operation: &Operation) -> String {
    let mut parts = Vec::new();
    if let Some(summary) = &operation.summary {
        parts.push(clean_doc(summary));
    }
    parts.push(format!(
        "Sends `{} {}` (operation `{}`).",
        operation.http_method, operation.path, operation.id
    ));
    if let Some(description) = &operation.description {
        parts.push(clean_doc(description));
    }
    parts.join("\n\n")
}

fn client_method(operation: &Operation) -> TokenStream {
    let doc = raw_doc_attrs(&operation_doc(operation));
    let method = ident(&operation.method_name);
    let builder = ident(&operation.builder_name);
    let mut arguments = Vec::new();
    let mut initialisers = Vec::new();
    for param in &operation.params {
        let name = ident(&param.name);
        if param.required {
            let (argument, conversion) = argument(&param.ty, &name);
            arguments.push(argument);
            initialisers.push(match conversion {
                Some(conversion) => quote!(#name: #conversion),
                None => quote!(#name),
            });
        } else if matches!(param.ty, TypeRef::Array(_)) {
            initialisers.push(quote!(#name: Vec::new()));
        } else {
            initialisers.push(quote!(#name: None));
        }
    }
    if let Some(body) = &operation.body {
        let ty = type_tokens(&body.ty, From::Crate);
        if body.required {
            // `impl Into` lets a caller pass the inner object of a one-field envelope
            // (`UserCreate` for `{"user": ...}`), see the `From` impls in models.
            arguments.push(quote!(body: impl Into<#ty>));
            initialisers.push(quote!(body: body.into()));
        } else {
            initialisers.push(quote!(body: None));
        }
    }
    quote! {
        #doc
        pub fn #method(&self, #(#arguments),*) -> #builder<'_> {
            #builder { client: self, #(#initialisers,)* }
        }
    }
}

/// The argument of a required parameter and how it becomes the stored value.
/// `None` when the argument is stored as it is.
fn argument(ty: &TypeRef, name: &proc_macro2::Ident) -> (TokenStream, Option<TokenStream>) {
    match ty {
        TypeRef::String => (quote!(#name: impl Into<String>), Some(quote!(#name.into()))),
        TypeRef::Named(_) => {
            let ty = type_tokens(ty, From::Crate);
            (quote!(#name: impl Into<#ty>), Some(quote!(#name.into())))
        }
        TypeRef::Array(inner) => {
            let inner = type_tokens(inner, From::Crate);
            (
                quote!(#name: impl IntoIterator<Item = impl Into<#inner>>),
                Some(quote!(#name.into_iter().map(Into::into).collect())),
            )
        }
        other => {
            let ty = type_tokens(other, From::Crate);
            (quote!(#name: #ty), None)
        }
    }
}

fn stored_type(param: &Param) -> TokenStream {
    let ty = type_tokens(&param.ty, From::Crate);
    if param.required || matches!(param.ty, TypeRef::Array(_)) {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

fn builder(operation: &Operation, validated: &BTreeSet<String>) -> TokenStream {
    let builder = ident(&operation.builder_name);
    let doc = raw_doc_attrs(&format!(
        "Request builder for [`Client::{}`]: set optional parameters, then call `send`.",
        operation.method_name
    ));
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    for param in &operation.params {
        let name = ident(&param.name);
        let ty = stored_type(param);
        fields.push(quote!(#name: #ty));
        if param.required {
            continue;
        }
        let doc = raw_doc_attrs(&format!(
            "`{}`: {}",
            param.wire,
            clean_doc(param.doc.as_deref().unwrap_or("query parameter."))
        ));
        setters.push(match &param.ty {
            TypeRef::Array(inner) => {
                let inner = type_tokens(inner, From::Crate);
                quote! {
                    #doc
                    pub fn #name<I>(mut self, values: I) -> Self where I: IntoIterator, I::Item: Into<#inner> {
                        self.#name = values.into_iter().map(Into::into).collect();
                        self
                    }
                }
            }
            TypeRef::String | TypeRef::Named(_) => {
                let ty = type_tokens(&param.ty, From::Crate);
                quote! {
                    #doc
                    pub fn #name(mut self, value: impl Into<#ty>) -> Self { self.#name = Some(value.into()); self }
                }
            }
            other => {
                let ty = type_tokens(other, From::Crate);
                quote! {
                    #doc
                    pub fn #name(mut self, value: #ty) -> Self { self.#name = Some(value); self }
                }
            }
        });
    }
    if let Some(body) = &operation.body {
        let ty = type_tokens(&body.ty, From::Crate);
        if body.required {
            fields.push(quote!(body: #ty));
        } else {
            fields.push(quote!(body: Option<#ty>));
            let doc = raw_doc_attrs(&format!(
                "The request body: {}",
                clean_doc(body.doc.as_deref().unwrap_or("optional."))
            ));
            setters.push(quote! {
                #doc
                pub fn body(mut self, value: impl Into<#ty>) -> Self { self.body = Some(value.into()); self }
            });
        }
    }
    let send = send_method(operation, validated);
    let streams = operation
        .pagination
        .as_ref()
        .map(|pagination| stream_methods(operation, pagination));
    quote! {
        #doc
        #[derive(Debug, Clone)]
        #[must_use = "a request builder does nothing until `send` is called"]
        pub struct #builder<'a> {
            client: &'a Client,
            #(#fields,)*
        }
        impl<'a> #builder<'a> {
            #(#setters)*
            #send
            #streams
        }
    }
}

fn response_type(operation: &Operation) -> TokenStream {
    match &operation.response {
        ResponseShape::Single { body: Some(body), .. } => type_tokens(body, From::Crate),
        ResponseShape::Single { body: None, .. } => quote!(()),
        ResponseShape::Multi { name, .. } => {
            let name = ident(name);
            quote!(models::#name)
        }
    }
}

fn send_method(operation: &Operation, validated: &BTreeSet<String>) -> TokenStream {
    let id = &operation.id;
    let method = ident(&operation.http_method);
    let template = &operation.path;
    let response = response_type(operation);
    let mut checks = Vec::new();
    for param in &operation.params {
        let name = ident(&param.name);
        let wire = &param.wire;
        let stored_as_option = !param.required && !matches!(param.ty, TypeRef::Array(_));
        if let Some(check) = value_checks(&param.ty, &param.constraints, validated, quote!(value), quote!(#wire)) {
            checks.push(if stored_as_option {
                quote!(if let Some(value) = &self.#name { #check })
            } else {
                quote!({ let value = &self.#name; #check })
            });
        }
    }
    if let Some(body) = &operation.body {
        if let Some(check) = value_checks(&body.ty, &Default::default(), validated, quote!(value), quote!("body")) {
            checks.push(if body.required {
                quote!({ let value = &self.body; #check })
            } else {
                quote!(if let Some(value) = &self.body { #check })
            });
        }
    }
    let path = path_expression(operation);
    let queries: Vec<TokenStream> = operation
        .params
        .iter()
        .filter(|param| param.location == ParamLocation::Query)
        .map(query_statement)
        .collect();
    let body = operation.body.as_ref().map(|body| {
        if body.required {
            quote!(request.json_body(&self.body)?;)
        } else {
            quote!(if let Some(body) = &self.body {
                request.json_body(body)?;
            })
        }
    });
    let mutable = if queries.is_empty() && body.is_none() {
        quote!()
    } else {
        quote!(mut)
    };
    let decode = match &operation.response {
        ResponseShape::Single { body: Some(_), .. } => quote! {
            let body = raw.json()?;
            Ok(raw.into_response(body))
        },
        ResponseShape::Single { body: None, .. } => quote! {
            raw.empty()?;
            Ok(raw.into_response(()))
        },
        ResponseShape::Multi { name, variants } => {
            let name = ident(name);
            let arms = variants.iter().map(|variant| {
                let status = proc_macro2::Literal::u16_unsuffixed(variant.status);
                let variant_name = ident(&variant.name);
                match &variant.body {
                    Some(_) => quote!(#status => models::#name::#variant_name(raw.json()?),),
                    None => quote!(#status => { raw.empty()?; models::#name::#variant_name }),
                }
            });
            quote! {
                let body = match raw.status().as_u16() {
                    #(#arms)*
                    _ => return Err(raw.unexpected_status()),
                };
                Ok(raw.into_response(body))
            }
        }
    };
    // The incremental export allows 10 requests a minute: every request to it, from
    // `send` or from the stream, waits for the client's export slot.
    let pace = match &operation.pagination {
        Some(pagination) if pagination.style == PaginationStyle::Time => {
            quote!(self.client.wait_for_export_slot().await;)
        }
        _ => TokenStream::new(),
    };
    let checks = if checks.is_empty() {
        TokenStream::new()
    } else {
        quote! { let operation = OPERATION.name; #(#checks)* }
    };
    quote! {
        /// Sends the request and decodes the documented response.
        pub async fn send(self) -> Result<Response<#response>, Error> {
            static OPERATION: OperationInfo = OperationInfo { name: #id, method: Method::#method, path_template: #template };
            #checks
            let path = #path;
            let #mutable request = Request::new(&OPERATION, path);
            #(#queries)*
            #body
            #pace
            let raw = self.client.execute(request).await?;
            #decode
        }
    }
}

/// The request path: literals as they are, each parameter percent-encoded. The
/// encoded segments are bound to `<name>_segment` so the format string can name them.
fn path_expression(operation: &Operation) -> TokenStream {
    let mut template = String::new();
    let mut bindings = Vec::new();
    for part in &operation.path_parts {
        match part {
            PathPart::Literal(text) => template.push_str(&text.replace('{', "{{").replace('}', "}}")),
            PathPart::Param(index) => {
                let param = &operation.params[*index];
                let name = ident(&param.name);
                let segment = format!("{}_segment", param.name);
                template.push_str(&format!("{{{segment}}}"));
                let segment = ident(&segment);
                let text = to_text(&param.ty, quote!(self.#name));
                bindings.push(quote!(let #segment = encode_path_segment(&#text);));
            }
        }
    }
    if bindings.is_empty() {
        quote!(#template.to_string())
    } else {
        quote!({ #(#bindings)* format!(#template) })
    }
}

/// How a scalar value is written as text on the wire.
fn to_text(ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::DateTime => quote!(#value.to_rfc3339()),
        _ => quote!(#value.to_string()),
    }
}

fn query_statement(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    let wire = &param.wire;
    match (&param.ty, param.array_style) {
        (TypeRef::Array(inner), Some(ArrayStyle::CommaSeparated)) => {
            let text = to_text(inner, quote!(value));
            quote! {
                if !self.#name.is_empty() {
                    request.query_list(#wire, self.#name.iter().map(|value| #text));
                }
            }
        }
        (TypeRef::Array(inner), _) => {
            let text = to_text(inner, quote!(value));
            quote!(for value in &self.#name { request.query(#wire, #text); })
        }
        (ty, _) if param.required => {
            let text = to_text(ty, quote!(self.#name));
            quote!(request.query(#wire, #text);)
        }
        (ty, _) => {
            let text = to_text(ty, quote!(value));
            quote!(if let Some(value) = &self.#name { request.query(#wire, #text); })
        }
    }
}

fn param_field<'p>(operation: &'p Operation, wire: &str) -> Option<&'p Param> {
    operation.params.iter().find(|param| param.wire == wire)
}

fn stream_methods(operation: &Operation, pagination: &Pagination) -> TokenStream {
    let page = ident(&pagination.page_type);
    let item = type_tokens(&pagination.item_type, From::Crate);
    match pagination.style {
        PaginationStyle::Cursor => {
            let Some(cursor) = param_field(operation, "page[after]") else {
                return TokenStream::new();
            };
            let cursor = ident(&cursor.name);
            quote! {
                /// Every page from the current cursor on, fetching the next page while this one is consumed.
                /// Each page exposes `meta.after_cursor`: pass it to `page_after` to resume later.
                pub fn pages(self) -> impl Stream<Item = Result<Response<models::#page>, Error>> + Send + Unpin + 'a {
                    let start = self.#cursor.clone();
                    cursor_pages(start, move |cursor| {
                        let mut builder = self.clone();
                        builder.#cursor = cursor;
                        builder.send()
                    })
                }
                /// Every item of every page, in order; rate limits are waited out per the client's retry policy.
                pub fn stream(self) -> impl Stream<Item = Result<#item, Error>> + Send + Unpin + 'a {
                    let start = self.#cursor.clone();
                    cursor_items(start, move |cursor| {
                        let mut builder = self.clone();
                        builder.#cursor = cursor;
                        builder.send()
                    })
                }
            }
        }
        PaginationStyle::Offset => {
            let Some(page_param) = param_field(operation, "page") else {
                return TokenStream::new();
            };
            let page_param = ident(&page_param.name);
            let per_page = match param_field(operation, "per_page") {
                Some(param) => {
                    let name = ident(&param.name);
                    quote!(self.#name)
                }
                None => quote!(None),
            };
            let max_records = match pagination.max_records {
                Some(max) => quote!(Some(#max)),
                None => quote!(None),
            };
            quote! {
                /// Every item of every page from the current page on. The server pages through at most
                /// a fixed number of records; past it the stream ends with [`Error::PaginationLimit`].
                pub fn stream(self) -> impl Stream<Item = Result<#item, Error>> + Send + Unpin + 'a {
                    let start = self.#page_param.unwrap_or(1);
                    let per_page = #per_page;
                    offset_items(start, per_page, #max_records, move |page| {
                        let mut builder = self.clone();
                        builder.#page_param = Some(page);
                        builder.send()
                    })
                }
            }
        }
        PaginationStyle::Time => {
            let Some(start) = param_field(operation, "start_time") else {
                return TokenStream::new();
            };
            let start = ident(&start.name);
            quote! {
                /// Every item changed since `start_time`, following the export until `end_of_stream`.
                /// After the stream ends, [`TimeExport::next_start_time`] is where the next run starts.
                pub fn stream(self) -> TimeExport<'a, #item> {
                    let start = self.#start;
                    time_export(start, move |start_time| {
                        let mut builder = self.clone();
                        builder.#start = start_time;
                        builder.send()
                    })
                }
            }
        }
    }
}

/// An expression of type `Option<&T>` reading a chain of fields from `self`.
fn chain_access(chain: &[Field]) -> TokenStream {
    let mut expression = TokenStream::new();
    for (index, field) in chain.iter().enumerate() {
        let name = ident(&field.name);
        let step = match field.presence {
            Presence::Required => quote!(Some(&value.#name)),
            Presence::RequiredNullable | Presence::Optional => quote!(value.#name.as_ref()),
            Presence::OptionalNullable => quote!(value.#name.value()),
        };
        expression = if index == 0 {
            match field.presence {
                Presence::Required => quote!(Some(&self.#name)),
                Presence::RequiredNullable | Presence::Optional => quote!(self.#name.as_ref()),
                Presence::OptionalNullable => quote!(self.#name.value()),
            }
        } else {
            quote!(#expression.and_then(|value| #step))
        };
    }
    expression
}

fn accessor<'p>(pagination: &'p Pagination, role: &str) -> &'p [Field] {
    pagination
        .accessors
        .iter()
        .find(|(name, _)| name == role)
        .map(|(_, chain)| chain.as_slice())
        .unwrap_or(&[])
}

fn page_impl(pagination: &Pagination) -> TokenStream {
    let page = ident(&pagination.page_type);
    let item = type_tokens(&pagination.item_type, From::Crate);
    let items = ident(&pagination.items_field.name);
    let into_items = match pagination.items_field.presence {
        Presence::Required => quote!(self.#items),
        Presence::RequiredNullable | Presence::Optional => quote!(self.#items.unwrap_or_default()),
        Presence::OptionalNullable => quote!(self.#items.into_value().unwrap_or_default()),
    };
    match pagination.style {
        PaginationStyle::Cursor => {
            let has_more = chain_access(accessor(pagination, "has_more"));
            let after = chain_access(accessor(pagination, "after_cursor"));
            quote! {
                impl CursorPage for models::#page {
                    type Item = #item;
                    fn has_more(&self) -> bool { #has_more.copied().unwrap_or(false) }
                    fn after_cursor(&self) -> Option<&str> { #after.map(String::as_str) }
                    fn into_items(self) -> Vec<#item> { #into_items }
                }
            }
        }
        PaginationStyle::Offset => {
            let next = chain_access(accessor(pagination, "next_page"));
            quote! {
                impl OffsetPage for models::#page {
                    type Item = #item;
                    fn next_page(&self) -> Option<&str> { #next.map(String::as_str) }
                    fn into_items(self) -> Vec<#item> { #into_items }
                }
            }
        }
        PaginationStyle::Time => {
            let end_of_stream = chain_access(accessor(pagination, "end_of_stream"));
            let end_time = chain_access(accessor(pagination, "end_time"));
            let next = chain_access(accessor(pagination, "next_page"));
            quote! {
                impl TimeExportPage for models::#page {
                    type Item = #item;
                    fn end_of_stream(&self) -> bool { #end_of_stream.copied().unwrap_or(false) }
                    fn end_time(&self) -> Option<i64> { #end_time.copied() }
                    fn next_page(&self) -> Option<&str> { #next.map(String::as_str) }
                    fn into_items(self) -> Vec<#item> { #into_items }
                }
            }
        }
    }
}
