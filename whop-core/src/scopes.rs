//! Scopes as data: [`EndpointInfo`] describes an operation, [`scopes`] and [`ScopeSet`] collect
//! the API-key scopes a set of operations needs.

use std::collections::BTreeSet;

use crate::{Endpoint, Method};

/// A description of one operation: what the `whop-endpoints` crate lists in its `ENDPOINTS`
/// table, for tools that check or print what a script will call.
///
/// Everything but the operation id and the tag is read from the request type's [`Endpoint`]
/// impl, so the description cannot disagree with what the type sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EndpointInfo {
    /// The spec's `operationId`, e.g. `"updateProduct"`.
    pub operation_id: &'static str,
    /// The HTTP method ([`Endpoint::METHOD`]).
    pub method: Method,
    /// The path template in OpenAPI form, e.g. `"/products/{id}"` ([`Endpoint::PATH`]).
    pub path: &'static str,
    /// The spec tag the operation is listed under, e.g. `"Products"`.
    pub tag: &'static str,
    /// The API-key scopes the operation requires ([`Endpoint::SCOPES`]).
    pub scopes: &'static [&'static str],
    /// The query parameters as `(name, required)`, in declaration order ([`Endpoint::QUERY`]).
    pub query: &'static [(&'static str, bool)],
    /// Whether the operation sends a JSON body ([`Endpoint::HAS_BODY`]).
    pub has_body: bool,
}

impl EndpointInfo {
    /// The description of `E`, named by its spec `operation_id` and listed under `tag`; the rest
    /// comes from its [`Endpoint`] impl.
    pub const fn of<E: Endpoint>(operation_id: &'static str, tag: &'static str) -> EndpointInfo {
        EndpointInfo {
            operation_id,
            method: E::METHOD,
            path: E::PATH,
            tag,
            scopes: E::SCOPES,
            query: E::QUERY,
            has_body: E::HAS_BODY,
        }
    }

    /// The path parameters: the `{name}` placeholders of [`path`](EndpointInfo::path), in
    /// template order.
    ///
    /// ```
    /// # use whop_core::{Endpoint, EndpointInfo, Error, Method, RequestParts};
    /// # struct RetrieveMember;
    /// # impl Endpoint for RetrieveMember {
    /// #     const METHOD: Method = Method::Get;
    /// #     const PATH: &'static str = "/companies/{company_id}/members/{id}";
    /// #     const SCOPES: &'static [&'static str] = &[];
    /// #     type Response = serde_json::Value;
    /// #     fn write_request(&self, _: &mut RequestParts) -> Result<(), Error> { Ok(()) }
    /// # }
    /// let info = EndpointInfo::of::<RetrieveMember>("retrieveMember", "Members");
    /// assert_eq!(info.path_params().collect::<Vec<_>>(), ["company_id", "id"]);
    /// ```
    pub fn path_params(&self) -> impl Iterator<Item = &'static str> + use<> {
        let path: &'static str = self.path;
        path.split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}'))
            .map(|(name, _)| name)
    }
}

