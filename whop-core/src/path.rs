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

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(value: &str) -> Result<String, Error> {
        let mut out = String::new();
        push_segment(&mut out, "id", value).map(|()| out)
    }

    fn message(err: Error) -> String {
        match err {
            Error::InvalidRequest {
                call: None,
                message,
            } => message,
            other => panic!("expected an InvalidRequest naming no call, got {other:?}"),
        }
    }

    #[test]
    fn unreserved_characters_pass_and_everything_else_is_escaped() {
        assert_eq!(segment("prod_AbC-1.2~x").unwrap(), "prod_AbC-1.2~x");
        assert_eq!(segment("a/b").unwrap(), "a%2Fb");
        assert_eq!(segment("a?b#c").unwrap(), "a%3Fb%23c");
        assert_eq!(segment("50% off").unwrap(), "50%25%20off");
        assert_eq!(segment("a+b&c=d").unwrap(), "a%2Bb%26c%3Dd");
        assert_eq!(segment("[x]").unwrap(), "%5Bx%5D");
        assert_eq!(segment("é").unwrap(), "%C3%A9");
        assert_eq!(segment("\n").unwrap(), "%0A");
    }

    #[test]
    fn encoded_dots_cannot_become_dot_segments() {
        // `%2E%2E` in a value is sent as `%252E%252E`: a server decoding once sees `%2E%2E`.
        assert_eq!(segment("%2E%2E").unwrap(), "%252E%252E");
        assert_eq!(segment("%2e").unwrap(), "%252e");
        // Dots among other characters are an ordinary name.
        assert_eq!(segment("...").unwrap(), "...");
        assert_eq!(segment(".hidden").unwrap(), ".hidden");
        assert_eq!(segment("a..b").unwrap(), "a..b");
    }

    #[test]
    fn empty_dot_and_dot_dot_are_refused() {
        assert_eq!(
            message(segment("").unwrap_err()),
            "path parameter `id` is empty"
        );
        for dots in [".", ".."] {
            let text = message(segment(dots).unwrap_err());
            assert!(text.contains("would name another resource"), "{text}");
            assert!(text.contains(&format!("{dots:?}")), "{text}");
        }
        // Nothing is written when a value is refused.
        let mut out = String::from("/x/");
        assert!(push_segment(&mut out, "id", "..").is_err());
        assert_eq!(out, "/x/");
    }

    fn fill(template: &str, values: &[&str]) -> Result<String, Error> {
        let values: Vec<String> = values.iter().map(|v| (*v).to_owned()).collect();
        let mut out = String::from("https://api.test/v1");
        fill_template(template, &values, &mut out).map(|()| out)
    }

    #[test]
    fn a_template_is_filled_in_placeholder_order() {
        assert_eq!(
            fill(
                "/companies/{company_id}/members/{id}",
                &["biz_1", "mem%2F2"]
            )
            .unwrap(),
            "https://api.test/v1/companies/biz_1/members/mem%2F2"
        );
        assert_eq!(
            fill("/products", &[]).unwrap(),
            "https://api.test/v1/products"
        );
        assert_eq!(
            fill("/{a}{b}", &["x", "y"]).unwrap(),
            "https://api.test/v1/xy"
        );
    }

    #[test]
    fn a_template_and_values_that_do_not_match_are_an_error() {
        let text = message(fill("/a/{id}/b/{other}", &["x"]).unwrap_err());
        assert!(text.contains("more placeholders than values"), "{text}");
        let text = message(fill("/a/{id}", &["x", "y"]).unwrap_err());
        assert!(text.contains("fewer placeholders than values"), "{text}");
        let text = message(fill("/a/{id", &["x"]).unwrap_err());
        assert!(text.contains("unclosed placeholder"), "{text}");
    }
}
