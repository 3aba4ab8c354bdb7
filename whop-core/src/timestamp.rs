//! [`Timestamp`]: a point in time that decodes from RFC 3339 text or Unix seconds.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A point in time, as the Whop API sends it.
///
/// The spec says `date-time` (RFC 3339, e.g. `"2023-12-01T05:00:00.401Z"`), but some responses
/// carry integer Unix seconds (`1701406800`); both decode. It always serializes as RFC 3339.
/// The underlying [`jiff::Timestamp`] is available through [`Timestamp::as_jiff`].
///
/// ```
/// use whop_core::Timestamp;
/// let a: Timestamp = serde_json::from_str("\"2023-12-01T05:00:00Z\"").unwrap();
/// let b: Timestamp = serde_json::from_str("1701406800").unwrap();
/// assert_eq!(a, b);
/// assert_eq!(a.unix_seconds(), 1_701_406_800);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(jiff::Timestamp);

impl Timestamp {
    /// The time from whole seconds since the Unix epoch; `None` when out of range.
    pub fn from_unix_seconds(seconds: i64) -> Option<Timestamp> {
        jiff::Timestamp::from_second(seconds).ok().map(Timestamp)
    }

    /// Whole seconds since the Unix epoch.
    pub fn unix_seconds(&self) -> i64 {
        self.0.as_second()
    }

    /// The current time.
    pub fn now() -> Timestamp {
        Timestamp(jiff::Timestamp::now())
    }

    /// The [`jiff::Timestamp`] inside, for arithmetic and formatting.
    pub fn as_jiff(&self) -> jiff::Timestamp {
        self.0
    }
}

impl From<jiff::Timestamp> for Timestamp {
    fn from(value: jiff::Timestamp) -> Self {
        Timestamp(value)
    }
}

impl From<Timestamp> for jiff::Timestamp {
    fn from(value: Timestamp) -> Self {
        value.0
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({})", self.0)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for Timestamp {
    type Err = jiff::Error;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        text.parse().map(Timestamp)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TimestampVisitor)
    }
}

struct TimestampVisitor;

impl Visitor<'_> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an RFC 3339 date-time string or integer Unix seconds")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Timestamp, E> {
        text.parse()
            .map_err(|err| E::custom(format_args!("invalid date-time {text:?}: {err}")))
    }

    fn visit_i64<E: de::Error>(self, seconds: i64) -> Result<Timestamp, E> {
        Timestamp::from_unix_seconds(seconds)
            .ok_or_else(|| E::custom(format_args!("Unix time {seconds} is out of range")))
    }

    fn visit_u64<E: de::Error>(self, seconds: u64) -> Result<Timestamp, E> {
        let seconds = i64::try_from(seconds)
            .map_err(|_| E::custom(format_args!("Unix time {seconds} is out of range")))?;
        self.visit_i64(seconds)
    }

    fn visit_f64<E: de::Error>(self, seconds: f64) -> Result<Timestamp, E> {
        // Fractional seconds: keep millisecond precision, reject what cannot be a time.
        if !seconds.is_finite() {
            return Err(E::custom("Unix time is not a finite number"));
        }
        let millis = (seconds * 1000.0).round();
        if millis.abs() > 1e16 {
            return Err(E::custom(format_args!(
                "Unix time {seconds} is out of range"
            )));
        }
        jiff::Timestamp::from_millisecond(millis as i64)
            .map(Timestamp)
            .map_err(|_| E::custom(format_args!("Unix time {seconds} is out of range")))
    }
}
