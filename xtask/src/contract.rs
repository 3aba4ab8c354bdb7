//! The contract cases: for every operation, Rust code that builds requests from sample values, so
//! the contract suite (`tests/tests/contract.rs`) can send each one to a mock server that checks it
//! against the spec.
//!
//! Per operation it writes a function that builds, through the generated request type:
//! - `minimal`: `new` with the required fields only (by name, in a `<Name>Required` struct, when
//!   two of them have the same kind of type);
//! - `full`: every field set, nested objects with every member (one per variant when the body is
//!   one of several shapes);
//! - `nulls`: every field set, `null` wherever the spec allows it.
//!
//! Values are JSON (the spec's examples, else the simplest valid value) turned into each field's
//! type by deserializing, so every field type is covered the same way. Field names and types come
//! from the same model the request structs are written from.

mod sample;

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_yaml_ng::Value;

use crate::emit::HEADER;
use crate::model::{Api, Body, Field, Holder, Kind, Location, Operation, Ty};
use crate::naming;
use crate::output;
use crate::spec::{Node, RawOperation, Spec};
use sample::{Fill, Sampler};

/// Where the cases go, relative to the workspace root.
const CASES: [&str; 4] = ["tests", "tests", "contract", "cases.rs"];

/// Writes the cases file, or with `check` fails when it differs from a fresh generation.
pub(crate) fn sync(root: &Path, spec: &Spec, api: &Api, check: bool) -> Result<(), String> {
    let path: PathBuf = CASES
        .iter()
        .fold(root.to_path_buf(), |path, part| path.join(part));
    let name = CASES[CASES.len() - 1].to_owned();
    let files = BTreeMap::from([(name.clone(), render(spec, api))]);
    let text = &output::format(root, &files)?[&name];
    let current = std::fs::read_to_string(&path).ok();
    if check {
        if current.as_deref() != Some(text.as_str()) {
            return Err(format!(
                "{} is out of date with the spec; run `cargo xtask codegen`",
                CASES.join("/")
            ));
        }
        println!("{} is up to date", CASES.join("/"));
    } else if current.as_deref() != Some(text.as_str()) {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|err| format!("cannot create {}: {err}", dir.display()))?;
        }
        std::fs::write(&path, text)
            .map_err(|err| format!("cannot write {}: {err}", path.display()))?;
        println!("generated {}", CASES.join("/"));
    }
    Ok(())
}

/// The cases file, headed by the SHA-256 of the spec it came from.
fn render(spec: &Spec, api: &Api) -> String {
    crate::emit::stamp(&render_cases(spec, api), &spec.sha256)
}

/// The cases file as the emitters write it, headed by [`HEADER`].
fn render_cases(spec: &Spec, api: &Api) -> String {
    let raw = spec.operations();
    assert_eq!(
        raw.len(),
        api.operations.len(),
        "operations out of step with the spec"
    );
    let mut list = String::new();
    let mut functions = String::new();
    let mut names = HashSet::new();
    for (operation, raw) in api.operations.iter().zip(&raw) {
        let function = naming::snake(&operation.operation_id);
        assert!(names.insert(function.clone()), "two cases named {function}");
        let _ = writeln!(list, "Case::new({:?}, {function}),", operation.operation_id);
        functions.push_str(&Cases::new(spec, api, operation, raw).function(&function));
    }
    format!(
        "{HEADER}
//! Every operation of the API as contract cases: a minimal request, full requests and a request
//! with nulls, built through the generated request types from sample values.

#![allow(deprecated)]

use super::harness::Contract;
use super::runner::{{Case, Failure, v}};

/// One case per operation, in the order of the spec.
pub(crate) const CASES: &[Case<Contract>] = &[
{list}];
{functions}"
    )
}

/// The requests of one operation.
struct Cases<'a> {
    api: &'a Api,
    operation: &'a Operation,
    sampler: Sampler<'a>,
    /// The schema of each field, by wire name.
    schemas: BTreeMap<&'a str, &'a Value>,
    /// The variants of a body that is one of several shapes: (variant ident, schema).
    body_variants: Vec<(String, &'a Value)>,
}

