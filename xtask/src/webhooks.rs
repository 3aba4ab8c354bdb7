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

#[cfg(test)]
mod tests {
    use crate::model::Ty;
    use crate::tests::shop_api;
    use crate::types::Builder;

    #[test]
    fn each_event_is_named_after_its_type_and_carries_its_data() {
        let api = shop_api();
        let events: Vec<(&str, &str, &str)> = api
            .webhooks
            .iter()
            .map(|event| {
                let Ty::Named(id) = event.data else {
                    panic!("{:?}", event.data)
                };
                (
                    event.event.as_str(),
                    event.ident.as_str(),
                    api.types[id].name.as_str(),
                )
            })
            .collect();
        assert_eq!(
            events,
            [
                ("product.created", "ProductCreated", "Product"),
                ("product.deleted", "ProductDeleted", "ProductDeletedData"),
            ]
        );
        assert_eq!(
            api.webhooks[0].doc,
            "Product Created.\n\nEvent type `product.created`."
        );
    }

    #[test]
    #[should_panic(expected = "webhook thing.happened: unexpected envelope")]
    fn an_envelope_unlike_the_declared_one_stops_generation() {
        let spec = crate::spec::Spec::parse(
            r#"
webhooks:
  thing.happened:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                id: {type: string}
                type: {type: string, const: thing.happened}
                data: {type: object}
"#,
        )
        .expect("parses");
        let mut builder = Builder::new(&spec);
        builder.webhook(&spec.webhooks()[0]);
    }

    /// The envelope the spec has is the one whop-core declares (`whop_core::__private::Event`).
    #[test]
    fn whop_core_declares_the_envelope_the_spec_has() {
        let path = crate::workspace_root()
            .join("whop-core")
            .join("src")
            .join("envelope.rs");
        let text = std::fs::read_to_string(&path).expect("whop-core's envelope");
        for member in super::ENVELOPE {
            let field = match member {
                "type" => "#[serde(rename = \"type\")]\n    pub event_type:".to_owned(),
                other => format!("pub {other}:"),
            };
            assert!(text.contains(&field), "Event has no `{member}` member");
        }
    }
}
