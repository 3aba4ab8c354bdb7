//! What a request looks like on the wire, seen by a loopback server that echoes it back, compared
//! with the form the cases expect from the spec. Prism cannot see this part: the spec's objects
//! allow members it does not declare, so a body member or query parameter sent under the wrong
//! name would pass there unnoticed.

use percent_encoding::percent_decode_str;
use serde_json::{Value, json};
use whop_tests::{Reply, TestServer};

/// A loopback server that answers every request with `{"target", "body"}` of that request.
pub(crate) fn echo_server() -> TestServer {
    TestServer::start(|request| {
        let body = if request.body.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&request.body).unwrap_or_else(|_| {
                Value::String(String::from_utf8_lossy(&request.body).into_owned())
            })
        };
        Reply::json(200, &json!({ "target": request.target, "body": body }))
    })
}

/// The differences between the echoed request and the `expected` form
/// (`{"path", "query": [[name, value]], "body"}`); empty when they match.
pub(crate) fn differences(echoed: &Value, expected: &str) -> Vec<String> {
    let expected: Value = match serde_json::from_str(expected) {
        Ok(expected) => expected,
        Err(err) => return vec![format!("the expected form does not parse: {err}")],
    };
    let target = echoed["target"].as_str().unwrap_or_default();
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut out = Vec::new();

    let path = decode(path);
    if path != expected["path"].as_str().unwrap_or_default() {
        out.push(format!("path {path:?}, expected {}", expected["path"]));
    }

    let mut sent: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
        .collect();
    let mut wanted: Vec<(String, String)> = expected["query"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|pair| (text(&pair[0]), text(&pair[1])))
        .collect();
    sent.sort();
    wanted.sort();
    if sent != wanted {
        out.push(format!("query {sent:?}, expected {wanted:?}"));
    }

    let mut body = Vec::new();
    compare(&echoed["body"], &expected["body"], "body", &mut body);
    out.extend(body);
    out
}

/// The places where `sent` and `wanted` differ; numbers compare by value (`1` and `1.0`).
fn compare(sent: &Value, wanted: &Value, path: &str, out: &mut Vec<String>) {
    match (sent, wanted) {
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (a, b)) in a.iter().zip(b).enumerate() {
                compare(a, b, &format!("{path}[{i}]"), out);
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            for (name, value) in b {
                match a.get(name) {
                    Some(sent) => compare(sent, value, &format!("{path}.{name}"), out),
                    None => out.push(format!("{path}.{name} is missing, expected {value}")),
                }
            }
            for name in a.keys().filter(|name| !b.contains_key(*name)) {
                out.push(format!("{path}.{name} = {} was not expected", a[name]));
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(format!("{path} = {a}, expected {b}")),
    }
}

fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}