/// A set of [`Endpoint`] types: one type, or a tuple of up to 12 sets (tuples nest for more).
///
/// Used by [`scopes`]; implemented for every endpoint and for tuples of sets.
pub trait EndpointSet {
    /// Adds the scopes of every endpoint in the set to `out`.
    fn add_scopes(out: &mut BTreeSet<&'static str>);
}

impl<E: Endpoint> EndpointSet for E {
    fn add_scopes(out: &mut BTreeSet<&'static str>) {
        out.extend(E::SCOPES.iter().copied());
    }
}

macro_rules! tuple_sets {
    ($($name:ident)+) => {
        impl<$($name: EndpointSet),+> EndpointSet for ($($name,)+) {
            fn add_scopes(out: &mut BTreeSet<&'static str>) {
                $( $name::add_scopes(out); )+
            }
        }
    };
}

tuple_sets!(A);
tuple_sets!(A B);
tuple_sets!(A B C);
tuple_sets!(A B C D);
tuple_sets!(A B C D E);
tuple_sets!(A B C D E F);
tuple_sets!(A B C D E F G);
tuple_sets!(A B C D E F G H);
tuple_sets!(A B C D E F G H I);
tuple_sets!(A B C D E F G H I J);
tuple_sets!(A B C D E F G H I J K);
tuple_sets!(A B C D E F G H I J K L);

/// The scopes an API key needs to call every endpoint of `S`: sorted, without duplicates.
///
/// ```
/// # use whop_core::{Endpoint, Error, Method, RequestParts};
/// # macro_rules! endpoint {
/// #     ($name:ident, $method:ident, $path:literal, [$($scope:literal),*]) => {
/// #         struct $name;
/// #         impl Endpoint for $name {
/// #             const METHOD: Method = Method::$method;
/// #             const PATH: &'static str = $path;
/// #             const SCOPES: &'static [&'static str] = &[$($scope),*];
/// #             type Response = serde_json::Value;
/// #             fn write_request(&self, _: &mut RequestParts) -> Result<(), Error> { Ok(()) }
/// #         }
/// #     };
/// # }
/// # endpoint!(UpdateProduct, Patch, "/products/{id}", ["access_pass:update", "access_pass:basic:read"]);
/// # endpoint!(DeleteProduct, Delete, "/products/{id}", ["access_pass:delete"]);
/// // A script that updates and deletes products checks its key's permissions up front:
/// let needed = whop_core::scopes::<(UpdateProduct, DeleteProduct)>();
/// assert_eq!(needed, ["access_pass:basic:read", "access_pass:delete", "access_pass:update"]);
/// ```
pub fn scopes<S: EndpointSet + ?Sized>() -> Vec<&'static str> {
    let mut out = BTreeSet::new();
    S::add_scopes(&mut out);
    out.into_iter().collect()
}

/// A growing set of scopes, for when the endpoints are chosen at run time.
///
/// ```
/// # use whop_core::{Endpoint, Error, Method, RequestParts};
/// # struct RetrieveProduct;
/// # impl Endpoint for RetrieveProduct {
/// #     const METHOD: Method = Method::Get;
/// #     const PATH: &'static str = "/products/{id}";
/// #     const SCOPES: &'static [&'static str] = &["access_pass:basic:read"];
/// #     type Response = serde_json::Value;
/// #     fn write_request(&self, _: &mut RequestParts) -> Result<(), Error> { Ok(()) }
/// # }
/// use whop_core::ScopeSet;
/// let scopes = ScopeSet::new().with::<RetrieveProduct>().with_scopes(&["plan:basic:read"]);
/// assert!(scopes.contains("plan:basic:read"));
/// assert_eq!(scopes.to_vec(), ["access_pass:basic:read", "plan:basic:read"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScopeSet {
    scopes: BTreeSet<&'static str>,
}

impl ScopeSet {
    /// An empty set.
    pub fn new() -> ScopeSet {
        ScopeSet::default()
    }

    /// Adds the scopes of the endpoints in `S`.
    pub fn with<S: EndpointSet + ?Sized>(mut self) -> ScopeSet {
        S::add_scopes(&mut self.scopes);
        self
    }

    /// Adds scopes given as data, e.g. [`EndpointInfo::scopes`].
    pub fn with_scopes(mut self, scopes: &[&'static str]) -> ScopeSet {
        self.add(scopes);
        self
    }

    /// Adds scopes in place.
    pub fn add(&mut self, scopes: &[&'static str]) {
        self.scopes.extend(scopes.iter().copied());
    }

    /// Whether the set holds `scope`.
    pub fn contains(&self, scope: &str) -> bool {
        self.scopes.contains(scope)
    }

    /// The scopes, sorted.
    pub fn iter(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.scopes.iter().copied()
    }

    /// The scopes as a sorted vector.
    pub fn to_vec(&self) -> Vec<&'static str> {
        self.iter().collect()
    }
}
