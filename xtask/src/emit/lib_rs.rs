//! `lib.rs` (crate docs and the module list) and `catalog.rs` (the `ENDPOINTS` table).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::{HEADER, doc_comment};
use crate::model::Api;

/// The crate documentation (Markdown, as rustdoc reads it); the module list follows it.
const CRATE_DOC: &str = include_str!("crate_doc.md");

pub(super) fn lib(modules: &BTreeSet<String>) -> String {
    let mut out = String::from(HEADER);
    out.push('\n');
    doc_comment(&mut out, "//!", CRATE_DOC);
    out.push('\n');
    // Each module's docs are inner docs in its own file.
    for module in modules {
        let _ = writeln!(out, "pub mod {module};");
    }
    out.push_str("\nmod catalog;\n\npub use catalog::ENDPOINTS;\n");
    out
}

pub(super) fn catalog(api: &Api) -> String {
    let mut out = String::from(HEADER);
    out.push_str("\n//! The table of every operation.\n\nuse whop_core::EndpointInfo;\n\n");
    let _ = writeln!(
        out,
        "/// Every operation of the API ({} of them), in the order of the spec: operation id, method, path\n\
         /// template, tag, scopes, query parameters and whether a body is sent.\n\
         ///\n\
         /// Everything but the operation id and the tag is read from each request type's\n\
         /// [`Endpoint`](whop_core::Endpoint) impl, so the table always agrees with the types.\n\
         pub static ENDPOINTS: &[EndpointInfo] = &[",
        api.operations.len()
    );
    for op in &api.operations {
        let _ = writeln!(
            out,
            "EndpointInfo::of::<crate::{}::{}>({:?}, {:?}),",
            op.module, op.name, op.operation_id, op.tag
        );
    }
    out.push_str("];\n");
    out
}
