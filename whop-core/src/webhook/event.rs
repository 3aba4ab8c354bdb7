//! Decoding a delivery as one of Whop's events: the functions the generated
//! `whop_endpoints::webhooks` module is built on.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::WebhookError;

/// A typed event that did not decode: its JSON, given back whole, and where it failed.
#[derive(Debug)]
pub struct EventFailure {
    /// The event's `type`.
    pub event_type: String,
    /// The event as it was sent.
    pub raw: Value,
    /// Where it failed (see [`UndecodableEvent::path`](super::UndecodableEvent::path)).
    pub path: String,
    /// What serde reported.
    pub message: String,
}

/// Decodes an event into the typed `T` its `type` names, from a borrowed `raw` so that a
/// failure can give it back.
pub fn typed_event<T: DeserializeOwned>(event_type: String, raw: Value) -> Result<T, EventFailure> {
    let failed = match serde_path_to_error::deserialize::<_, T>(&raw) {
        Ok(event) => return Ok(event),
        Err(err) => err,
    };
    let message = failed.inner().to_string();
    let path = failed.path().to_string();
    // A missing member is reported at the object that lacks it; point at the member itself.
    let path = match missing_field(&message) {
        Some(field) if path == "." => field.to_owned(),
        Some(field) => format!("{path}.{field}"),
        None => path,
    };
    Err(EventFailure {
        event_type,
        raw,
        path,
        message,
    })
}

/// The field of serde's ``missing field `name` `` message.
fn missing_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split_once('`').map(|(field, _)| field)
}

/// Why a JSON value has no event type to dispatch on.
enum NoType {
    /// No `type` member holding a string.
    Missing,
    /// `action` instead of `type`: a delivery of an older webhook format.
    OlderFormat {
        action: String,
        api_version: Option<String>,
    },
}

impl From<NoType> for WebhookError {
    fn from(reason: NoType) -> WebhookError {
        match reason {
            NoType::Missing => WebhookError::Decode {
                path: ".".to_owned(),
                message: "missing field `type`".to_owned(),
            },
            NoType::OlderFormat {
                action,
                api_version,
            } => WebhookError::OlderFormat {
                action,
                api_version,
            },
        }
    }
}

/// The event's `type`.
fn event_type(raw: &Value) -> Result<String, NoType> {
    if let Some(event_type) = raw.get("type").and_then(Value::as_str) {
        return Ok(event_type.to_owned());
    }
    match raw.get("action").and_then(Value::as_str) {
        Some(action) if raw.get("type").is_none() => Err(NoType::OlderFormat {
            action: action.to_owned(),
            api_version: raw
                .get("api_version")
                .and_then(Value::as_str)
                .map(str::to_owned),
        }),
        _ => Err(NoType::Missing),
    }
}

/// Verifies a delivery, then decodes it with `decode` (the dispatch on `type`).
///
/// The body is not looked at before the signature checks out. Then: not JSON is
/// [`WebhookError::Decode`]; `action` without `type` is [`WebhookError::OlderFormat`]; no `type`
/// is [`WebhookError::Decode`] at `.`; a body that does not fit its event's model is
/// [`WebhookError::Undecodable`], which keeps the whole event.
#[cfg(feature = "webhooks")]
pub fn unwrap_event<E>(
    webhook: &super::Webhook,
    headers: &http::HeaderMap,
    body: &[u8],
    decode: fn(String, Value) -> Result<E, EventFailure>,
) -> Result<E, WebhookError> {
    let (id, timestamp) = webhook.verified(headers, body)?;
    let raw: Value = serde_json::from_slice(body).map_err(|err| WebhookError::Decode {
        path: ".".to_owned(),
        message: err.to_string(),
    })?;
    let event_type = event_type(&raw)?;
    decode(event_type, raw).map_err(|failure| {
        WebhookError::Undecodable(Box::new(super::UndecodableEvent {
            event_type: failure.event_type,
            id,
            timestamp,
            raw: failure.raw,
            path: failure.path,
            message: failure.message,
        }))
    })
}

/// `Deserialize` of an event enum through `decode` (the dispatch on `type`).
///
/// A serde error carries no path of its own here, so the event type and the path inside the
/// event go into the message.
pub fn deserialize_event<'de, D: Deserializer<'de>, E>(
    deserializer: D,
    decode: fn(String, Value) -> Result<E, EventFailure>,
) -> Result<E, D::Error> {
    let raw = Value::deserialize(deserializer)?;
    let event_type = match event_type(&raw) {
        Ok(event_type) => event_type,
        Err(NoType::Missing) => return Err(D::Error::missing_field("type")),
        Err(older) => return Err(D::Error::custom(WebhookError::from(older))),
    };
    decode(event_type, raw).map_err(|failure| {
        D::Error::custom(format_args!(
            "{} event at `{}`: {}",
            failure.event_type, failure.path, failure.message
        ))
    })
}
