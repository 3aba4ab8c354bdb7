//! [`RequestParts`]: what an [`Endpoint`](crate::Endpoint) writes, encoded for the wire (path
//! segments, query string, JSON body).

use std::fmt::{Display, Write as _};

use serde::Serialize;

use super::Presence;
use crate::{Error, path};

/// The variable parts of one request: path values, query string and JSON body.
///
/// [`Endpoint::write_request`](crate::Endpoint::write_request) fills it; the client then adds the
/// base URL, headers and method. Generated code calls one method per field.
#[derive(Debug, Default)]
pub struct RequestParts {
    path_values: Vec<String>,
    query: String,
    body: Option<Vec<u8>>,
}

impl RequestParts {
    /// Empty parts: no path values, no query, no body.
    pub fn new() -> RequestParts {
        RequestParts::default()
    }

    /// Adds the value of the next path placeholder (in template order), percent-encoded.
    ///
    /// An empty value is an [`Error::InvalidRequest`].
    pub fn path(&mut self, name: &str, value: &(impl Display + ?Sized)) -> Result<(), Error> {
        let mut text = String::new();
        let _ = write!(text, "{value}");
        let mut encoded = String::with_capacity(text.len());
        path::push_segment(&mut encoded, name, &text)?;
        self.path_values.push(encoded);
        Ok(())
    }

    /// Adds a query parameter. Arrays add `[]` to the key for each item (`a[]=1&a[]=2`, as Whop's
    /// SDKs send them), objects use bracketed keys (`filters[kind]=x`); `null`, an empty string and
    /// an empty array add nothing.
    pub fn query(&mut self, name: &str, value: &(impl Serialize + ?Sized)) -> Result<(), Error> {
        let value = serde_json::to_value(value).map_err(|err| {
            Error::invalid_request(format!(
                "query parameter `{name}` cannot be serialized: {err}"
            ))
        })?;
        crate::query::append(&mut self.query, name, &value);
        Ok(())
    }

    /// Adds a query parameter when it is present (`Some`, or a `Nullable` that is not `Unset`).
    pub fn query_if_present<T: Presence + Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error> {
        if value.is_present() {
            self.query(name, value)
        } else {
            Ok(())
        }
    }

    /// Adds a member to the JSON body object (creating the body on first use).
    pub fn body(&mut self, name: &str, value: &(impl Serialize + ?Sized)) -> Result<(), Error> {
        let body = self.body.get_or_insert_with(new_body);
        body.push(if body.is_empty() { b'{' } else { b',' });
        let written = serde_json::to_writer(&mut *body, name).and_then(|()| {
            body.push(b':');
            serde_json::to_writer(&mut *body, value)
        });
        written.map_err(|err| {
            Error::invalid_request(format!("body field `{name}` cannot be serialized: {err}"))
        })
    }

    /// Adds a member to the JSON body when it is present (`Some`, or a `Nullable` that is not
    /// `Unset`: `Null` is sent as `null`).
    pub fn body_if_present<T: Presence + Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error> {
        if value.is_present() {
            self.body(name, value)
        } else {
            Ok(())
        }
    }

    /// Adds every member of `value`, which must serialize as a JSON object, to the body: what a
    /// `#[serde(flatten)]` field sends, e.g. a body that is one of several shapes.
    pub fn body_flatten(
        &mut self,
        name: &str,
        value: &(impl Serialize + ?Sized),
    ) -> Result<(), Error> {
        let value = serde_json::to_value(value).map_err(|err| {
            Error::invalid_request(format!("body field `{name}` cannot be serialized: {err}"))
        })?;
        let serde_json::Value::Object(members) = value else {
            return Err(Error::invalid_request(format!(
                "the flattened body field `{name}` is not a JSON object"
            )));
        };
        self.ensure_body();
        for (member, value) in &members {
            self.body(member, value)?;
        }
        Ok(())
    }

    /// Declares that the request has a JSON body even if no member is present, so an update
    /// with nothing set sends `{}` rather than no body at all.
    pub fn ensure_body(&mut self) {
        self.body.get_or_insert_with(new_body);
    }

    /// The encoded path values, in the order they were added.
    pub fn path_values(&self) -> &[String] {
        &self.path_values
    }

    /// The encoded query string without the leading `?` (empty when there is none).
    pub fn query_string(&self) -> &str {
        &self.query
    }

    /// Finishes the body: the JSON text, or `None` when the request has no body.
    pub(crate) fn take_body(&mut self) -> Option<Vec<u8>> {
        self.body.take().map(|mut body| {
            if body.is_empty() {
                body.push(b'{');
            }
            body.push(b'}');
            body
        })
    }
}

