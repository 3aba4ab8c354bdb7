//! The webhook events: the variants of `WebhookEvent`, declared with `whop_core::webhook_events!`
//! (which writes the enum's accessors, its serde impls and its dispatch on `type`), and `unwrap`.

use std::fmt::Write as _;

use super::{Uses, doc_comment, render_ty};
use crate::layout::WEBHOOKS;
use crate::model::Api;

/// The documentation of `WebhookEvent`.
const WEBHOOK_EVENT_DOC: &str = "A webhook event, decoded by its `type`.

An event type this version of the crate does not know is kept whole, so a new event type never
breaks a receiver: a `match` needs a wildcard arm (the enum is `#[non_exhaustive]`), where
[`event_type`](WebhookEvent::event_type) names it and [`unknown_json`](WebhookEvent::unknown_json)
gives its JSON. A known type whose data does not decode is an error, which [`unwrap`] returns
with the whole event in [`WebhookError::Undecodable`](whop_core::WebhookError::Undecodable).
Serializing gives the event's JSON back.";

/// The documentation of `unwrap`.
const UNWRAP_DOC: &str =
    "Verifies a delivery's signature with `webhook` and decodes it into a [`WebhookEvent`].

`headers` are the request's headers (`webhook-id`, `webhook-timestamp`,
`webhook-signature`) and `body` its raw bytes, exactly as received.

Decoding starts only once the delivery is verified, and a verified delivery is never
lost: every error about its body says so through
[`is_verified`](whop_core::WebhookError::is_verified).

- A known event whose body does not fit its model is
  [`Undecodable`](whop_core::WebhookError::Undecodable): the event's type, the
  delivery's id and time, the whole JSON, and the path that failed (`data.created_at`).
- A body with `action` instead of `type` is
  [`OlderFormat`](whop_core::WebhookError::OlderFormat): a webhook of API version v2 or v5.
- A body that is not JSON, or has no `type`, is a
  [`Decode`](whop_core::WebhookError::Decode) error at `.`.

An event type this version does not know is not an error: it is kept whole (see
[`WebhookEvent::unknown_json`]).";

pub(super) fn events(api: &Api, uses: &mut Uses) -> String {
    // The envelope is hand-written in whop-core; it keeps its path here.
    let mut out = String::from("\n#[doc(inline)]\npub use whop_core::__private::Event;\n");
    // rustfmt leaves macro bodies alone, so they are indented here.
    out.push_str("\nwhop_core::webhook_events! {\n");
    doc_comment(&mut out, "    ///", WEBHOOK_EVENT_DOC);
    out.push_str("    pub enum WebhookEvent {\n");
    for event in &api.webhooks {
        let data = render_ty(api, WEBHOOKS, &event.data, uses);
        doc_comment(&mut out, "        ///", &event.doc);
        let _ = writeln!(
            out,
            "        {}(Event<{data}>) = {:?},",
            event.ident, event.event
        );
    }
    out.push_str("    }\n}\n\n");
    doc_comment(&mut out, "///", UNWRAP_DOC);
    out.push_str(
        "pub fn unwrap(\n\
         webhook: &whop_core::Webhook,\n\
         headers: &whop_core::http::HeaderMap,\n\
         body: &[u8],\n\
         ) -> Result<WebhookEvent, whop_core::WebhookError> {\n\
         whop_core::__private::unwrap_event(webhook, headers, body, WebhookEvent::decode_event)\n\
         }\n",
    );
    out
}
