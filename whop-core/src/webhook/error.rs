//! [`WebhookError`]: every reason a delivery is refused, and [`UndecodableEvent`], what an
//! authentic delivery that does not decode keeps.

use std::fmt;
use std::time::Duration;

use serde_json::Value;

/// Why a webhook delivery was refused, or why a [`Webhook`](crate::Webhook) could not be built.
///
/// Every check has its own variant, so a receiver can log precisely what went wrong. Three
/// variants mean the delivery is authentic and only its body could not be decoded:
/// [`Decode`](WebhookError::Decode), [`OlderFormat`](WebhookError::OlderFormat) and
/// [`Undecodable`](WebhookError::Undecodable) ([`is_verified`](WebhookError::is_verified) tells
/// them apart). Any other error means the delivery must be treated as not coming from Whop:
/// answer it with a 4xx status and do not act on its body. No variant ever contains the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The secret is empty, is not set, or is a `whsec_` secret whose rest is not base64.
    #[error("invalid webhook secret: {reason}")]
    InvalidSecret {
        /// What is wrong with it (never the secret itself).
        reason: String,
    },
    /// One of `webhook-id`, `webhook-timestamp`, `webhook-signature` is absent.
    #[error("the `{name}` header is missing")]
    MissingHeader {
        /// The header's name, lower case.
        name: &'static str,
    },
    /// A webhook header is present but unusable: empty, not ASCII, given more than once, or (for
    /// `webhook-signature`) an entry that is not `version,signature`.
    #[error("the `{name}` header is invalid: {reason}")]
    InvalidHeader {
        /// The header's name, lower case.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The `webhook-timestamp` header is not a whole number of seconds since the Unix epoch.
    #[error("the `webhook-timestamp` header is not Unix seconds: {value:?}")]
    InvalidTimestamp {
        /// The header's value (its first 64 characters when longer).
        value: String,
    },
    /// The signature is valid but the delivery was signed more than the tolerance ago: a replay,
    /// a delivery held up for too long, or a receiver clock running fast.
    #[error(
        "the delivery was signed at {timestamp}, {}s before now ({now}), beyond the tolerance of {}s",
        now.abs_diff(*timestamp),
        tolerance.as_secs()
    )]
    TimestampTooOld {
        /// The `webhook-timestamp` header, Unix seconds.
        timestamp: i64,
        /// The receiver's time, Unix seconds.
        now: i64,
        /// The tolerance in force.
        tolerance: Duration,
    },
    /// The signature is valid but the delivery claims to be signed more than the tolerance in the
    /// future: the receiver clock runs slow, or the timestamp was forged along with the secret.
    #[error(
        "the delivery was signed at {timestamp}, {}s after now ({now}), beyond the tolerance of {}s",
        timestamp.abs_diff(*now),
        tolerance.as_secs()
    )]
    TimestampInFuture {
        /// The `webhook-timestamp` header, Unix seconds.
        timestamp: i64,
        /// The receiver's time, Unix seconds.
        now: i64,
        /// The tolerance in force.
        tolerance: Duration,
    },
    /// The `webhook-signature` header holds only signatures of versions this crate does not know
    /// (it knows `v1`, HMAC-SHA256).
    #[error("the `webhook-signature` header has no v1 signature (versions found: {})", versions.join(", "))]
    NoSupportedSignature {
        /// The versions that were found, in header order.
        versions: Vec<String>,
    },
    /// No `v1` signature matches the body: the secret is wrong, or the body or the `webhook-id` /
    /// `webhook-timestamp` headers were changed after signing (a proxy re-encoding JSON does that).
    #[error("no v1 signature in `webhook-signature` matches the delivery")]
    SignatureMismatch,
    /// The delivery is authentic, but its body does not decode into the requested type (with
    /// `whop_endpoints::webhooks::unwrap`: it is not JSON, or has no `type`).
    #[error("could not decode the webhook body at `{path}`: {message}")]
    Decode {
        /// Where in the JSON the failure is, e.g. `data.status`; `.` for the top level.
        path: String,
        /// What serde reported.
        message: String,
    },
    /// The delivery is authentic, but in an older webhook format (API versions v2 and v5): it
    /// names its event with `action` instead of `type`, and its `data` has another shape. The
    /// events of this crate are the v1 format; a webhook sends it when its API version is v1.
    #[error(
        "the delivery is in an older webhook format{}: its event is named by `action` ({action:?}) \
         instead of `type`; only the v1 format decodes, so set the webhook's API version to v1",
        api_version.as_ref().map(|version| format!(" (api_version {version:?})")).unwrap_or_default()
    )]
    OlderFormat {
        /// The `action` member, e.g. `payment.succeeded`.
        action: String,
        /// The `api_version` member, when the body has one (v5 deliveries do).
        api_version: Option<String>,
    },
    /// The delivery is authentic and names a known event type, but its body does not fit that
    /// event's model. It carries the whole event; see [`UndecodableEvent`].
    #[error("{0}")]
    Undecodable(Box<UndecodableEvent>),
}

