//! Webhook events from the sandbox: signed the standard-webhooks way, verified by
//! `whop_core::Webhook`, decoded by `whop_endpoints::webhooks::unwrap`, retried after a non-2xx
//! answer, and sent on their own by operations that have an event in the spec.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::json;
use whop_core::Webhook;
use whop_core::http::{HeaderMap, HeaderName, HeaderValue};
use whop_endpoints::invoices::VoidInvoice;
use whop_endpoints::memberships::CancelMembership;
use whop_endpoints::webhooks::{WebhookEvent, unwrap};
use whop_sandbox::Sandbox;
use whop_tests::{RecordedRequest, Reply, TestServer};

const SECRET: &str = "ws_sandbox_test_secret";

/// Waits until the receiver has `count` requests (deliveries run in the background), at most
/// ten seconds.
fn wait_for(receiver: &TestServer, count: usize) -> Vec<RecordedRequest> {
    let started = Instant::now();
    loop {
        let requests = receiver.requests();
        if requests.len() >= count {
            return requests;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{} of {count} deliveries arrived",
            requests.len()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn header_map(request: &RecordedRequest) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in &request.headers {
        headers.append(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    headers
}

/// A receiver that answers `500` to its first `failures` deliveries, then `200`.
fn receiver(failures: usize) -> TestServer {
    let seen = Arc::new(AtomicUsize::new(0));
    TestServer::start(move |_| {
        if seen.fetch_add(1, Ordering::SeqCst) < failures {
            Reply::json(500, &json!({"error": "try later"}))
        } else {
            Reply::json(200, &json!({"ok": true}))
        }
    })
}

#[test]
fn an_emitted_event_is_signed_completed_and_retried_after_a_failure() {
    let sandbox = Sandbox::start();
    let receiver = receiver(1);
    sandbox.add_webhook_endpoint(&format!("{}/hooks", receiver.url()), SECRET);

    let id = sandbox.emit("payment.succeeded", json!({"id": "pay_1"}));
    assert!(id.starts_with("msg_"), "{id}");
    let deliveries = wait_for(&receiver, 2);
    assert_eq!(
        deliveries.len(),
        2,
        "the 500 was retried once, then accepted"
    );

    let webhook = Webhook::new(SECRET).unwrap();
    for delivery in &deliveries {
        assert_eq!(
            (delivery.method.as_str(), delivery.path()),
            ("POST", "/hooks")
        );
        assert_eq!(delivery.header("webhook-id"), Some(id.as_str()));
        assert_eq!(
            delivery.body, deliveries[0].body,
            "a retry sends the same event"
        );
        webhook
            .verify(&header_map(delivery), &delivery.body)
            .unwrap();
        match unwrap(&webhook, &header_map(delivery), &delivery.body).unwrap() {
            WebhookEvent::PaymentSucceeded(event) => {
                assert_eq!(event.data.id, "pay_1");
            }
            other => panic!("expected payment.succeeded, got {other:?}"),
        }
    }
    let body = deliveries[0].json();
    assert_eq!(body["type"], "payment.succeeded");
    assert_eq!(body["id"], id.as_str());
    assert_eq!(body["api_version"], "v1");

    // Tampering breaks the signature.
    let mut tampered = deliveries[0].body.clone();
    tampered.extend_from_slice(b" ");
    assert!(
        webhook
            .verify(&header_map(&deliveries[0]), &tampered)
            .is_err()
    );
    // So does another secret.
    assert!(
        Webhook::new("ws_other")
            .unwrap()
            .verify(&header_map(&deliveries[0]), &deliveries[0].body)
            .is_err()
    );
}

#[test]
fn a_standard_form_secret_signs_with_its_decoded_key() {
    let sandbox = Sandbox::start();
    let receiver = receiver(0);
    let standard = format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode(SECRET)
    );
    sandbox.add_webhook_endpoint(&receiver.url(), &standard);
    sandbox.emit(
        "membership.activated",
        json!({"id": "mem_1", "status": "active"}),
    );
    let delivery = &wait_for(&receiver, 1)[0];
    for secret in [SECRET, standard.as_str()] {
        let event = unwrap(
            &Webhook::new(secret).unwrap(),
            &header_map(delivery),
            &delivery.body,
        )
        .unwrap();
        let WebhookEvent::MembershipActivated(event) = event else {
            panic!("expected membership.activated, got {event:?}")
        };
        assert_eq!(event.data.id, "mem_1");
    }
}

#[test]
fn operations_with_an_event_in_the_spec_send_it() {
    let sandbox = Sandbox::start();
    let receiver = receiver(0);
    sandbox.add_webhook_endpoint(&receiver.url(), SECRET);
    let client = sandbox.client();
    let webhook = Webhook::new(SECRET).unwrap();

    let membership = sandbox.seed("memberships", json!({"status": "active"}));
    CancelMembership::new(membership.as_str())
        .send(&client)
        .unwrap();
    let delivery = wait_for(&receiver, 1).remove(0);
    let event = unwrap(&webhook, &header_map(&delivery), &delivery.body).unwrap();
    assert_eq!(
        event.event_type(),
        "membership.cancel_at_period_end_changed"
    );
    assert_eq!(delivery.json()["data"]["id"], membership.as_str());

    let invoice = sandbox.seed("invoices", json!({}));
    assert!(VoidInvoice::new(invoice.as_str()).send(&client).unwrap());
    let delivery = wait_for(&receiver, 2).remove(1);
    let event = unwrap(&webhook, &header_map(&delivery), &delivery.body).unwrap();
    assert_eq!(event.event_type(), "invoice.voided");
    assert_eq!(delivery.json()["data"]["id"], invoice.as_str());

    // Operations without an event send none: only the two above arrived.
    whop_endpoints::memberships::RetrieveMembership::new(membership.as_str())
        .send(&client)
        .unwrap();
    sandbox.emit("invoice.paid", json!({"id": invoice}));
    let deliveries = wait_for(&receiver, 3);
    assert_eq!(deliveries.len(), 3);
    assert_eq!(deliveries[2].json()["type"], "invoice.paid");
}

#[test]
#[should_panic(expected = "the spec has no webhook event \"payment.exploded\"")]
fn an_unknown_event_type_is_named() {
    Sandbox::start().emit("payment.exploded", json!({}));
}
