//! Stage 5: IR → the files of the generated crate. Each emitter reads only the IR.

mod common;
mod examples;
mod models;
mod operations;
mod public_api;

use crate::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

pub use common::clean_doc;
pub use public_api::Listing as PublicApiListing;

/// One output file before formatting.
pub enum Output {
    /// Rust tokens, formatted by [`crate::format`].
    Rust(TokenStream),
    /// Rust tokens formatted like [`Output::Rust`], whose public items also go into
    /// `public-api.txt`, their paths prefixed with the given text (`models::`).
    ListedRust(TokenStream, &'static str),
    /// `public-api.txt`: the listing of the [`Output::ListedRust`] files' public items
    /// and the runtime's exports, written by [`crate::format::format_files`] once
    /// those files are formatted (the listing reads the items formatting parses).
    PublicApiListing,
    /// Text written as is (Cargo.toml).
    Text(String),
}

/// Everything the generated crate contains, by path relative to its root.
pub fn emit(api: &Api, settings: &crate::Settings) -> Vec<(String, Output)> {
    let models = models::emit_models(api);
    let operations = operations::emit_operations(api);
    vec![
        ("Cargo.toml".to_string(), Output::Text(cargo_toml(api, settings))),
        ("src/lib.rs".to_string(), Output::Rust(lib_rs(api, settings))),
        ("src/models.rs".to_string(), Output::ListedRust(models, "models::")),
        ("src/operations.rs".to_string(), Output::ListedRust(operations, "")),
        ("public-api.txt".to_string(), Output::PublicApiListing),
        (
            "tests/examples.rs".to_string(),
            Output::Rust(examples::emit_examples(api, &settings.crate_name)),
        ),
    ]
}

/// The crate front page of the Zendesk Users client: a quick start that compiles as
/// a doc test against the generated crate, then the API by task. It names Users
/// operations, so it is used only when [`crate::Settings::front_page`] asks for it.
const USERS_FRONT_PAGE: &str = include_str!("front_page.md");

fn lib_rs(api: &Api, settings: &crate::Settings) -> TokenStream {
    let mut doc = format!(
        "# {}\n\nA client for the {} (API version {}), generated from its OpenAPI description.",
        clean_doc(&api.title),
        clean_doc(&api.title),
        clean_doc(&api.version)
    );
    if settings.front_page == crate::FrontPage::ZendeskUsers {
        // The spec's own description is written for the spec's readers (its
        // extensions, its schema conventions), so the front page is ours instead.
        doc.push_str("\n\n");
        doc.push_str(USERS_FRONT_PAGE.trim_end());
    } else {
        if let Some(description) = &api.description {
            doc.push_str("\n\n");
            doc.push_str(&clean_doc(description));
        }
        doc.push_str(concat!(
            "\n\nEvery operation is a method on [`Client`] that returns a request builder: set optional",
            " parameters, then `.await` it for the decoded body, or call `send()` for the status and",
            " headers too. Paginated lists also have `stream()`.",
            " Models live in [`models`]; errors are [`Error`]."
        ));
    }
    let doc = common::raw_doc_attrs(&doc);
    let inner_doc = inner_docs(doc);
    // A spec without operations has no builders to re-export (an empty glob would warn).
    let reexport_operations = if api.operations.is_empty() {
        quote!()
    } else {
        quote!(
            pub use operations::*;
        )
    };
    quote! {
        #inner_doc
        #![forbid(unsafe_code)]
        #![deny(missing_docs)]

        #[rustfmt::skip]
        pub mod models;
        #[rustfmt::skip]
        mod operations;

        /// The date-time crate used for timestamps, re-exported so callers use the same version.
        pub use chrono;
        #reexport_operations
        // Everything the runtime exports, at the crate root (`Auth`, `Error`, `reqwest`, ...);
        // `Client` and `ClientBuilder` below, defined here, take precedence over its glob.
        pub use zendesk_users_runtime::*;

        /// `name/version` of this crate, sent in the `User-Agent`.
        const PRODUCT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

        /// A Zendesk Support client: every operation is a method of it. Cheap to clone:
        /// clones share one connection pool, one rate budget and one incremental-export pace.
        ///
        /// It wraps the runtime's client and dereferences to it, which gives it
        /// [`base_url`](zendesk_users_runtime::Client::base_url) and
        /// [`wait_for_job`](zendesk_users_runtime::Client::wait_for_job). A type of
        /// this crate rather than the runtime's own, because Rust allows inherent
        /// methods (every operation is one) only on a type of the crate that writes them.
        #[derive(Clone)]
        pub struct Client(zendesk_users_runtime::Client);

        impl Client {
            /// A client for `https://{subdomain}.zendesk.com` with default settings.
            pub fn new(subdomain: impl Into<String>, auth: Auth) -> Result<Self, Error> {
                Self::builder(subdomain, auth).build()
            }

            /// Starts configuring a client. `subdomain_or_base` is either the account's
            /// subdomain (`acme`) or a full base URL (`https://acme.zendesk.com`,
            /// a proxy, or a local test server).
            pub fn builder(subdomain_or_base: impl Into<String>, auth: Auth) -> ClientBuilder {
                __private::client_builder(subdomain_or_base, auth, PRODUCT)
            }
        }

        /// Configures a [`Client`]; start with [`Client::builder`]. The runtime's builder,
        /// whose `build()` returns this crate's [`Client`].
        pub type ClientBuilder = zendesk_users_runtime::ClientBuilder<Client>;

        impl From<zendesk_users_runtime::Client> for Client {
            fn from(client: zendesk_users_runtime::Client) -> Self {
                Client(client)
            }
        }

        impl std::ops::Deref for Client {
            type Target = zendesk_users_runtime::Client;
            fn deref(&self) -> &Self::Target {
                &self.0
            }
        }

        impl std::fmt::Debug for Client {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
        /// The JSON crate used for free-form values, re-exported so callers use the same version.
        pub use serde_json;
    }
}

/// Turns `#[doc = ...]` outer attributes into `#![doc = ...]` inner ones.
fn inner_docs(outer: TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    for token in outer {
        if let proc_macro2::TokenTree::Punct(punct) = &token {
            if punct.as_char() == '#' {
                out.extend(quote!(#!));
                continue;
            }
        }
        out.extend(std::iter::once(token));
    }
    out
}

fn cargo_toml(api: &Api, settings: &crate::Settings) -> String {
    let description = match &settings.crate_description {
        Some(description) => description.clone(),
        None => format!(
            "Typed async client for the {}, generated from its OpenAPI description",
            api.title.trim()
        ),
    };
    // TOML basic strings: only `\` and `"` need escaping (and control characters, which a
    // one-line title has none of once whitespace is collapsed).
    let description = description
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    format!(
        r#"# @generated by `cargo xtask generate` from {spec}. Do not edit.
[package]
name = "{name}"
version = "{version}"
edition = "2021"
rust-version = "1.80"
description = "{description}"
license = "MIT OR Apache-2.0"

[dependencies]
chrono = {{ version = "0.4", default-features = false, features = ["serde", "std"] }}
futures = {{ version = "0.3", default-features = false, features = ["std", "async-await"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
zendesk-users-runtime = {{ path = "{runtime_path}", version = "{runtime_version}" }}

[dev-dependencies]
tokio = {{ version = "1", default-features = false, features = ["macros", "rt-multi-thread", "time", "test-util"] }}
"#,
        spec = settings.spec_name,
        name = settings.crate_name,
        version = settings.crate_version,
        // A TOML basic string, like the description.
        runtime_path = settings.runtime_path.replace('\\', "\\\\").replace('"', "\\\""),
        runtime_version = crate::RUNTIME_VERSION,
    )
}
