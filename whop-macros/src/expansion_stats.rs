//! How much code the macro adds per endpoint, over every `#[endpoint]` struct of `whop-endpoints`.
//!
//! Each struct is run through [`expand::endpoint`](crate::expand::endpoint); the items it adds
//! (everything but the struct itself) are printed with prettyplease, and their non-blank lines are
//! counted. Compile time of the endpoints crate follows this size, so it is kept small: the median
//! is checked against a budget. `cargo test -p whop-macros expansion_stats -- --nocapture` prints
//! the figures; with `WHOP_SHOW_EXPANSION=UpdateProduct` it also prints that endpoint's expansion.
#![cfg(test)]

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::{Item, ItemStruct};

use crate::expand;

/// Median lines added per endpoint that the expansion must stay within.
///
/// It was 40 until every optional field got a setter. The setters add 4 lines to the median (38
/// to 42), written by one call of whop-core's `setters!` that lists the fields; spelled out in
/// the expansion they would add 14 (median 52, max 378). In interleaved clean builds of
/// whop-endpoints the two forms cost the same CPU time within the noise (17.3–19.8 s each, the
/// build before the setters 16.9–19.7 s): the call is kept because the expansion stays short to
/// read, and the budget is the measured 42.
const MEDIAN_BUDGET: usize = 42;

/// One `#[endpoint]` struct found in the sources.
struct Declaration {
    name: String,
    args: TokenStream,
    item: ItemStruct,
}

/// Every `.rs` file under `dir`, in a stable order.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files
}

/// The `#[endpoint(..)]` structs among `items`, inline modules included; the attribute is taken
/// off the struct and kept as the macro's arguments.
fn declarations(items: &[Item], found: &mut Vec<Declaration>) {
    for item in items {
        match item {
            Item::Struct(item) => {
                let position = item.attrs.iter().position(|attr| {
                    attr.path()
                        .segments
                        .last()
                        .is_some_and(|segment| segment.ident == "endpoint")
                });
                if let Some(position) = position {
                    let mut item = item.clone();
                    let attr = item.attrs.remove(position);
                    let args = match attr.meta {
                        syn::Meta::List(list) => list.tokens,
                        other => panic!(
                            "`#[endpoint]` without arguments on {}: {}",
                            item.ident,
                            other.into_token_stream()
                        ),
                    };
                    found.push(Declaration {
                        name: item.ident.to_string(),
                        args,
                        item,
                    });
                }
            }
            Item::Mod(module) => {
                if let Some((_, items)) = &module.content {
                    declarations(items, found);
                }
            }
            _ => {}
        }
    }
}

/// Non-blank lines of `items` as prettyplease prints them.
fn printed_lines(items: Vec<Item>) -> usize {
    let file = syn::File {
        shebang: None,
        attrs: Vec::new(),
        items,
    };
    prettyplease::unparse(&file)
        .lines()
        .filter(|line| !line.trim().is_empty())
        .count()
}

/// Lines the macro adds for one declaration, the lines of the struct it emits, and whether `new`
/// takes a `<Name>Required` struct.
fn measure(declaration: &Declaration) -> (usize, usize, bool) {
    let expansion = expand::endpoint(declaration.args.clone(), declaration.item.to_token_stream());
    let file: syn::File = syn::parse2(expansion.clone()).unwrap_or_else(|err| {
        panic!(
            "the expansion of {} does not parse ({err}): {expansion}",
            declaration.name
        )
    });
    // The request struct is the user's; a `<Name>Required` struct is added by the macro.
    let (structs, added): (Vec<Item>, Vec<Item>) = file
        .items
        .into_iter()
        .partition(|item| matches!(item, Item::Struct(item) if item.ident == declaration.name));
    let required = format!("{}Required", declaration.name);
    let by_struct = added
        .iter()
        .any(|item| matches!(item, Item::Struct(item) if item.ident == required));
    let text = expansion.to_string();
    assert!(
        !text.contains("compile_error"),
        "{} does not expand cleanly: {text}",
        declaration.name
    );
    assert_eq!(
        structs.len(),
        1,
        "{}: one struct expected in {text}",
        declaration.name
    );
    if std::env::var("WHOP_SHOW_EXPANSION").is_ok_and(|n| n == declaration.name) {
        println!(
            "{}",
            prettyplease::unparse(&syn::File {
                shebang: None,
                attrs: Vec::new(),
                items: added.clone()
            })
        );
    }
    (printed_lines(added), printed_lines(structs), by_struct)
}

#[test]
fn expansion_stats() {
    let sources = Path::new(env!("CARGO_MANIFEST_DIR")).join("../whop-endpoints/src");
    let mut found = Vec::new();
    for path in rust_files(&sources) {
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
        let file = syn::parse_file(&text)
            .unwrap_or_else(|err| panic!("{} does not parse: {err}", path.display()));
        declarations(&file.items, &mut found);
    }
    assert!(
        !found.is_empty(),
        "no #[endpoint] struct under {}",
        sources.display()
    );

    let mut by_struct = Vec::new();
    let mut sizes: Vec<(usize, usize, &str)> = found
        .iter()
        .map(|declaration| {
            let (added, own, required) = measure(declaration);
            if required {
                by_struct.push(declaration.name.as_str());
            }
            (added, own, declaration.name.as_str())
        })
        .collect();
    sizes.sort_unstable();
    let added: Vec<usize> = sizes.iter().map(|size| size.0).collect();
    let mut own: Vec<usize> = sizes.iter().map(|size| size.1).collect();
    own.sort_unstable();
    let median = added[added.len() / 2];
    let total: usize = added.iter().sum();
    println!("endpoints: {}", sizes.len());
    println!(
        "lines added per endpoint: median {median}, p90 {}, max {} ({}), total {total}",
        added[added.len() * 9 / 10],
        added[added.len() - 1],
        sizes[sizes.len() - 1].2
    );
    println!(
        "lines of the structs themselves (docs included): median {}, max {}",
        own[own.len() / 2],
        own[own.len() - 1]
    );
    for (added, _, name) in sizes.iter().rev().take(5) {
        println!("  largest: {added:4}  {name}");
    }
    by_struct.sort_unstable();
    println!(
        "constructors taking a `<Name>Required` struct: {} ({})",
        by_struct.len(),
        by_struct.join(", ")
    );
    // A size check, not a timing: the expansion is deterministic.
    assert!(
        median <= MEDIAN_BUDGET,
        "median expansion of {median} lines is over the budget of {MEDIAN_BUDGET}"
    );
}
