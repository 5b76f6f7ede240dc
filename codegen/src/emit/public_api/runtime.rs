//! The runtime's part of the listing: what the runtime's root module re-exports
//! (the crate re-exports all of it at its root), looked up in the runtime's sources,
//! and the names it keeps in `__private`, whose impls are plumbing.

use super::{add, list_item, without_fn_bodies, Context, Lines};
use proc_macro2::TokenStream;
use std::collections::{BTreeMap, BTreeSet};

/// The runtime's lines: its sources are compiled into the generator, so they are read
/// once per process.
pub(super) fn lines() -> &'static Lines {
    static LINES: std::sync::OnceLock<Lines> = std::sync::OnceLock::new();
    LINES.get_or_init(|| {
        let mut lines = Lines::new();
        list_runtime(&mut lines);
        lines
    })
}

/// Names the runtime exports only through `__private`: impls of those traits are plumbing.
pub(super) fn private_names() -> &'static BTreeSet<String> {
    static NAMES: std::sync::OnceLock<BTreeSet<String>> = std::sync::OnceLock::new();
    NAMES.get_or_init(read_private_names)
}

fn read_private_names() -> BTreeSet<String> {
    let mut names = Vec::new();
    let root = crate::RUNTIME_FILES
        .iter()
        .find(|(file, _)| *file == "lib.rs")
        .and_then(|(_, text)| syn::parse_file(text).ok());
    for item in root.iter().flat_map(|file| &file.items) {
        let syn::Item::Mod(module) = item else { continue };
        if module.ident != "__private" {
            continue;
        }
        for inner in module.content.iter().flat_map(|(_, items)| items) {
            if let syn::Item::Use(item_use) = inner {
                collect_use_names(&item_use.tree, &mut names);
            }
        }
    }
    names.into_iter().collect()
}

/// The runtime's exported items: what `lib.rs` re-exports, looked up in its module
/// (`pub use paging::cursor_export::CursorExport` in `paging/cursor_export.rs`).
fn list_runtime(lines: &mut Lines) {
    let parse = |name: &str| {
        crate::RUNTIME_FILES
            .iter()
            .find(|(file, _)| *file == name)
            .and_then(|(_, text)| text.parse::<TokenStream>().ok())
            .and_then(|tokens| syn::parse2::<syn::File>(without_fn_bodies(tokens)).ok())
    };
    let Some(root) = parse("lib.rs") else { return };
    let mut exported: Vec<(String, String)> = Vec::new();
    for item in &root.items {
        let syn::Item::Use(item_use) = item else { continue };
        if !matches!(item_use.vis, syn::Visibility::Public(_)) {
            continue;
        }
        match &item_use.tree {
            syn::UseTree::Name(name) => {
                add(lines, &name.ident.to_string(), format!("pub use {}", name.ident));
            }
            syn::UseTree::Path(path) => {
                // The module is every path segment before the names: `paging/cursor_export`.
                let mut module = path.ident.to_string();
                let mut tree = &*path.tree;
                while let syn::UseTree::Path(inner) = tree {
                    module = format!("{module}/{}", inner.ident);
                    tree = &inner.tree;
                }
                let mut names = Vec::new();
                collect_use_names(tree, &mut names);
                exported.extend(names.into_iter().map(|name| (module.clone(), name)));
            }
            _ => {}
        }
    }
    let mut by_module: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, name) in exported {
        by_module.entry(module).or_default().insert(name);
    }
    for (module, names) in by_module {
        let Some(file) = parse(&format!("{module}.rs")) else {
            continue;
        };
        for item in &file.items {
            let context = Context {
                prefix: "",
                wanted: &|ident: &str| names.contains(ident),
            };
            list_item(item, &context, lines);
        }
    }
}

pub(super) fn collect_use_names(tree: &syn::UseTree, names: &mut Vec<String>) {
    match tree {
        syn::UseTree::Name(name) => names.push(name.ident.to_string()),
        syn::UseTree::Rename(rename) => names.push(rename.rename.to_string()),
        syn::UseTree::Group(group) => group.items.iter().for_each(|item| collect_use_names(item, names)),
        syn::UseTree::Path(path) => collect_use_names(&path.tree, names),
        _ => {}
    }
}
