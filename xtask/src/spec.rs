//! Loading the OpenAPI document and reading it: `$ref`s, operations, webhooks.
//!
//! The document stays a YAML value tree: its mappings keep the spec's order, which is the order
//! fields and operations are generated in.

use std::path::Path;

use serde_yaml_ng::Value;

/// HTTP methods in the order operations are listed under a path.
const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// The parsed spec.
pub(crate) struct Spec {
    root: Value,
    /// The SHA-256 of the spec's bytes, in hex: generated files name the exact spec they came from.
    pub(crate) sha256: String,
}

/// One operation under `paths:`, as the spec has it.
pub(crate) struct RawOperation<'a> {
    pub(crate) path: &'a str,
    pub(crate) method: &'static str,
    pub(crate) node: &'a Value,
}

/// One event under `webhooks:`.
pub(crate) struct RawWebhook<'a> {
    pub(crate) event: &'a str,
    pub(crate) node: &'a Value,
}

impl Spec {
    pub(crate) fn load(path: &Path) -> Result<Spec, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|err| format!("cannot read the spec {}: {err}", path.display()))?;
        Spec::parse(&text).map_err(|err| format!("cannot parse the spec {}: {err}", path.display()))
    }

    /// The spec written in `text` (YAML, or JSON, which is YAML too).
    pub(crate) fn parse(text: &str) -> Result<Spec, String> {
        let root: Value = serde_yaml_ng::from_str(text).map_err(|err| err.to_string())?;
        Ok(Spec {
            root,
            sha256: sha256_hex(text.as_bytes()),
        })
    }

    /// Follows `$ref`s (local ones, `#/...`) until a node without one.
    pub(crate) fn resolve<'a>(&'a self, mut node: &'a Value) -> &'a Value {
        while let Some(target) = node.str_at("$ref") {
            node = self
                .pointer(target)
                .unwrap_or_else(|| panic!("unresolvable $ref {target}"));
        }
        node
    }

    fn pointer(&self, target: &str) -> Option<&Value> {
        let mut node = &self.root;
        for part in target.strip_prefix("#/")?.split('/') {
            node = node.get(part)?;
        }
        Some(node)
    }

    /// The component schemas, in spec order.
    pub(crate) fn components(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.root.at(&["components", "schemas"]).entries()
    }

    pub(crate) fn component(&self, name: &str) -> &Value {
        self.root.at(&["components", "schemas", name])
    }

    /// Every operation, in spec order (paths, then methods in [`METHODS`] order).
    pub(crate) fn operations(&self) -> Vec<RawOperation<'_>> {
        let mut out = Vec::new();
        for (path, item) in self.root.at(&["paths"]).entries() {
            for method in METHODS {
                if let Some(node) = item.get(method) {
                    out.push(RawOperation { path, method, node });
                }
            }
        }
        out
    }

    /// An operation's parameters, each resolved.
    pub(crate) fn parameters<'a>(
        &'a self,
        operation: &'a Value,
    ) -> impl Iterator<Item = &'a Value> {
        operation
            .at(&["parameters"])
            .items()
            .map(|parameter| self.resolve(parameter))
    }

    /// The schema of an operation's JSON request body, resolved; `None` without a body.
    pub(crate) fn body_schema<'a>(&'a self, operation: &'a Value) -> Option<&'a Value> {
        let body = self.resolve(operation.get("requestBody")?);
        Some(self.resolve(body.at(&["content", "application/json", "schema"])))
    }

    pub(crate) fn webhooks(&self) -> Vec<RawWebhook<'_>> {
        self.root
            .at(&["webhooks"])
            .entries()
            .map(|(event, node)| RawWebhook { event, node })
            .collect()
    }

    /// `tags:` as (name, description).
    pub(crate) fn tags(&self) -> Vec<(&str, &str)> {
        self.root
            .at(&["tags"])
            .items()
            .filter_map(|tag| {
                Some((
                    tag.str_at("name")?,
                    tag.str_at("description").unwrap_or_default(),
                ))
            })
            .collect()
    }
}

