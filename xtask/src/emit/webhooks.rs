//! The webhook events: the variants of `WebhookEvent`, declared with `whop_core::webhook_events!`
//! (which writes the enum's accessors, its serde impls and its dispatch on `type`), and `unwrap`.

use std::fmt::Write as _;

use super::{Uses, doc_comment, render_ty};
use crate::layout::WEBHOOKS;
use crate::model::Api;

/// The documentation of `WebhookEvent`.
const WEBHOOK_EVENT_DOC: &str = include_str!("webhook_event.md");

/// The documentation of `unwrap`.
const UNWRAP_DOC: &str = include_str!("unwrap.md");

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
        "#[cfg(feature = \"webhooks\")]\n\
         pub fn unwrap(\n\
         webhook: &whop_core::Webhook,\n\
         headers: &whop_core::http::HeaderMap,\n\
         body: &[u8],\n\
         ) -> Result<WebhookEvent, whop_core::WebhookError> {\n\
         whop_core::__private::unwrap_event(webhook, headers, body, WebhookEvent::decode_event)\n\
         }\n",
    );
    out
}
