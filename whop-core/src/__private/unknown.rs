//! What generated enums, unions and events keep of a value this version of the crate does not
//! know. The types live in this hidden module, outside the public API, so that user code has no
//! supported way to build them or match on them by name: a value the next version of the crate
//! knows is matched by its own variant, and code written against this version keeps compiling.

use std::fmt;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// A string enum's value this version does not know, kept as it was sent.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(Box<str>);

impl UnknownValue {
    /// Keeps `value`.
    pub fn new(value: &str) -> UnknownValue {
        UnknownValue(value.into())
    }

    /// The value as it was sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// A union member or event this version does not know: its whole JSON, as it was sent.
#[derive(Clone, PartialEq)]
pub struct UnknownJson(Value);

impl UnknownJson {
    /// Keeps `raw`.
    pub fn new(raw: Value) -> UnknownJson {
        UnknownJson(raw)
    }

    /// The JSON as it was sent.
    pub fn json(&self) -> &Value {
        &self.0
    }
}

impl fmt::Debug for UnknownJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl Serialize for UnknownJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// Why a union member did not decode as the variant its tag names.
#[derive(Debug)]
pub struct VariantFailure {
    path: String,
    message: String,
}

/// Decodes one variant of a tagged union from its JSON, noting where it failed.
pub fn variant<T: serde::de::DeserializeOwned>(raw: Value) -> Result<T, VariantFailure> {
    serde_path_to_error::deserialize::<_, T>(raw).map_err(|err| VariantFailure {
        path: err.path().to_string(),
        message: err.inner().to_string(),
    })
}

/// `Deserialize` of a tagged union through `decode`: the dispatch on the value of the member
/// `tag`, which keeps the whole JSON of a tag it does not know.
///
/// A known tag whose members do not fit is an error (not an unknown member), with the tag and
/// the path inside the member in its message.
pub fn deserialize_tagged<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    tag: &'static str,
    decode: fn(&str, Value) -> Result<T, VariantFailure>,
) -> Result<T, D::Error> {
    let raw = Value::deserialize(deserializer)?;
    let name = match raw.get(tag) {
        Some(Value::String(name)) => name.clone(),
        Some(_) => {
            return Err(D::Error::custom(format_args!(
                "the member `{tag}` is not a string"
            )));
        }
        None => return Err(D::Error::missing_field(tag)),
    };
    decode(&name, raw).map_err(|failure| {
        D::Error::custom(format_args!(
            "{tag} `{name}` at `{}`: {}",
            failure.path, failure.message
        ))
    })
}
