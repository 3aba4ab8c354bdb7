//! Reading the Whop OpenAPI spec at test time, so tests check against the document itself.
//!
//! The spec is not copied into the repository: it is read from `$WHOP_OPENAPI`, or from
//! `../shared/whop-api/openapi.yml` next to the workspace root.

// Each test binary uses a different part of this module.
#![allow(dead_code)]

use std::sync::OnceLock;

use serde_json::{Map, Value, json};

/// The error statuses the spec documents for both seed operations.
pub(crate) const DOCUMENTED_ERROR_STATUSES: [&str; 6] = ["400", "401", "403", "404", "422", "500"];

/// The parsed spec.
pub(crate) struct Spec {
    root: &'static Value,
}

/// The spec, parsed once per test binary.
pub(crate) fn spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| Spec {
        root: whop_tests::spec::openapi(),
    })
}

/// One operation of the spec.
pub(crate) struct Operation<'a> {
    /// The path template, e.g. `/products/{id}`.
    pub(crate) path: &'a str,
    /// The method in upper case.
    pub(crate) method: String,
    /// The operation object.
    pub(crate) object: &'a Value,
}

impl Spec {
    /// The operation with this `operationId`.
    pub(crate) fn operation(&self, id: &str) -> Operation<'_> {
        let paths = self.root["paths"].as_object().expect("paths");
        for (path, item) in paths {
            for (method, object) in item.as_object().into_iter().flatten() {
                if object.get("operationId").and_then(Value::as_str) == Some(id) {
                    return Operation {
                        path,
                        method: method.to_ascii_uppercase(),
                        object,
                    };
                }
            }
        }
        panic!("no operation {id} in the spec")
    }

    /// A component schema by name.
    pub(crate) fn schema(&self, name: &str) -> &Value {
        let schema = &self.root["components"]["schemas"][name];
        assert!(!schema.is_null(), "no schema {name} in the spec");
        schema
    }

    /// The statuses an operation documents, e.g. `["200", "400", …]`.
    pub(crate) fn statuses(&self, operation: &str) -> Vec<String> {
        let responses = self.operation(operation).object["responses"]
            .as_object()
            .expect("responses");
        responses.keys().cloned().collect()
    }

    /// The JSON schema of a response of an operation, `$ref` resolved.
    pub(crate) fn response_schema(&self, operation: &str, status: &str) -> &Value {
        let response = &self.operation(operation).object["responses"][status];
        self.resolve(&response["content"]["application/json"]["schema"])
    }

    /// The example response of an operation for a status: the spec's own `example` when the
    /// response has one, else one assembled from the `example`s of the schema's properties.
    pub(crate) fn response_example(&self, operation: &str, status: &str) -> Value {
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
    pub(crate) fn request_properties(&self, operation: &str) -> &Map<String, Value> {
        let schema = &self.operation(operation).object["requestBody"]["content"]["application/json"]
            ["schema"];
        self.resolve(schema)["properties"]
            .as_object()
            .expect("request body properties")
    }

    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let name = reference
                    .strip_prefix("#/components/schemas/")
                    .expect("a local schema reference");
                self.resolve(self.schema(name))
            }
            None => schema,
        }
    }

    /// An example value for a schema, from the spec's `example`s where it has them.
    pub(crate) fn example_of(&self, schema: &Value) -> Value {
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
