//! Prism's verdict on a request: a `422` whose `sl-violations` header lists what breaks the spec.

use whop_core::Error;

/// The violations Prism reported for the request that ended in `err`, as one line of text; `None`
/// when the error is not such an answer.
pub(crate) fn of(err: &Error) -> Option<String> {
    let text = header(err)?;
    let Some(list) = parse(&text) else {
        // Not the JSON Prism writes: show it as it came.
        return Some(text);
    };
    let lines: Vec<String> = list
        .iter()
        .map(|violation| {
            let location = violation["location"]
                .as_array()
                .map(|parts| {
                    parts
                        .iter()
                        .filter_map(|part| part.as_str())
                        .collect::<Vec<_>>()
                        .join(".")
                })
                .unwrap_or_default();
            let message = violation["message"].as_str().unwrap_or("(no message)");
            format!("{message} [{location}]")
        })
        .collect();
    Some(lines.join("; "))
}

/// Whether `err` is Prism's report that the response it made up breaks the spec: every violation
/// is located in the response. Prism then answers 500 instead of the response. It happens where
/// the spec allows `null` in several branches of a `oneOf`, so a `null` matches more than one.
pub(crate) fn in_response(err: &Error) -> bool {
    let Some(list) = header(err).and_then(|text| parse(&text)) else {
        return false;
    };
    !list.is_empty()
        && list
            .iter()
            .all(|violation| violation["location"][0] == "response")
}

fn header(err: &Error) -> Option<String> {
    let header = err.as_api()?.headers.get("sl-violations")?;
    Some(String::from_utf8_lossy(header.as_bytes()).into_owned())
}

fn parse(text: &str) -> Option<Vec<serde_json::Value>> {
    match serde_json::from_str(text) {
        Ok(serde_json::Value::Array(list)) => Some(list),
        _ => None,
    }
}
