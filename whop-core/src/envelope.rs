//! Webhook events as generated code declares them: the envelope every event shares, and
//! `webhook_events!`, the enum of every event with its dispatch on `type`. Decoding needs only
//! serde: this module stays independent of how deliveries are verified. Not a public API.

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// One webhook delivery: the envelope every event shares, and the event's typed `data`.
///
/// Each variant of `whop_endpoints::webhooks::WebhookEvent` holds an `Event` of its event's data;
/// that module re-exports it as `webhooks::Event`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event<T> {
    /// A unique ID for every single webhook request.
    ///
    /// Example: `msg_xxxxxxxxxxxxxxxxxxxxxxxx`
    pub id: String,
    /// The API version of the payload; `v1` for every event in this version of the crate.
    pub api_version: String,
    /// The company the event is associated with, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_id: Option<String>,
    /// When the webhook was sent.
    pub timestamp: Timestamp,
    /// The event type, e.g. `invoice.created`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// The object the event is about.
    pub data: T,
}

/// Declares the enum of every webhook event, decoded by its `type`, which keeps an event of a type
/// it does not know: a later version of the API can add events without breaking a receiver.
///
/// `enum Name { Variant(Payload) = "event.type", ... }` declares the enum (`#[non_exhaustive]`),
/// `event_type` (the type of any event), `unknown_json` (the whole JSON of an event of an
/// unknown type), `Serialize` (the event's JSON back), `Deserialize`, and the private associated
/// function `decode_event`, the one dispatch on `type` behind `Deserialize` and behind the
/// generated `unwrap`. A known type whose event does not fit is an error naming the path that
/// failed.
///
/// ```
/// use whop_core::__private::Event;
///
/// #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
/// pub struct Invoice { pub id: String }
///
/// whop_core::webhook_events! {
///     /// Every event.
///     pub enum Hook {
///         /// An invoice was created.
///         InvoiceCreated(Event<Invoice>) = "invoice.created",
///     }
/// }
///
/// let text = r#"{"id": "msg_1", "api_version": "v1", "timestamp": "2025-01-01T00:00:00Z",
///     "type": "invoice.created", "data": {"id": "inv_1"}}"#;
/// let event: Hook = serde_json::from_str(text).unwrap();
/// let Hook::InvoiceCreated(created) = &event else { panic!("{event:?}") };
/// assert_eq!(created.data.id, "inv_1");
/// assert_eq!(event.event_type(), "invoice.created");
/// assert_eq!(event.unknown_json(), None);
///
/// let new: Hook = serde_json::from_str(r#"{"type": "invoice.voided_v2", "data": {}}"#).unwrap();
/// assert_eq!(new.event_type(), "invoice.voided_v2");
/// assert_eq!(serde_json::to_value(&new).unwrap(), serde_json::json!({"type": "invoice.voided_v2", "data": {}}));
///
/// let broken = r#"{"id": "msg_1", "api_version": "v1", "timestamp": "2025-01-01T00:00:00Z",
///     "type": "invoice.created", "data": {}}"#;
/// assert!(serde_json::from_str::<Hook>(broken).is_err());
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! webhook_events {
    (
        $(#[$attr:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$variant_attr:meta])* $variant:ident($payload:ty) = $wire:literal, )*
        }
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        // Events are whole models and differ in size; boxing them would only cost readers.
        #[allow(clippy::large_enum_variant)]
        $vis enum $name {
            $( $(#[$variant_attr])* $variant($payload), )*
            #[doc = ::core::concat!(
                "An event type this version of the crate does not know, kept whole: see\n",
                "[`", ::core::stringify!($name), "::unknown_json`]."
            )]
            #[doc(hidden)]
            _Unknown($crate::__private::UnknownJson),
        }

        impl $name {
            /// The event type, e.g. `"invoice.created"`.
            pub fn event_type(&self) -> &str {
                match self {
                    $( Self::$variant(_) => $wire, )*
                    Self::_Unknown(raw) => raw
                        .json()
                        .get("type")
                        .and_then($crate::__private::serde_json::Value::as_str)
                        .unwrap_or_default(),
                }
            }

            /// The whole event, as it was sent, when its type is one this version of the crate does
            /// not know; `None` for the types it has a variant for.
            pub fn unknown_json(&self) -> ::core::option::Option<&$crate::__private::serde_json::Value> {
                match self {
                    Self::_Unknown(raw) => ::core::option::Option::Some(raw.json()),
                    _ => ::core::option::Option::None,
                }
            }

            /// Decodes an event by its `type`: the one dispatch behind both `Deserialize` and
            /// `unwrap`. A failure gives the event back whole, with the JSON path where it failed.
            fn decode_event(
                event_type: ::std::string::String,
                raw: $crate::__private::serde_json::Value,
            ) -> ::core::result::Result<Self, $crate::__private::EventFailure> {
                ::core::result::Result::Ok(match event_type.as_str() {
                    $( $wire => Self::$variant($crate::__private::typed_event(event_type, raw)?), )*
                    _ => Self::_Unknown($crate::__private::UnknownJson::new(raw)),
                })
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                $crate::__private::deserialize_event(deserializer, Self::decode_event)
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private::serde::Serializer,
            {
                match self {
                    $( Self::$variant(event) => $crate::__private::serde::Serialize::serialize(event, serializer), )*
                    Self::_Unknown(raw) => $crate::__private::serde::Serialize::serialize(raw, serializer),
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::Event;

    #[test]
    fn the_envelope_round_trips_with_type_renamed() {
        let text = r#"{"id":"msg_1","api_version":"v1","timestamp":"2025-01-01T00:00:00Z","type":"invoice.created","data":{"id":"inv_1"}}"#;
        let event: Event<serde_json::Value> = serde_json::from_str(text).expect("decodes");
        assert_eq!(event.event_type, "invoice.created");
        assert_eq!(event.company_id, None);
        assert_eq!(event.data["id"], "inv_1");
        let back = serde_json::to_value(&event).expect("encodes");
        assert_eq!(back["type"], "invoice.created");
        assert!(
            back.get("company_id").is_none(),
            "an absent company is left out"
        );
        assert!(serde_json::from_str::<Event<serde_json::Value>>(r#"{"id":"msg_1"}"#).is_err());
    }
}