impl<'a> Cases<'a> {
    fn new(
        spec: &'a Spec,
        api: &'a Api,
        operation: &'a Operation,
        raw: &RawOperation<'a>,
    ) -> Cases<'a> {
        let sampler = Sampler::new(spec);
        let node = raw.node;
        assert_eq!(
            node.str_at("operationId"),
            Some(operation.operation_id.as_str()),
            "operations out of step with the spec"
        );
        let mut schemas = BTreeMap::new();
        for parameter in spec.parameters(node) {
            if let Some(name) = parameter.str_at("name") {
                schemas.insert(name, parameter.at(&["schema"]));
            }
        }
        let mut body_variants = Vec::new();
        if let Some(schema) = spec.body_schema(node) {
            match &operation.body {
                Body::Union(id) => {
                    let Kind::Untagged(variants) = &api.types[*id].kind else {
                        panic!("{}: the body union is not untagged", operation.operation_id)
                    };
                    let branches = sampler.branches(schema);
                    assert_eq!(
                        branches.len(),
                        variants.len(),
                        "{}: body variants",
                        operation.operation_id
                    );
                    body_variants = variants
                        .iter()
                        .map(|variant| variant.ident.clone())
                        .zip(branches)
                        .collect();
                }
                _ => {
                    for (name, property) in schema.at(&["properties"]).entries() {
                        schemas.insert(name, property);
                    }
                }
            }
        }
        Cases {
            api,
            operation,
            sampler,
            schemas,
            body_variants,
        }
    }

    fn function(&self, name: &str) -> String {
        let op = self.operation;
        let imports = if self.by_name() {
            format!("{{{0} as Request, {0}Required as Required}}", op.name)
        } else {
            format!("{} as Request", op.name)
        };
        let mut out = format!(
            "\n/// `{}`: `{} {}`.\nfn {name}(contract: &Contract) -> Result<(), Failure> {{\nuse whop_endpoints::{}::{imports};\n",
            op.operation_id, op.method, op.path, op.module
        );
        let mut requests: Vec<(String, String)> = Vec::new();
        let mut seen = Vec::new();
        let variants = self.body_variants.len().max(1);
        let mut plan = vec![(Fill::Required, "minimal".to_owned(), 0)];
        for (fill, label) in [(Fill::All, "full"), (Fill::Nulls, "nulls")] {
            for variant in 0..variants {
                let binding = if variants == 1 {
                    label.to_owned()
                } else {
                    format!("{label}_{}", variant + 1)
                };
                plan.push((fill, binding, variant));
            }
        }
        for (fill, binding, variant) in plan {
            let (code, wire) = self.request(&binding, fill, variant);
            // A request that would be the same as an earlier one adds nothing.
            if seen.contains(&wire) {
                continue;
            }
            seen.push(wire.clone());
            out.push_str(&code);
            requests.push((binding, wire));
        }
        let list: Vec<String> = requests
            .iter()
            .map(|(binding, wire)| format!("({binding:?}, &{binding}, {})", raw(wire)))
            .collect();
        let _ = writeln!(
            out,
            "contract.check(&[{}], Request::send)\n}}",
            list.join(", ")
        );
        out
    }

    /// Whether `new` takes the required fields by name, as a `Required` struct: the rule of
    /// `#[endpoint]` (`whop-macros/src/kinds.rs`), applied to the types the fields are declared
    /// with.
    fn by_name(&self) -> bool {
        let types: Vec<String> = self
            .operation
            .fields
            .iter()
            .filter(|field| self.operation.holder(field) == Holder::Plain)
            .map(|field| rust_type(self.api, &field.ty))
            .collect();
        crate::kinds::takes_required_struct(types.iter().map(String::as_str))
    }

    /// `let [mut] binding = Request::new(...);` (or `Request::new(Required { .. })`) and one
    /// assignment per other field, and the request's expected wire form as JSON text:
    /// `{"path", "query": [[name, value]], "body"}`.
    fn request(&self, binding: &str, fill: Fill, variant: usize) -> (String, String) {
        let by_name = self.by_name();
        let mut arguments = Vec::new();
        let mut assignments = Vec::new();
        let mut wire = Wire::new(self.operation);
        for field in &self.operation.fields {
            let holder = self.operation.holder(field);
            if holder == Holder::Plain {
                let (argument, value) = self.argument(field, fill, variant);
                if by_name {
                    arguments.push(format!("{}: {argument}", field.ident));
                } else {
                    arguments.push(argument);
                }
                wire.add(field, holder, &value, !self.body_variants.is_empty());
            } else if fill != Fill::Required {
                let value = self.sampler.value(self.schema(field), fill);
                assignments.push(format!(
                    "{binding}.{} = v({});",
                    field.ident,
                    raw(&value.to_string())
                ));
                wire.add(field, holder, &value, false);
            }
        }
        let mutable = if assignments.is_empty() { "" } else { "mut " };
        let arguments = arguments.join(", ");
        let mut out = if by_name {
            format!("let {mutable}{binding} = Request::new(Required {{ {arguments} }});\n")
        } else {
            format!("let {mutable}{binding} = Request::new({arguments});\n")
        };
        for assignment in assignments {
            out.push_str(&assignment);
            out.push('\n');
        }
        (out, wire.finish())
    }

    /// A `new` argument (a union body as its variant) and its sample value.
    fn argument(&self, field: &Field, fill: Fill, variant: usize) -> (String, serde_json::Value) {
        if field.location == Location::Body && !self.body_variants.is_empty() {
            let (ident, schema) = &self.body_variants[variant];
            let value = self.sampler.present(schema, fill);
            let code = format!(
                "{}::{ident}(v({}))",
                rust_type(self.api, &field.ty),
                raw(&value.to_string())
            );
            return (code, value);
        }
        let value = self.sampler.present(self.schema(field), fill);
        let code = format!(
            "v::<{}>({})",
            rust_type(self.api, &field.ty),
            raw(&value.to_string())
        );
        (code, value)
    }

    fn schema(&self, field: &Field) -> &'a Value {
        self.schemas.get(field.wire.as_str()).unwrap_or_else(|| {
            panic!(
                "{}: no schema for {}",
                self.operation.operation_id, field.wire
            )
        })
    }
}

