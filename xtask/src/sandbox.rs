//! The sandbox's copy of the spec: `whop-sandbox/src/model.json`.
//!
//! whop-sandbox answers like the API without reading the spec at run time, so it carries what it
//! needs as data: every operation (id, method, path template, scopes, parameters, body and
//! response schemas, what it does to which resource and which webhook events it sends), the
//! component schemas (without prose; `$ref`s shortened to the component's name), each resource's
//! schema and id prefix, and each webhook event's schema.
//!
//! The file is JSON with one entry per line, so a change of the spec shows as a readable diff.
//! Its first member, `generated`, names the SHA-256 of the spec it came from.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use crate::spec::Spec;

/// Where the model is written, from the workspace root.
const MODEL: [&str; 3] = ["whop-sandbox", "src", "model.json"];

/// Schema keywords the sandbox reads; everything else (prose, vendor extensions) is dropped.
const KEPT: [&str; 10] = [
    "type", "enum", "const", "required", "format", "example", "default", "minimum", "maximum",
    "nullable",
];

/// Writes the model, or with `check` fails when the committed one differs.
pub(crate) fn sync(root: &Path, spec: &Spec, check: bool) -> Result<(), String> {
    let path: PathBuf = MODEL
        .iter()
        .fold(root.to_path_buf(), |path, part| path.join(part));
    let text = render(spec)?;
    let current = std::fs::read_to_string(&path).ok();
    let shown = MODEL.join("/");
    if check {
        if current.as_deref() != Some(text.as_str()) {
            return Err(format!(
                "{shown} is out of date with the spec; run `cargo xtask codegen`"
            ));
        }
        println!("{shown} is up to date");
    } else if current.as_deref() != Some(text.as_str()) {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|err| format!("cannot create {}: {err}", dir.display()))?;
        }
        std::fs::write(&path, &text)
            .map_err(|err| format!("cannot write {}: {err}", path.display()))?;
        println!("generated {shown}");
    }
    Ok(())
}

/// One operation as the generator first reads it, before resources are known.
struct Raw {
    id: String,
    method: String,
    path: String,
    scopes: Vec<String>,
    params: Vec<Value>,
    body: Value,
    body_required: bool,
    response: Value,
}

