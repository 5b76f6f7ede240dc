//! Emits `src/operations.rs`: per operation, its `Client` method(s), its request
//! builder (setters for optional parameters, `send`, and `stream`/`pages` for
//! paginated lists) and, for a `multipart/form-data` body, its form struct; then the
//! pagination trait impls for page types. Every decision is made in lowering and read
//! from the IR; everything shared lives in the runtime, so `send` is one line per
//! parameter, the request, and decoding by status.

use super::common::{clean_doc, clippy_allowances, ident, raw_doc_attrs, too_complex, type_tokens, WrittenIn};
use super::models::value_checks;
use super::spelling::type_spelling;
use crate::ir::{
    Accepted, Api, Field, Form, FormFieldKind, Operation, PageField, PageType, Pagination, PaginationStyle, Param,
    ParamEncoding, ParamLocation, PathPart, Presence, ResponseShape, Storage, TypeRef, UsageNote,
};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// The tokens of `operations.rs`.
pub fn emit_operations(api: &Api) -> TokenStream {
    // Which types have a `validate()` was decided in lowering (`lower/finish.rs`).
    let validated: BTreeSet<String> = api
        .types
        .iter()
        .filter(|def| def.validated)
        .map(|def| def.name.clone())
        .collect();
    let operations = api
        .operations
        .iter()
        .map(|operation| operation_items(operation, &validated));
    // One `Page` impl per page type, as lowering decided (`lower/pagination.rs`).
    let page_impls = api.page_types.iter().map(page_impl);
    let use_stream = api.operations_use_streams.then(|| {
        quote!(
            use futures::Stream;
        )
    });
    let use_models = api.operations_use_models.then(|| {
        quote!(
            use crate::models;
        )
    });
    quote! {
        //! One method on [`Client`] per operation of the spec, each returning a request
        //! builder; `send` performs the request through the runtime.
        #use_models
        use crate::__private::*;
        use crate::*;
        #use_stream

        #(#operations)*
        #(#page_impls)*
    }
}

