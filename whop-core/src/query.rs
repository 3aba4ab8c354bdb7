//! Query-string encoding as Whop's official SDKs send it: arrays as `name[]=a&name[]=b`, objects
//! as `name[key]=value`.
//!
//! The spec declares arrays in the `form` style (`name=a&name=b`), but all three official SDKs,
//! which Whop configures for its live API, use brackets; a Rails-style server reads repeated plain
//! keys as one value (the last), which would narrow a filter in silence.

use std::fmt::Write as _;

use percent_encoding::utf8_percent_encode;
use serde_json::Value;

use crate::path::UNRESERVED;

/// Appends `name=value` pairs for `value` to `query`: arrays add `[]` to the key for each item,
/// objects use bracketed keys; `null`, an empty string and an empty array add nothing.
pub(crate) fn append(query: &mut String, name: &str, value: &Value) {
    match value {
        Value::Null => {}
        Value::String(text) if text.is_empty() => {}
        Value::Array(items) => {
            let key = format!("{name}[]");
            for item in items {
                append(query, &key, item);
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

/// Keys and values are encoded like path segments: everything but unreserved characters (so the
/// brackets go out as `%5B` and `%5D`, as the SDKs send them).
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn encode(name: &str, value: Value) -> String {
        let mut query = String::new();
        append(&mut query, name, &value);
        query
    }

    #[test]
    fn arrays_use_brackets_and_objects_bracketed_keys() {
        assert_eq!(
            encode("statuses", json!(["past_due"])),
            "statuses%5B%5D=past_due"
        );
        assert_eq!(
            encode("statuses", json!(["past_due", "canceled"])),
            "statuses%5B%5D=past_due&statuses%5B%5D=canceled"
        );
        assert_eq!(encode("statuses", json!([])), "");
        assert_eq!(
            encode("filter", json!({"kind": "a b"})),
            "filter%5Bkind%5D=a%20b"
        );
        assert_eq!(encode("first", json!(10)), "first=10");
        assert_eq!(encode("direct", json!(true)), "direct=true");
    }

    #[test]
    fn null_and_empty_strings_are_left_out() {
        assert_eq!(encode("after", json!(null)), "");
        assert_eq!(encode("after", json!("")), "");
        assert_eq!(encode("ids", json!(["", "a"])), "ids%5B%5D=a");
    }

    #[test]
    fn nested_maps_and_arrays_in_maps_keep_every_bracket() {
        assert_eq!(
            encode("filters", json!({"plan": {"ids": ["p_1", "p_2"]}})),
            "filters%5Bplan%5D%5Bids%5D%5B%5D=p_1&filters%5Bplan%5D%5Bids%5D%5B%5D=p_2"
        );
        // An empty member goes out not at all.
        assert_eq!(
            encode(
                "m",
                json!({"a": "1", "b": "2", "c": "", "d": null, "e": []})
            ),
            "m%5Ba%5D=1&m%5Bb%5D=2"
        );
        assert_eq!(encode("m", json!({})), "");
    }

    #[test]
    fn keys_and_values_are_escaped_as_path_segments() {
        assert_eq!(
            encode("q", json!("a&b=c d/é?#%")),
            "q=a%26b%3Dc%20d%2F%C3%A9%3F%23%25"
        );
        assert_eq!(encode("a b", json!("x")), "a%20b=x");
        assert_eq!(encode("v", json!("-._~")), "v=-._~");
        // A `+` is data, not a space.
        assert_eq!(encode("v", json!("1+1")), "v=1%2B1");
    }

    #[test]
    fn numbers_and_booleans_are_written_as_json_writes_them() {
        assert_eq!(encode("n", json!(-3)), "n=-3");
        assert_eq!(encode("n", json!(2.5)), "n=2.5");
        assert_eq!(encode("n", json!(0)), "n=0");
        assert_eq!(encode("f", json!(false)), "f=false");
        assert_eq!(
            encode("ids", json!([1, true])),
            "ids%5B%5D=1&ids%5B%5D=true"
        );
    }

    #[test]
    fn parameters_are_joined_with_ampersands() {
        let mut query = String::new();
        append(&mut query, "first", &json!(10));
        append(&mut query, "after", &json!(null));
        append(&mut query, "ids", &json!(["a"]));
        append(&mut query, "before", &json!(""));
        append(&mut query, "direction", &json!("asc"));
        assert_eq!(query, "first=10&ids%5B%5D=a&direction=asc");
    }
}
