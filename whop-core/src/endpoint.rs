//! The [`Endpoint`] trait, and [`Call::of`], which names an endpoint's calls in errors.

use serde::de::DeserializeOwned;

use crate::{Call, Error, Method, RequestParts};

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

// Here rather than next to `Call` itself, which then depends on nothing: only this constructor
// needs the trait.
impl Call {
    /// The call of the request type `E`: its name (the type's name without module path or
    /// generic arguments), [`Endpoint::METHOD`] and [`Endpoint::PATH`].
    pub fn of<E: Endpoint + ?Sized>() -> &'static Call {
        const { &Call::named_by_type(std::any::type_name::<E>, E::METHOD, E::PATH) }
    }
}
