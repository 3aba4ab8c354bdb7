//! The `#[endpoint]` attribute macro of whop-rs.
//!
//! It turns a plain struct into a request type of the Whop API: the struct's fields are the
//! operation's parameters, and the attribute says which HTTP method and path it uses, which
//! API-key scopes it needs and what its response decodes into. Use it through `whop-core`, which
//! re-exports it as `whop_core::endpoint`; the generated code refers to `::whop_core`, so the
//! crate using the macro must depend on `whop-core`.
//!
//! ```text
//! use whop_core::{endpoint, Nullable};
//!
//! /// Update a product.
//! #[endpoint(PATCH "/products/<id>", scopes = ["access_pass:update"], response = Product)]
//! #[derive(Debug, Clone)]
//! pub struct UpdateProduct {
//!     pub id: String,                // path parameter: the path has `<id>`
//!     pub title: Nullable<String>,   // JSON body member, left out while `Unset`
//!     #[query]
//!     pub dry_run: Option<bool>,     // query parameter, left out while `None`
//!     #[serde(rename = "type")]
//!     pub kind: Option<ProductKind>, // body member sent as `type`
//! }
//!
//! let product = UpdateProduct::new("prod_XXXXXXXX").title("New").send(&client)?;
//! ```
//!
//! See [`endpoint`](macro@endpoint) for the full syntax, the field roles, the generated items and
//! the compile errors.

use proc_macro::TokenStream;

mod args;
mod ast;
mod errors;
mod expand;
mod expansion_stats;
mod kinds;
mod template;
mod valid;

