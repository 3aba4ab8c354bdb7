//! The `webhooks:` section: one event per entry, each carrying a typed `data`.

use crate::docs;
use crate::model::{Ctx, Origin, WebhookEvent};
use crate::naming::pascal;
use crate::spec::{Node, RawWebhook};
use crate::types::{Builder, Hint, description, join_doc};

/// The envelope members every event has besides `type` and `data`; checked so a change in the
/// spec's envelope is noticed rather than silently dropped.
const ENVELOPE: [&str; 6] = [
    "id",
    "api_version",
    "company_id",
    "timestamp",
    "type",
    "data",
];

impl Builder<'_> {
    pub(crate) fn webhook(&mut self, raw: &RawWebhook<'_>) -> WebhookEvent {
        let post = raw.node.at(&["post"]);
        let schema =
            self.spec
                .resolve(post.at(&["requestBody", "content", "application/json", "schema"]));
        let members: Vec<&str> = schema
            .at(&["properties"])
            .entries()
            .map(|(name, _)| name)
            .collect();
        assert_eq!(
            members, ENVELOPE,
            "webhook {}: unexpected envelope",
            raw.event
        );
        let event_type = schema
            .at(&["properties", "type"])
            .str_at("const")
            .unwrap_or(raw.event);
        assert_eq!(
            event_type, raw.event,
            "webhook {}: its `type` differs from its name",
            raw.event
        );

        let ident = pascal(raw.event);
        let data = self.map(
            schema.at(&["properties", "data"]),
            &Hint::new(&ident, "data").with_doc(&format!("The data of a `{}` event.", raw.event)),
            Ctx::Response,
            &Origin::Webhook,
        );
        let summary = docs::sentence(&post.str_at("summary").map(docs::clean).unwrap_or_default());
        let prose = description(post);
        WebhookEvent {
            event: raw.event.to_owned(),
            ident,
            doc: join_doc(
                &join_doc(&summary, &prose),
                &format!("Event type `{}`.", raw.event),
            ),
            data: data.ty,
        }
    }
}
