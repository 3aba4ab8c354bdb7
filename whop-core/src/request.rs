//! One request: what an [`Endpoint`](crate::Endpoint) writes ([`RequestParts`], encoded for the
//! wire), the per-call [`RequestOptions`], and [`Presence`], which generated code uses to leave
//! out unset optional fields.

mod options;
mod parts;
mod presence;

pub use options::RequestOptions;
pub use parts::RequestParts;
pub use presence::Presence;
