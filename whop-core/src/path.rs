//! Filling a path template such as `/products/{id}` with percent-encoded values.

use std::fmt::Write as _;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::Error;

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is encoded, so a
/// value can never add a segment (`/`), start a query (`?`) or fragment (`#`), or smuggle `%`.
pub(crate) const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Appends `value` to `out` as one encoded path segment.
///
/// An empty value would collapse the path, and `.` or `..` would be resolved as "this" or
/// "parent" segment by servers and proxies, even percent-encoded (`%2E%2E`): all three are
/// refused, as Whop's own SDKs refuse them. Every other value is encoded, so `%2E` in a value
/// goes out as `%252E` and cannot turn into a dot segment.
pub(crate) fn push_segment(out: &mut String, name: &str, value: &str) -> Result<(), Error> {
    if value.is_empty() {
        return Err(Error::invalid_request(format!(
            "path parameter `{name}` is empty"
        )));
    }
    if value == "." || value == ".." {
        return Err(Error::invalid_request(format!(
            "path parameter `{name}` is {value:?}, which would name another resource"
        )));
    }
    let _ = write!(out, "{}", utf8_percent_encode(value, UNRESERVED));
    Ok(())
}

/// Builds the path from a template and the already-encoded values, in placeholder order.
///
/// The macro checks at compile time that there is one value per placeholder; a hand-written
/// [`Endpoint`](crate::Endpoint) that gets it wrong gets an error, not a panic.
pub(crate) fn fill_template(
    template: &str,
    values: &[String],
    out: &mut String,
) -> Result<(), Error> {
    let mut values = values.iter();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').ok_or_else(|| {
            Error::invalid_request(format!(
                "unclosed placeholder in path template {template:?}"
            ))
        })?;
        let value = values.next().ok_or_else(|| {
            Error::invalid_request(format!(
                "path template {template:?} has more placeholders than values"
            ))
        })?;
        out.push_str(value);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    if values.next().is_some() {
        return Err(Error::invalid_request(format!(
            "path template {template:?} has fewer placeholders than values"
        )));
    }
    Ok(())
}
