//! What the sandbox knows of the API, read from `model.json` (generated from the spec by
//! `cargo xtask codegen`).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::Value;

/// The generated model, parsed once per process.
pub(crate) fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let mut model: Model = serde_json::from_str(include_str!("model.json"))
            .unwrap_or_else(|err| panic!("whop-sandbox's model.json does not parse: {err}"));
        for op in &mut model.operations {
            op.segments = op
                .path
                .trim_matches('/')
                .split('/')
                .map(|segment| match segment.strip_prefix('{') {
                    Some(name) => Segment::Param(name.trim_end_matches('}').to_owned()),
                    None => Segment::Literal(segment.to_owned()),
                })
                .collect();
        }
        model
    })
}

/// The API as the spec describes it.
#[derive(Debug, Deserialize)]
pub(crate) struct Model {
    pub(crate) operations: Vec<Operation>,
    pub(crate) resources: HashMap<String, Resource>,
    pub(crate) webhooks: HashMap<String, Value>,
    pub(crate) schemas: HashMap<String, Value>,
}

/// One operation.
#[derive(Debug, Deserialize)]
pub(crate) struct Operation {
    pub(crate) id: String,
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) kind: Kind,
    /// The collection listed, created in or holding the item.
    pub(crate) resource: Option<String>,
    /// For an action: the collection and the path parameter of the item it acts on.
    pub(crate) target: Option<(String, String)>,
    pub(crate) params: Vec<Param>,
    pub(crate) body: Value,
    pub(crate) body_required: bool,
    pub(crate) response: Value,
    /// Webhook events the operation sends.
    pub(crate) events: Vec<String>,
    #[serde(skip)]
    pub(crate) segments: Vec<Segment>,
}

/// What an operation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Kind {
    List,
    Create,
    Retrieve,
    Update,
    Delete,
    Action,
}

/// A query or path parameter.
#[derive(Debug, Deserialize)]
pub(crate) struct Param {
    pub(crate) name: String,
    #[serde(rename = "in")]
    pub(crate) location: String,
    pub(crate) required: bool,
    pub(crate) schema: Value,
}

/// A matched operation, its path parameters, and how many literal segments matched.
type Route<'a> = (&'a Operation, Vec<(String, String)>, usize);

/// A part of a path template.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Segment {
    Literal(String),
    Param(String),
}

/// A collection of objects.
#[derive(Debug, Deserialize)]
pub(crate) struct Resource {
    /// The prefix of its ids, e.g. `prod_`.
    pub(crate) prefix: String,
    /// The schema of one object.
    pub(crate) schema: Value,
}

impl Model {
    /// Follows `$ref`s to a schema that is not one.
    pub(crate) fn resolve<'a>(&'a self, mut schema: &'a Value) -> &'a Value {
        for _ in 0..32 {
            match schema.get("$ref").and_then(Value::as_str) {
                Some(name) => match self.schemas.get(name) {
                    Some(target) => schema = target,
                    None => break,
                },
                None => break,
            }
        }
        schema
    }

    /// The operation with this id, as the spec names it (`updateProduct`) or as the client's
    /// request type does (`UpdateProduct`).
    pub(crate) fn operation(&self, id: &str) -> Option<&Operation> {
        self.operations.iter().find(|op| {
            op.id == id || {
                let mut chars = op.id.chars();
                chars.next().is_some_and(|first| {
                    id.starts_with(first.to_ascii_uppercase()) && id[1..] == *chars.as_str()
                })
            }
        })
    }

    /// The operation answering `method` on `segments` (the path below `/api/v1`, split), with
    /// its path parameters, decoded.
    pub(crate) fn route<'a>(
        &'a self,
        method: &str,
        segments: &[String],
    ) -> Option<(&'a Operation, Vec<(String, String)>)> {
        // A literal segment beats a parameter: `/stats/raw` is not `/stats/{id}`.
        let mut best: Option<Route<'a>> = None;
        for op in self.operations.iter().filter(|op| op.method == method) {
            if op.segments.len() != segments.len() {
                continue;
            }
            let mut params = Vec::new();
            let mut literals = 0;
            let matched = op
                .segments
                .iter()
                .zip(segments)
                .all(|(pattern, actual)| match pattern {
                    Segment::Literal(text) => {
                        literals += 1;
                        text == actual
                    }
                    Segment::Param(name) => {
                        params.push((name.clone(), actual.clone()));
                        !actual.is_empty()
                    }
                });
            if matched && best.as_ref().is_none_or(|(_, _, most)| literals > *most) {
                best = Some((op, params, literals));
            }
        }
        best.map(|(op, params, _)| (op, params))
    }
}