/// Declares a request type of the Whop API.
///
/// # Syntax
///
/// ```text
/// #[endpoint(METHOD "/path/<name>", scopes = ["scope", ...], response = Type)]
/// ```
///
/// - `METHOD` is one of `GET`, `POST`, `PUT`, `PATCH` and `DELETE`, in uppercase.
/// - The path template is a string literal relative to the client's base URL. It starts with
///   `/`; its segments are made of letters, digits, `-`, `.`, `_` and `~`, or are a whole
///   placeholder `<name>` naming a field. A placeholder may appear once. The path has no query
///   string: query parameters are fields.
/// - `scopes` lists the API-key scopes the operation needs, as string literals; `scopes = []`
///   when it needs none.
/// - `response` is the type a successful response decodes into; it must implement
///   `serde::de::DeserializeOwned`. Use `()` for an operation whose answer is ignored.
///
/// `scopes` and `response` are both required, in either order, each once.
///
/// The item must be a non-generic struct with named fields; an operation without parameters is
/// an empty struct, `struct GetMe {}`.
///
/// # Field roles
///
/// - A field named like a placeholder (`id` for `<id>`; `r#type` for `<type>`) is a **path
///   parameter**. Its type may be anything that implements `Display`; the value is
///   percent-encoded as one segment. It cannot be `Option` or `Nullable`.
/// - A field marked `#[query]` is a **query parameter**.
/// - On `GET` and `DELETE` every other field is a query parameter too; on `POST`, `PUT` and
///   `PATCH` every other field is a **member of the JSON body** object.
///
/// Query and body values are serialized with serde. A `Vec` query parameter repeats its key
/// (`tag=a&tag=b`); an object uses bracketed keys (`filter[kind]=x`).
///
/// A field whose type is written `Option<T>` is left out while `None`; one written `Nullable<T>`
/// is left out while `Unset` and sent as `null` when `Null`. Both are recognised by the last
/// segment of the type as written, so `std::option::Option<T>` counts too but a type alias does
/// not. Every other field is always sent.
///
/// The wire name of a query parameter or body member is the field's name without `r#`, or the
/// name given by `#[serde(rename = "...")]` (or the `serialize` name of
/// `#[serde(rename(serialize = "...", deserialize = "..."))]`). Two query parameters, or two body
/// members, cannot share a wire name.
///
/// The `#[query]` attributes are removed from the emitted struct, and so are the `#[serde]`
/// attributes unless the struct derives `Serialize` or `Deserialize` itself, in which case they
/// are left for serde. Serde field attributes that only affect deserializing (`default`, `alias`,
/// `deserialize_with`, `skip_deserializing`, `borrow`, `bound`) are allowed; those that would
/// change what is sent (`skip`, `skip_serializing`, `skip_serializing_if`, `serialize_with`,
/// `with`, `getter`) and `#[serde(rename_all)]` on the struct are errors, because the request is
/// written field by field and they could not be honoured. `#[cfg]` on a field is honoured.
///
/// `#[serde(flatten)]` on a body field (not `Option` or `Nullable`) sends the members of its value,
/// which must serialize as a JSON object, as members of the body: the way to declare a body that
/// is one of several shapes, as an enum of the shapes.
///
/// # Generated items
///
/// For `struct X` with visibility `vis`, next to the struct itself (which keeps its other
/// attributes and derives):
///
/// - A last paragraph in the struct's docs with the method, the path and the scopes, e.g.
///   `` `PATCH /products/{id}` · scopes: `access_pass:update` ``.
/// - `impl whop_core::Endpoint for X`: `METHOD`, `PATH` (the template with `{name}`
///   placeholders, as in the OpenAPI document), `SCOPES`, `type Response`, and `write_request`,
///   which makes one `RequestParts` call per field, path parameters first in template order. A
///   `POST`, `PUT` or `PATCH` with at least one body field always sends a body, `{}` when every
///   member is left out.
/// - `vis fn new(..) -> X`, taking each required field as `impl Into<T>` in declaration order
///   (path parameters and fields that are neither `Option` nor `Nullable`); the other fields
///   start as `Default::default()`, i.e. `None` or `Unset`.
/// - When two required fields have the same kind of type, so that their positional arguments
///   could be swapped and still compile, `new` takes one `vis struct XRequired` instead, with a
///   public field per required field (same name, type, docs and `#[cfg]`s), declared next to `X`
///   and deriving whichever of `Debug`, `Clone`, `PartialEq` and `Eq` `X` derives. Text types
///   (`String`, `str`, `Box<str>`, `Cow<str>`) are one kind, number types another; any other type
///   is its own kind, compared as written. A field under `#[cfg]` counts, as its `cfg` is not
///   known here.
/// - One setter per `Option<T>` or `Nullable<T>` field, named like the field:
///   `vis fn field(self, value: impl Into<T>) -> Self`, storing `Some(value)`, or for a
///   `Nullable<T>` field `impl Into<Nullable<T>>`, which takes `Nullable::Null` as well as a value.
/// - `vis fn send(&self, client: &Client) -> Result<Response, Error>`, which hands the request to
///   the client. For per-call options (timeout, retries, headers, idempotency key) there is
///   `client.send_with(&request, &options)`: one generic method instead of one per endpoint.
/// - For a list, when `response` is written `Page<T>` and the struct has a field `after` (any
///   type that `Option<String>` converts into): `impl whop_core::Paginated for X` with
///   `type Item = T`, and `vis fn pages(self, client: &Client) -> Pages<X>` and
///   `vis fn items(self, client: &Client) -> Items<X>`.
///
/// The struct must not define inherent functions with these names itself, and an optional field
/// cannot be named `new` or `send` (nor `pages` or `items` on a list), as its setter would be
/// another method of that name. The generated methods
/// are documented and have the struct's visibility.
///
/// All paths in the generated code are absolute, so it compiles next to user types named
/// `Option`, `Result` or `String`, and in `#![no_implicit_prelude]` modules.
///
/// # Errors
///
/// Misuse is a compile error pointing at the offending token, and every mistake in one
/// declaration is reported at once. The struct is still emitted, so an error does not cascade
/// into "cannot find type" elsewhere. Among them:
///
/// - a missing, lowercase or unknown method; a missing path; a missing, repeated or unknown
///   `scopes`/`response` key; a scope that is not a string literal, is empty or is repeated;
/// - a template without a leading `/`, with `{id}` instead of `<id>`, an unclosed or empty
///   placeholder, a placeholder that is only part of a segment (`/a/x<id>`), a repeated
///   placeholder, a `?` query, whitespace, or another character that would need encoding
///   (these errors point at the whole literal, since a span cannot point inside it);
/// - a placeholder without a field of that name; `#[query]` or `#[serde(rename)]` on a path
///   parameter; an `Option` or `Nullable` path parameter; `#[query]` twice or with arguments;
///   two fields with the same wire name; an unsupported serde attribute; an optional field whose
///   setter would be named like a generated method;
/// - an enum, union, tuple struct, unit struct or generic struct.
///
/// Type errors point at the type that is wrong: a `response` that is not `DeserializeOwned`, a
/// path parameter that is not `Display`, a query or body field that is not `Serialize`, an
/// `after` field that cannot hold a cursor.
#[proc_macro_attribute]
pub fn endpoint(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::endpoint(args.into(), item.into()).into()
}
