//! The webhook events: the `Event<T>` envelope, the `WebhookEvent` enum with its dispatch on
//! `type`, and `unwrap`.

use std::fmt::Write as _;

use super::{Uses, doc_comment, render_ty};
use crate::layout::WEBHOOKS;
use crate::model::Api;

/// The envelope every event shares (members checked against the spec when it is read).
const EVENT: &str = r#"
/// One webhook delivery: the envelope every event shares, and the event's typed `data`.
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
"#;

pub(super) fn events(api: &Api, uses: &mut Uses) -> String {
    uses.serde = true;
    uses.timestamp = true;
    let mut out = String::from(EVENT);
    let events = &api.webhooks;

    out.push_str(
        "\n/// A webhook event, decoded by its `type`.\n///\n/// An event type this version of the crate does not know decodes into [`WebhookEvent::Unknown`], so\n/// a new event type never breaks a receiver; a known type whose data does not decode is an error.\n/// Serializing gives the event's JSON back.\n#[derive(Debug, Clone, PartialEq)]\n#[allow(clippy::large_enum_variant)]\npub enum WebhookEvent {\n",
    );
    for event in events {
        let data = render_ty(api, WEBHOOKS, &event.data, uses);
        doc_comment(&mut out, "///", &event.doc);
        let _ = writeln!(out, "{}(Event<{data}>),", event.ident);
    }
    out.push_str(
        "/// An event type this version of the crate does not know.\nUnknown {\n/// The event's `type`.\nevent_type: String,\n/// The whole event as it was sent.\nraw: serde_json::Value,\n},\n}\n",
    );

    out.push_str("\nimpl WebhookEvent {\n/// The event type, e.g. `\"invoice.created\"`.\npub fn event_type(&self) -> &str {\nmatch self {\n");
    for event in events {
        let _ = writeln!(out, "Self::{}(_) => {:?},", event.ident, event.event);
    }
    out.push_str("Self::Unknown { event_type, .. } => event_type,\n}\n}\n}\n");

    out.push_str(
        "\nimpl<'de> Deserialize<'de> for WebhookEvent {\n\
         fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {\n\
         use serde::de::Error as _;\n\
         // Read once as JSON, then decode the typed event the `type` names.\n\
         let raw = serde_json::Value::deserialize(deserializer)?;\n\
         decode_event(raw).map_err(|err| match err {\n\
         EventError::MissingType => D::Error::missing_field(\"type\"),\n\
         // The outer decoder only sees `.`, so the path inside the event goes in the message.\n\
         EventError::Data { event_type, path, message } => D::Error::custom(format_args!(\"{event_type} event at `{path}`: {message}\")),\n\
         })\n\
         }\n\
         }\n",
    );

    out.push_str(
        "\n/// Why a JSON value is not a [`WebhookEvent`].\n\
         enum EventError {\n\
         /// There is no `type` member holding a string.\n\
         MissingType,\n\
         /// The type is known, but the event does not decode into it.\n\
         Data {\n\
         event_type: String,\n\
         /// Where inside the event, e.g. `data.created_at`.\n\
         path: String,\n\
         message: String,\n\
         },\n\
         }\n\
         \n\
         /// Decodes an event by its `type`: the one dispatch behind both `Deserialize` and [`unwrap`],\n\
         /// tracking the JSON path of a failure inside the event.\n\
         fn decode_event(raw: serde_json::Value) -> Result<WebhookEvent, EventError> {\n\
         fn typed<T: serde::de::DeserializeOwned>(event_type: &str, raw: serde_json::Value) -> Result<Event<T>, EventError> {\n\
         serde_path_to_error::deserialize(raw).map_err(|err| EventError::Data {\n\
         event_type: event_type.to_owned(),\n\
         path: err.path().to_string(),\n\
         message: err.inner().to_string(),\n\
         })\n\
         }\n\
         let Some(event_type) = raw.get(\"type\").and_then(serde_json::Value::as_str) else {\n\
         return Err(EventError::MissingType);\n\
         };\n\
         let event_type = event_type.to_owned();\n\
         Ok(match event_type.as_str() {\n",
    );
    for event in events {
        let _ = writeln!(
            out,
            "{:?} => WebhookEvent::{}(typed(&event_type, raw)?),",
            event.event, event.ident
        );
    }
    out.push_str("_ => WebhookEvent::Unknown { event_type, raw },\n})\n}\n");

    out.push_str(
        "\nimpl Serialize for WebhookEvent {\n\
         fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {\n\
         match self {\n",
    );
    for event in events {
        let _ = writeln!(
            out,
            "Self::{}(event) => event.serialize(serializer),",
            event.ident
        );
    }
    out.push_str("Self::Unknown { raw, .. } => raw.serialize(serializer),\n}\n}\n}\n");

    out.push_str(
        "\n/// Verifies a delivery's signature with `webhook` and decodes it into a [`WebhookEvent`].\n\
         ///\n\
         /// `headers` are the request's headers (`webhook-id`, `webhook-timestamp`,\n\
         /// `webhook-signature`) and `body` its raw bytes, exactly as received.\n\
         ///\n\
         /// Decoding starts only once the delivery is verified. A body that is not JSON, or has no\n\
         /// `type`, is a [`Decode`](whop_core::WebhookError::Decode) error at `.`; a known event\n\
         /// whose members do not decode is one at their JSON path, e.g. `data.created_at`.\n\
         pub fn unwrap(\n\
         webhook: &whop_core::Webhook,\n\
         headers: &whop_core::http::HeaderMap,\n\
         body: &[u8],\n\
         ) -> Result<WebhookEvent, whop_core::WebhookError> {\n\
         use whop_core::WebhookError;\n\
         webhook.verify(headers, body)?;\n\
         let top = |message: String| WebhookError::Decode { path: \".\".to_owned(), message };\n\
         let raw = serde_json::from_slice(body).map_err(|err| top(err.to_string()))?;\n\
         decode_event(raw).map_err(|err| match err {\n\
         EventError::MissingType => top(\"missing field `type`\".to_owned()),\n\
         EventError::Data { path, message, .. } => WebhookError::Decode { path, message },\n\
         })\n\
         }\n",
    );
    out
}
