//! The names the runtime already uses, read from the runtime's own sources (the
//! files `build.rs` embeds), so that no operation, builder or form can take one:
//! a reserved-name list kept by hand drifts from the runtime (it listed items that
//! were no longer exported and missed new ones), a list read off the sources cannot.
//!
//! What is read, once per process:
//! - **root names**: every item the runtime declares or re-exports at its root
//!   (`pub struct`, `pub use a::{B, C as D}`, `pub use a::*` resolved within the
//!   runtime, `pub mod`, `#[macro_export]` macros), and every item of the modules
//!   declared at its root with some visibility (`__private`): the generated crate
//!   re-exports the first and its operations module glob-imports both, so a builder
//!   of the same name would shadow them;
//! - **client methods**: every method of every `impl` of the client type
//!   ([`CLIENT_TYPE`]), in any file at any depth, inherent or of a trait (an
//!   inherent `fmt` would shadow `Debug::fmt` too), the methods of the std traits it
//!   derives, and, through `impl Deref for Client { type Target = T; .. }`, every
//!   method of `T`, transitively: an operation method of one of those names would
//!   duplicate (E0592) or shadow it.
//!
//! Files are found by module path as rustc finds them (`a/b.rs` or `a/b/mod.rs`
//! below the declaring module's directory), so the runtime may use folders at any
//! depth. Function bodies are not parsed: only items and signatures matter here.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// The type the generated operations module adds its methods to (`impl Client { .. }`
/// in `emit/operations.rs`), as the runtime names it.
pub const CLIENT_TYPE: &str = "Client";

/// Names the runtime takes, as read from its sources.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RuntimeNames {
    /// Names at the runtime's root and in its root modules: no builder or form type
    /// may take them.
    pub root: BTreeSet<String>,
    /// Methods the client type has (its own, its traits', its deref targets'): no
    /// operation method may take them.
    pub client_methods: BTreeSet<String>,
    /// The methods each exported macro gives the type it is invoked for (every `fn`
    /// of the impls in its first rule, trait methods included: `awaitable_builder!`
    /// gives `deadline` and `into_future`), by macro name: a builder setter must not
    /// take one.
    pub macro_methods: BTreeMap<String, BTreeSet<String>>,
}

/// The runtime's names, read from the embedded sources and the generated crate's
/// `Client` items ([`crate::emit::client_items`]) on first use.
pub fn runtime_names() -> &'static RuntimeNames {
    static NAMES: OnceLock<RuntimeNames> = OnceLock::new();
    NAMES.get_or_init(|| {
        let generated = syn::parse2::<syn::File>(crate::emit::client_items())
            .map(|file| file.items)
            .unwrap_or_default();
        read_with(crate::RUNTIME_FILES, generated)
    })
}

/// Reads the names from `files`: (path relative to the runtime's `src/` with `/`
/// separators, contents). The root is `lib.rs`, or `mod.rs` when the runtime is a
/// module of the generated crate.
pub fn read(files: &[(&str, &str)]) -> RuntimeNames {
    read_with(files, Vec::new())
}

/// [`read`], with `generated` items that the generated crate defines at its root
/// beside the runtime's exports (its own `Client`, which derefs to the runtime's):
/// their names are taken, whatever their visibility (the operations module
/// glob-imports the crate root), and their methods count as the client's.
pub fn read_with(files: &[(&str, &str)], generated: Vec<syn::Item>) -> RuntimeNames {
    let sources: BTreeMap<&str, &str> = files.iter().copied().collect();
    let root_file = ["lib.rs", "mod.rs"]
        .into_iter()
        .find(|name| sources.contains_key(name))
        .unwrap_or("lib.rs");
    let mut tree = ModuleTree::default();
    tree.load(&sources, Vec::new(), "", root_file, None);
    let mut root = tree.exported(&[], &mut BTreeSet::new());
    let root_modules: Vec<Vec<String>> = tree
        .modules
        .iter()
        .filter(|(path, module)| path.len() == 1 && module.visible)
        .map(|(path, _)| path.clone())
        .collect();
    for module in root_modules {
        root.extend(tree.exported(&module, &mut BTreeSet::new()));
    }
    root.extend(tree.exported_macros.iter().cloned());
    for item in &generated {
        let ident = match item {
            syn::Item::Struct(item) => &item.ident,
            syn::Item::Enum(item) => &item.ident,
            syn::Item::Type(item) => &item.ident,
            syn::Item::Const(item) => &item.ident,
            syn::Item::Static(item) => &item.ident,
            syn::Item::Fn(item) => &item.sig.ident,
            syn::Item::Trait(item) => &item.ident,
            _ => continue,
        };
        root.insert(ident.to_string());
    }
    // The generated items join the tree as a module of their own, so the client's
    // methods are read from its impls there and in the runtime alike (a newtype named
    // like the runtime's client reads both, which is what its `Deref` gives it).
    tree.modules.insert(
        vec!["(generated crate root)".to_string()],
        Module {
            items: generated,
            visible: false,
        },
    );
    RuntimeNames {
        root,
        client_methods: tree.methods_of(CLIENT_TYPE, &mut BTreeSet::new()),
        macro_methods: tree.macro_methods,
    }
}