/// The client method(s), the builder and the form of one operation, side by side.
fn operation_items(operation: &Operation, validated: &BTreeSet<String>) -> TokenStream {
    let methods = client_methods(operation);
    let builder = builder(operation, validated);
    let form = operation.form.as_ref().map(|form| form_struct(operation, form));
    quote! {
        impl Client {
            #methods
        }
        #builder
        #form
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
    if let Some(note) = usage_note(operation) {
        parts.push(note);
    }
    if let Some(description) = &operation.description {
        parts.push(clean_doc(description));
    }
    parts.join("\n\n")
}

/// The usage note: the paragraph pointing to the crate's own tool for what Zendesk's text sends
/// the reader elsewhere for (decided in lowering).
fn usage_note(operation: &Operation) -> Option<String> {
    let builder = &operation.builder_name;
    let position = operation
        .pagination
        .as_ref()
        .map_or("cursor", |pagination| pagination.position_param.as_str());
    let note = match operation.usage_note? {
        UsageNote::WaitForJob => "**Background job**: the response is the job's status.\n\
            [`Client::wait_for_job`] polls it until the job has completed, failed or been\n\
            killed and returns every per-item result (instead of calling Show Job Status yourself).\n\n\
            [`Client::wait_for_job`]: zendesk_users_runtime::Client::wait_for_job"
            .to_string(),
        UsageNote::StreamAndPages => format!(
            "**Paginated**: [`{builder}::stream`] yields every item of every page (the next page\n\
            prefetched, rate limits waited out); [`{builder}::pages`] yields the pages, each with\n\
            `meta.after_cursor` to resume from later. Awaiting the builder fetches one page."
        ),
        UsageNote::Stream => format!(
            "**Paginated**: [`{builder}::stream`] yields every item of every page, up to the\n\
            server's record limit. Awaiting the builder fetches one page."
        ),
        UsageNote::ResumeFromStartTime => format!(
            "**Incremental export**: [`{builder}::stream`] follows the export to its end, paced to\n\
            Zendesk's export limit; [`TimeExport::next_start_time`] is the start time to save\n\
            and resume from on the next run."
        ),
        UsageNote::ResumeFromCursor => format!(
            "**Incremental export**: [`{builder}::stream`] follows the export to its end, paced to\n\
            Zendesk's export limit; [`CursorExport::next_cursor`] is the cursor to save and\n\
            resume from with `.{position}(saved)` on the next run (also after a failure)."
        ),
    };
    Some(note)
}

/// The client method sending JSON (or nothing), and the one sending the form.
fn client_methods(operation: &Operation) -> TokenStream {
    let doc = raw_doc_attrs(&operation_doc(operation));
    let method = ident(&operation.method_name);
    let builder = ident(&operation.builder_name);
    let mut arguments = Vec::new();
    let mut initialisers = vec![quote!(deadline: None)];
    for param in &operation.params {
        let name = ident(&param.name);
        match param.storage {
            Storage::Required => {
                let (argument, conversion) = argument(param, &name);
                arguments.push(argument);
                initialisers.push(match conversion {
                    Some(conversion) => quote!(#name: #conversion),
                    None => quote!(#name),
                });
            }
            Storage::Collection => initialisers.push(quote!(#name: Default::default())),
            Storage::Optional => initialisers.push(quote!(#name: None)),
        }
    }
    let mut json_arguments = arguments.clone();
    let mut json_initialisers = initialisers.clone();
    if let Some(body) = &operation.body {
        let ty = type_tokens(&body.ty, WrittenIn::Crate);
        match (body.required, body.storage == Storage::Optional) {
            // `impl Into` lets a caller pass the inner object of a one-field envelope
            // (`UserCreate` for `{"user": ...}`), see the `From` impls in models.
            (true, false) => {
                json_arguments.push(quote!(body: impl Into<#ty>));
                json_initialisers.push(quote!(body: body.into()));
            }
            (true, true) => {
                json_arguments.push(quote!(body: impl Into<#ty>));
                json_initialisers.push(quote!(body: Some(body.into())));
            }
            (false, _) => json_initialisers.push(quote!(body: None)),
        }
    }
    // `&self` counts as an argument for clippy's limit.
    let complex = required_params_too_complex(operation);
    let json_allow = clippy_allowances(complex, json_arguments.len() + 1);
    let Some(form) = &operation.form else {
        return quote! {
            #doc
            #json_allow
            pub fn #method(&self, #(#json_arguments),*) -> #builder<'_> {
                #builder { client: self, #(#json_initialisers,)* }
            }
        };
    };
    let form_type = ident(&form.name);
    let mut form_arguments = arguments;
    form_arguments.push(quote!(form: #form_type));
    let form_allow = clippy_allowances(complex, form_arguments.len() + 1);
    let mut form_initialisers = initialisers;
    if let Some(form_method) = &form.method_name {
        form_initialisers.push(quote!(body: None));
        form_initialisers.push(quote!(form: Some(form)));
        let form_method = ident(form_method);
        let form_doc = raw_doc_attrs(&format!(
            "Like [`Client::{}`], with a `multipart/form-data` body (files and form fields) instead of JSON.",
            operation.method_name
        ));
        quote! {
            #doc
            #json_allow
            pub fn #method(&self, #(#json_arguments),*) -> #builder<'_> {
                #builder { client: self, #(#json_initialisers,)* form: None }
            }
            #form_doc
            #form_allow
            pub fn #form_method(&self, #(#form_arguments),*) -> #builder<'_> {
                #builder { client: self, #(#form_initialisers,)* }
            }
        }
    } else {
        form_initialisers.push(quote!(form));
        quote! {
            #doc
            #form_allow
            pub fn #method(&self, #(#form_arguments),*) -> #builder<'_> {
                #builder { client: self, #(#form_initialisers,)* }
            }
        }
    }
}

/// Whether a required parameter's type is one clippy finds too complex (the spec's
/// maps of maps), as an argument of the client method.
fn required_params_too_complex(operation: &Operation) -> bool {
    operation
        .params
        .iter()
        .any(|param| param.storage == Storage::Required && param_too_complex(param))
}

/// Whether the parameter's value type is one clippy finds too complex, in the
/// builder's `Option` or not.
fn param_too_complex(param: &Param) -> bool {
    let presence = match param.storage {
        Storage::Optional => Presence::Optional,
        Storage::Required | Storage::Collection => Presence::Required,
    };
    param.encoding != ParamEncoding::IdOrKey && too_complex(&param.ty, presence, false)
}

/// The argument of a required parameter and how it becomes the stored value
/// (`None`: stored as it is).
fn argument(param: &Param, name: &proc_macro2::Ident) -> (TokenStream, Option<TokenStream>) {
    match (param.accepted, &param.ty) {
        (Accepted::Into, _) => {
            let ty = value_type(param);
            (quote!(#name: impl Into<#ty>), Some(quote!(#name.into())))
        }
        (Accepted::EachInto, TypeRef::Array(inner)) => {
            let inner = type_tokens(inner, WrittenIn::Crate);
            (
                quote!(#name: impl IntoIterator<Item = impl Into<#inner>>),
                Some(quote!(#name.into_iter().map(Into::into).collect())),
            )
        }
        // Lowering takes only lists item by item, and keeps maps whole as arguments.
        (Accepted::EachInto | Accepted::EntriesInto | Accepted::Exact, _) => {
            let ty = value_type(param);
            (quote!(#name: #ty), None)
        }
    }
}

/// The parameter's type as the caller sees it (without the builder's `Option`).
fn value_type(param: &Param) -> TokenStream {
    match param.encoding {
        ParamEncoding::IdOrKey => quote!(IdOrKey),
        ParamEncoding::Value
        | ParamEncoding::Repeated
        | ParamEncoding::CommaSeparated
        | ParamEncoding::DeepObject
        | ParamEncoding::FormObject => type_tokens(&param.ty, WrittenIn::Crate),
    }
}

fn stored_type(param: &Param) -> TokenStream {
    let ty = value_type(param);
    match param.storage {
        Storage::Required | Storage::Collection => ty,
        Storage::Optional => quote!(Option<#ty>),
    }
}

fn setter(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    let doc = raw_doc_attrs(&format!(
        "`{}`: {}",
        param.wire,
        clean_doc(param.doc.as_deref().unwrap_or("query parameter."))
    ));
    match (param.accepted, &param.ty) {
        (Accepted::EachInto, TypeRef::Array(inner)) => {
            let inner = type_tokens(inner, WrittenIn::Crate);
            quote! {
                #doc
                pub fn #name<I>(mut self, values: I) -> Self where I: IntoIterator, I::Item: Into<#inner> {
                    self.#name = values.into_iter().map(Into::into).collect();
                    self
                }
            }
        }
        (Accepted::EntriesInto, TypeRef::Map(inner)) => {
            let inner = type_tokens(inner, WrittenIn::Crate);
            quote! {
                #doc
                pub fn #name<K, V>(mut self, entries: impl IntoIterator<Item = (K, V)>) -> Self where K: Into<String>, V: Into<#inner> {
                    self.#name = entries.into_iter().map(|(key, value)| (key.into(), value.into())).collect();
                    self
                }
            }
        }
        (Accepted::Into, _) => {
            let ty = value_type(param);
            quote! {
                #doc
                pub fn #name(mut self, value: impl Into<#ty>) -> Self { self.#name = Some(value.into()); self }
            }
        }
        // Lowering pairs item-by-item with lists and entry-by-entry with maps only.
        (Accepted::EachInto | Accepted::EntriesInto | Accepted::Exact, _) => {
            let ty = value_type(param);
            quote! {
                #doc
                pub fn #name(mut self, value: #ty) -> Self { self.#name = Some(value); self }
            }
        }
    }
}

fn builder(operation: &Operation, validated: &BTreeSet<String>) -> TokenStream {
    let builder = ident(&operation.builder_name);
    let doc = raw_doc_attrs(&format!(
        "Request builder for [`Client::{}`]: `.await` it for the decoded body, or call `send` for the status and headers too.",
        operation.method_name
    ));
    let mut fields = vec![quote!(deadline: Option<std::time::Duration>)];
    // The `deadline` setter every builder has comes with `awaitable_builder!`.
    let mut setters = Vec::new();
    for param in &operation.params {
        let name = ident(&param.name);
        let ty = stored_type(param);
        fields.push(quote!(#name: #ty));
        if param.storage != Storage::Required {
            setters.push(setter(param));
        }
    }
    if let Some(body) = &operation.body {
        let ty = type_tokens(&body.ty, WrittenIn::Crate);
        if body.storage == Storage::Optional {
            fields.push(quote!(body: Option<#ty>));
        } else {
            fields.push(quote!(body: #ty));
        }
        if !body.required {
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
    if let Some(form) = &operation.form {
        let form_type = ident(&form.name);
        if form.method_name.is_some() {
            fields.push(quote!(form: Option<#form_type>));
        } else {
            fields.push(quote!(form: #form_type));
        }
    }
    let send = send_method(operation, validated);
    let streams = operation.pagination.as_ref().map(stream_methods);
    // On the struct (its fields) and on its methods (the setters' arguments).
    let allow = clippy_allowances(operation.params.iter().any(param_too_complex), 0);
    let cursor_list = operation
        .pagination
        .as_ref()
        .and_then(|pagination| cursor_list(&builder, pagination));
    let response = response_type(operation);
    quote! {
        #doc
        #[derive(Debug, Clone)]
        #[must_use = "a request builder does nothing until it is awaited or `send` is called"]
        #allow
        pub struct #builder<'a> {
            client: &'a Client,
            #(#fields,)*
        }
        #allow
        impl<'a> #builder<'a> {
            #(#setters)*
            #send
            #streams
        }
        // Awaiting the builder sends it and returns the decoded body (see the runtime's macro).
        __private::awaitable_builder!(#builder => #response);
        #cursor_list
    }
}

/// The struct a `multipart/form-data` body is built from.
fn form_struct(operation: &Operation, form: &Form) -> TokenStream {
    let name = ident(&form.name);
    let method = form.method_name.as_ref().unwrap_or(&operation.method_name);
    let mut doc = format!(
        "The `multipart/form-data` body of [`Client::{}`]: each field is one part of the form.",
        method
    );
    if let Some(description) = &form.doc {
        doc.push_str("\n\n");
        doc.push_str(&clean_doc(description));
    }
    let doc = raw_doc_attrs(&doc);
    let fields = form.fields.iter().map(|field| {
        let name = ident(&field.name);
        let ty = match &field.kind {
            FormFieldKind::File => quote!(FilePart),
            FormFieldKind::Files => quote!(Vec<FilePart>),
            FormFieldKind::Text(ty) => type_tokens(ty, WrittenIn::Crate),
        };
        let ty = match field.storage {
            Storage::Required | Storage::Collection => ty,
            Storage::Optional => quote!(Option<#ty>),
        };
        let doc = raw_doc_attrs(&match &field.doc {
            Some(doc) => format!("`{}`: {}", field.wire, clean_doc(doc)),
            None => format!("`{}`.", field.wire),
        });
        quote!(#doc pub #name: #ty)
    });
    let default = form.derives_default.then(|| quote!(Default,));
    quote! {
        #doc
        #[derive(Debug, Clone, #default)]
        pub struct #name {
            #(#fields,)*
        }
    }
}

fn response_type(operation: &Operation) -> TokenStream {
    match &operation.response {
        ResponseShape::Single { body: Some(body), .. } => type_tokens(body, WrittenIn::Crate),
        ResponseShape::Single { body: None, .. } => quote!(()),
        ResponseShape::Multi { name, .. } => {
            let name = ident(name);
            quote!(models::#name)
        }
    }
}

/// Limits checked before sending: one runtime call per parameter, then the body's `validate`.
fn checks(operation: &Operation, validated: &BTreeSet<String>) -> Vec<TokenStream> {
    let mut checks = Vec::new();
    for param in &operation.params {
        let name = ident(&param.name);
        let wire = &param.wire;
        let limits = &param.constraints;
        let option = |value: Option<TokenStream>| value.map_or_else(|| quote!(None), |value| quote!(Some(#value)));
        if limits.minimum.is_some() || limits.maximum.is_some() {
            let number = |value: f64| {
                let value = proc_macro2::Literal::f64_unsuffixed(value);
                quote!(#value)
            };
            let minimum = option(limits.minimum.map(number));
            let maximum = option(limits.maximum.map(number));
            checks.push(quote!(check_range(operation, #wire, &self.#name, #minimum, #maximum)?;));
        }
        if limits.min_items.is_some() || limits.max_items.is_some() {
            let count = |value: usize| {
                let value = proc_macro2::Literal::usize_unsuffixed(value);
                quote!(#value)
            };
            let min_items = option(limits.min_items.map(count));
            let max_items = option(limits.max_items.map(count));
            checks.push(quote!(check_count(operation, #wire, &self.#name, #min_items, #max_items)?;));
        }
        if matches!(param.encoding, ParamEncoding::DeepObject | ParamEncoding::FormObject) {
            let stored_as_option = param.storage == Storage::Optional;
            if let Some(check) = value_checks(&param.ty, &Default::default(), validated, quote!(value), quote!(#wire)) {
                checks.push(if stored_as_option {
                    quote!(if let Some(value) = &self.#name { #check })
                } else {
                    quote!({ let value = &self.#name; #check })
                });
            }
        }
    }
    if let Some(body) = &operation.body {
        if let Some(check) = value_checks(&body.ty, &Default::default(), validated, quote!(value), quote!("body")) {
            checks.push(if body.storage == Storage::Optional {
                quote!(if let Some(value) = &self.body { #check })
            } else {
                quote!({ let value = &self.body; #check })
            });
        }
    }
    checks
}

/// The statements adding the body to `request`: JSON, or the form's parts.
fn body_statements(operation: &Operation) -> Vec<TokenStream> {
    let mut statements = Vec::new();
    if let Some(body) = &operation.body {
        statements.push(if body.storage == Storage::Optional {
            quote!(if let Some(body) = &self.body {
                request.json_body(body)?;
            })
        } else {
            quote!(request.json_body(&self.body)?;)
        });
    }
    if let Some(form) = &operation.form {
        let parts = form.fields.iter().map(|field| {
            let name = ident(&field.name);
            let wire = &field.wire;
            match (&field.kind, field.storage) {
                (FormFieldKind::File, Storage::Required) => quote!(request.form_file(#wire, Some(&form.#name));),
                (FormFieldKind::File, _) => quote!(request.form_file(#wire, form.#name.as_ref());),
                (FormFieldKind::Files, _) => quote!(request.form_files(#wire, &form.#name);),
                (FormFieldKind::Text(_), _) => quote!(request.form_text(#wire, &form.#name)?;),
            }
        });
        statements.push(if form.method_name.is_some() {
            quote!(if let Some(form) = &self.form { #(#parts)* })
        } else {
            quote!({ let form = &self.form; #(#parts)* })
        });
    }
    statements
}

fn decode_statements(operation: &Operation) -> TokenStream {
    match &operation.response {
        ResponseShape::Single { body: Some(_), .. } => quote!(execute(self.client, request).await?.decoded()),
        ResponseShape::Single { body: None, .. } => quote!(execute(self.client, request).await?.without_body()),
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
                let raw = execute(self.client, request).await?;
                let body = match raw.status().as_u16() {
                    #(#arms)*
                    _ => return Err(raw.unexpected_status()),
                };
                Ok(raw.into_response(body))
            }
        }
    }
}

fn send_method(operation: &Operation, validated: &BTreeSet<String>) -> TokenStream {
    let id = &operation.id;
    let method = ident(&operation.http_method);
    let template = &operation.path;
    let response = response_type(operation);
    let checks = checks(operation, validated);
    let path = path_expression(operation);
    let queries: Vec<TokenStream> = operation
        .params
        .iter()
        .filter(|param| param.location == ParamLocation::Query)
        .map(query_statement)
        .collect();
    let body = body_statements(operation);
    let mutable = (!queries.is_empty() || !body.is_empty()).then(|| quote!(mut));
    // The call's own deadline (`None` keeps the client's) goes with the request.
    let decode = decode_statements(operation);
    let checks = (!checks.is_empty()).then(|| quote! { let operation = OPERATION.name; #(#checks)* });
    quote! {
        /// Sends the request and decodes the documented response.
        pub async fn send(self) -> Result<Response<#response>, Error> {
            static OPERATION: OperationInfo = OperationInfo::new(#id, Method::#method, #template);
            #checks
            let path = #path;
            let #mutable request = Request::new(&OPERATION, path).with_deadline(self.deadline);
            #(#queries)*
            #(#body)*
            #decode
        }
    }
}

/// The request path: literals as they are, each parameter percent-encoded by the runtime.
fn path_expression(operation: &Operation) -> TokenStream {
    let pieces: Vec<TokenStream> = operation
        .path_parts
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => quote!(#text),
            PathPart::Param(index) => {
                let name = ident(&operation.params[*index].name);
                quote!(&path_segment(&self.#name))
            }
        })
        .collect();
    match pieces.as_slice() {
        [literal] => quote!(#literal.to_string()),
        _ => quote!([#(#pieces),*].concat()),
    }
}

/// One runtime call per query parameter; the runtime skips absent values.
fn query_statement(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    let wire = &param.wire;
    match param.encoding {
        ParamEncoding::Value | ParamEncoding::IdOrKey | ParamEncoding::Repeated => {
            quote!(request.query(#wire, &self.#name)?;)
        }
        ParamEncoding::CommaSeparated => quote!(request.query_list(#wire, &self.#name)?;),
        ParamEncoding::DeepObject => quote!(request.query_deep_object(#wire, &self.#name)?;),
        ParamEncoding::FormObject => quote!(request.query_form_object(#wire, &self.#name)?;),
    }
}

fn stream_methods(pagination: &Pagination) -> TokenStream {
    let item = type_tokens(&pagination.item_type, WrittenIn::Crate);
    let position = ident(&pagination.position_param);
    match pagination.style {
        // Written once in the runtime's `cursor_list!` (see `cursor_list` below).
        PaginationStyle::Cursor => TokenStream::new(),
        PaginationStyle::Offset => {
            let per_page = match &pagination.per_page_param {
                Some(name) => {
                    let name = ident(name);
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
                    let start = self.#position.unwrap_or(1);
                    let per_page = #per_page;
                    offset_items(start, per_page, #max_records, move |page| {
                        let mut builder = self.clone();
                        builder.#position = Some(page);
                        builder.send()
                    })
                }
            }
        }
        PaginationStyle::Time => {
            let page = ident(&pagination.page_type);
            let stream_doc = format!(
                "Every `{}` changed since `start_time`, following the export until `end_of_stream`.\n\
                 Sideloads are on the pages: use [`Self::pages`] to read them.\n\
                 After the stream ends, [`TimeExport::next_start_time`] is where the next run starts.",
                type_spelling(&pagination.item_type, WrittenIn::Crate)
            );
            let stream_doc = raw_doc_attrs(&stream_doc);
            quote! {
                #stream_doc
                pub fn stream(self) -> TimeExport<'a, #item> {
                    let start = self.#position;
                    time_export(start, move |start_time| {
                        let mut builder = self.clone();
                        builder.#position = start_time;
                        builder.send()
                    })
                }
                /// Every page of the export, each whole (its items, any sideloads, its status and
                /// headers), paced like [`Self::stream`]; [`TimeExport::next_start_time`] is where
                /// the next run starts.
                pub fn pages(self) -> TimeExport<'a, Response<models::#page>> {
                    let start = self.#position;
                    time_export_pages(start, move |start_time| {
                        let mut builder = self.clone();
                        builder.#position = start_time;
                        builder.send()
                    })
                }
            }
        }
        PaginationStyle::CursorExport => cursor_export_stream_methods(pagination),
    }
}

/// A cursor list's `pages` and `stream`, the same for every list but for its types and
/// parameters: the runtime's `cursor_list!`, after the builder. With the page size
/// lowering chose, they ask for cursor pages (Zendesk answers a request without one
/// with offset pages).
fn cursor_list(builder: &proc_macro2::Ident, pagination: &Pagination) -> Option<TokenStream> {
    if pagination.style != PaginationStyle::Cursor {
        return None;
    }
    let page = ident(&pagination.page_type);
    let item = type_tokens(&pagination.item_type, WrittenIn::Crate);
    let cursor = ident(&pagination.position_param);
    let size = pagination.page_size.as_ref().map(|size| {
        let field = ident(&size.param);
        let default = proc_macro2::Literal::i64_unsuffixed(size.default);
        quote!(, #field = #default)
    });
    Some(quote! {
        __private::cursor_list!(#builder => models::#page, #item; #cursor #size);
    })
}

/// The method of the runtime's `Page` trait reading one field role, from the field chains lowering
/// recorded: a missing link gives `Nullable::Absent` (the page has no such field), an
/// `Option` field's `None` gives `Nullable::Null` (it cannot tell missing from null).
fn page_accessor(role: PageField, chain: &[Field]) -> Option<TokenStream> {
    let (last, links) = chain.split_last()?;
    let (method, output, finish) = match role {
        PageField::HasMore => (quote!(has_more), quote!(bool), quote!(.map(|found| *found))),
        PageField::EndOfStream => (quote!(end_of_stream), quote!(bool), quote!(.map(|found| *found))),
        PageField::EndTime => (quote!(end_time), quote!(i64), quote!(.map(|found| *found))),
        PageField::AfterCursor => (quote!(after_cursor), quote!(&str), quote!(.map(String::as_str))),
        PageField::NextPage => (quote!(next_page), quote!(&str), quote!(.map(String::as_str))),
    };
    let mut steps = Vec::new();
    let mut parent = quote!(self);
    for link in links {
        let name = ident(&link.name);
        steps.push(match link.presence {
            Presence::Required => quote!(let value = &#parent.#name;),
            Presence::RequiredNullable | Presence::Optional => {
                quote!(let Some(value) = #parent.#name.as_ref() else { return Nullable::Absent; };)
            }
            Presence::OptionalNullable => {
                quote!(let Some(value) = #parent.#name.value() else { return Nullable::Absent; };)
            }
        });
        parent = quote!(value);
    }
    let name = ident(&last.name);
    let found = match last.presence {
        Presence::Required => quote!(Nullable::Value(&#parent.#name)),
        Presence::RequiredNullable | Presence::Optional => {
            quote!(#parent.#name.as_ref().map_or(Nullable::Null, Nullable::Value))
        }
        Presence::OptionalNullable => quote!(#parent.#name.as_ref()),
    };
    Some(quote! {
        fn #method(&self) -> Nullable<#output> {
            #(#steps)*
            #found #finish
        }
    })
}

/// The `Page` impl of one page type, reading every field any of its operations' styles
/// needs (a page type may serve a cursor list and an offset search): lowering merged
/// them into [`PageType::accessors`].
fn page_impl(page_type: &PageType) -> TokenStream {
    let page = ident(&page_type.name);
    let item = type_tokens(&page_type.item_type, WrittenIn::Crate);
    let items = ident(&page_type.items_field.name);
    let into_items = match page_type.items_field.presence {
        Presence::Required => quote!(self.#items),
        Presence::RequiredNullable | Presence::Optional => quote!(self.#items.unwrap_or_default()),
        Presence::OptionalNullable => quote!(self.#items.into_value().unwrap_or_default()),
    };
    let accessors = page_type
        .accessors
        .iter()
        .filter_map(|(role, chain)| page_accessor(*role, chain));
    quote! {
        impl Page for models::#page {
            type Item = #item;
            fn into_items(self) -> Vec<#item> { #into_items }
            #(#accessors)*
        }
    }
}

// ------------------------------------------------------------------ cursor-based export

/// `stream()` and `pages()` of a cursor-based export: the first request is the builder
/// as configured (its `start_time`, or a saved `cursor`); every later one sends only
/// the `cursor` Zendesk handed out, with `start_time` cleared.
fn cursor_export_stream_methods(pagination: &Pagination) -> TokenStream {
    let cursor = ident(&pagination.position_param);
    let item = type_tokens(&pagination.item_type, WrittenIn::Crate);
    let page = ident(&pagination.page_type);
    let clear_start_time = pagination.start_param.as_deref().map(|start| {
        let start = ident(start);
        quote!(builder.#start = None;)
    });
    let fetch = quote! {
        move |cursor: Option<String>| {
            let mut builder = self.clone();
            if cursor.is_some() {
                #clear_start_time
                builder.#cursor = cursor;
            }
            builder.send()
        }
    };
    let stream_doc = format!(
        "Every `{}` changed since `start_time` (or after a saved `{}`), following\n\
         `after_cursor` until `end_of_stream`. Sideloads are on the pages: use [`Self::pages`]\n\
         to read them. After the stream ends or fails, [`CursorExport::next_cursor`] is where\n\
         the next run starts.",
        type_spelling(&pagination.item_type, WrittenIn::Crate),
        pagination.position_param
    );
    let stream_doc = raw_doc_attrs(&stream_doc);
    quote! {
        #stream_doc
        pub fn stream(self) -> CursorExport<'a, #item> {
            let start = self.#cursor.clone();
            cursor_export(start, #fetch)
        }
        /// Every page of the export, each whole (its items, any sideloads, its status and
        /// headers), paced like [`Self::stream`]; [`CursorExport::next_cursor`] is where the
        /// next run starts.
        pub fn pages(self) -> CursorExport<'a, Response<models::#page>> {
            let start = self.#cursor.clone();
            cursor_export_pages(start, #fetch)
        }
    }
}
