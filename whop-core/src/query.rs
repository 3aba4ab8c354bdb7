//! Query-string encoding: `form` style with `explode` for arrays, `deepObject` for objects.

use std::fmt::Write as _;

use percent_encoding::utf8_percent_encode;
use serde_json::Value;

use crate::path::UNRESERVED;

/// Appends `name=value` pairs for `value` to `query`: arrays repeat the key, objects use
/// bracketed keys, `null` adds nothing.
pub(crate) fn append(query: &mut String, name: &str, value: &Value) {
    match value {
        Value::Null => {}
        Value::Array(items) => {
            for item in items {
                append(query, name, item);
            }
        }
        Value::Object(members) => {
            for (key, member) in members {
                append(query, &format!("{name}[{key}]"), member);
            }
        }
        Value::String(text) => pair(query, name, text),
        Value::Bool(flag) => pair(query, name, if *flag { "true" } else { "false" }),
        Value::Number(number) => pair(query, name, &number.to_string()),
    }
}

/// Keys and values are encoded like path segments: everything but unreserved characters.
fn pair(query: &mut String, name: &str, value: &str) {
    if !query.is_empty() {
        query.push('&');
    }
    let _ = write!(
        query,
        "{}={}",
        utf8_percent_encode(name, UNRESERVED),
        utf8_percent_encode(value, UNRESERVED)
    );
}
