//! Drift between the OpenAPI spec and the compiled API surface.
//!
//! For every operation of the spec there must be a declaration with the same operation id, method,
//! path, scopes, path parameters, query parameters (name and required-ness) and body presence, and
//! nothing may be declared that the spec lacks. The declared side is `whop_endpoints::ENDPOINTS`,
//! whose method, path and scopes come from each request type's `Endpoint` impl.

use std::collections::BTreeMap;

use serde_yaml_ng::Value;
use whop_core::EndpointInfo;
use whop_endpoints::ENDPOINTS;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// An operation as the spec describes it, in the shape of an `EndpointInfo`.
#[derive(Debug, PartialEq)]
struct Surface {
    method: String,
    path: String,
    tag: String,
    scopes: Vec<String>,
    path_params: Vec<String>,
    query: Vec<(String, bool)>,
    has_body: bool,
}

impl Surface {
    fn declared(info: &EndpointInfo) -> Surface {
        Surface {
            method: info.method.as_str().to_owned(),
            path: info.path.to_owned(),
            tag: info.tag.to_owned(),
            scopes: info
                .scopes
                .iter()
                .map(|scope| (*scope).to_owned())
                .collect(),
            path_params: info
                .path_params
                .iter()
                .map(|name| (*name).to_owned())
                .collect(),
            query: info
                .query
                .iter()
                .map(|(name, required)| ((*name).to_owned(), *required))
                .collect(),
            has_body: info.has_body,
        }
    }
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_sequence()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

/// `$ref`s to `#/components/parameters/...` and the like, followed.
fn resolve<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    while let Some(target) = node.get("$ref").and_then(Value::as_str) {
        let mut next = root;
        for part in target.trim_start_matches("#/").split('/') {
            next = &next[part];
        }
        node = next;
    }
    node
}

/// Every operation of the spec by operation id.
fn spec_operations() -> BTreeMap<String, Surface> {
    let path = whop_tests::spec::openapi_path();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|err| {
        panic!(
            "cannot read the OpenAPI spec at {} ({err}); set WHOP_OPENAPI",
            path.display()
        )
    });
    let root: Value = serde_yaml_ng::from_str(&text).expect("the spec is YAML");
    let mut out = BTreeMap::new();
    for (template, item) in root["paths"].as_mapping().expect("paths") {
        let template = template.as_str().expect("a path");
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let id = operation["operationId"]
                .as_str()
                .expect("an operationId")
                .to_owned();
            let parameters: Vec<&Value> = item
                .get("parameters")
                .into_iter()
                .chain(operation.get("parameters"))
                .flat_map(|list| list.as_sequence().into_iter().flatten())
                .map(|parameter| resolve(&root, parameter))
                .collect();
            let named = |place: &'static str| {
                parameters
                    .iter()
                    .filter(move |parameter| parameter["in"].as_str() == Some(place))
                    .map(|parameter| {
                        (
                            parameter["name"].as_str().unwrap_or_default().to_owned(),
                            parameter["required"].as_bool().unwrap_or(false),
                        )
                    })
            };
            let scopes = operation
                .get("security")
                .and_then(Value::as_sequence)
                .into_iter()
                .flatten()
                .flat_map(|requirement| strings(&requirement["bearerAuth"]))
                .collect();
            let surface = Surface {
                method: method.to_ascii_uppercase(),
                path: template.to_owned(),
                tag: strings(&operation["tags"])
                    .first()
                    .cloned()
                    .unwrap_or_default(),
                scopes,
                path_params: named("path").map(|(name, _)| name).collect(),
                query: named("query").collect(),
                has_body: operation.get("requestBody").is_some(),
            };
            assert!(
                out.insert(id.clone(), surface).is_none(),
                "the spec has operation id {id} twice"
            );
        }
    }
    out
}

/// The placeholders of a path template, in order.
fn placeholders(template: &str) -> Vec<String> {
    template
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}'))
        .map(|(name, _)| name.to_owned())
        .collect()
}

#[test]
fn declared_surface_matches_the_spec() {
    let spec = spec_operations();
    let mut problems: Vec<String> = Vec::new();
    let mut declared: BTreeMap<&str, &EndpointInfo> = BTreeMap::new();
    for info in ENDPOINTS {
        if declared.insert(info.operation_id, info).is_some() {
            problems.push(format!("{} is declared twice", info.operation_id));
        }
        // The table's path parameters must be the placeholders of the compiled path.
        if placeholders(info.path) != info.path_params {
            problems.push(format!(
                "{}: path parameters {:?} do not match the template {}",
                info.operation_id, info.path_params, info.path
            ));
        }
    }

    let mut matching = 0;
    for (id, expected) in &spec {
        let Some(info) = declared.get(id.as_str()) else {
            problems.push(format!("{id}: in the spec, not declared"));
            continue;
        };
        let actual = Surface::declared(info);
        if actual == *expected {
            matching += 1;
        } else {
            problems.push(format!(
                "{id}: declared {actual:?}\n    the spec says {expected:?}"
            ));
        }
    }
    for id in declared.keys().filter(|id| !spec.contains_key(**id)) {
        problems.push(format!("{id}: declared, not in the spec"));
    }

    println!("surface: {matching}/{} operations match", spec.len());
    assert!(
        problems.is_empty(),
        "{} mismatches:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
    assert_eq!(matching, spec.len());
    assert!(!spec.is_empty(), "the spec has no operations");
}

/// A drift in the declarations is caught: the comparison itself is not vacuous.
#[test]
fn a_changed_declaration_is_a_mismatch() {
    let spec = spec_operations();
    let info = ENDPOINTS
        .iter()
        .find(|info| info.operation_id == "updateProduct")
        .expect("updateProduct");
    let mut changed = Surface::declared(info);
    assert_eq!(changed, spec["updateProduct"]);
    changed.scopes.pop();
    assert_ne!(changed, spec["updateProduct"]);
    let mut changed = Surface::declared(info);
    changed.has_body = false;
    assert_ne!(changed, spec["updateProduct"]);
}