/// What a request must look like on the wire, built from the same samples as its fields.
struct Wire {
    path: String,
    query: Vec<serde_json::Value>,
    body: Option<serde_json::Map<String, serde_json::Value>>,
}

impl Wire {
    fn new(operation: &Operation) -> Wire {
        Wire {
            path: operation.path.clone(),
            query: Vec::new(),
            body: (operation.body != Body::None).then(serde_json::Map::new),
        }
    }

    fn add(&mut self, field: &Field, holder: Holder, value: &serde_json::Value, flattened: bool) {
        match field.location {
            Location::Path => {
                let text = value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_owned);
                self.path = self.path.replace(&format!("{{{}}}", field.wire), &text);
            }
            Location::Query => query_pairs(&field.wire, value, &mut self.query),
            Location::Body | Location::Model => {
                let body = self.body.get_or_insert_with(serde_json::Map::new);
                match value {
                    serde_json::Value::Object(members) if flattened => {
                        body.extend(members.clone());
                    }
                    // An `Option` holding nothing is left out; a `Nullable` null is sent.
                    serde_json::Value::Null if holder == Holder::Option => {}
                    _ => {
                        body.insert(field.wire.clone(), value.clone());
                    }
                }
            }
        }
    }

    fn finish(self) -> String {
        serde_json::json!({
            "path": self.path,
            "query": self.query,
            "body": self.body.map(serde_json::Value::Object),
        })
        .to_string()
    }
}

