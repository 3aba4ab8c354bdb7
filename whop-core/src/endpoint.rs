//! The [`Endpoint`] trait and the HTTP [`Method`] enum.

use std::fmt;

use serde::de::DeserializeOwned;

use crate::{Error, RequestParts};

/// The HTTP methods the Whop API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`: read, never changes state.
    Get,
    /// `POST`: create or trigger an action.
    Post,
    /// `PUT`: replace.
    Put,
    /// `PATCH`: partial update.
    Patch,
    /// `DELETE`: remove.
    Delete,
}

impl Method {
    /// The method's name as sent on the wire, e.g. `"PATCH"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether repeating the request has the same effect as sending it once (RFC 9110 §9.2.2).
    /// `POST` is the only method here that is not.
    pub const fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One operation of the API: a request type that knows its method, path, scopes and response.
///
/// Implemented by the [`endpoint`](macro@crate::endpoint) attribute; writing it by hand is possible
/// but rarely needed. Generic code can use the consts, e.g. to list the scopes a set of calls needs.
pub trait Endpoint {
    /// The HTTP method.
    const METHOD: Method;
    /// The path template relative to the base URL, in OpenAPI form: `"/products/{id}"`.
    const PATH: &'static str;
    /// The API-key scopes (permissions) the operation requires.
    const SCOPES: &'static [&'static str];
    /// What a successful response decodes into.
    type Response: DeserializeOwned;

    /// Writes the path values (in template order), query parameters and JSON body of this request.
    fn write_request(&self, parts: &mut RequestParts) -> Result<(), Error>;

    /// The query parameters [`write_request`](Endpoint::write_request) may write, as
    /// `(wire name, required)` in declaration order. A parameter is required when it is always
    /// sent (its field is neither an `Option` nor a `Nullable`).
    ///
    /// Describes the request for tools and checks (see [`EndpointInfo`](crate::EndpointInfo));
    /// sending does not read it. Empty by default.
    const QUERY: &'static [(&'static str, bool)] = &[];

    /// Whether the request sends a JSON body (an empty object when no body field is set).
    /// Describes the request like [`QUERY`](Endpoint::QUERY); `false` by default.
    const HAS_BODY: bool = false;
}
