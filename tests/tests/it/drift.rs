//! Drift between the OpenAPI spec and the compiled API surface.
//!
//! For every operation of the spec there must be a declaration with the same operation id, method,
//! path, scopes, path parameters, query parameters (name and required-ness) and body presence, and
//! nothing may be declared that the spec lacks. The declared side is `whop_endpoints::ENDPOINTS`:
//! apart from the operation id and the tag, which name the entry, everything in it comes from the
//! request type's `Endpoint` impl (path parameters from the placeholders of its `PATH`), so a
//! changed field of a request type shows up here.

use std::collections::BTreeMap;

use serde_json::Value;
use whop_core::EndpointInfo;
use whop_endpoints::ENDPOINTS;
use whop_tests::spec::Spec;

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
            path_params: info.path_params().map(str::to_owned).collect(),
            query: info
                .query
                .iter()
                .map(|(name, required)| ((*name).to_owned(), *required))
                .collect(),
            has_body: info.has_body,
        }
    }

    /// What differs from `spec`, one `part: declared …, the spec says …` per differing part.
    fn differences(&self, spec: &Surface) -> Vec<String> {
        let mut out = Vec::new();
        let mut compare = |part: &str, declared: String, expected: String| {
            if declared != expected {
                out.push(format!(
                    "{part}: declared {declared}, the spec says {expected}"
                ));
            }
        };
        compare("method", self.method.clone(), spec.method.clone());
        compare("path", self.path.clone(), spec.path.clone());
        compare("tag", self.tag.clone(), spec.tag.clone());
        compare(
            "scopes",
            format!("{:?}", self.scopes),
            format!("{:?}", spec.scopes),
        );
        compare(
            "path parameters",
            format!("{:?}", self.path_params),
            format!("{:?}", spec.path_params),
        );
        compare("body", self.has_body.to_string(), spec.has_body.to_string());
        out.extend(query_differences(&self.query, &spec.query));
        out
    }
}

/// The query parameters that differ, each named: missing, extra, required-ness, then order.
fn query_differences(declared: &[(String, bool)], spec: &[(String, bool)]) -> Vec<String> {
    let required = |yes: bool| if yes { "required" } else { "optional" };
    let find = |list: &[(String, bool)], name: &str| {
        list.iter()
            .find(|(other, _)| other == name)
            .map(|(_, required)| *required)
    };
    let mut out = Vec::new();
    for (name, spec_required) in spec {
        match find(declared, name) {
            None => out.push(format!("query `{name}`: in the spec, not declared")),
            Some(declared_required) if declared_required != *spec_required => out.push(format!(
                "query `{name}`: declared {}, the spec says {}",
                required(declared_required),
                required(*spec_required)
            )),
            Some(_) => {}
        }
    }
    for (name, _) in declared {
        if find(spec, name).is_none() {
            out.push(format!("query `{name}`: declared, not in the spec"));
        }
    }
    let names = |list: &[(String, bool)]| {
        list.iter()
            .map(|(name, _)| name.clone())
            .collect::<Vec<_>>()
    };
    if out.is_empty() && declared != spec {
        out.push(format!(
            "query order: declared {:?}, the spec says {:?}",
            names(declared),
            names(spec)
        ));
    }
    out
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

/// Every operation of the spec by operation id.
fn spec_operations() -> BTreeMap<String, Surface> {
    let spec = Spec::load();
    let mut out = BTreeMap::new();
    for (template, item) in spec.root()["paths"].as_object().expect("paths") {
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
                .flat_map(|list| list.as_array().into_iter().flatten())
                .map(|parameter| spec.resolve(parameter))
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
                .and_then(Value::as_array)
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

#[test]
fn declared_surface_matches_the_spec() {
    let spec = spec_operations();
    let mut problems: Vec<String> = Vec::new();
    let mut declared: BTreeMap<&str, &EndpointInfo> = BTreeMap::new();
    for info in ENDPOINTS {
        if declared.insert(info.operation_id, info).is_some() {
            problems.push(format!("{} is declared twice", info.operation_id));
        }
    }
    if ENDPOINTS.len() != spec.len() {
        problems.push(format!(
            "{} entries in ENDPOINTS for {} operations in the spec",
            ENDPOINTS.len(),
            spec.len()
        ));
    }

    let mut matching = 0;
    for (id, expected) in &spec {
        let Some(info) = declared.get(id.as_str()) else {
            problems.push(format!("{id}: in the spec, not declared"));
            continue;
        };
        let differences = Surface::declared(info).differences(expected);
        if differences.is_empty() {
            matching += 1;
        } else {
            problems.push(format!("{id}: {}", differences.join("; ")));
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

/// A drift in the declarations is caught, and named: the comparison itself is not vacuous.
#[test]
fn a_changed_declaration_is_a_mismatch() {
    let spec = spec_operations();
    let info = ENDPOINTS
        .iter()
        .find(|info| info.operation_id == "listProduct")
        .expect("listProduct");
    let expected = &spec["listProduct"];
    assert_eq!(
        Surface::declared(info).differences(expected),
        Vec::<String>::new()
    );

    let mut changed = Surface::declared(info);
    changed.scopes.pop();
    assert_eq!(changed.differences(expected).len(), 1);
    assert!(changed.differences(expected)[0].starts_with("scopes: "));

    let mut changed = Surface::declared(info);
    changed.query[0].1 = !changed.query[0].1;
    assert_eq!(
        changed.differences(expected),
        ["query `after`: declared required, the spec says optional"]
    );
    changed.query.remove(1);
    assert_eq!(changed.differences(expected).len(), 2);

    let mut changed = Surface::declared(info);
    changed.has_body = true;
    assert_eq!(
        changed.differences(expected),
        ["body: declared true, the spec says false"]
    );
}