/// The model file's text.
fn render(spec: &Spec) -> Result<String, String> {
    let schemas: BTreeMap<String, Value> = spec
        .components()
        .map(|(name, node)| Ok((name.to_owned(), compact(&json_of(node)?))))
        .collect::<Result<_, String>>()?;

    let mut raws = Vec::new();
    for op in spec.operations() {
        let node = json_of(op.node)?;
        let id = node["operationId"]
            .as_str()
            .ok_or(format!("{} {} has no operationId", op.method, op.path))?
            .to_owned();
        let mut scopes: Vec<String> = Vec::new();
        for requirement in node["security"].as_array().into_iter().flatten() {
            for scope in requirement["bearerAuth"].as_array().into_iter().flatten() {
                if let Some(scope) = scope.as_str().filter(|s| !scopes.iter().any(|k| k == s)) {
                    scopes.push(scope.to_owned());
                }
            }
        }
        let mut params = Vec::new();
        for parameter in node["parameters"].as_array().into_iter().flatten() {
            let parameter = json_of(spec.resolve(&yaml_of(parameter)?))?;
            let place = parameter["in"].as_str().unwrap_or_default();
            if place != "query" && place != "path" {
                continue;
            }
            params.push(json!({
                "name": parameter["name"],
                "in": place,
                "required": parameter["required"].as_bool().unwrap_or(place == "path"),
                "schema": compact(&parameter["schema"]),
            }));
        }
        let (body, body_required) = match node.get("requestBody") {
            Some(body) => {
                let body = json_of(spec.resolve(&yaml_of(body)?))?;
                (
                    compact(&body["content"]["application/json"]["schema"]),
                    body["required"].as_bool().unwrap_or(false),
                )
            }
            None => (Value::Null, false),
        };
        let response = node["responses"]
            .as_object()
            .and_then(|responses| {
                responses
                    .iter()
                    .find(|(status, _)| status.starts_with('2'))
                    .map(|(_, answer)| compact(&answer["content"]["application/json"]["schema"]))
            })
            .unwrap_or(Value::Null);
        raws.push(Raw {
            id,
            method: op.method.to_ascii_uppercase(),
            path: op.path.to_owned(),
            scopes,
            params,
            body,
            body_required,
            response,
        });
    }

    let webhooks: BTreeMap<String, Value> = spec
        .webhooks()
        .into_iter()
        .map(|hook| {
            let node = json_of(hook.node)?;
            Ok((
                hook.event.to_owned(),
                compact(&node["post"]["requestBody"]["content"]["application/json"]["schema"]),
            ))
        })
        .collect::<Result<_, String>>()?;

    let routes: BTreeSet<(String, String)> = raws
        .iter()
        .map(|raw| (raw.method.clone(), raw.path.clone()))
        .collect();
    // Resources: the collections that have item operations (`/things/{id}`) or are created.
    let mut resources: BTreeMap<String, Value> = BTreeMap::new();
    let mut kinds = Vec::new();
    for raw in &raws {
        let kind = kind(raw, &routes);
        if let Some(resource) = &kind.resource {
            let entry = resources.entry(resource.clone()).or_insert(Value::Null);
            // The item's own schema: what retrieving it answers, else what creating it does.
            let better = kind.kind == "retrieve" || (entry.is_null() && kind.kind != "list");
            if better && !raw.response.is_null() {
                *entry = raw.response.clone();
            }
        }
        kinds.push(kind);
    }
    // Resources seen only in lists: the list's item schema.
    for (raw, kind) in raws.iter().zip(&kinds) {
        if let (Some(resource), "list") = (&kind.resource, kind.kind) {
            let entry = resources.entry(resource.clone()).or_insert(Value::Null);
            if entry.is_null() {
                *entry = raw.response["properties"]["data"]["items"].clone();
            }
        }
    }
    // An action acts on the item named by the last `collection/{param}` pair of its path whose
    // collection is a resource (`/users/{id}/access/{resource_id}` acts on a user).
    for (raw, kind) in raws.iter().zip(kinds.iter_mut()) {
        if kind.kind == "action" {
            let segments: Vec<&str> = raw.path.trim_matches('/').split('/').collect();
            kind.target = segments
                .windows(2)
                .rev()
                .find(|pair| resources.contains_key(pair[0]) && pair[1].starts_with('{'))
                .map(|pair| {
                    (
                        pair[0].to_owned(),
                        pair[1].trim_matches(['{', '}']).to_owned(),
                    )
                });
        }
    }
    let resources: BTreeMap<String, Value> = resources
        .into_iter()
        .map(|(name, schema)| {
            let prefix = id_prefix(&name, &schema, &schemas, &raws);
            (name, json!({"prefix": prefix, "schema": schema}))
        })
        .collect();

    let mut out = String::from("{\n");
    let header = format!(
        "Generated by `cargo xtask codegen` from the Whop OpenAPI spec (SHA-256 {}). Do not edit.",
        spec.sha256
    );
    out.push_str(&format!("\"generated\": {},\n", Value::String(header)));
    out.push_str("\"operations\": [\n");
    for (n, (raw, kind)) in raws.iter().zip(&kinds).enumerate() {
        let events = events(raw, kind, &resources, &webhooks);
        let op = json!({
            "id": raw.id,
            "method": raw.method,
            "path": raw.path,
            "scopes": raw.scopes,
            "kind": kind.kind,
            "resource": kind.resource,
            "target": kind.target,
            "params": raw.params,
            "body": raw.body,
            "body_required": raw.body_required,
            "response": raw.response,
            "events": events,
        });
        let comma = if n + 1 < raws.len() { "," } else { "" };
        out.push_str(&format!("{op}{comma}\n"));
    }
    out.push_str("],\n");
    push_map(&mut out, "resources", &resources, ",");
    push_map(&mut out, "webhooks", &webhooks, ",");
    push_map(&mut out, "schemas", &schemas, "");
    out.push_str("}\n");
    Ok(out)
}

/// `"name": {` then one `"key": value` line per entry, then `}` and `end`.
fn push_map(out: &mut String, name: &str, map: &BTreeMap<String, Value>, end: &str) {
    out.push_str(&format!("\"{name}\": {{\n"));
    for (n, (key, value)) in map.iter().enumerate() {
        let comma = if n + 1 < map.len() { "," } else { "" };
        out.push_str(&format!("{}: {value}{comma}\n", Value::String(key.clone())));
    }
    out.push_str(&format!("}}{end}\n"));
}

fn json_of(node: &serde_yaml_ng::Value) -> Result<Value, String> {
    serde_json::to_value(node).map_err(|err| format!("the spec does not convert to JSON: {err}"))
}

fn yaml_of(node: &Value) -> Result<serde_yaml_ng::Value, String> {
    serde_yaml_ng::to_value(node).map_err(|err| format!("cannot convert back to YAML: {err}"))
}

