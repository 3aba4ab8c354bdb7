//! Comparing a response as received with its decoded value encoded again.

use serde_json::Value;

/// The places (`data[0].title`) where `received` has a member or value that `again` does not.
///
/// A `null` member may be missing from `again` (an absent optional field is not encoded), and
/// numbers compare by value (`1` and `1.0` are the same).
pub(crate) fn lost(received: &Value, again: &Value) -> Vec<String> {
    let mut out = Vec::new();
    compare(received, again, "", &mut out);
    out
}

fn compare(received: &Value, again: &Value, path: &str, out: &mut Vec<String>) {
    match (received, again) {
        (Value::Object(received), Value::Object(again)) => {
            for (name, value) in received {
                let inner = if path.is_empty() {
                    name.clone()
                } else {
                    format!("{path}.{name}")
                };
                match again.get(name) {
                    Some(other) => compare(value, other, &inner, out),
                    None if value.is_null() => {}
                    None => out.push(format!("`{inner}`")),
                }
            }
        }
        (Value::Array(received), Value::Array(again)) if received.len() == again.len() => {
            for (i, (value, other)) in received.iter().zip(again).enumerate() {
                compare(value, other, &format!("{path}[{i}]"), out);
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (a, b) if a == b => {}
        (a, b) => out.push(format!(
            "`{}` ({a} became {b})",
            if path.is_empty() { "." } else { path }
        )),
    }
}
