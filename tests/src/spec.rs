//! The Whop OpenAPI spec, read at test time so tests check against the document itself.
//!
//! The spec is not copied into the repository: it is read from `$WHOP_OPENAPI`, or from
//! `../shared/whop-api/openapi.yml` next to the workspace root.

use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::Value;

/// Where the spec is: `$WHOP_OPENAPI`, or `../shared/whop-api/openapi.yml` beside the workspace.
pub fn openapi_path() -> PathBuf {
    match std::env::var_os("WHOP_OPENAPI") {
        Some(path) if !path.is_empty() => PathBuf::from(path),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/whop-api/openapi.yml"),
    }
}

/// The spec as JSON, parsed once per test binary; panics with the path when it cannot be read.
pub fn openapi() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path = openapi_path();
        let text = std::fs::read_to_string(&path).unwrap_or_else(|err| {
            panic!(
                "cannot read the OpenAPI spec at {} ({err}); set WHOP_OPENAPI",
                path.display()
            )
        });
        serde_yaml_ng::from_str(&text).unwrap_or_else(|err| {
            panic!(
                "the OpenAPI spec at {} is not valid YAML: {err}",
                path.display()
            )
        })
    })
}
