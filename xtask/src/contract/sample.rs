//! Sample JSON values built from schemas: the spec's own examples where it has them, otherwise the
//! simplest value the schema accepts.

use serde_json::{Map, Value as Json, json};
use serde_yaml_ng::Value;

use crate::spec::{Node, Spec, is_null_schema, type_of};

/// A date-time in the form the spec's examples use.
const DATE_TIME: &str = "2023-12-01T05:00:00.401Z";
/// How deep optional members are filled in; below it only required ones are (recursive schemas).
const MAX_DEPTH: usize = 8;

/// Which members of objects a sample has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fill {
    /// Only the required members, each with a value.
    Required,
    /// Every member, each with a value.
    All,
    /// Every member; `null` wherever the schema allows it.
    Nulls,
}

pub(crate) struct Sampler<'a> {
    spec: &'a Spec,
}

impl<'a> Sampler<'a> {
    pub(crate) fn new(spec: &'a Spec) -> Sampler<'a> {
        Sampler { spec }
    }

    /// A value of `schema`, which may be `null` only with [`Fill::Nulls`].
    pub(crate) fn value(&self, schema: &Value, fill: Fill) -> Json {
        self.at(schema, fill, 0)
    }

    /// A value of `schema` that is never `null` at the top, for fields that are always sent.
    pub(crate) fn present(&self, schema: &Value, fill: Fill) -> Json {
        match self.at(schema, fill, 0) {
            Json::Null if fill == Fill::Nulls => self.at(schema, Fill::All, 0),
            value => value,
        }
    }

    /// The concrete (non-`null`) branches of a `oneOf`, resolved.
    pub(crate) fn branches(&self, schema: &'a Value) -> Vec<&'a Value> {
        let schema = self.spec.resolve(schema);
        schema
            .at(&["oneOf"])
            .items()
            .map(|branch| self.spec.resolve(branch))
            .filter(|branch| !is_null_schema(branch))
            .collect()
    }

    fn at(&self, node: &Value, fill: Fill, depth: usize) -> Json {
        let node = self.spec.resolve(node);
        let fill = if depth > MAX_DEPTH {
            Fill::Required
        } else {
            fill
        };
        if let Some(constant) = node.get("const") {
            return to_json(constant);
        }
        let (base, nullable) = type_of(node);
        // An object keeps its place so that its own members can be null.
        if fill == Fill::Nulls && nullable && !self.structured(node) {
            return Json::Null;
        }
        if node.get("oneOf").is_some() {
            let branches = self.branches(node);
            let nullable = branches.len() < node.at(&["oneOf"]).items().len();
            if fill == Fill::Nulls
                && nullable
                && !branches
                    .first()
                    .is_some_and(|branch| self.structured(branch))
            {
                return Json::Null;
            }
            return match branches.first() {
                Some(branch) => self.at(branch, fill, depth + 1),
                None => Json::Null,
            };
        }
        if let Some(values) = node.get("enum").and_then(Value::as_sequence) {
            let example = node
                .get("example")
                .filter(|example| values.contains(example));
            return example.or(values.first()).map_or(Json::Null, to_json);
        }
        let example = node.get("example");
        match base.as_deref() {
            Some("string") => match example {
                Some(Value::String(text)) => json!(text),
                _ if node.str_at("format") == Some("date-time") => json!(DATE_TIME),
                _ => json!("sample"),
            },
            Some("integer") => match example.and_then(Value::as_i64) {
                Some(number) => json!(number),
                None => json!(bounded(node, 1.0) as i64),
            },
            Some("number") => match example.and_then(Value::as_f64) {
                Some(number) => json!(number),
                None => json!(bounded(node, 1.5)),
            },
            Some("boolean") => json!(example.and_then(Value::as_bool).unwrap_or(true)),
            Some("array") => {
                // Two items at least: a query array of one item is `key=value`, which Prism
                // reads as a single value when the type is a list such as `[array, "null"]`.
                let count = node
                    .get("minItems")
                    .and_then(Value::as_u64)
                    .unwrap_or(0)
                    .max(2) as usize;
                let items = node.at(&["items"]);
                Json::Array(
                    (0..count)
                        .map(|nth| self.item(items, fill, depth + 1, nth))
                        .collect(),
                )
            }
            Some("object") | None if node.get("properties").is_some() => {
                self.object(node, fill, depth)
            }
            Some("object") => match node.get("additionalProperties") {
                Some(values @ Value::Mapping(_)) => {
                    json!({ "key": self.at(values, fill, depth + 1) })
                }
                _ => json!({ "key": "value" }),
            },
            _ if nullable && base.is_none() && node.get("type").is_some() => Json::Null,
            _ => json!("sample"),
        }
    }

    /// The `nth` item of an array: enum values take turns, so a list shows two different ones.
    fn item(&self, node: &Value, fill: Fill, depth: usize, nth: usize) -> Json {
        let resolved = self.spec.resolve(node);
        match resolved.get("enum").and_then(Value::as_sequence) {
            Some(values) if !values.is_empty() => to_json(&values[nth % values.len()]),
            _ => self.at(node, fill, depth),
        }
    }

    /// Whether a schema is an object with members, or an array of such objects.
    fn structured(&self, node: &Value) -> bool {
        let node = self.spec.resolve(node);
        if node.get("properties").is_some() {
            return true;
        }
        match type_of(node).0.as_deref() {
            Some("array") => self.structured(node.at(&["items"])),
            _ => false,
        }
    }

    fn object(&self, node: &Value, fill: Fill, depth: usize) -> Json {
        let required = node.strings_at("required");
        let mut members = Map::new();
        for (name, property) in node.at(&["properties"]).entries() {
            if fill == Fill::Required && !required.contains(&name) {
                continue;
            }
            members.insert(name.to_owned(), self.at(property, fill, depth + 1));
        }
        Json::Object(members)
    }
}

/// `preferred`, moved into `[minimum, maximum]` when the schema has bounds.
fn bounded(node: &Value, preferred: f64) -> f64 {
    let minimum = node.get("minimum").and_then(Value::as_f64);
    let maximum = node.get("maximum").and_then(Value::as_f64);
    let mut value = preferred;
    if let Some(minimum) = minimum {
        value = value.max(minimum);
    }
    if let Some(maximum) = maximum {
        value = value.min(maximum);
    }
    value
}

/// A YAML value as JSON (the spec's examples and constants are JSON values written as YAML).
fn to_json(value: &Value) -> Json {
    serde_json::to_value(value).unwrap_or(Json::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A spec with the given component schemas.
    fn spec(components: &str) -> Spec {
        Spec::parse(&format!("components:\n  schemas:\n{components}")).expect("parses")
    }

    const THING: &str = r##"
    Kind:
      type: string
      enum: [small, large]
    Thing:
      type: object
      required: [id, kind]
      properties:
        id: {type: string, example: thing_1}
        kind: {$ref: "#/components/schemas/Kind"}
        note: {type: [string, "null"]}
        at: {type: string, format: date-time}
        tag: {type: string, const: fixed}
        count: {type: [integer, "null"], minimum: 5}
        kinds: {type: array, items: {$ref: "#/components/schemas/Kind"}}
        owner:
          oneOf:
            - type: object
              required: [name]
              properties:
                name: {type: string}
                alias: {type: [string, "null"]}
            - type: "null"
"##;

    #[test]
    fn fills_follow_the_schema() {
        let spec = spec(THING);
        let sampler = Sampler::new(&spec);
        let thing = spec.component("Thing");
        assert_eq!(
            sampler.value(thing, Fill::Required),
            json!({"id": "thing_1", "kind": "small"})
        );
        assert_eq!(
            sampler.value(thing, Fill::All),
            json!({
                "id": "thing_1", "kind": "small", "note": "sample", "at": DATE_TIME, "tag": "fixed",
                "count": 5, "kinds": ["small", "large"], "owner": {"name": "sample", "alias": "sample"},
            })
        );
        // Scalars that may be null are; an object that may be keeps its place for its members.
        assert_eq!(
            sampler.value(thing, Fill::Nulls),
            json!({
                "id": "thing_1", "kind": "small", "note": null, "at": DATE_TIME, "tag": "fixed",
                "count": null, "kinds": ["small", "large"], "owner": {"name": "sample", "alias": null},
            })
        );
    }

    #[test]
    fn present_values_are_never_null() {
        let spec = spec("    Note: {type: [string, \"null\"]}\n");
        let sampler = Sampler::new(&spec);
        let note = spec.component("Note");
        assert_eq!(sampler.value(note, Fill::Nulls), Json::Null);
        assert_eq!(sampler.present(note, Fill::Nulls), json!("sample"));
    }
}
