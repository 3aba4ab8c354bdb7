//! A webhook receiver: verifies Whop's signed deliveries, decodes them into
//! [`WebhookEvent`](whop_endpoints::webhooks::WebhookEvent) and prints each event.
//!
//! Run it with the webhook's secret as Whop's dashboard shows it (a `whsec_<base64>` secret
//! works too):
//!
//! ```text
//! WHOP_WEBHOOK_SECRET=ws_... cargo run -p whop-tests --example webhook_receiver
//! ```
//!
//! It listens on 0.0.0.0, port `PORT` (default 8787), and takes POSTs on any path. Expose it with
//! a tunnel and set the tunnel's URL as the webhook URL in the dashboard. Each delivery is answered
//! with 200 when authentic and 400 when refused (bad signature, stale, missing headers). An
//! authentic delivery whose body does not decode (a member the model requires is missing, the
//! webhook sends an older format) is not lost: it is written to `UNDECODED_DIR` (default
//! `undecoded/`) as `<webhook-id>.json` and acknowledged, so Whop does not deliver it again and
//! again; only when it cannot be written is the answer 500, so that Whop retries.

use std::io::Read;
use std::path::PathBuf;

use whop_core::http::{HeaderMap, HeaderName, HeaderValue};
use whop_core::{Webhook, WebhookError};
use whop_endpoints::webhooks::{self, WebhookEvent};

/// Bodies above this are refused unread; Whop's events are far smaller.
const MAX_BODY: u64 = 1024 * 1024;

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let webhook = Webhook::from_env()?;
    let port: u16 = match std::env::var("PORT") {
        Ok(port) => port
            .parse()
            .map_err(|_| format!("PORT is not a port number: {port:?}"))?,
        Err(_) => 8787,
    };
    let server = tiny_http::Server::http(("0.0.0.0", port))?;
    println!("listening on http://0.0.0.0:{port}");

    for mut request in server.incoming_requests() {
        let (status, answer) = if *request.method() != tiny_http::Method::Post {
            (405, "send webhooks with POST".to_owned())
        } else {
            match read_body(&mut request) {
                Ok(body) => receive(&webhook, &header_map(request.headers()), &body),
                Err(reason) => (400, reason),
            }
        };
        if status != 200 {
            eprintln!("{status}: {answer}");
        }
        if let Err(err) =
            request.respond(tiny_http::Response::from_string(answer).with_status_code(status))
        {
            eprintln!("could not answer: {err}");
        }
    }
    Ok(())
}

/// Verifies and decodes one delivery; returns the status and text to answer with.
fn receive(webhook: &Webhook, headers: &HeaderMap, body: &[u8]) -> (u16, String) {
    match webhooks::unwrap(webhook, headers, body) {
        Ok(event) => {
            println!("{}", describe(&event));
            (200, "ok".to_owned())
        }
        // Authentic, but the body does not fit the event's model: the event's type, the
        // delivery's id and time, the whole JSON and the failing path are all here.
        Err(WebhookError::Undecodable(event)) => {
            eprintln!(
                "{} {} at {}: does not decode at `{}`: {}",
                event.id, event.event_type, event.timestamp, event.path, event.message
            );
            keep(&event.id, body)
        }
        // Authentic, but not JSON, without `type`, or in an older webhook format.
        Err(err) if err.is_verified() => {
            eprintln!("{err}");
            let id = headers
                .get("webhook-id")
                .and_then(|id| id.to_str().ok())
                .unwrap_or("unknown");
            keep(id, body)
        }
        Err(refused) => (400, refused.to_string()),
    }
}

/// Writes an authentic delivery that does not decode to `UNDECODED_DIR/<id>.json` and answers
/// 200; 500 when it cannot be written, so that Whop delivers it again.
fn keep(id: &str, body: &[u8]) -> (u16, String) {
    let dir =
        PathBuf::from(std::env::var_os("UNDECODED_DIR").unwrap_or_else(|| "undecoded".into()));
    // The id is verified, but still only a file name made of safe characters.
    let name: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        .collect();
    let name = if name.is_empty() {
        "delivery".to_owned()
    } else {
        name
    };
    let path = dir.join(format!("{name}.json"));
    match std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, body)) {
        Ok(()) => (200, format!("kept as {}", path.display())),
        Err(err) => (500, format!("could not keep the delivery: {err}")),
    }
}

/// One line about an event: a few typed fields for some events, the type for the others.
fn describe(event: &WebhookEvent) -> String {
    match event {
        WebhookEvent::PaymentSucceeded(event) | WebhookEvent::PaymentFailed(event) => {
            let status = event
                .data
                .status
                .as_ref()
                .map_or("-", |status| status.as_str());
            format!(
                "{} {}: payment {} is {status}",
                event.id, event.event_type, event.data.id
            )
        }
        WebhookEvent::MembershipActivated(event) | WebhookEvent::MembershipDeactivated(event) => {
            format!(
                "{} {}: membership {} of {} is {}",
                event.id, event.event_type, event.data.id, event.data.product.id, event.data.status
            )
        }
        // A type this version does not know is kept whole; it reaches the wildcard arm, so the
        // match keeps compiling when a later version gives it a variant.
        other if other.unknown_json().is_some() => {
            let raw = other.unknown_json().unwrap_or(&serde_json::Value::Null);
            let id = raw.get("id").and_then(|id| id.as_str()).unwrap_or("-");
            format!(
                "{id} {}: an event type this version does not know",
                other.event_type()
            )
        }
        // The other events print the ids of the delivery and of the object it is about.
        other => {
            let json = serde_json::to_value(other).unwrap_or_default();
            let id = |value: &serde_json::Value| value["id"].as_str().unwrap_or("-").to_owned();
            format!(
                "{} {}: {}",
                id(&json),
                other.event_type(),
                id(&json["data"])
            )
        }
    }
}

fn read_body(request: &mut tiny_http::Request) -> Result<Vec<u8>, String> {
    if request
        .body_length()
        .is_some_and(|length| length as u64 > MAX_BODY)
    {
        return Err(format!("the body is larger than {MAX_BODY} bytes"));
    }
    let mut body = Vec::new();
    request
        .as_reader()
        .take(MAX_BODY + 1)
        .read_to_end(&mut body)
        .map_err(|err| err.to_string())?;
    if body.len() as u64 > MAX_BODY {
        return Err(format!("the body is larger than {MAX_BODY} bytes"));
    }
    Ok(body)
}

/// tiny_http's headers as an `http::HeaderMap`; headers that are not valid HTTP are left out,
/// which makes a delivery missing a webhook header fail verification, as it should.
fn header_map(headers: &[tiny_http::Header]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for header in headers {
        let name = HeaderName::from_bytes(header.field.as_str().as_str().as_bytes());
        let value = HeaderValue::from_str(header.value.as_str());
        if let (Ok(name), Ok(value)) = (name, value) {
            map.append(name, value);
        }
    }
    map
}
