//! The HTTP [`Method`] enum, and [`Call`], which names an operation in errors.

use std::fmt;

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

    /// Whether repeating the request has the same effect as sending it once, by the method's
    /// definition: `GET`, `PUT` and `DELETE` are (RFC 9110 §9.2.2 lists `PUT`, `DELETE` and the
    /// safe methods); `POST` is not, and neither is `PATCH` (RFC 5789 §2: "PATCH is neither safe
    /// nor idempotent").
    ///
    /// The client sends an `Idempotency-Key` with every `POST` and `PATCH`, which makes a retry
    /// of those safe too; see the crate's *Reliability* section.
    pub const fn is_idempotent(self) -> bool {
        matches!(self, Method::Get | Method::Put | Method::Delete)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The operation a call was for: the request type's name, its method and its path template.
///
/// Every [`Error`](crate::Error) of a call names it (see [`Error::call`](crate::Error::call)); it prints as
/// `UpdateProduct (PATCH /products/{id})`.
///
/// ```
/// # use whop_core::{Call, Endpoint, Error, Method, RequestParts};
/// struct UpdateNote;
/// impl Endpoint for UpdateNote {
///     const METHOD: Method = Method::Patch;
///     const PATH: &'static str = "/notes/{id}";
///     const SCOPES: &'static [&'static str] = &[];
///     type Response = serde_json::Value;
///     fn write_request(&self, _: &mut RequestParts) -> Result<(), Error> { Ok(()) }
/// }
/// let call = Call::of::<UpdateNote>();
/// assert_eq!(call.name(), "UpdateNote");
/// assert_eq!(call.to_string(), "UpdateNote (PATCH /notes/{id})");
/// ```
#[derive(Clone, Copy)]
pub struct Call {
    name: CallName,
    method: Method,
    path: &'static str,
}

/// Where a [`Call`]'s name comes from. The type name is read when it is shown, so naming a call
/// costs nothing until an error is printed.
#[derive(Clone, Copy)]
enum CallName {
    Fixed(&'static str),
    TypeName(fn() -> &'static str),
}

impl Call {
    /// A call named by a type: `type_name` gives the type's full name when the call is shown.
    pub(crate) const fn named_by_type(
        type_name: fn() -> &'static str,
        method: Method,
        path: &'static str,
    ) -> Call {
        Call {
            name: CallName::TypeName(type_name),
            method,
            path,
        }
    }

    /// A call that is not an [`Endpoint`](crate::Endpoint), e.g. the upload to a presigned URL.
    pub(crate) const fn fixed(name: &'static str, method: Method, path: &'static str) -> Call {
        Call {
            name: CallName::Fixed(name),
            method,
            path,
        }
    }

    /// The request type's name, e.g. `"UpdateProduct"`.
    pub fn name(&self) -> &'static str {
        match self.name {
            CallName::Fixed(name) => name,
            CallName::TypeName(type_name) => short_type_name(type_name()),
        }
    }

    /// The HTTP method, e.g. [`Method::Patch`].
    pub fn method(&self) -> Method {
        self.method
    }

    /// The path template, e.g. `"/products/{id}"`.
    pub fn path(&self) -> &'static str {
        self.path
    }
}

/// `whop_endpoints::products::UpdateProduct` → `UpdateProduct`; `a::Widget<a::B, 3>` → `Widget`.
fn short_type_name(full: &'static str) -> &'static str {
    let base = full.split('<').next().unwrap_or(full);
    let name = base.rsplit("::").next().unwrap_or(base);
    let name = name.trim_start_matches(['&', '*']).trim();
    if name.is_empty() { full } else { name }
}

impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} {})", self.name(), self.method, self.path)
    }
}

impl fmt::Debug for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("name", &self.name())
            .field("method", &self.method)
            .field("path", &self.path)
            .finish()
    }
}

impl PartialEq for Call {
    fn eq(&self, other: &Call) -> bool {
        self.method == other.method && self.path == other.path && self.name() == other.name()
    }
}

impl Eq for Call {}

impl std::hash::Hash for Call {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name().hash(state);
        self.method.hash(state);
        self.path.hash(state);
    }
}