/// Read-only helpers on YAML nodes, so the rest of the generator reads like the spec.
pub(crate) trait Node {
    /// The node at a path of keys, or `Null` when any key is missing.
    fn at(&self, keys: &[&str]) -> &Value;
    fn str_at(&self, key: &str) -> Option<&str>;
    fn bool_at(&self, key: &str) -> bool;
    /// A mapping's entries with string keys (empty for anything else).
    fn entries(&self) -> Box<dyn Iterator<Item = (&str, &Value)> + '_>;
    /// A sequence's items (empty for anything else).
    fn items(&self) -> std::slice::Iter<'_, Value>;
    /// A sequence of strings, e.g. `required:`.
    fn strings_at(&self, key: &str) -> Vec<&str>;
}

static NULL: Value = Value::Null;

impl Node for Value {
    fn at(&self, keys: &[&str]) -> &Value {
        let mut node = self;
        for key in keys {
            node = node.get(*key).unwrap_or(&NULL);
        }
        node
    }

    fn str_at(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Value::as_str)
    }

    fn bool_at(&self, key: &str) -> bool {
        self.get(key).and_then(Value::as_bool).unwrap_or(false)
    }

    fn entries(&self) -> Box<dyn Iterator<Item = (&str, &Value)> + '_> {
        match self.as_mapping() {
            Some(map) => Box::new(
                map.iter()
                    .filter_map(|(key, value)| Some((key.as_str()?, value))),
            ),
            None => Box::new(std::iter::empty()),
        }
    }

    fn items(&self) -> std::slice::Iter<'_, Value> {
        match self.as_sequence() {
            Some(seq) => seq.iter(),
            None => [].iter(),
        }
    }

    fn strings_at(&self, key: &str) -> Vec<&str> {
        self.at(&[key]).items().filter_map(Value::as_str).collect()
    }
}

/// A scalar (`example:`, `const:`) as short display text, if it is one.
pub(crate) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// The one non-null type of a schema, if it has exactly one, and whether `null` is allowed:
/// `type: [string, "null"]` is (`string`, true), `type: "null"` is (none, true).
pub(crate) fn type_of(node: &Value) -> (Option<String>, bool) {
    match node.get("type") {
        Some(Value::String(single)) => (
            Some(single.clone()).filter(|t| t != "null"),
            single == "null",
        ),
        Some(Value::Sequence(types)) => {
            let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
            let concrete: Vec<&str> = names.iter().copied().filter(|t| *t != "null").collect();
            let base = (concrete.len() == 1).then(|| concrete[0].to_owned());
            (base, names.contains(&"null"))
        }
        _ => (None, false),
    }
}

/// Whether a schema is `type: "null"` (a `oneOf` branch that makes the union nullable).
pub(crate) fn is_null_schema(node: &Value) -> bool {
    node.str_at("type") == Some("null")
}

