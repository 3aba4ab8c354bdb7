//! The Whop OpenAPI spec, read at test time so tests check against the document itself: the one
//! loader and the one `$ref` resolver every test uses.
//!
//! The spec is not copied into the repository: it is read from `$WHOP_OPENAPI`, or from
//! `../shared/whop-api/openapi.yml` next to the workspace root.

use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::{Map, Value, json};

/// The error statuses the spec documents for both seed operations.
pub const DOCUMENTED_ERROR_STATUSES: [&str; 6] = ["400", "401", "403", "404", "422", "500"];

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

/// The parsed spec, with look-ups by operation id and schema name.
#[derive(Debug)]
pub struct Spec {
    root: &'static Value,
}

/// One operation of the spec.
#[derive(Debug, Clone, Copy)]
pub struct Operation<'a> {
    /// The path template, e.g. `/products/{id}`.
    pub path: &'a str,
    /// The method in lower case, as the spec spells it, e.g. `patch`.
    pub method: &'a str,
    /// The operation object.
    pub object: &'a Value,
}

impl Spec {
    /// The spec, parsed once per test binary (see [`openapi`]).
    pub fn load() -> &'static Spec {
        static SPEC: OnceLock<Spec> = OnceLock::new();
        SPEC.get_or_init(|| Spec { root: openapi() })
    }

    /// The whole document.
    pub fn root(&self) -> &'static Value {
        self.root
    }

    /// `node` with its `$ref`s followed, as often as they chain: any local reference
    /// (`#/components/schemas/…`, `#/components/parameters/…`, …). Panics on a reference that
    /// points nowhere.
    pub fn resolve<'a>(&self, mut node: &'a Value) -> &'a Value {
        while let Some(reference) = node.get("$ref").and_then(Value::as_str) {
            let pointer = reference
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("{reference} is not a local reference"));
            node = self
                .root
                .pointer(pointer)
                .unwrap_or_else(|| panic!("{reference} points nowhere in the spec"));
        }
        node
    }

    /// Every operation, in path order.
    pub fn operations(&self) -> impl Iterator<Item = Operation<'static>> {
        let paths = self.root["paths"].as_object().expect("paths");
        paths.iter().flat_map(|(path, item)| {
            item.as_object()
                .into_iter()
                .flatten()
                .filter(|(_, object)| object.get("operationId").is_some())
                .map(move |(method, object)| Operation {
                    path,
                    method,
                    object,
                })
        })
    }

    /// The operation with this `operationId`.
    pub fn operation(&self, id: &str) -> Operation<'static> {
        self.operations()
            .find(|operation| operation.object["operationId"].as_str() == Some(id))
            .unwrap_or_else(|| panic!("no operation {id} in the spec"))
    }

    /// A component schema by name.
    pub fn schema(&self, name: &str) -> &'static Value {
        let schema = &self.root["components"]["schemas"][name];
        assert!(!schema.is_null(), "no schema {name} in the spec");
        schema
    }

    /// The statuses an operation documents, e.g. `["200", "400", …]`.
    pub fn statuses(&self, operation: &str) -> Vec<String> {
        let responses = self.operation(operation).object["responses"]
            .as_object()
            .expect("responses");
        responses.keys().cloned().collect()
    }

    /// The JSON schema of a response of an operation, `$ref` resolved.
    pub fn response_schema(&self, operation: &str, status: &str) -> &'static Value {
        let response = &self.operation(operation).object["responses"][status];
        self.resolve(&response["content"]["application/json"]["schema"])
    }

    /// The example response of an operation for a status: the spec's own `example` when the
    /// response has one, else one assembled from the `example`s of the schema's properties.
    pub fn response_example(&self, operation: &str, status: &str) -> Value {
        let media =
            &self.operation(operation).object["responses"][status]["content"]["application/json"];
        assert!(
            !media.is_null(),
            "{operation} documents no JSON response for {status}"
        );
        match media.get("example") {
            Some(example) => example.clone(),
            None => self.example_of(&media["schema"]),
        }
    }

    /// The properties of a request body schema of an operation.
    pub fn request_properties(&self, operation: &str) -> &'static Map<String, Value> {
        let schema = &self.operation(operation).object["requestBody"]["content"]["application/json"]
            ["schema"];
        self.resolve(schema)["properties"]
            .as_object()
            .expect("request body properties")
    }

    /// An example value for a schema, from the spec's `example`s where it has them.
    pub fn example_of(&self, schema: &Value) -> Value {
        let schema = self.resolve(schema);
        if let Some(example) = schema.get("example") {
            return example.clone();
        }
        if let Some(first) = schema
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|values| values.first())
        {
            return first.clone();
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(alternatives) = schema.get(key).and_then(Value::as_array) {
                let chosen = alternatives
                    .iter()
                    .find(|alt| self.resolve(alt).get("type") != Some(&json!("null")));
                return chosen.map_or(Value::Null, |alt| self.example_of(alt));
            }
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            let mut merged = Map::new();
            for part in all {
                if let Value::Object(members) = self.example_of(part) {
                    merged.extend(members);
                }
            }
            return Value::Object(merged);
        }
        match primary_type(schema) {
            Some("object") => {
                let properties = schema.get("properties").and_then(Value::as_object);
                let members = properties
                    .into_iter()
                    .flatten()
                    .map(|(name, property)| (name.clone(), self.example_of(property)));
                Value::Object(members.collect())
            }
            Some("array") => json!([self.example_of(&schema["items"])]),
            Some("string") if schema.get("format") == Some(&json!("date-time")) => {
                json!("2023-12-01T05:00:00.401Z")
            }
            Some("string") => json!("string"),
            Some("integer") => json!(42),
            Some("number") => json!(6.9),
            Some("boolean") => json!(true),
            _ => Value::Null,
        }
    }
}

/// The first non-null type of a schema (`type: [string, 'null']` is a nullable string).
fn primary_type(schema: &Value) -> Option<&str> {
    match schema.get("type")? {
        Value::String(kind) => Some(kind),
        Value::Array(kinds) => kinds
            .iter()
            .filter_map(Value::as_str)
            .find(|kind| *kind != "null"),
        _ => None,
    }
}
