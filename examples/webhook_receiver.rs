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
//! with 200 when authentic, 400 when refused (bad signature, stale, missing headers), and 500 when
//! authentic but undecodable, so that Whop delivers it again once the code is fixed.

use std::io::Read;

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
        Err(err @ WebhookError::Decode { .. }) => (500, err.to_string()),
        Err(refused) => (400, refused.to_string()),
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
        WebhookEvent::Unknown { event_type, raw } => {
            let id = raw.get("id").and_then(|id| id.as_str()).unwrap_or("-");
            format!("{id} {event_type}: an event type this version does not know")
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