/// A schema with only the keywords the sandbox reads, `$ref`s shortened to the component name.
fn compact(schema: &Value) -> Value {
    let Some(object) = schema.as_object() else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (key, value) in object {
        match key.as_str() {
            "$ref" => {
                let name = value.as_str().unwrap_or_default();
                let name = name.rsplit('/').next().unwrap_or(name);
                out.insert(key.clone(), Value::String(name.to_owned()));
            }
            "properties" => {
                let properties = value
                    .as_object()
                    .map(|members| {
                        members
                            .iter()
                            .map(|(name, schema)| (name.clone(), compact(schema)))
                            .collect()
                    })
                    .unwrap_or_default();
                out.insert(key.clone(), Value::Object(properties));
            }
            "items" | "additionalProperties" => {
                out.insert(key.clone(), compact(value));
            }
            "anyOf" | "oneOf" | "allOf" => {
                let variants = value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(compact)
                    .collect();
                out.insert(key.clone(), Value::Array(variants));
            }
            kept if KEPT.contains(&kept) => {
                out.insert(key.clone(), value.clone());
            }
            _ => {}
        }
    }
    Value::Object(out)
}

/// What an operation does, to which collection.
struct Kind {
    /// `list`, `create`, `retrieve`, `update`, `delete` or `action`.
    kind: &'static str,
    /// The collection listed, created in, or holding the item (`products`).
    resource: Option<String>,
    /// For an action: the collection and the path parameter naming the item it acts on (set once
    /// the resources are known).
    target: Option<(String, String)>,
}

fn kind(raw: &Raw, routes: &BTreeSet<(String, String)>) -> Kind {
    let segments: Vec<&str> = raw.path.trim_matches('/').split('/').collect();
    let is_param = |segment: &str| segment.starts_with('{');
    let last = segments.last().copied().unwrap_or_default();
    let paginated = raw.response["properties"]
        .get("page_info")
        .is_some_and(|_| raw.response["properties"].get("data").is_some());
    let has_params = segments.iter().any(|segment| is_param(segment));
    if is_param(last) && segments.len() >= 2 && !is_param(segments[segments.len() - 2]) {
        let resource = segments[segments.len() - 2].to_owned();
        let kind = match raw.method.as_str() {
            "GET" => Some("retrieve"),
            "PATCH" | "PUT" => Some("update"),
            "DELETE" => Some("delete"),
            _ => None,
        };
        // An item path under a collection that is not one (`/users/{id}/access/{resource_id}`)
        // is an action on the parent.
        if let Some(kind) = kind.filter(|_| {
            segments.len() == 2
                || (routes.contains(&("GET".to_owned(), raw.path.clone()))
                    && routes
                        .iter()
                        .any(|(_, path)| path.ends_with(&format!("/{resource}"))))
        }) {
            return Kind {
                kind,
                resource: Some(resource),
                target: None,
            };
        }
    }
    if !is_param(last) {
        let collection_path = raw.path.clone();
        let listed = routes.contains(&("GET".to_owned(), collection_path));
        if raw.method == "GET" && paginated {
            return Kind {
                kind: "list",
                resource: Some(last.to_owned()),
                target: None,
            };
        }
        if raw.method == "POST" && (!has_params || listed) {
            return Kind {
                kind: "create",
                resource: Some(last.to_owned()),
                target: None,
            };
        }
    }
    Kind {
        kind: "action",
        resource: None,
        target: None,
    }
}

/// The id prefix of a collection's items (`prod_`), from the example of the schema's `id`, else
/// from an example of an `id` parameter, else made from the collection's name.
fn id_prefix(
    name: &str,
    schema: &Value,
    schemas: &BTreeMap<String, Value>,
    raws: &[Raw],
) -> String {
    let resolved = resolve(schema, schemas);
    let from_schema = resolved["properties"]["id"]["example"].as_str();
    let item_path = format!("/{name}/{{id}}");
    let from_param = raws
        .iter()
        .filter(|raw| raw.path == item_path)
        .flat_map(|raw| &raw.params)
        .find(|param| param["name"] == "id")
        .and_then(|param| param["schema"]["example"].as_str());
    match from_schema.or(from_param).and_then(|id| id.split_once('_')) {
        Some((prefix, _)) => format!("{prefix}_"),
        None => {
            let singular = name.strip_suffix('s').unwrap_or(name).replace('_', "");
            format!("{}_", &singular[..singular.len().min(5)])
        }
    }
}

fn resolve<'a>(mut schema: &'a Value, schemas: &'a BTreeMap<String, Value>) -> &'a Value {
    while let Some(name) = schema["$ref"].as_str() {
        match schemas.get(name) {
            Some(target) => schema = target,
            None => break,
        }
    }
    schema
}

