//! Decoding numbers as the API really sends them, for `#[serde(deserialize_with = "…")]`.
//!
//! The spec types money and counts as JSON numbers, but real deliveries have carried them as
//! strings (`"total": "0.0"`), and an integer may arrive as `12.0`. The generated models decode
//! every number field through these functions, so such a change of representation loses no value
//! and fails no decode:
//!
//! | field type | accepts |
//! | --- | --- |
//! | `f64` | a JSON number, or a string holding one (`"0.0"`, `"12"`, `"-3.5e2"`) |
//! | `i64` | an integer, an integral number (`12.0`), or a string holding either (`"12"`, `"12.0"`) |
//! | `Option<_>`, [`Nullable<_>`](crate::Nullable) | the same, or `null` |
//!
//! A string must follow the JSON number grammar exactly: `"abc"`, `""`, `" 12"`, `"NaN"` and
//! `"+1"` are errors, as are numbers beyond the range of the type. A float is taken as an integer
//! only when it identifies one integer exactly: it has no fractional part and its magnitude is at
//! most 2<sup>53</sup>. Serialization is unchanged: the fields are always written as JSON numbers.
//!
//! ```
//! use serde::Deserialize;
//!
//! #[derive(Debug, Deserialize)]
//! struct Payment {
//!     #[serde(deserialize_with = "whop_core::lenient::f64")]
//!     total: f64,
//!     #[serde(default, deserialize_with = "whop_core::lenient::option_i64")]
//!     quantity: Option<i64>,
//! }
//!
//! let payment: Payment = serde_json::from_str(r#"{"total": "12.50", "quantity": 3.0}"#).unwrap();
//! assert_eq!((payment.total, payment.quantity), (12.5, Some(3)));
//!
//! let payment: Payment = serde_json::from_str(r#"{"total": 12.5, "quantity": null}"#).unwrap();
//! assert_eq!((payment.total, payment.quantity), (12.5, None));
//!
//! let err = serde_json::from_str::<Payment>(r#"{"total": "twelve"}"#).unwrap_err();
//! assert!(err.to_string().contains("twelve"), "{err}");
//! ```
//!
//! An `Option` field needs `#[serde(default)]` as well, so that a missing member is `None`.

use std::fmt;

use serde::Deserializer;
use serde::de::{self, Unexpected, Visitor};

use crate::Nullable;

/// The largest magnitude up to which every integer is exactly an `f64`: 2^53.
const EXACT_IN_F64: f64 = 9_007_199_254_740_992.0;

/// An `f64` from a JSON number or a string holding one.
pub fn f64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    deserializer.deserialize_any(Number)
}

/// An `i64` from an integer, an integral number, or a string holding either.
pub fn i64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    deserializer.deserialize_any(Integer)
}

/// [`f64`](self::f64()), or `None` for `null`.
pub fn option_f64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    deserializer.deserialize_option(Maybe(Number))
}

/// [`i64`](self::i64()), or `None` for `null`.
pub fn option_i64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    deserializer.deserialize_option(Maybe(Integer))
}

/// [`f64`](self::f64()), or [`Nullable::Null`] for `null`.
pub fn nullable_f64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Nullable<f64>, D::Error> {
    option_f64(deserializer).map(Nullable::from)
}

/// [`i64`](self::i64()), or [`Nullable::Null`] for `null`.
pub fn nullable_i64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Nullable<i64>, D::Error> {
    option_i64(deserializer).map(Nullable::from)
}

/// The text of a string, as a JSON number; `None` when it is not one.
fn parse(text: &str) -> Option<serde_json::Number> {
    text.parse().ok()
}

#[derive(Clone, Copy)]
struct Number;

impl Visitor<'_> for Number {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, or a string holding a number")
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<f64, E> {
        Ok(value)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<f64, E> {
        Ok(value as f64)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<f64, E> {
        Ok(value as f64)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<f64, E> {
        // Without arbitrary precision every `Number` has an `f64` value; out-of-range text
        // already failed to parse.
        parse(text)
            .and_then(|number| number.as_f64())
            .ok_or_else(|| E::invalid_value(Unexpected::Str(text), &self))
    }
}

#[derive(Clone, Copy)]
struct Integer;

impl Visitor<'_> for Integer {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer, or a string holding one")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<i64, E> {
        Ok(value)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<i64, E> {
        i64::try_from(value).map_err(|_| E::invalid_value(Unexpected::Unsigned(value), &self))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<i64, E> {
        if value.fract() == 0.0 && value.abs() <= EXACT_IN_F64 {
            // Integral and within ±2^53, so the conversion is exact.
            Ok(value as i64)
        } else {
            Err(E::invalid_value(Unexpected::Float(value), &self))
        }
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<i64, E> {
        let invalid = || E::invalid_value(Unexpected::Str(text), &self);
        let number = parse(text).ok_or_else(invalid)?;
        if let Some(value) = number.as_i64() {
            Ok(value)
        } else if let Some(value) = number.as_f64().filter(|_| number.is_f64()) {
            self.visit_f64(value).map_err(|_: E| invalid())
        } else {
            Err(invalid())
        }
    }
}

/// `null` as `None`, anything else through the inner visitor.
struct Maybe<V>(V);

impl<'de, V: Visitor<'de> + Copy> Visitor<'de> for Maybe<V> {
    type Value = Option<V::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)?;
        f.write_str(", or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self.0).map(Some)
    }
}