/// One module of the runtime: its items, from its file or written inline.
struct Module {
    items: Vec<syn::Item>,
    /// Declared with some visibility (`pub`, `pub(crate)`), as opposed to private.
    visible: bool,
}

/// Every module of the runtime by path (`[]` is the root, `["paging"]` below it).
#[derive(Default)]
struct ModuleTree {
    modules: BTreeMap<Vec<String>, Module>,
    exported_macros: BTreeSet<String>,
    macro_methods: BTreeMap<String, BTreeSet<String>>,
}

impl ModuleTree {
    /// Loads the module at `path` (its children live in `dir`) from `file`, or from
    /// `inline` items, then its child modules.
    fn load(
        &mut self,
        sources: &BTreeMap<&str, &str>,
        path: Vec<String>,
        dir: &str,
        file: &str,
        inline: Option<(Vec<syn::Item>, bool)>,
    ) {
        if self.modules.contains_key(&path) || path.len() > 16 {
            return;
        }
        let (mut items, visible) = match inline {
            Some(inline) => inline,
            None => (sources.get(file).map(|text| parse(text)).unwrap_or_default(), true),
        };
        let mut children = Vec::new();
        for item in items.iter_mut() {
            match item {
                syn::Item::Mod(module) => {
                    let name = module.ident.to_string();
                    let mut child = path.clone();
                    child.push(name.clone());
                    let child_dir = format!("{dir}{name}/");
                    let visible = !matches!(module.vis, syn::Visibility::Inherited);
                    match &mut module.content {
                        // An inline module's items move to its own entry (the tree
                        // reads a module's name and visibility from its parent).
                        Some((_, inner)) => {
                            children.push((child, child_dir, String::new(), Some((std::mem::take(inner), visible))))
                        }
                        None => {
                            let flat = format!("{dir}{name}.rs");
                            let nested = format!("{dir}{name}/mod.rs");
                            let file = if sources.contains_key(flat.as_str()) {
                                flat
                            } else {
                                nested
                            };
                            children.push((child, child_dir, file, Some((Vec::new(), visible))));
                        }
                    }
                }
                syn::Item::Macro(mac) if mac.attrs.iter().any(|attr| attr.path().is_ident("macro_export")) => {
                    if let Some(ident) = &mac.ident {
                        self.exported_macros.insert(ident.to_string());
                        self.macro_methods
                            .insert(ident.to_string(), macro_methods(mac.mac.tokens.clone()));
                    }
                }
                _ => {}
            }
        }
        self.modules.insert(path, Module { items, visible });
        for (child, child_dir, file, declared) in children {
            let visible = declared.as_ref().is_some_and(|(_, visible)| *visible);
            let inline = if file.is_empty() { declared } else { None };
            self.load(sources, child.clone(), &child_dir, &file, inline);
            if let Some(module) = self.modules.get_mut(&child) {
                module.visible = visible;
            }
        }
    }

