//! The envelope every webhook event shares. Decoding needs only serde: this module stays
//! independent of how deliveries are verified.

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
