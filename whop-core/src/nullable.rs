//! [`Nullable`]: a value that may be absent, explicitly `null`, or present.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field that distinguishes "leave it alone" from "clear it" from "set it".
///
/// In a `PATCH` body, [`Nullable::Unset`] omits the field (the server keeps its value),
/// [`Nullable::Null`] sends `null` (the server clears it), and [`Nullable::Value`] sends the value.
///
/// With serde, `null` decodes to `Null` and a value to `Value`. A *missing* field decodes to
/// `Unset` when the field carries `#[serde(default)]`; to omit `Unset` when serializing, add
/// `#[serde(skip_serializing_if = "Nullable::is_unset")]` (request types made with
/// [`endpoint`](macro@crate::endpoint) do this on their own). Serialized on its own, `Unset` is `null`.
///
/// ```
/// use whop_core::Nullable;
/// let title: Nullable<String> = "Pro plan".into();
/// assert_eq!(title.as_option(), Some(&"Pro plan".to_string()));
/// assert!(Nullable::<String>::default().is_unset());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Nullable<T> {
    /// Absent: omitted from requests.
    #[default]
    Unset,
    /// Explicitly `null`.
    Null,
    /// A value.
    Value(T),
}

impl<T> Nullable<T> {
    /// `true` for [`Nullable::Unset`].
    pub const fn is_unset(&self) -> bool {
        matches!(self, Nullable::Unset)
    }

    /// `true` for [`Nullable::Null`].
    pub const fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// `true` for [`Nullable::Value`].
    pub const fn is_value(&self) -> bool {
        matches!(self, Nullable::Value(_))
    }

    /// The value, if there is one.
    pub const fn as_option(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            _ => None,
        }
    }

    /// The value, if there is one, by value.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            _ => None,
        }
    }

    /// Borrows the value inside.
    pub const fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Unset => Nullable::Unset,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(value),
        }
    }

    /// Maps the value inside, keeping `Unset` and `Null` as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Unset => Nullable::Unset,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(f(value)),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl From<&str> for Nullable<String> {
    /// A string value, so text fields take `"text"` as well as a `String`.
    fn from(value: &str) -> Self {
        Nullable::Value(value.to_owned())
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `Some` becomes `Value`, `None` becomes `Null` (an explicit clear).
    fn from(value: Option<T>) -> Self {
        match value {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        }
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => value.serialize(serializer),
            Nullable::Unset | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}
