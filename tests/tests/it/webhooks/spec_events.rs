//! Webhook payloads built from the `webhooks:` section of the Whop OpenAPI spec (read by
//! [`whop_tests::spec`]).

use serde_json::{Map, Value, json};
use whop_tests::spec::Spec;

/// How a payload is filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fill {
    /// Every property, non-null, arrays with one item; the spec's examples where it has them.
    Full,
    /// Required properties only, `null` wherever the schema allows it, arrays empty.
    Minimal,
}

/// Nesting depth after which objects are filled minimally, so recursive schemas end.
const MAX_DEPTH: usize = 12;

/// The spec's webhook section.
pub(crate) struct Events {
    spec: &'static Spec,
}

impl Events {
    pub(crate) fn load() -> Events {
        Events { spec: Spec::load() }
    }

    /// Every event type with the schema of its request body (the whole envelope).
    pub(crate) fn all(&self) -> Vec<(&str, &Value)> {
        let webhooks = self.spec.root()["webhooks"]
            .as_object()
            .expect("the spec has a `webhooks:` section");
        webhooks
            .iter()
            .map(|(event, item)| {
                let schema = &item["post"]["requestBody"]["content"]["application/json"]["schema"];
                assert!(
                    schema.is_object(),
                    "webhook {event} has no JSON body schema"
                );
                (event.as_str(), schema)
            })
            .collect()
    }

    /// A payload of the envelope schema of one event.
    pub(crate) fn payload(&self, schema: &Value, fill: Fill) -> Value {
        self.instance(schema, fill, 0)
    }

    fn resolve<'a>(&self, schema: &'a Value) -> &'a Value {
        self.spec.resolve(schema)
    }

    fn instance(&self, schema: &Value, fill: Fill, depth: usize) -> Value {
        let schema = self.resolve(schema);
        let fill = if depth > MAX_DEPTH {
            Fill::Minimal
        } else {
            fill
        };
        if let Some(constant) = schema.get("const") {
            return constant.clone();
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            // Different ends of the list in the two fills, to reach more variants.
            let mut values = values.iter().filter(|v| !v.is_null());
            let chosen = if fill == Fill::Full {
                values.next()
            } else {
                values.next_back()
            };
            return chosen.cloned().expect("an enum with a non-null value");
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(alternatives) = schema.get(key).and_then(Value::as_array) {
                let is_null = |alt: &&Value| self.resolve(alt).get("type") == Some(&json!("null"));
                if fill == Fill::Minimal && alternatives.iter().any(|alt| is_null(&alt)) {
                    return Value::Null;
                }
                let chosen = alternatives
                    .iter()
                    .find(|alt| !is_null(alt))
                    .expect("a non-null alternative");
                return self.instance(chosen, fill, depth + 1);
            }
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            let mut merged = Map::new();
            for part in parts {
                if let Value::Object(members) = self.instance(part, fill, depth + 1) {
                    merged.extend(members);
                }
            }
            return Value::Object(merged);
        }
        let (kind, nullable) = kind(schema);
        if nullable && fill == Fill::Minimal {
            return Value::Null;
        }
        let example = schema.get("example").filter(|example| fits(kind, example));
        match kind {
            "object" => self.object(schema, fill, depth),
            "array" if fill == Fill::Full => {
                json!([self.instance(&schema["items"], fill, depth + 1)])
            }
            "array" => json!([]),
            _ if example.is_some() => example.cloned().unwrap_or_default(),
            "string" if schema.get("format") == Some(&json!("date-time")) => {
                json!("2023-12-01T05:00:00.401Z")
            }
            "string" => json!("text"),
            "integer" => json!(
                schema
                    .get("minimum")
                    .and_then(Value::as_i64)
                    .unwrap_or(0)
                    .max(3)
            ),
            "number" => json!(12.5),
            "boolean" => json!(fill == Fill::Full),
            "null" => Value::Null,
            other => panic!("no instance for a schema of type {other}: {schema}"),
        }
    }

    fn object(&self, schema: &Value, fill: Fill, depth: usize) -> Value {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut members = Map::new();
        for (name, property) in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if fill == Fill::Full || required.contains(&name.as_str()) {
                members.insert(name.clone(), self.instance(property, fill, depth + 1));
            }
        }
        if fill == Fill::Full
            && let Some(values) = schema.get("additionalProperties").filter(|v| v.is_object())
        {
            members.insert(
                "extra_key".to_owned(),
                self.instance(values, fill, depth + 1),
            );
        }
        Value::Object(members)
    }
}

/// The first non-null type of a schema and whether `null` is allowed too.
fn kind(schema: &Value) -> (&str, bool) {
    match schema.get("type") {
        Some(Value::String(kind)) => (kind, false),
        Some(Value::Array(kinds)) => {
            let nullable = kinds.iter().any(|k| k == "null");
            let kind = kinds
                .iter()
                .filter_map(Value::as_str)
                .find(|k| *k != "null")
                .unwrap_or("null");
            (kind, nullable)
        }
        _ if schema.get("properties").is_some() => ("object", false),
        _ => panic!("a schema without a type: {schema}"),
    }
}

/// Whether an `example` has the JSON type the schema declares (some spec examples do not).
fn fits(kind: &str, example: &Value) -> bool {
    match kind {
        "string" => example.is_string(),
        "integer" => example.is_i64() || example.is_u64(),
        "number" => example.is_number(),
        "boolean" => example.is_boolean(),
        _ => false,
    }
}