    /// The names module `path` makes visible to a glob import from outside it: its
    /// non-private items and the leaves of its non-private `use` trees (globs
    /// resolved within the runtime; a glob into another crate names nothing here).
    fn exported(&self, path: &[String], visiting: &mut BTreeSet<Vec<String>>) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        if !visiting.insert(path.to_vec()) {
            return names;
        }
        let Some(module) = self.modules.get(path) else {
            return names;
        };
        for item in &module.items {
            let (vis, ident) = match item {
                syn::Item::Struct(item) => (&item.vis, &item.ident),
                syn::Item::Enum(item) => (&item.vis, &item.ident),
                syn::Item::Union(item) => (&item.vis, &item.ident),
                syn::Item::Trait(item) => (&item.vis, &item.ident),
                syn::Item::Type(item) => (&item.vis, &item.ident),
                syn::Item::Fn(item) => (&item.vis, &item.sig.ident),
                syn::Item::Const(item) => (&item.vis, &item.ident),
                syn::Item::Static(item) => (&item.vis, &item.ident),
                syn::Item::Mod(item) => (&item.vis, &item.ident),
                syn::Item::Use(item) => {
                    if !matches!(item.vis, syn::Visibility::Inherited) {
                        self.use_names(path, &item.tree, &mut Vec::new(), &mut names, visiting);
                    }
                    continue;
                }
                _ => continue,
            };
            if !matches!(vis, syn::Visibility::Inherited) {
                names.insert(ident.to_string());
            }
        }
        names
    }

    /// The names a `use` tree written in module `at` brings in; `prefix` is the path so far.
    fn use_names(
        &self,
        at: &[String],
        tree: &syn::UseTree,
        prefix: &mut Vec<String>,
        names: &mut BTreeSet<String>,
        visiting: &mut BTreeSet<Vec<String>>,
    ) {
        match tree {
            syn::UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                self.use_names(at, &path.tree, prefix, names, visiting);
                prefix.pop();
            }
            syn::UseTree::Name(name) if name.ident == "self" => {
                if let Some(last) = prefix.last() {
                    names.insert(last.clone());
                }
            }
            syn::UseTree::Name(name) => {
                names.insert(name.ident.to_string());
            }
            syn::UseTree::Rename(rename) => {
                names.insert(rename.rename.to_string());
            }
            syn::UseTree::Glob(_) => {
                if let Some(target) = self.resolve(at, prefix) {
                    names.extend(self.exported(&target, visiting));
                }
            }
            syn::UseTree::Group(group) => {
                for item in &group.items {
                    self.use_names(at, item, prefix, names, visiting);
                }
            }
        }
    }

    /// The runtime module a `use` path written in module `at` names, or `None` when
    /// it leads out of the runtime (another crate).
    fn resolve(&self, at: &[String], path: &[String]) -> Option<Vec<String>> {
        let mut current: Vec<String> = at.to_vec();
        for (index, segment) in path.iter().enumerate() {
            match segment.as_str() {
                "crate" if index == 0 => current.clear(),
                "self" if index == 0 => {}
                "super" => {
                    current.pop()?;
                }
                name => {
                    current.push(name.to_string());
                    if !self.modules.contains_key(&current) {
                        return None;
                    }
                }
            }
        }
        Some(current)
    }

    /// Every method `type_name` has: its `impl` blocks' functions (inherent and of
    /// traits), its derived std traits' methods, and those of its deref targets.
    fn methods_of(&self, type_name: &str, visiting: &mut BTreeSet<String>) -> BTreeSet<String> {
        let mut methods = BTreeSet::new();
        if !visiting.insert(type_name.to_string()) {
            return methods;
        }
        let mut targets = Vec::new();
        for item in self.modules.values().flat_map(|module| &module.items) {
            match item {
                syn::Item::Struct(item) if item.ident == type_name => methods.extend(derived_methods(&item.attrs)),
                syn::Item::Enum(item) if item.ident == type_name => methods.extend(derived_methods(&item.attrs)),
                syn::Item::Impl(item) if names_type(&item.self_ty, type_name) => {
                    for inner in &item.items {
                        match inner {
                            syn::ImplItem::Fn(function) => {
                                methods.insert(function.sig.ident.to_string());
                            }
                            syn::ImplItem::Type(alias) if alias.ident == "Target" && is_deref(item) => {
                                if let Some(target) = last_segment(&alias.ty) {
                                    targets.push(target);
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        for target in targets {
            methods.extend(self.methods_of(&target, visiting));
        }
        methods
    }
}

/// Whether `ty` is the local type `name` (one path segment, generics allowed).
fn names_type(ty: &syn::Type, name: &str) -> bool {
    matches!(ty, syn::Type::Path(path) if path.qself.is_none() && path.path.segments.len() == 1 && path.path.segments[0].ident == name)
}

fn is_deref(item: &syn::ItemImpl) -> bool {
    item.trait_
        .as_ref()
        .and_then(|(_, path, _)| path.segments.last())
        .is_some_and(|segment| segment.ident == "Deref")
}

fn last_segment(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) => path.path.segments.last().map(|segment| segment.ident.to_string()),
        _ => None,
    }
}

/// The `fn` names of the impls (`impl .. { .. }`) in the first rule of a
/// `macro_rules!` body (`(pattern) => { expansion }; ..`); the bodies of those
/// functions are not looked into.
fn macro_methods(rules: TokenStream) -> BTreeSet<String> {
    let Some(expansion) = rules
        .into_iter()
        .filter_map(|token| match token {
            TokenTree::Group(group) => Some(group),
            _ => None,
        })
        .nth(1)
    else {
        return BTreeSet::new();
    };
    let mut methods = BTreeSet::new();
    let mut in_impl = false;
    for token in expansion.stream() {
        match &token {
            TokenTree::Ident(ident) if ident == "impl" => in_impl = true,
            TokenTree::Group(group) if in_impl && group.delimiter() == Delimiter::Brace => {
                let items: Vec<TokenTree> = group.stream().into_iter().collect();
                for pair in items.windows(2) {
                    if let [TokenTree::Ident(keyword), TokenTree::Ident(name)] = pair {
                        if keyword == "fn" {
                            methods.insert(name.to_string());
                        }
                    }
                }
                in_impl = false;
            }
            _ => {}
        }
    }
    methods
}

/// The methods a `#[derive(..)]` of std traits adds (only std's derivable traits have
/// methods one could call on the client; other derives add none by that name).
fn derived_methods(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut methods = Vec::new();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            let name = meta
                .path
                .segments
                .last()
                .map(|segment| segment.ident.to_string())
                .unwrap_or_default();
            let added: &[&str] = match name.as_str() {
                "Clone" => &["clone", "clone_from"],
                "Debug" => &["fmt"],
                "Default" => &["default"],
                "PartialEq" => &["eq", "ne"],
                "PartialOrd" => &["partial_cmp", "lt", "le", "gt", "ge"],
                "Ord" => &["cmp", "max", "min", "clamp"],
                "Hash" => &["hash", "hash_slice"],
                _ => &[],
            };
            methods.extend(added.iter().map(|method| method.to_string()));
            Ok(())
        });
    }
    methods
}

/// The items of one source file, function bodies left out (a file that does not
/// parse names nothing: the runtime's own build fails first, and a unit test checks
/// that every embedded file parses).
fn parse(text: &str) -> Vec<syn::Item> {
    text.parse::<TokenStream>()
        .ok()
        .and_then(|tokens| syn::parse2::<syn::File>(without_fn_bodies(tokens)).ok())
        .map(|file| file.items)
        .unwrap_or_default()
}

/// The same tokens with every function body emptied: bodies are most of the
/// runtime's text and hold no item this module reads.
fn without_fn_bodies(tokens: TokenStream) -> TokenStream {
    let mut out = Vec::new();
    let mut in_signature = false;
    for token in tokens {
        match &token {
            TokenTree::Ident(ident) if ident == "fn" => in_signature = true,
            TokenTree::Punct(punct) if punct.as_char() == ';' => in_signature = false,
            TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
                let stream = if in_signature {
                    TokenStream::new()
                } else {
                    without_fn_bodies(group.stream())
                };
                in_signature = false;
                let mut emptied = Group::new(Delimiter::Brace, stream);
                emptied.set_span(group.span());
                out.push(TokenTree::Group(emptied));
                continue;
            }
            _ => {}
        }
        out.push(token);
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_runtime_file_parses() {
        for (path, text) in crate::RUNTIME_FILES {
            assert!(syn::parse_file(text).is_ok(), "runtime file {path} does not parse");
        }
    }

    #[test]
    fn the_runtime_root_names_are_read_from_its_sources() {
        let names = runtime_names();
        for name in [
            "Client",
            "ClientBuilder",
            "Error",
            "Processed",
            "ParseEnumError",
            "Nullable",
            "reqwest",
        ] {
            assert!(names.root.contains(name), "{name} is exported: {:?}", names.root);
        }
        // Plumbing that operations glob-import from `__private`.
        for name in ["Request", "OperationInfo", "Page", "__private"] {
            assert!(names.root.contains(name), "{name}: {:?}", names.root);
        }
        for name in ["Pager", "PageOutcome"] {
            assert!(!names.root.contains(name), "{name} is not exported: {:?}", names.root);
        }
    }

    #[test]
    fn the_client_methods_are_read_from_every_impl_and_derive() {
        let methods = &runtime_names().client_methods;
        for name in ["new", "builder", "base_url", "wait_for_job", "clone", "fmt"] {
            assert!(methods.contains(name), "{name}: {methods:?}");
        }
    }

    #[test]
    fn the_methods_a_macro_gives_its_subject_are_read_from_its_first_rule() {
        let lib = r#"
            #[macro_export]
            macro_rules! builder_bits {
                ($builder:ident) => {
                    impl<'a> $builder<'a> {
                        pub fn deadline(self) -> Self { fn not_a_method() {} self }
                    }
                    impl<'a> ::std::future::IntoFuture for $builder<'a> {
                        fn into_future(self) -> Self::IntoFuture { todo!() }
                    }
                };
                (@helper $x:ident) => { impl $x { fn helper_rule(&self) {} } };
            }
            macro_rules! not_exported { ($x:ident) => { impl $x { fn hidden(&self) {} } }; }
        "#;
        let names = read(&[("lib.rs", lib)]);
        let methods: Vec<(&str, Vec<&str>)> = names
            .macro_methods
            .iter()
            .map(|(name, methods)| (name.as_str(), methods.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(methods, [("builder_bits", vec!["deadline", "into_future"])]);
        // The runtime's own builder macros, as the lowering reserves them.
        let runtime = runtime_names();
        let cursor_list = &runtime.macro_methods["cursor_list"];
        assert!(
            cursor_list.contains("pages") && cursor_list.contains("stream"),
            "{cursor_list:?}"
        );
        let awaitable = &runtime.macro_methods["awaitable_builder"];
        assert!(
            awaitable.contains("deadline") && awaitable.contains("into_future"),
            "{awaitable:?}"
        );
    }

    #[test]
    fn the_generated_client_newtype_and_its_deref_target_are_read() {
        let runtime = "pub use client::Inner; mod client; ";
        let client = "pub struct Inner; impl Inner { pub fn wait_for_job(&self) {} }";
        let generated: syn::File = syn::parse_quote! {
            const PRODUCT: &str = "x";
            #[derive(Clone)]
            pub struct Client(Inner);
            impl Client { pub fn new() -> Self { todo!() } }
            impl std::ops::Deref for Client { type Target = runtime::Inner; fn deref(&self) -> &Inner { &self.0 } }
        };
        let names = read_with(&[("lib.rs", runtime), ("client.rs", client)], generated.items);
        let root: Vec<&str> = names.root.iter().map(String::as_str).collect();
        assert_eq!(root, ["Client", "Inner", "PRODUCT"]);
        let methods: Vec<&str> = names.client_methods.iter().map(String::as_str).collect();
        assert_eq!(methods, ["clone", "clone_from", "deref", "new", "wait_for_job"]);
    }

    #[test]
    fn folders_globs_renames_deref_targets_and_macros_are_followed() {
        let lib = r#"
            mod http;
            pub use http::{client::Client, Auth as Credentials};
            pub use paging::*;
            mod paging;
            #[doc(hidden)]
            pub mod __private { pub use super::paging::inner::Hidden; pub(crate) use super::http::Plumbing; }
            #[macro_export]
            macro_rules! exported { () => {} }
        "#;
        let http = "pub mod client; pub struct Auth; pub struct Plumbing; struct Private;";
        let client = r#"
            #[derive(Clone, Debug)]
            pub struct Client { inner: Inner }
            impl Client { pub fn new() -> Self { todo!() } pub(crate) fn execute(&self) {} }
            impl std::ops::Deref for Client { type Target = Inner; fn deref(&self) -> &Inner { &self.inner } }
            pub struct Inner;
            impl Inner { pub fn base_url(&self) -> &str { "" } }
            impl Drop for Client { fn drop(&mut self) {} }
        "#;
        let paging = "pub mod inner; pub struct CursorExport; pub trait Page {}";
        let inner = "pub struct Hidden; impl super::super::http::client::Client { }";
        let names = read(&[
            ("lib.rs", lib),
            ("http/mod.rs", http),
            ("http/client.rs", client),
            ("paging.rs", paging),
            ("paging/inner.rs", inner),
        ]);
        let root: Vec<&str> = names.root.iter().map(String::as_str).collect();
        assert_eq!(
            root,
            [
                "Client",
                "Credentials",
                "CursorExport",
                "Hidden",
                "Page",
                "Plumbing",
                "__private",
                "exported",
                "inner"
            ]
        );
        let methods: Vec<&str> = names.client_methods.iter().map(String::as_str).collect();
        assert_eq!(
            methods,
            [
                "base_url",
                "clone",
                "clone_from",
                "deref",
                "drop",
                "execute",
                "fmt",
                "new"
            ]
        );
    }
}
