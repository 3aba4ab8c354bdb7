//! [`Presence`]: whether an optional field is sent, for the code `#[endpoint]` generates.

/// Whether an optional field is to be sent: `Some` and a [`Nullable`](crate::Nullable) that is
/// not `Unset` are present; `None` and `Unset` are left out of the request.
///
/// [`RequestParts::query_if_present`](crate::RequestParts::query_if_present) and
/// [`RequestParts::body_if_present`](crate::RequestParts::body_if_present) take any `Presence`.
pub trait Presence {
    /// `false` for `None` and `Nullable::Unset`.
    fn is_present(&self) -> bool;
}

impl<T> Presence for Option<T> {
    fn is_present(&self) -> bool {
        self.is_some()
    }
}

impl<T> Presence for crate::Nullable<T> {
    fn is_present(&self) -> bool {
        !self.is_unset()
    }
}
