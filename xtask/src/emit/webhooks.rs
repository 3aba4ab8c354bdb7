//! The webhook events: the `WebhookEvent` enum with its dispatch on
//! `type`, and `unwrap`.

use std::fmt::Write as _;

use super::{Uses, doc_comment, render_ty};
use crate::layout::WEBHOOKS;
use crate::model::Api;

pub(super) fn events(api: &Api, uses: &mut Uses) -> String {
    uses.serde = true;
    // The envelope is hand-written in whop-core; it keeps its path here.
    let mut out = String::from("\n#[doc(inline)]\npub use whop_core::__private::Event;\n");
    let events = &api.webhooks;

    out.push_str(
        "\n/// A webhook event, decoded by its `type`.\n///\n/// An event type this version of the crate does not know is kept whole, so a new event type never\n/// breaks a receiver: a `match` needs a wildcard arm (the enum is `#[non_exhaustive]`), where\n/// [`event_type`](WebhookEvent::event_type) names it and [`unknown_json`](WebhookEvent::unknown_json)\n/// gives its JSON. A known type whose data does not decode is an error, which [`unwrap`] returns\n/// with the whole event in [`WebhookError::Undecodable`](whop_core::WebhookError::Undecodable).\n/// Serializing gives the event's JSON back.\n#[derive(Debug, Clone, PartialEq)]\n#[non_exhaustive]\n#[allow(clippy::large_enum_variant)]\npub enum WebhookEvent {\n",
    );
    for event in events {
        let data = render_ty(api, WEBHOOKS, &event.data, uses);
        doc_comment(&mut out, "///", &event.doc);
        let _ = writeln!(out, "{}(Event<{data}>),", event.ident);
    }
    out.push_str(
        "/// An event type this version of the crate does not know, kept whole: see\n/// [`WebhookEvent::unknown_json`].\n#[doc(hidden)]\n_Unknown(whop_core::__private::UnknownJson),\n}\n",
    );

    out.push_str("\nimpl WebhookEvent {\n/// The event type, e.g. `\"invoice.created\"`.\npub fn event_type(&self) -> &str {\nmatch self {\n");
    for event in events {
        let _ = writeln!(out, "Self::{}(_) => {:?},", event.ident, event.event);
    }
    out.push_str(
        "Self::_Unknown(raw) => raw.json().get(\"type\").and_then(serde_json::Value::as_str).unwrap_or_default(),\n}\n}\n\n\
         /// The whole event, as it was sent, when its type is one this version of the crate does\n\
         /// not know; `None` for the types it has a variant for.\n\
         pub fn unknown_json(&self) -> Option<&serde_json::Value> {\n\
         match self {\nSelf::_Unknown(raw) => Some(raw.json()),\n_ => None,\n}\n}\n}\n",
    );

    out.push_str(
        "\nimpl<'de> Deserialize<'de> for WebhookEvent {\n\
         fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {\n\
         whop_core::__private::deserialize_event(deserializer, decode_event)\n\
         }\n\
         }\n",
    );

    out.push_str(
        "\n/// Decodes an event by its `type`: the one dispatch behind both `Deserialize` and [`unwrap`].\n\
         /// A failure gives the event back whole, with the JSON path where it failed.\n\
         fn decode_event(\n\
         event_type: String,\n\
         raw: serde_json::Value,\n\
         ) -> Result<WebhookEvent, whop_core::__private::EventFailure> {\n\
         use whop_core::__private::typed_event as typed;\n\
         Ok(match event_type.as_str() {\n",
    );
    for event in events {
        let _ = writeln!(
            out,
            "{:?} => WebhookEvent::{}(typed(event_type, raw)?),",
            event.event, event.ident
        );
    }
    out.push_str(
        "_ => WebhookEvent::_Unknown(whop_core::__private::UnknownJson::new(raw)),\n})\n}\n",
    );

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
    out.push_str("Self::_Unknown(raw) => raw.serialize(serializer),\n}\n}\n}\n");

    out.push_str(
        "\n/// Verifies a delivery's signature with `webhook` and decodes it into a [`WebhookEvent`].\n\
         ///\n\
         /// `headers` are the request's headers (`webhook-id`, `webhook-timestamp`,\n\
         /// `webhook-signature`) and `body` its raw bytes, exactly as received.\n\
         ///\n\
         /// Decoding starts only once the delivery is verified, and a verified delivery is never\n\
         /// lost: every error about its body says so through\n\
         /// [`is_verified`](whop_core::WebhookError::is_verified).\n\
         ///\n\
         /// - A known event whose body does not fit its model is\n\
         ///   [`Undecodable`](whop_core::WebhookError::Undecodable): the event's type, the\n\
         ///   delivery's id and time, the whole JSON, and the path that failed (`data.created_at`).\n\
         /// - A body with `action` instead of `type` is\n\
         ///   [`OlderFormat`](whop_core::WebhookError::OlderFormat): a webhook of API version v2 or v5.\n\
         /// - A body that is not JSON, or has no `type`, is a\n\
         ///   [`Decode`](whop_core::WebhookError::Decode) error at `.`.\n\
         ///\n\
         /// An event type this version does not know is not an error: it is kept whole (see\n\
         /// [`WebhookEvent::unknown_json`]).\n\
         pub fn unwrap(\n\
         webhook: &whop_core::Webhook,\n\
         headers: &whop_core::http::HeaderMap,\n\
         body: &[u8],\n\
         ) -> Result<WebhookEvent, whop_core::WebhookError> {\n\
         whop_core::__private::unwrap_event(webhook, headers, body, decode_event)\n\
         }\n",
    );
    out
}
