//! Runtime of whop-rs, a blocking Rust client for the [Whop REST API](https://docs.whop.com).
//!
//! This crate holds everything that is not specific to one operation:
//!
//! - [`Client`] and [`ClientBuilder`]: one pooled HTTP agent, the API key, the base URL, timeouts.
//! - [`Endpoint`]: the trait every request type implements, usually through the
//!   [`endpoint`](macro@endpoint) attribute macro.
//! - [`Error`] and [`ApiError`]: every way a call can fail, as typed values.
//! - [`Nullable`]: a field that can be left out, sent as `null`, or sent with a value.
//! - [`Timestamp`]: date-times as Whop sends them (RFC 3339 or Unix seconds).
//! - [`Page`]: one page of a cursor-paginated list, and the [`Pages`] and [`Items`] iterators.
//! - [`Webhook`]: verifying and decoding Whop's signed webhook deliveries.
//!
//! The operations themselves live in the `whop-endpoints` crate.
//!
//! ```no_run
//! use whop_core::{endpoint, Client, Nullable};
//! use serde::Deserialize;
//!
//! #[derive(Debug, Deserialize)]
//! pub struct Product { pub id: String, pub title: String }
//!
//! /// Update a product.
//! #[endpoint(PATCH "/products/<id>", scopes = ["access_pass:update"], response = Product)]
//! pub struct RenameProduct {
//!     pub id: String,
//!     pub title: Nullable<String>,
//! }
//!
//! # fn main() -> Result<(), whop_core::Error> {
//! let client = Client::from_env()?;
//! let mut request = RenameProduct::new("prod_XXXXXXXX");
//! request.title = "New title".to_string().into();
//! let product = request.send(&client)?;
//! println!("{}", product.title);
//! # Ok(())
//! # }
//! ```

mod client;
mod decode;
mod endpoint;
mod error;
mod nullable;
mod page;
mod path;
mod request;
mod retry;
mod timestamp;
mod transport;
mod watch;
mod webhook;

#[doc(hidden)]
pub mod __private;

pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL};
pub use endpoint::{Endpoint, Method};
pub use error::{ApiError, DecodeError, Error};
pub use nullable::Nullable;
pub use page::{Items, Page, PageInfo, Pages, Paginated};
pub use request::{RequestOptions, RequestParts};
pub use timestamp::Timestamp;
pub use webhook::{Webhook, WebhookError};
/// Declares a request type; see the `whop-macros` crate for the full syntax.
pub use whop_macros::endpoint;

/// The `http` crate, re-exported so header maps and names line up with this crate's version.
pub use http;
