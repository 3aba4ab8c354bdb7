//! Workspace tasks of whop-rs.
//!
//! `cargo xtask codegen` generates `whop-endpoints/src` from the Whop OpenAPI spec (path in
//! `WHOP_OPENAPI`, default `../shared/whop-api/openapi.yml` from the workspace root);
//! `cargo xtask codegen --check` fails when the committed files differ from a fresh generation.
//! Both also cover the contract suite's cases, `tests/tests/contract/cases.rs`, and the sandbox's
//! copy of the spec, `whop-sandbox/src/model.json`.

mod contract;
mod dedupe;
mod docs;
// The rule of `#[endpoint]` for when `new` takes its arguments by name, shared with the macro.
mod emit;
#[path = "../../whop-macros/src/kinds.rs"]
mod kinds;
mod layout;
mod model;
mod names;
mod naming;
mod ops;
mod output;
mod sandbox;
mod spec;
#[cfg(test)]
mod tests;
mod types;
mod unions;
mod webhooks;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use model::{Api, Tag};
use spec::Spec;
use types::Builder;

const USAGE: &str = "usage: cargo xtask codegen [--check] [--verbose] [--out DIR]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen(&args[1..]),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn codegen(flags: &[String]) -> Result<(), String> {
    let (mut check, mut verbose, mut out) = (false, false, None);
    let mut flags = flags.iter();
    while let Some(flag) = flags.next() {
        match flag.as_str() {
            "--check" => check = true,
            "--verbose" => verbose = true,
            // Writes elsewhere, to try a change without touching the crate.
            "--out" => {
                out = Some(PathBuf::from(
                    flags
                        .next()
                        .ok_or(format!("--out needs a directory\n{USAGE}"))?,
                ))
            }
            other => return Err(format!("unknown flag {other}\n{USAGE}")),
        }
    }
    let root = workspace_root();
    let spec_path = spec_path(&root);
    let spec = Spec::load(&spec_path)?;
    let (api, notes) = build(&spec);
    let files = output::format(&root, &render(&spec, &api))?;
    // `--out` tries the crate elsewhere; the contract cases are written only next to the real one.
    let contract_cases = out.is_none();
    let dir = out.unwrap_or_else(|| root.join("whop-endpoints").join("src"));
    if verbose {
        print_summary(&api, &notes);
    }
    if check {
        let differences = output::differences(&dir, &files)?;
        if !differences.is_empty() {
            return Err(format!(
                "whop-endpoints/src is out of date with the spec; run `cargo xtask codegen`. Files:\n  {}",
                differences.join("\n  ")
            ));
        }
        println!("whop-endpoints/src is up to date ({} files)", files.len());
    } else {
        let changed = output::write(&dir, &files)?;
        println!(
            "generated {} files into {} ({changed} changed)",
            files.len(),
            dir.display()
        );
    }
    if contract_cases {
        contract::sync(&root, &spec, &api, check)?;
        sandbox::sync(&root, &spec, check)?;
    }
    Ok(())
}

/// Builds the whole API: operations in spec order, then webhook events, then modules.
fn build(spec: &Spec) -> (Api, Vec<String>) {
    let (mut api, mut notes) = build_types(spec);
    let (aliased, groups) = dedupe::dedupe(&mut api);
    notes.push(format!(
        "{aliased} inline types share the definition of a type of the same shape"
    ));
    for group in groups.iter().filter(|group| group.chosen.is_none()) {
        notes.push(format!(
            "no row of names::SHARED names the shape of {}",
            group.members.join(", ")
        ));
    }
    api.shared = groups;
    layout::assign_modules(&mut api);
    (api, notes)
}

/// The first stage of [`build`]: every operation, webhook event and type, named and typed.
fn build_types(spec: &Spec) -> (Api, Vec<String>) {
    let mut builder = Builder::new(spec);
    let operations = spec.operations();
    for raw in &operations {
        if let Some(id) = raw.node.get("operationId").and_then(|id| id.as_str()) {
            builder.reserve(&naming::pascal(id));
        }
    }
    for (index, raw) in operations.iter().enumerate() {
        let operation = builder.operation(index, raw);
        builder.api.operations.push(operation);
    }
    for raw in spec.webhooks() {
        let event = builder.webhook(&raw);
        builder.api.webhooks.push(event);
    }
    builder.api.tags = spec
        .tags()
        .into_iter()
        .map(|(name, _)| Tag {
            name: name.to_owned(),
            module: naming::module_name(name),
        })
        .collect();
    assert!(
        builder.unnamed.is_empty(),
        "no free name for these inline types; add rows to names::CLASHES:\n  {}",
        builder.unnamed.join("\n  ")
    );
    (std::mem::take(&mut builder.api), builder.notes)
}

fn print_summary(api: &Api, notes: &[String]) {
    use model::Kind;
    let count = |pred: &dyn Fn(&Kind) -> bool| {
        api.types
            .iter()
            .zip(&api.modules)
            .filter(|(def, module)| !module.is_empty() && pred(&def.kind))
            .count()
    };
    println!("operations: {}", api.operations.len());
    println!(
        "paginated: {}",
        api.operations
            .iter()
            .filter(|op| matches!(op.response, model::Ty::Page(_)))
            .count()
    );
    println!(
        "structs: {}",
        count(&|kind| matches!(kind, Kind::Struct(_)))
    );
    println!("enums: {}", count(&|kind| matches!(kind, Kind::Enum(_))));
    println!(
        "tagged unions: {}",
        count(&|kind| matches!(kind, Kind::Tagged { .. }))
    );
    println!(
        "untagged unions: {}",
        count(&|kind| matches!(kind, Kind::Untagged(_)))
    );
    println!(
        "constants: {}",
        count(&|kind| matches!(kind, Kind::Const(_)))
    );
    println!("aliases: {}", count(&|kind| matches!(kind, Kind::Alias(_))));
    println!("webhook events: {}", api.webhooks.len());
    for note in notes {
        println!("note: {note}");
    }
}

/// The spec: `WHOP_OPENAPI`, or `../shared/whop-api/openapi.yml` from the workspace root.
/// The generated files of `api`, each headed by the SHA-256 of the spec it came from.
fn render(spec: &Spec, api: &Api) -> std::collections::BTreeMap<String, String> {
    emit::render(api)
        .into_iter()
        .map(|(name, text)| (name, emit::stamp(&text, &spec.sha256)))
        .collect()
}

fn spec_path(root: &Path) -> PathBuf {
    std::env::var_os("WHOP_OPENAPI")
        .filter(|path| !path.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            root.join("..")
                .join("shared")
                .join("whop-api")
                .join("openapi.yml")
        })
}

/// The workspace root: the parent of this package's directory.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}
