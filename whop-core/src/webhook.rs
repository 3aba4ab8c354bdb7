//! Whop's webhook deliveries: verifying them ([`Webhook`], feature `webhooks`), and the error
//! and event types that go with them ([`WebhookError`], [`UndecodableEvent`]).
//!
//! Whop signs deliveries the standard-webhooks way: the `webhook-signature` header carries
//! `v1,<base64 of HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")>`. Only the
//! verification needs the HMAC, SHA-256 and base64 crates; it is left out, with them, when the
//! `webhooks` feature is off. The error and event types stay, since generated event types name
//! them.

mod error;
mod event;
#[cfg(feature = "webhooks")]
mod headers;
#[cfg(feature = "webhooks")]
mod secret;
#[cfg(feature = "webhooks")]
mod verify;

pub use error::{UndecodableEvent, WebhookError};
#[cfg(feature = "webhooks")]
pub use event::unwrap_event;
pub use event::{EventFailure, deserialize_event, typed_event};
#[cfg(feature = "webhooks")]
pub use verify::Webhook;