impl WebhookError {
    /// Whether the delivery passed verification and only its body could not be decoded
    /// ([`Decode`](WebhookError::Decode), [`OlderFormat`](WebhookError::OlderFormat),
    /// [`Undecodable`](WebhookError::Undecodable)): it comes from Whop, so acknowledge it and
    /// keep it rather than have Whop deliver it again and again.
    pub fn is_verified(&self) -> bool {
        matches!(
            self,
            WebhookError::Decode { .. }
                | WebhookError::OlderFormat { .. }
                | WebhookError::Undecodable(_)
        )
    }
}

/// An authentic delivery whose body does not fit the model of its event type.
///
/// `whop_endpoints::webhooks::unwrap` returns it as [`WebhookError::Undecodable`] when the
/// signature checks out and the body names a known event `type`, but a member is missing or has
/// a value the model cannot hold. Nothing of the delivery is lost: its type, id and time are known
/// and its whole JSON is kept. A receiver should acknowledge it (answer with a 2xx status) and
/// store it to process later; answering with an error would make Whop deliver it again and again,
/// failing the same way each time, until it gives up.
///
/// ```
/// use whop_core::{UndecodableEvent, WebhookError};
///
/// /// What a receiver answers for a delivery that failed.
/// fn answer(err: &WebhookError, keep: &mut Vec<(String, serde_json::Value)>) -> u16 {
///     match err {
///         WebhookError::Undecodable(event) => {
///             eprintln!("kept {} {} ({} at `{}`)", event.event_type, event.id, event.message, event.path);
///             keep.push((event.id.clone(), event.raw.clone()));
///             200
///         }
///         err if err.is_verified() => 200, // authentic, in a form this version cannot read
///         _ => 400,                         // not from Whop: do not act on it
///     }
/// }
/// # let mut kept = Vec::new();
/// # assert_eq!(answer(&WebhookError::SignatureMismatch, &mut kept), 400);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndecodableEvent {
    /// The event's `type`, e.g. `payment.succeeded`.
    pub event_type: String,
    /// The delivery's id: the `webhook-id` header, covered by the signature. Standard webhooks
    /// keep it when a delivery is retried, so it identifies the event across re-deliveries.
    pub id: String,
    /// When Whop signed the delivery, in Unix seconds: the `webhook-timestamp` header, covered by
    /// the signature and within the [tolerance](crate::Webhook::with_tolerance).
    pub timestamp: i64,
    /// The whole body, as JSON.
    pub raw: Value,
    /// Where the body does not fit, e.g. `data.total`. For a missing member it is the member's
    /// own path (`data.joined_at`), and `.` stands for the top level.
    pub path: String,
    /// What serde reported, e.g. ``missing field `joined_at` ``.
    pub message: String,
}

impl fmt::Display for UndecodableEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the {} event {} is authentic but does not decode at `{}`: {}",
            self.event_type, self.id, self.path, self.message
        )
    }
}