/// An empty body buffer, sized so that a typical body is written without growing it. Generated
/// code calls `ensure_body` before the first member, so both must start from this.
fn new_body() -> Vec<u8> {
    Vec::with_capacity(256)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::Nullable;

    fn body_text(parts: &mut RequestParts) -> Option<String> {
        parts
            .take_body()
            .map(|bytes| String::from_utf8(bytes).unwrap())
    }

    #[test]
    fn path_values_are_encoded_segments_in_order() {
        let mut parts = RequestParts::new();
        parts.path("company_id", "biz 1").unwrap();
        parts.path("id", &42).unwrap();
        parts.path("name", "a/b").unwrap();
        assert_eq!(parts.path_values(), ["biz%201", "42", "a%2Fb"]);
        assert!(matches!(
            parts.path("id", ".."),
            Err(Error::InvalidRequest { .. })
        ));
        assert!(matches!(
            parts.path("id", ""),
            Err(Error::InvalidRequest { .. })
        ));
        assert_eq!(parts.path_values().len(), 3, "a refused value is not added");
    }

    #[test]
    fn query_parameters_leave_out_what_is_absent_or_empty() {
        let mut parts = RequestParts::new();
        parts.query_if_present("first", &Some(10)).unwrap();
        parts.query_if_present("after", &None::<String>).unwrap();
        parts
            .query_if_present("before", &Nullable::<String>::Unset)
            .unwrap();
        // A `null` has no query form: sent as nothing.
        parts
            .query_if_present("cursor", &Nullable::<String>::Null)
            .unwrap();
        parts.query("statuses", &["a", "b"]).unwrap();
        parts.query("empty", &Vec::<String>::new()).unwrap();
        parts.query("blank", "").unwrap();
        let map: BTreeMap<&str, &str> = [("kind", "x y")].into();
        parts.query("filter", &map).unwrap();
        assert_eq!(
            parts.query_string(),
            "first=10&statuses%5B%5D=a&statuses%5B%5D=b&filter%5Bkind%5D=x%20y"
        );
    }

    #[test]
    fn a_request_without_members_has_no_body_unless_it_asks_for_one() {
        let mut parts = RequestParts::new();
        parts.body_if_present("title", &None::<String>).unwrap();
        assert_eq!(body_text(&mut parts), None);

        let mut parts = RequestParts::new();
        parts.ensure_body();
        parts
            .body_if_present("title", &Nullable::<String>::Unset)
            .unwrap();
        assert_eq!(body_text(&mut parts).as_deref(), Some("{}"));
    }

    #[test]
    fn body_members_are_written_as_one_json_object() {
        let mut parts = RequestParts::new();
        parts.ensure_body();
        parts.body("title", "Say \"hi\"").unwrap();
        parts
            .body_if_present("headline", &Nullable::<String>::Null)
            .unwrap();
        parts.body_if_present("price", &Some(9.5)).unwrap();
        parts.body("tags", &["a", "b"]).unwrap();
        let text = body_text(&mut parts).unwrap();
        assert_eq!(
            text,
            r#"{"title":"Say \"hi\"","headline":null,"price":9.5,"tags":["a","b"]}"#
        );
        serde_json::from_str::<serde_json::Value>(&text).unwrap();
    }

    #[test]
    fn a_flattened_member_adds_its_members_and_must_be_an_object() {
        let mut parts = RequestParts::new();
        parts.body("id", "x").unwrap();
        parts
            .body_flatten("shape", &serde_json::json!({"kind": "a", "n": 1}))
            .unwrap();
        assert_eq!(
            body_text(&mut parts).as_deref(),
            Some(r#"{"id":"x","kind":"a","n":1}"#)
        );

        let mut parts = RequestParts::new();
        let err = parts.body_flatten("shape", &[1, 2]).unwrap_err();
        assert!(
            err.to_string()
                .contains("the flattened body field `shape` is not a JSON object"),
            "{err}"
        );
    }

    #[test]
    fn a_value_that_cannot_be_serialized_is_an_invalid_request() {
        // JSON object keys must be strings.
        let map: BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into();
        let mut parts = RequestParts::new();
        let err = parts.body("weights", &map).unwrap_err();
        assert!(
            err.to_string()
                .contains("body field `weights` cannot be serialized"),
            "{err}"
        );
        let err = parts.query("weights", &map).unwrap_err();
        assert!(
            err.to_string()
                .contains("query parameter `weights` cannot be serialized"),
            "{err}"
        );
    }
}