/// The SHA-256 of `bytes` as lower-case hex.
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::shop;

    fn yaml(text: &str) -> Value {
        serde_yaml_ng::from_str(text).expect("test YAML")
    }

    #[test]
    fn the_digest_is_sha256_in_hex() {
        assert_eq!(
            sha256_hex(b"openapi: 3.1.0\n"),
            "f39db8e8ede3dc2457c613e2a304e6d478f6e5ec660e4746464f41e76ac77006"
        );
        let spec = Spec::parse("openapi: 3.1.0\n").expect("parses");
        assert_eq!(
            spec.sha256,
            "f39db8e8ede3dc2457c613e2a304e6d478f6e5ec660e4746464f41e76ac77006"
        );
    }

    #[test]
    fn text_that_is_not_yaml_is_an_error() {
        assert!(Spec::parse("paths: [unclosed").is_err());
    }

    #[test]
    fn operations_come_in_path_order_then_method_order() {
        let spec = shop();
        let listed: Vec<(&str, &str)> = spec
            .operations()
            .iter()
            .map(|op| (op.path, op.method))
            .collect();
        assert_eq!(
            listed,
            [
                ("/products/{id}", "get"),
                ("/products/{id}", "patch"),
                ("/products", "get"),
                ("/course_lessons/{lesson_id}", "get"),
            ]
        );
        // Methods go in the order of `METHODS`, whatever order the path item lists them in.
        let spec = Spec::parse(
            "paths:\n  /a:\n    delete: {operationId: d}\n    parameters: []\n    get: {operationId: g}\n    post: {operationId: p}\n",
        )
        .expect("parses");
        let ids: Vec<&str> = spec
            .operations()
            .iter()
            .filter_map(|op| op.node.str_at("operationId"))
            .collect();
        assert_eq!(ids, ["g", "p", "d"]);
    }

    #[test]
    fn refs_resolve_through_components() {
        let spec = shop();
        let operations = spec.operations();
        // A parameter that is a `$ref` to `components/parameters`.
        let parameters: Vec<(&str, &str)> = spec
            .parameters(operations[0].node)
            .map(|p| (p.str_at("name").unwrap_or(""), p.str_at("in").unwrap_or("")))
            .collect();
        assert_eq!(parameters, [("id", "path")]);
        // A body that is a `$ref` to `components/requestBodies`, whose schema is a `$ref` too.
        let body = spec
            .body_schema(operations[1].node)
            .expect("updateProduct has a body");
        let members: Vec<&str> = body
            .at(&["properties"])
            .entries()
            .map(|(name, _)| name)
            .collect();
        assert_eq!(
            members,
            ["title", "visibility", "price", "mode", "store_page"]
        );
        assert!(spec.body_schema(operations[0].node).is_none());
        // A `$ref` to a `$ref` is followed to the end; a node without one is itself.
        let spec = Spec::parse(
            "components:\n  schemas:\n    A: {$ref: \"#/components/schemas/B\"}\n    B: {type: integer}\n",
        )
        .expect("parses");
        let node = yaml("$ref: \"#/components/schemas/A\"");
        assert_eq!(spec.resolve(&node).str_at("type"), Some("integer"));
        let plain = yaml("type: string");
        assert!(std::ptr::eq(spec.resolve(&plain), &plain));
    }

    #[test]
    #[should_panic(expected = "unresolvable $ref #/components/schemas/Missing")]
    fn an_unresolvable_ref_is_named() {
        let spec = Spec::parse("components: {schemas: {}}").expect("parses");
        spec.resolve(&yaml("$ref: \"#/components/schemas/Missing\""));
    }

    #[test]
    fn tags_webhooks_and_components_keep_the_spec_order() {
        let spec = shop();
        let tags: Vec<&str> = spec.tags().iter().map(|(name, _)| *name).collect();
        assert_eq!(tags, ["Products", "Course lessons"]);
        let events: Vec<&str> = spec.webhooks().iter().map(|hook| hook.event).collect();
        assert_eq!(events, ["product.created", "product.deleted"]);
        let components: Vec<&str> = spec.components().map(|(name, _)| name).collect();
        assert_eq!(
            components,
            ["UpdateProductInput", "Visibilities", "Product"]
        );
    }

    #[test]
    fn type_of_reads_one_type_and_null() {
        let cases = [
            ("type: string", (Some("string"), false)),
            ("type: [string, \"null\"]", (Some("string"), true)),
            ("type: [\"null\", integer]", (Some("integer"), true)),
            ("type: \"null\"", (None, true)),
            ("type: [string, integer]", (None, false)),
            ("description: any value", (None, false)),
        ];
        for (text, (base, nullable)) in cases {
            let (got, got_nullable) = type_of(&yaml(text));
            assert_eq!(
                (got.as_deref(), got_nullable),
                (base, nullable),
                "type_of({text})"
            );
        }
        assert!(is_null_schema(&yaml("type: \"null\"")));
        assert!(!is_null_schema(&yaml("type: [string, \"null\"]")));
    }

    #[test]
    fn scalars_become_text() {
        assert_eq!(scalar_text(&yaml("prod_1")), Some("prod_1".to_owned()));
        assert_eq!(scalar_text(&yaml("12")), Some("12".to_owned()));
        assert_eq!(scalar_text(&yaml("true")), Some("true".to_owned()));
        assert_eq!(scalar_text(&yaml("[1]")), None);
    }
}