/// The `[name, value]` pairs of a query parameter as the client sends them (Whop's SDKs' form):
/// arrays as `name[]` per item, objects as `name[key]`; `null` and `""` send nothing.
fn query_pairs(name: &str, value: &serde_json::Value, out: &mut Vec<serde_json::Value>) {
    match value {
        serde_json::Value::Null => {}
        serde_json::Value::String(text) if text.is_empty() => {}
        serde_json::Value::Array(items) => {
            let name = format!("{name}[]");
            for item in items {
                query_pairs(&name, item, out);
            }
        }
        serde_json::Value::Object(members) => {
            for (key, member) in members {
                query_pairs(&format!("{name}[{key}]"), member, out);
            }
        }
        serde_json::Value::String(text) => out.push(serde_json::json!([name, text])),
        other => out.push(serde_json::json!([name, other.to_string()])),
    }
}

/// `text` as a raw string literal.
fn raw(text: &str) -> String {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
}

/// The Rust type of `ty`, spelled with full paths.
fn rust_type(api: &Api, ty: &Ty) -> String {
    crate::emit::rust_type(api, ty, &mut crate::emit::Paths::Full)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{build, spec_path, workspace_root};

    #[test]
    fn the_cases_are_up_to_date() {
        let root = workspace_root();
        let spec = Spec::load(&spec_path(&root)).expect("the spec loads");
        let (api, _) = build(&spec);
        let first = render(&spec, &api);
        assert!(first == render(&spec, &api), "two renderings differ");
        let name = CASES[CASES.len() - 1].to_owned();
        let formatted =
            output::format(&root, &BTreeMap::from([(name.clone(), first)])).expect("rustfmt");
        let path = CASES
            .iter()
            .fold(root.clone(), |path, part| path.join(part));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            formatted[&name] == committed,
            "{} is out of date; run `cargo xtask codegen`",
            CASES.join("/")
        );
    }

    #[test]
    fn cases_build_requests_through_the_request_types() {
        let cases = render_cases(&crate::tests::shop(), &crate::tests::shop_api());
        let has = |line: &str| cases.lines().any(|candidate| candidate.trim() == line);
        for line in [
            "Case::new(\"updateProduct\", update_product),",
            "fn update_product(contract: &Contract) -> Result<(), Failure> {",
            "use whop_endpoints::products::UpdateProduct as Request;",
            // Path parameters take the spec's example.
            "let minimal = Request::new(v::<String>(r#\"\"prod_xxxxxxxxxxxxx\"\"#));",
            // Every optional field set, then `null` where the spec allows it.
            "full.title = v(r#\"\"sample\"\"#);",
            "nulls.title = v(r#\"null\"#);",
            "nulls.store_page = v(r#\"{\"headline\":null}\"#);",
            "full.first = v(r#\"1\"#);",
        ] {
            assert!(has(line), "no line `{line}` in:\n{cases}");
        }
        // The expected wire form: a `Nullable` null is sent, query values as text.
        assert!(cases.contains(r##"("nulls", &nulls, r#"{"body":{"mode":"setup","price":1.5,"store_page":{"headline":null},"title":null,"visibility":"visible"},"path":"/products/sample","query":[]}"#)"##));
        assert!(cases.contains(r#""query":[["company_id","sample"],["first","1"]]"#));
    }

    #[test]
    fn query_pairs_bracket_arrays_and_objects() {
        let mut out = Vec::new();
        query_pairs("ids", &serde_json::json!(["a", "b"]), &mut out);
        query_pairs(
            "filters",
            &serde_json::json!({"kind": "x", "n": 2}),
            &mut out,
        );
        query_pairs("gone", &serde_json::Value::Null, &mut out);
        query_pairs("first", &serde_json::json!(10), &mut out);
        assert_eq!(
            serde_json::Value::Array(out),
            serde_json::json!([
                ["ids[]", "a"],
                ["ids[]", "b"],
                ["filters[kind]", "x"],
                ["filters[n]", "2"],
                ["first", "10"]
            ])
        );
    }

    #[test]
    fn raw_literals_outlast_their_text() {
        assert_eq!(raw(r#"{"a":1}"#), r##"r#"{"a":1}"#"##);
        assert_eq!(raw(r##"say "#"##), r###"r##"say "#"##"###);
    }
}