/// The webhook events an operation sends: for an event `thing.suffix` whose data is the schema
/// of the operation's collection, a create sends `.created`, an update `.updated`, a delete
/// `.deleted`, and an action the event its verb names (`voidInvoice` sends `invoice.voided`,
/// `approveEntry` `entry.approved`, `cancelMembership` `membership.cancel_at_period_end_changed`).
fn events(
    raw: &Raw,
    kind: &Kind,
    resources: &BTreeMap<String, Value>,
    webhooks: &BTreeMap<String, Value>,
) -> Vec<String> {
    let resource = kind
        .resource
        .as_deref()
        .or(kind.target.as_ref().map(|(resource, _)| resource.as_str()));
    let Some(schema_name) = resource
        .and_then(|resource| resources.get(resource))
        .and_then(|entry| entry["schema"]["$ref"].as_str())
    else {
        return Vec::new();
    };
    let op_snake = snake(&raw.id);
    let verb = op_snake
        .strip_suffix(&format!("_{}", snake(schema_name)))
        .unwrap_or(&op_snake)
        .to_owned();
    let mut out = Vec::new();
    for (event, schema) in webhooks {
        if schema["properties"]["data"]["$ref"].as_str() != Some(schema_name) {
            continue;
        }
        let Some((_, suffix)) = event.split_once('.') else {
            continue;
        };
        let matches = match kind.kind {
            "create" => suffix == "created",
            "update" => suffix == "updated",
            "delete" => suffix == "deleted",
            "action" => {
                let base = verb.strip_prefix("mark_").unwrap_or(&verb);
                let candidates = [
                    format!("{verb}ed"),
                    format!("{verb}d"),
                    base.to_owned(),
                    format!("marked_{base}"),
                    format!("{}ied", verb.strip_suffix('y').unwrap_or("-")),
                ];
                candidates.iter().any(|candidate| candidate == suffix)
                    || suffix.ends_with("_changed")
                        && suffix.contains(verb.strip_prefix("un").unwrap_or(&verb))
            }
            _ => false,
        };
        if matches {
            out.push(event.clone());
        }
    }
    out
}

/// `markPaidInvoice` → `mark_paid_invoice`.
fn snake(name: &str) -> String {
    let mut out = String::new();
    for (n, ch) in name.chars().enumerate() {
        if ch.is_ascii_uppercase() {
            if n > 0 {
                out.push('_');
            }
            out.push(ch.to_ascii_lowercase());
        } else {
            out.push(ch);
        }
    }
    out
}

#[cfg(test)]
mod sandbox_model_tests {
    use super::*;

    #[test]
    fn compact_keeps_member_names_that_look_like_keywords() {
        let schema = json!({
            "type": "object",
            "description": "prose",
            "properties": {"description": {"type": "string", "description": "x"}},
            "items": {"$ref": "#/components/schemas/Product"},
        });
        assert_eq!(
            compact(&schema),
            json!({
                "type": "object",
                "properties": {"description": {"type": "string"}},
                "items": {"$ref": "Product"},
            })
        );
    }

    #[test]
    fn the_model_is_deterministic_and_classifies_operations() {
        let root = crate::workspace_root();
        let spec = Spec::load(&crate::spec_path(&root)).expect("the spec loads");
        let text = render(&spec).expect("the model renders");
        assert_eq!(text, render(&spec).unwrap(), "two renderings differ");
        let model: Value = serde_json::from_str(&text).expect("the model is JSON");
        let operations = model["operations"].as_array().unwrap();
        assert_eq!(operations.len(), 220);
        let op = |id: &str| {
            operations
                .iter()
                .find(|op| op["id"] == id)
                .unwrap_or_else(|| panic!("{id}"))
                .clone()
        };
        let shape = |id: &str| {
            let op = op(id);
            (
                op["kind"].clone(),
                op["resource"].clone(),
                op["target"].clone(),
            )
        };
        assert_eq!(
            shape("listProduct"),
            (json!("list"), json!("products"), json!(null))
        );
        assert_eq!(
            shape("createProduct"),
            (json!("create"), json!("products"), json!(null))
        );
        assert_eq!(
            shape("retrieveOverrideAffiliate"),
            (json!("retrieve"), json!("overrides"), json!(null))
        );
        assert_eq!(
            shape("checkAccess"),
            (json!("action"), json!(null), json!(["users", "id"]))
        );
        assert_eq!(
            shape("cancelMembership"),
            (json!("action"), json!(null), json!(["memberships", "id"]))
        );
        assert_eq!(op("voidInvoice")["events"], json!(["invoice.voided"]));
        assert_eq!(op("createPayment")["events"], json!(["payment.created"]));
        assert_eq!(op("retrievePayment")["events"], json!([]));
        assert_eq!(
            op("updateProduct")["scopes"],
            json!(["access_pass:update", "access_pass:basic:read"])
        );
        assert_eq!(model["resources"]["products"]["prefix"], "prod_");
        assert_eq!(
            model["resources"]["memberships"]["schema"],
            json!({"$ref": "Membership"})
        );
        assert!(model["webhooks"]["payment.succeeded"].is_object());
        assert!(model["schemas"]["Product"]["properties"].is_object());
    }

    #[test]
    fn snake_splits_on_capitals() {
        assert_eq!(snake("markPaidInvoice"), "mark_paid_invoice");
        assert_eq!(snake("PromoCode"), "promo_code");
    }
}
