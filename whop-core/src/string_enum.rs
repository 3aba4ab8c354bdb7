//! Serde support for generated string enums and string constants. Not a public API.
//!
//! The API has close to two hundred string enums. Each is declared with `string_enum!` (and
//! each `const` string with `string_const!`), whose expansion is a few small impls that call
//! the shared functions below, so no enum carries its own serde visitor.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// Deserializes a string and maps it with `from` (borrowing the input where the format allows).
pub fn deserialize_with<'de, D, T>(deserializer: D, from: fn(&str) -> T) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    deserializer.deserialize_str(StrVisitor {
        from,
        expected: None,
    })
}

/// Deserializes a string that must equal `expected`.
pub fn deserialize_const<'de, D>(deserializer: D, expected: &'static str) -> Result<(), D::Error>
where
    D: Deserializer<'de>,
{
    deserializer.deserialize_str(StrVisitor {
        from: |_| (),
        expected: Some(expected),
    })
}

struct StrVisitor<T> {
    from: fn(&str) -> T,
    /// The one accepted value, for constants.
    expected: Option<&'static str>,
}

impl<T> Visitor<'_> for StrVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.expected {
            Some(expected) => write!(f, "the string {expected:?}"),
            None => f.write_str("a string"),
        }
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        match self.expected {
            Some(expected) if value != expected => {
                Err(E::invalid_value(de::Unexpected::Str(value), &self))
            }
            _ => Ok((self.from)(value)),
        }
    }
}

/// Declares a string enum that keeps values it does not know, so a value added to the API later
/// never breaks decoding, and a value this version does not name never breaks a `match` later.
///
/// The enum is `#[non_exhaustive]`: a `match` outside the crate that declares it needs a wildcard
/// arm, which is where values this version does not know (and values a later version names) go.
/// Such a value is kept as it was sent: `as_str` gives it back, `Display` prints it, and it
/// serializes unchanged. It is held by a hidden variant whose type lives in the hidden
/// `__private` module, outside the public API, so no code comes to depend on a value being
/// unknown; `From<&str>` is how to make any value, known or not.
///
/// ```
/// whop_core::string_enum! {
///     /// How a product is shown.
///     pub enum Visibility {
///         Visible = "visible",
///         Hidden = "hidden",
///     }
/// }
///
/// let known: Visibility = serde_json::from_str("\"hidden\"").unwrap();
/// assert_eq!(known, Visibility::Hidden);
/// let new: Visibility = serde_json::from_str("\"archived_v2\"").unwrap();
/// assert_eq!(new.as_str(), "archived_v2");
/// assert_eq!(new, Visibility::from("archived_v2"));
/// assert_ne!(new, Visibility::from("archived_v3"));
/// assert_eq!(format!("{new:?}"), "_Unknown(\"archived_v2\")");
/// assert_eq!(serde_json::to_string(&new).unwrap(), "\"archived_v2\"");
/// let shown = match &new {
///     Visibility::Visible => "shown",
///     Visibility::Hidden => "hidden",
///     other => other.as_str(), // any other value, now or later
/// };
/// assert_eq!(shown, "archived_v2");
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! string_enum {
    (
        $(#[$attr:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$variant_attr:meta])* $variant:ident = $wire:literal, )*
        }
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $(
                #[doc = concat!("`", $wire, "`")]
                $(#[$variant_attr])*
                $variant,
            )*
            /// A value this version of the crate does not know, kept as it was sent: read it
            /// with `as_str`, and match it with a wildcard arm.
            #[doc(hidden)]
            _Unknown($crate::__private::UnknownValue),
        }

        impl $name {
            /// The value as it is sent on the wire; for a value this version does not know, the
            /// value as it was received.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::_Unknown(value) => value.as_str(),
                }
            }
        }

        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => Self::$variant, )*
                    other => Self::_Unknown($crate::__private::UnknownValue::new(other)),
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private::serde::Serializer,
            {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                $crate::string_enum::deserialize_with(deserializer, |value: &str| <Self as ::core::convert::From<&str>>::from(value))
            }
        }
    };
}

/// Declares a zero-sized type that stands for one constant string: it serializes as that string
/// and decodes only from it. Used where a request must carry a fixed value, e.g. a union's
/// `"mode": "setup"`, so the value cannot be mistyped.
///
/// ```
/// whop_core::string_const! {
///     /// Always `"setup"`.
///     pub struct ModeSetup = "setup";
/// }
///
/// assert_eq!(serde_json::to_string(&ModeSetup).unwrap(), "\"setup\"");
/// assert!(serde_json::from_str::<ModeSetup>("\"payment\"").is_err());
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! string_const {
    (
        $(#[$attr:meta])*
        $vis:vis struct $name:ident = $wire:literal;
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        $vis struct $name;

        impl $name {
            /// The value as it is sent on the wire.
            pub const VALUE: &'static str = $wire;
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private::serde::Serializer,
            {
                serializer.serialize_str($wire)
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                $crate::string_enum::deserialize_const(deserializer, $wire).map(|()| $name)
            }
        }
    };
}
