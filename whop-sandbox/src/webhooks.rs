//! Delivering signed webhook events, the standard-webhooks way Whop does.

use std::time::Duration;

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::model::model;
use crate::schema::{self, Context};

/// Attempts per delivery: the first and the retries after a non-2xx answer or a failure.
const ATTEMPTS: u32 = 5;
/// The wait before the first retry; each further one doubles it.
const FIRST_BACKOFF: Duration = Duration::from_millis(100);

/// Where events go.
#[derive(Clone)]
pub(crate) struct Endpoint {
    pub(crate) url: String,
    /// The HMAC key: the secret's bytes, or for a `whsec_` secret its base64-decoded rest.
    pub(crate) key: Vec<u8>,
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

/// The HMAC key of a secret; `None` for a `whsec_` secret whose rest is not base64.
pub(crate) fn key_of(secret: &str) -> Option<Vec<u8>> {
    let secret = secret.trim();
    match secret.strip_prefix("whsec_") {
        Some(encoded) => base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(encoded))
            .ok(),
        None => Some(secret.as_bytes().to_vec()),
    }
}

/// The event's body: the envelope of the spec's schema for `event_type` around `data`, both
/// completed from the spec. `None` for an event type the spec does not have.
pub(crate) fn event(event_type: &str, data: &Value, id: &str) -> Option<Value> {
    let model = model();
    let schema = model.webhooks.get(event_type)?;
    let now = crate::api::now();
    let cx = Context { model, now: &now };
    let company_id = data
        .get("company_id")
        .and_then(Value::as_str)
        .or_else(|| data.pointer("/company/id").and_then(Value::as_str));
    let envelope = json!({
        "id": id,
        "api_version": "v1",
        "company_id": company_id,
        "timestamp": now,
        "type": event_type,
        "data": data,
    });
    Some(schema::conform(&cx, schema, &envelope, 0))
}

/// `v1,<base64 of HMAC-SHA256(key, "{id}.{timestamp}.{body}")>`.
pub(crate) fn sign(key: &[u8], id: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes any key");
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let signature = mac.finalize().into_bytes();
    format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(signature)
    )
}

/// Sends the event to every endpoint, each on its own thread, retrying after a failure.
pub(crate) fn deliver(endpoints: Vec<Endpoint>, id: String, body: Vec<u8>) {
    for endpoint in endpoints {
        let (id, body) = (id.clone(), body.clone());
        let _ = std::thread::Builder::new()
            .name("whop-sandbox-webhook".into())
            .spawn(move || deliver_one(&endpoint, &id, &body));
    }
}

fn deliver_one(endpoint: &Endpoint, id: &str, body: &[u8]) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    let mut backoff = FIRST_BACKOFF;
    for attempt in 1..=ATTEMPTS {
        // Each attempt is signed anew, with its own time, as Whop does.
        let timestamp = whop_core::Timestamp::now().unix_seconds();
        let signature = sign(&endpoint.key, id, timestamp, body);
        let answer = agent
            .post(&endpoint.url)
            .header("content-type", "application/json")
            .header("webhook-id", id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .send(body);
        if answer.is_ok_and(|response| response.status().is_success()) {
            return;
        }
        if attempt < ATTEMPTS {
            std::thread::sleep(backoff);
            backoff *= 2;
        }
    }
}
