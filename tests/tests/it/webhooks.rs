//! Webhook verification: signatures are computed here with the `hmac`, `sha2` and `base64` crates
//! directly, never by the code under test, and checked by `whop_core::Webhook`.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use serde::Deserialize;
use sha2::Sha256;
use whop_core::http::{HeaderMap, HeaderValue};
use whop_core::{Webhook, WebhookError};
use whop_tests::{Reply, TestServer};

mod spec_events;

use spec_events::{Events, Fill};

/// A secret as Whop's dashboard shows it: the HMAC key itself.
const RAW_SECRET: &str = "ws_2f7e0c1d9b8a4e6f5a3c2b1d0e9f8a7b";
const ID: &str = "msg_2zyWKsAYh5kzXyyCEbYbC6";
const BODY: &[u8] = br#"{"id":"msg_2zyWKsAYh5kzXyyCEbYbC6","api_version":"v1","company_id":"biz_1","timestamp":"2025-01-01T00:00:00.000Z","type":"payment.succeeded","data":{"id":"pay_1","status":"paid"}}"#;
/// A fixed "now" for tests that use `verify_at`.
const NOW: i64 = 1_727_606_400;

/// `v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>`, computed independently.
fn sign(key: &[u8], id: &str, timestamp: &str, body: &[u8]) -> String {
    format!("v1,{}", STANDARD.encode(tag(key, id, timestamp, body)))
}

fn tag(key: &[u8], id: &str, timestamp: &str, body: &[u8]) -> Vec<u8> {
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    mac.finalize().into_bytes().to_vec()
}

fn headers(id: &str, timestamp: &str, signature: &str) -> HeaderMap {
    let mut map = HeaderMap::new();
    map.insert("content-type", HeaderValue::from_static("application/json"));
    map.insert("webhook-id", HeaderValue::from_str(id).unwrap());
    map.insert(
        "webhook-timestamp",
        HeaderValue::from_str(timestamp).unwrap(),
    );
    map.insert(
        "webhook-signature",
        HeaderValue::from_str(signature).unwrap(),
    );
    map
}

/// Headers of a delivery of `BODY` signed with `RAW_SECRET` at `timestamp`.
fn signed_at(timestamp: i64) -> HeaderMap {
    let ts = timestamp.to_string();
    headers(ID, &ts, &sign(RAW_SECRET.as_bytes(), ID, &ts, BODY))
}

fn at(unix: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(u64::try_from(unix).unwrap())
}

fn now_unix() -> i64 {
    i64::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
    .unwrap()
}

fn webhook() -> Webhook {
    Webhook::new(RAW_SECRET).unwrap()
}

#[test]
fn accepts_a_delivery_signed_with_the_secret_as_whop_shows_it() {
    webhook().verify(&signed_at(now_unix()), BODY).unwrap();
    webhook().verify_at(&signed_at(NOW), BODY, at(NOW)).unwrap();
}

#[test]
fn accepts_a_delivery_signed_with_a_whsec_secret() {
    let key: Vec<u8> = (0u8..32)
        .map(|i| i.wrapping_mul(37).wrapping_add(11))
        .collect();
    let webhook = Webhook::new(&format!("whsec_{}", STANDARD.encode(&key))).unwrap();
    let ts = NOW.to_string();
    webhook
        .verify_at(&headers(ID, &ts, &sign(&key, ID, &ts, BODY)), BODY, at(NOW))
        .unwrap();
    // The same key used as raw text would be a different key altogether.
    let raw = sign(
        format!("whsec_{}", STANDARD.encode(&key)).as_bytes(),
        ID,
        &ts,
        BODY,
    );
    assert_eq!(
        webhook.verify_at(&headers(ID, &ts, &raw), BODY, at(NOW)),
        Err(WebhookError::SignatureMismatch)
    );
}

#[test]
fn both_secret_forms_of_the_same_key_agree() {
    let standard = Webhook::new(&format!("whsec_{}", STANDARD.encode(RAW_SECRET))).unwrap();
    standard.verify_at(&signed_at(NOW), BODY, at(NOW)).unwrap();
    // Without padding too: `=` get lost when secrets are copied by hand.
    let unpadded = format!(
        "whsec_{}",
        STANDARD.encode(RAW_SECRET).trim_end_matches('=')
    );
    Webhook::new(&unpadded)
        .unwrap()
        .verify_at(&signed_at(NOW), BODY, at(NOW))
        .unwrap();
    // Surrounding whitespace (a trailing newline from a file) is not part of the secret.
    Webhook::new(&format!("  {RAW_SECRET}\n"))
        .unwrap()
        .verify_at(&signed_at(NOW), BODY, at(NOW))
        .unwrap();
}

#[test]
fn accepts_the_published_standard_webhooks_test_vector() {
    let webhook = Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
    let headers = headers(
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "1614265330",
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    );
    webhook
        .verify_at(&headers, br#"{"test": 2432232314}"#, at(1_614_265_330))
        .unwrap();
}

#[test]
fn sign_matches_an_independent_signature() {
    assert_eq!(
        webhook().sign(ID, NOW, BODY),
        sign(RAW_SECRET.as_bytes(), ID, &NOW.to_string(), BODY)
    );
}

#[test]
fn rejects_a_tampered_body() {
    let mut tampered = BODY.to_vec();
    let paid = tampered.windows(4).position(|w| w == b"paid").unwrap();
    tampered[paid..paid + 4].copy_from_slice(b"void");
    let webhook = webhook();
    assert_eq!(
        webhook.verify_at(&signed_at(NOW), &tampered, at(NOW)),
        Err(WebhookError::SignatureMismatch)
    );
    assert_eq!(
        webhook.verify_at(&signed_at(NOW), &BODY[1..], at(NOW)),
        Err(WebhookError::SignatureMismatch)
    );
    assert_eq!(
        webhook.verify_at(&signed_at(NOW), b"", at(NOW)),
        Err(WebhookError::SignatureMismatch)
    );
}

#[test]
fn rejects_changed_id_or_timestamp_headers() {
    let signature = sign(RAW_SECRET.as_bytes(), ID, &NOW.to_string(), BODY);
    let webhook = webhook();
    let other_id = headers("msg_other", &NOW.to_string(), &signature);
    assert_eq!(
        webhook.verify_at(&other_id, BODY, at(NOW)),
        Err(WebhookError::SignatureMismatch)
    );
    // One second later is well within the tolerance, but it was not what was signed.
    let other_time = headers(ID, &(NOW + 1).to_string(), &signature);
    assert_eq!(
        webhook.verify_at(&other_time, BODY, at(NOW)),
        Err(WebhookError::SignatureMismatch)
    );
}

#[test]
fn rejects_a_wrong_secret() {
    let wrong = Webhook::new("ws_not_the_right_secret").unwrap();
    assert_eq!(
        wrong.verify_at(&signed_at(NOW), BODY, at(NOW)),
        Err(WebhookError::SignatureMismatch)
    );
    assert_eq!(
        wrong.verify(&signed_at(now_unix()), BODY),
        Err(WebhookError::SignatureMismatch)
    );
}

#[test]
fn rejects_stale_deliveries_beyond_five_minutes() {
    let webhook = webhook();
    assert_eq!(webhook.tolerance(), Duration::from_secs(300));
    webhook
        .verify_at(&signed_at(NOW - 300), BODY, at(NOW))
        .unwrap();
    assert_eq!(
        webhook.verify_at(&signed_at(NOW - 301), BODY, at(NOW)),
        Err(WebhookError::TimestampTooOld {
            timestamp: NOW - 301,
            now: NOW,
            tolerance: Duration::from_secs(300)
        })
    );
    let hour_ago = webhook
        .verify(&signed_at(now_unix() - 3600), BODY)
        .unwrap_err();
    assert!(
        matches!(hour_ago, WebhookError::TimestampTooOld { .. }),
        "{hour_ago:?}"
    );
    let message = webhook
        .verify_at(&signed_at(NOW - 301), BODY, at(NOW))
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("301s before now") && message.contains("300s"),
        "{message}"
    );
}

#[test]
fn rejects_deliveries_from_the_future_beyond_five_minutes() {
    let webhook = webhook();
    webhook
        .verify_at(&signed_at(NOW + 300), BODY, at(NOW))
        .unwrap();
    assert_eq!(
        webhook.verify_at(&signed_at(NOW + 301), BODY, at(NOW)),
        Err(WebhookError::TimestampInFuture {
            timestamp: NOW + 301,
            now: NOW,
            tolerance: Duration::from_secs(300)
        })
    );
    let hour_ahead = webhook
        .verify(&signed_at(now_unix() + 3600), BODY)
        .unwrap_err();
    assert!(
        matches!(hour_ahead, WebhookError::TimestampInFuture { .. }),
        "{hour_ahead:?}"
    );
}

#[test]
fn a_custom_tolerance_moves_both_bounds() {
    let webhook = webhook().with_tolerance(Duration::from_secs(10));
    assert_eq!(webhook.tolerance(), Duration::from_secs(10));
    webhook
        .verify_at(&signed_at(NOW - 10), BODY, at(NOW))
        .unwrap();
    webhook
        .verify_at(&signed_at(NOW + 10), BODY, at(NOW))
        .unwrap();
    assert!(matches!(
        webhook.verify_at(&signed_at(NOW - 11), BODY, at(NOW)),
        Err(WebhookError::TimestampTooOld { tolerance, .. }) if tolerance == Duration::from_secs(10)
    ));
    assert!(matches!(
        webhook.verify_at(&signed_at(NOW + 11), BODY, at(NOW)),
        Err(WebhookError::TimestampInFuture { .. })
    ));
    // A wider window accepts what the default refuses; an unbounded one accepts any time.
    let hour = self::webhook().with_tolerance(Duration::from_secs(3600));
    hour.verify_at(&signed_at(NOW - 3600), BODY, at(NOW))
        .unwrap();
    let unbounded = self::webhook().with_tolerance(Duration::MAX);
    unbounded.verify_at(&signed_at(0), BODY, at(NOW)).unwrap();
    unbounded
        .verify_at(&signed_at(i64::MAX), BODY, at(NOW))
        .unwrap();
    // Zero tolerance means the very second only.
    let exact = self::webhook().with_tolerance(Duration::ZERO);
    exact.verify_at(&signed_at(NOW), BODY, at(NOW)).unwrap();
    assert!(exact.verify_at(&signed_at(NOW), BODY, at(NOW + 1)).is_err());
}

#[test]
fn rejects_garbage_signatures() {
    let webhook = webhook();
    let ts = NOW.to_string();
    let valid = sign(RAW_SECRET.as_bytes(), ID, &ts, BODY);
    let valid_b64 = valid.strip_prefix("v1,").unwrap();

    // Entries that are not `version,signature` make the header invalid.
    for garbage in [
        "garbage",
        "v1",
        "v1,",
        ",abc",
        &format!("v1,{valid_b64} nonsense"),
    ] {
        let err = webhook
            .verify_at(&headers(ID, &ts, garbage), BODY, at(NOW))
            .unwrap_err();
        assert!(
            matches!(
                &err,
                WebhookError::InvalidHeader {
                    name: "webhook-signature",
                    ..
                }
            ),
            "{garbage}: {err:?}"
        );
    }
    // Well-formed v1 entries that are not the signature do not match.
    let truncated = format!(
        "v1,{}",
        STANDARD.encode(&tag(RAW_SECRET.as_bytes(), ID, &ts, BODY)[..16])
    );
    let extended = format!(
        "v1,{}",
        STANDARD.encode([tag(RAW_SECRET.as_bytes(), ID, &ts, BODY), vec![0]].concat())
    );
    let hex = format!(
        "v1,{}",
        tag(RAW_SECRET.as_bytes(), ID, &ts, BODY)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    for wrong in [
        "v1,not-base64!!",
        "v1,AAAA",
        &truncated,
        &extended,
        &hex,
        &format!("v1,{}", STANDARD.encode([0u8; 32])),
    ] {
        assert_eq!(
            webhook.verify_at(&headers(ID, &ts, wrong), BODY, at(NOW)),
            Err(WebhookError::SignatureMismatch),
            "{wrong}"
        );
    }
}

#[test]
fn verify_pairs_matches_names_case_insensitively() {
    let webhook = webhook();
    let ts = now_unix().to_string();
    let signature = sign(RAW_SECRET.as_bytes(), ID, &ts, BODY);
    let pairs = [
        ("Host", "example.com"),
        ("WEBHOOK-ID", ID),
        ("Content-Type", "application/json"),
        ("Webhook-Timestamp", ts.as_str()),
        ("webhook-Signature", signature.as_str()),
    ];
    webhook.verify_pairs(pairs, BODY).unwrap();
    // Owned header lists from a framework work through `map`.
    let owned: Vec<(String, String)> = pairs
        .iter()
        .map(|(n, v)| (n.to_string(), format!(" {v} ")))
        .collect();
    webhook
        .verify_pairs(owned.iter().map(|(n, v)| (n.as_str(), v.as_str())), BODY)
        .unwrap();

    assert_eq!(
        webhook.verify_pairs(pairs, b"{}"),
        Err(WebhookError::SignatureMismatch)
    );
    assert_eq!(
        webhook.verify_pairs(
            pairs
                .iter()
                .copied()
                .filter(|(n, _)| *n != "Webhook-Timestamp"),
            BODY
        ),
        Err(WebhookError::MissingHeader {
            name: "webhook-timestamp"
        })
    );
    let twice = pairs.iter().copied().chain([("Webhook-Id", "msg_other")]);
    assert!(matches!(
        webhook.verify_pairs(twice, BODY),
        Err(WebhookError::InvalidHeader {
            name: "webhook-id",
            ..
        })
    ));
    let stale_ts = (now_unix() - 3600).to_string();
    let stale_sig = sign(RAW_SECRET.as_bytes(), ID, &stale_ts, BODY);
    let stale = [
        ("webhook-id", ID),
        ("webhook-timestamp", stale_ts.as_str()),
        ("webhook-signature", stale_sig.as_str()),
    ];
    assert!(matches!(
        webhook.verify_pairs(stale, BODY),
        Err(WebhookError::TimestampTooOld { .. })
    ));
}

#[derive(Debug, Deserialize, PartialEq)]
struct Delivery {
    id: String,
    api_version: String,
    company_id: Option<String>,
    #[serde(rename = "type")]
    kind: String,
    data: Payment,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Payment {
    id: String,
    status: Status,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case")]
enum Status {
    Paid,
    Open,
}

#[test]
fn unwrap_verifies_then_decodes() {
    let webhook = webhook();
    let delivery: Delivery = webhook.unwrap(&signed_at(now_unix()), BODY).unwrap();
    assert_eq!(delivery.id, ID);
    assert_eq!(delivery.api_version, "v1");
    assert_eq!(delivery.company_id.as_deref(), Some("biz_1"));
    assert_eq!(delivery.kind, "payment.succeeded");
    assert_eq!(
        delivery.data,
        Payment {
            id: "pay_1".to_owned(),
            status: Status::Paid
        }
    );
}

#[test]
fn unwrap_reports_the_json_path_of_a_decode_failure() {
    let webhook = webhook();
    let body = br#"{"id":"msg_1","api_version":"v1","company_id":null,"type":"payment.succeeded","data":{"id":"pay_1","status":"refunded"}}"#;
    let ts = now_unix().to_string();
    let map = headers(ID, &ts, &sign(RAW_SECRET.as_bytes(), ID, &ts, body));
    let err = webhook.unwrap::<Delivery>(&map, body).unwrap_err();
    let WebhookError::Decode { path, message } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(path, "data.status");
    assert!(message.contains("refunded"), "{message}");
    assert!(err.to_string().contains("data.status"), "{err}");

    // Trailing bytes after the JSON are a decode failure too, not silently dropped.
    let trailing = br#"{"a":1} {"b":2}"#;
    let map = headers(ID, &ts, &sign(RAW_SECRET.as_bytes(), ID, &ts, trailing));
    assert!(matches!(
        webhook.unwrap::<serde_json::Value>(&map, trailing),
        Err(WebhookError::Decode { .. })
    ));
}

#[test]
fn unwrap_does_not_decode_an_unverified_body() {
    // The body is not even JSON: the signature error must come first.
    let webhook = webhook();
    assert_eq!(
        webhook.unwrap::<Delivery>(&signed_at(now_unix()), b"not json"),
        Err(WebhookError::SignatureMismatch)
    );
}

#[test]
fn rejects_unusable_secrets() {
    for secret in [
        "",
        "   ",
        "\n",
        "whsec_",
        "whsec_not base64!",
        "whsec_====",
        "whsec_@@@@",
    ] {
        let err = Webhook::new(secret).unwrap_err();
        assert!(
            matches!(err, WebhookError::InvalidSecret { .. }),
            "{secret:?}: {err:?}"
        );
    }
}

#[test]
fn the_secret_never_shows() {
    let webhook = webhook();
    let debug = format!("{webhook:?} {:?}", webhook.clone());
    assert!(
        !debug.contains(RAW_SECRET) && !debug.contains("2f7e0c1d"),
        "{debug}"
    );
    assert!(debug.contains("tolerance"), "{debug}");
    let standard_secret = format!("whsec_{}", STANDARD.encode(RAW_SECRET));
    let debug = format!("{:?}", Webhook::new(&standard_secret).unwrap());
    assert!(!debug.contains(&standard_secret[6..]), "{debug}");

    // Nor does an error about a bad secret.
    let bad = "whsec_s3cr3t!value";
    let err = Webhook::new(bad).unwrap_err();
    assert!(!format!("{err} {err:?}").contains("s3cr3t"), "{err:?}");
}

#[test]
fn webhook_is_shareable_across_threads() {
    fn assert_traits<T: Send + Sync + Clone + 'static>() {}
    assert_traits::<Webhook>();
    assert_traits::<WebhookError>();
    let webhook = std::sync::Arc::new(webhook());
    let workers: Vec<_> = (0..4)
        .map(|i| {
            let webhook = webhook.clone();
            thread::spawn(move || webhook.verify_at(&signed_at(NOW + i), BODY, at(NOW)))
        })
        .collect();
    for worker in workers {
        worker.join().unwrap().unwrap();
    }
}

/// Runs in a child process that the test below starts with or without `WHOP_WEBHOOK_SECRET`:
/// changing the environment of this multi-threaded process would race with other tests.
#[test]
fn from_env_follows_the_environment() {
    match std::env::var("WHOP_WEBHOOK_SECRET") {
        Ok(secret) => {
            let webhook = Webhook::from_env().unwrap();
            let ts = now_unix().to_string();
            let signature = sign(secret.trim().as_bytes(), ID, &ts, BODY);
            webhook.verify(&headers(ID, &ts, &signature), BODY).unwrap();
        }
        Err(_) => {
            let err = Webhook::from_env().unwrap_err();
            assert!(
                matches!(&err, WebhookError::InvalidSecret { reason } if reason.contains("WHOP_WEBHOOK_SECRET"))
            );
        }
    }
}

#[test]
fn from_env_reads_whop_webhook_secret() {
    let run = |secret: Option<&str>| {
        let mut command = crate::child_test(module_path!(), "from_env_follows_the_environment");
        match secret {
            Some(secret) => command.env("WHOP_WEBHOOK_SECRET", secret),
            None => command.env_remove("WHOP_WEBHOOK_SECRET"),
        };
        crate::run_child(&mut command);
    };
    run(Some(RAW_SECRET));
    run(Some(&format!("{RAW_SECRET}\n")));
    run(None);
}

/// One request's verdict over real HTTP: the server verifies with `Webhook::verify` and answers
/// 204, or 400 with the error.
#[test]
fn verifies_a_delivery_posted_over_loopback_http() {
    let verdicts = Arc::new(Mutex::new(Vec::new()));
    let server = {
        let (webhook, verdicts) = (webhook(), verdicts.clone());
        TestServer::start(move |request| {
            let mut map = HeaderMap::new();
            for (name, value) in &request.headers {
                let name = whop_core::http::HeaderName::from_bytes(name.as_bytes()).unwrap();
                map.append(name, HeaderValue::from_str(value).unwrap());
            }
            let verdict = webhook.verify(&map, &request.body);
            let reply = match &verdict {
                Ok(()) => Reply::raw(204, "text/plain", ""),
                Err(err) => Reply::raw(400, "text/plain", err.to_string()),
            };
            verdicts.lock().unwrap().push(verdict);
            reply
        })
    };
    let port = server.port();

    let ts = now_unix().to_string();
    let signature = sign(RAW_SECRET.as_bytes(), ID, &ts, BODY);
    let (status, _) = post(
        port,
        &[
            ("Webhook-Id", ID),
            ("Webhook-Timestamp", &ts),
            ("Webhook-Signature", &signature),
        ],
        BODY,
    );
    assert_eq!(status, 204);
    let (status, text) = post(
        port,
        &[
            ("Webhook-Id", ID),
            ("Webhook-Timestamp", &ts),
            ("Webhook-Signature", &signature),
        ],
        b"{}",
    );
    assert_eq!(status, 400);
    assert!(
        text.contains("no v1 signature") && text.contains("matches"),
        "{text}"
    );
    assert_eq!(
        *verdicts.lock().unwrap(),
        vec![Ok(()), Err(WebhookError::SignatureMismatch)]
    );
}

/// POSTs `body` with `headers` over a fresh connection; returns the status and the body text.
fn post(port: u16, headers: &[(&str, &str)], body: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut request = format!(
        "POST /webhooks HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{response}"));
    let text = response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    (status, text)
}

/// The envelope the spec gives every event.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope {
    id: String,
    api_version: String,
    #[serde(default)]
    company_id: Option<String>,
    timestamp: whop_core::Timestamp,
    #[serde(rename = "type")]
    kind: String,
    data: serde_json::Map<String, serde_json::Value>,
}

/// Headers of `body` signed with `RAW_SECRET` now, computed independently.
fn signed_now(body: &[u8]) -> HeaderMap {
    let ts = now_unix().to_string();
    headers(ID, &ts, &sign(RAW_SECRET.as_bytes(), ID, &ts, body))
}

#[test]
fn every_spec_event_verifies_and_decodes_as_an_envelope() {
    let events = Events::load();
    let all = events.all();
    assert_eq!(all.len(), 33, "the spec lists {} webhook events", all.len());
    let webhook = webhook();
    for (event, schema) in all {
        for fill in [Fill::Full, Fill::Minimal] {
            let body = serde_json::to_vec(&events.payload(schema, fill)).unwrap();
            let envelope: Envelope = webhook
                .unwrap(&signed_now(&body), &body)
                .unwrap_or_else(|err| panic!("{event} ({fill:?}): {err}"));
            assert_eq!(envelope.kind, event);
            assert_eq!(envelope.api_version, "v1");
            assert!(envelope.id.starts_with("msg_"), "{event}: {}", envelope.id);
            assert_eq!(envelope.company_id.is_some(), fill == Fill::Full, "{event}");
            assert!(envelope.timestamp.unix_seconds() > 0, "{event}");
            assert!(!envelope.data.is_empty(), "{event}: no data members");
            // One flipped byte anywhere in a real-size body is caught.
            let mut tampered = body.clone();
            let middle = tampered.len() / 2;
            tampered[middle] ^= 0x01;
            assert_eq!(
                webhook.verify(&signed_now(&body), &tampered),
                Err(WebhookError::SignatureMismatch),
                "{event}"
            );
        }
    }
}

#[test]
fn every_spec_event_decodes_into_its_typed_variant() {
    use whop_endpoints::webhooks::{self, WebhookEvent};

    let events = Events::load();
    let webhook = webhook();
    for (event_type, schema) in events.all() {
        for fill in [Fill::Full, Fill::Minimal] {
            let payload = events.payload(schema, fill);
            let body = serde_json::to_vec(&payload).unwrap();
            let event = webhooks::unwrap(&webhook, &signed_now(&body), &body)
                .unwrap_or_else(|err| panic!("{event_type} ({fill:?}): {err}"));
            assert!(
                event.unknown_json().is_none(),
                "{event_type} ({fill:?}) decoded as an unknown event"
            );
            // Each known variant reports one fixed type, so this pins the variant.
            assert_eq!(event.event_type(), event_type, "{fill:?}");

            // Nothing the payload carries is lost: serializing gives every member back, and
            // that JSON decodes into the same event.
            let again = serde_json::to_value(&event).unwrap();
            assert_eq!(again["type"], event_type);
            assert_eq!(again["id"], payload["id"], "{event_type}");
            if fill == Fill::Full {
                assert_same_members(&payload, &again, event_type);
            }
            let reparsed: WebhookEvent = serde_json::from_value(again).unwrap();
            assert_eq!(reparsed, event, "{event_type} ({fill:?})");
        }
    }
}

/// Every object member of `sent` is also in `echoed`, recursively.
fn assert_same_members(sent: &serde_json::Value, echoed: &serde_json::Value, at: &str) {
    match (sent, echoed) {
        (serde_json::Value::Object(sent), serde_json::Value::Object(echoed)) => {
            for (name, value) in sent {
                let path = format!("{at}.{name}");
                let other = echoed
                    .get(name)
                    .unwrap_or_else(|| panic!("{path} was dropped"));
                assert_same_members(value, other, &path);
            }
        }
        (serde_json::Value::Array(sent), serde_json::Value::Array(echoed)) => {
            assert_eq!(sent.len(), echoed.len(), "{at}");
            for (index, (a, b)) in sent.iter().zip(echoed).enumerate() {
                assert_same_members(a, b, &format!("{at}[{index}]"));
            }
        }
        _ => {}
    }
}

#[test]
fn an_unknown_event_type_is_kept_whole() {
    use whop_endpoints::webhooks::{self, WebhookEvent};

    let payload = serde_json::json!({
        "id": "msg_2zyWKsAYh5kzXyyCEbYbC6",
        "api_version": "v1",
        "company_id": "biz_1",
        "timestamp": "2025-01-01T00:00:00.000Z",
        "type": "payment.teleported",
        "data": {"id": "pay_1", "destination": "moon"}
    });
    let body = serde_json::to_vec(&payload).unwrap();
    let event = webhooks::unwrap(&webhook(), &signed_now(&body), &body).unwrap();
    assert_eq!(event.event_type(), "payment.teleported");
    assert_eq!(event.unknown_json(), Some(&payload));
    assert_eq!(serde_json::to_value(&event).unwrap(), payload);
    // A match reaches it only through a wildcard arm, so the day this version's successor
    // knows `payment.teleported`, the code below still compiles and takes the new variant.
    let seen = match &event {
        WebhookEvent::PaymentSucceeded(_) => "succeeded",
        other => other.event_type(),
    };
    assert_eq!(seen, "payment.teleported");
    // Decoding the same JSON again gives the same event, and a different unknown event differs.
    let again: WebhookEvent = serde_json::from_value(payload.clone()).unwrap();
    assert_eq!(again, event);
    let mut other = payload.clone();
    other["data"]["destination"] = "mars".into();
    let other: WebhookEvent = serde_json::from_value(other).unwrap();
    assert_ne!(other, event);

    // Unknown or not, the signature is checked first.
    assert_eq!(
        webhooks::unwrap(&webhook(), &signed_now(b"{}"), &body),
        Err(WebhookError::SignatureMismatch)
    );
}

/// A full `payment.succeeded` event of the spec.
fn payment_succeeded() -> serde_json::Value {
    let events = Events::load();
    let (_, schema) = events
        .all()
        .into_iter()
        .find(|(event, _)| *event == "payment.succeeded")
        .expect("payment.succeeded in the spec");
    events.payload(schema, Fill::Full)
}

#[test]
fn a_known_event_that_does_not_fit_its_model_is_kept_whole() {
    use whop_endpoints::webhooks::{self, WebhookEvent};

    let mut payload = payment_succeeded();
    payload["data"]["created_at"] = serde_json::json!("yesterday");
    let body = serde_json::to_vec(&payload).unwrap();
    let ts = now_unix();
    let map = headers(
        ID,
        &ts.to_string(),
        &sign(RAW_SECRET.as_bytes(), ID, &ts.to_string(), &body),
    );
    let err = webhooks::unwrap(&webhook(), &map, &body).unwrap_err();
    assert!(err.is_verified(), "{err}");
    let WebhookError::Undecodable(event) = &err else {
        panic!("{err:?}")
    };
    // The type, the verified id and time, the whole JSON, and where it failed.
    assert_eq!(event.event_type, "payment.succeeded");
    assert_eq!(event.id, ID);
    assert_eq!(event.timestamp, ts);
    assert_eq!(event.raw, payload);
    assert_eq!(event.path, "data.created_at", "{}", event.message);
    assert!(event.message.contains("yesterday"), "{}", event.message);
    let text = err.to_string();
    for part in ["payment.succeeded", ID, "data.created_at", "yesterday"] {
        assert!(text.contains(part), "{part} not in {text}");
    }

    // Decoding the same body with serde alone keeps the path and the event type in the message.
    let message = serde_json::from_slice::<WebhookEvent>(&body)
        .unwrap_err()
        .to_string();
    assert!(message.contains("payment.succeeded"), "{message}");
    assert!(message.contains("data.created_at"), "{message}");

    let mut untyped = payload.clone();
    untyped.as_object_mut().unwrap().remove("type");
    let body = serde_json::to_vec(&untyped).unwrap();
    let err = webhooks::unwrap(&webhook(), &signed_now(&body), &body).unwrap_err();
    assert!(
        matches!(&err, WebhookError::Decode { path, message } if path == "." && message.contains("`type`")),
        "{err:?}"
    );

    // Authentic but not JSON: serde_json's message, at the top level.
    let body = b"{\"type\": \"payment.succeeded\",";
    let err = webhooks::unwrap(&webhook(), &signed_now(body), body).unwrap_err();
    assert!(
        matches!(&err, WebhookError::Decode { path, message } if path == "." && message.contains("EOF")),
        "{err:?}"
    );
}

#[test]
fn a_missing_member_is_reported_at_its_own_path() {
    use whop_endpoints::webhooks;

    let mut payload = payment_succeeded();
    payload["data"]
        .as_object_mut()
        .unwrap()
        .remove("updated_at");
    let body = serde_json::to_vec(&payload).unwrap();
    let err = webhooks::unwrap(&webhook(), &signed_now(&body), &body).unwrap_err();
    let WebhookError::Undecodable(event) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(event.path, "data.updated_at");
    assert_eq!(event.message, "missing field `updated_at`");

    // At the top level, the member's name is the whole path.
    payload = payment_succeeded();
    payload.as_object_mut().unwrap().remove("timestamp");
    let body = serde_json::to_vec(&payload).unwrap();
    let err = webhooks::unwrap(&webhook(), &signed_now(&body), &body).unwrap_err();
    let WebhookError::Undecodable(event) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(event.path, "timestamp");
    assert!(
        err.to_string().contains("missing field `timestamp`"),
        "{err}"
    );
}

#[test]
fn an_older_format_delivery_says_so() {
    use whop_endpoints::webhooks::{self, WebhookEvent};

    let v5 = br#"{"data":{"id":"pay_1","final_amount":2.0},"api_version":"v5","action":"payment.succeeded"}"#;
    let err = webhooks::unwrap(&webhook(), &signed_now(v5), v5).unwrap_err();
    assert_eq!(
        err,
        WebhookError::OlderFormat {
            action: "payment.succeeded".to_owned(),
            api_version: Some("v5".to_owned()),
        }
    );
    assert!(err.is_verified());
    let text = err.to_string();
    for part in [
        "older webhook format",
        "payment.succeeded",
        "v5",
        "`action`",
        "v1",
    ] {
        assert!(text.contains(part), "{part} not in {text}");
    }

    // v2 deliveries have no `api_version`.
    let v2 = br#"{"action":"membership.went_valid","data":{"id":"mem_1"}}"#;
    let err = webhooks::unwrap(&webhook(), &signed_now(v2), v2).unwrap_err();
    assert!(
        matches!(&err, WebhookError::OlderFormat { action, api_version: None } if action == "membership.went_valid"),
        "{err:?}"
    );

    // Through serde alone, the message says the same.
    let message = serde_json::from_slice::<WebhookEvent>(v5)
        .unwrap_err()
        .to_string();
    assert!(message.contains("older webhook format"), "{message}");

    // Not verified: the signature error comes first, whatever the body.
    assert_eq!(
        webhooks::unwrap(&webhook(), &signed_now(b"{}"), v5),
        Err(WebhookError::SignatureMismatch)
    );

    // With a `type`, `action` is only another member.
    let mut payload = payment_succeeded();
    payload["action"] = serde_json::json!("payment.succeeded");
    let body = serde_json::to_vec(&payload).unwrap();
    let event = webhooks::unwrap(&webhook(), &signed_now(&body), &body).unwrap();
    assert_eq!(event.event_type(), "payment.succeeded");
}

#[test]
fn only_body_errors_count_as_verified() {
    use whop_endpoints::webhooks;

    let ts = now_unix().to_string();
    let refused = [
        WebhookError::SignatureMismatch,
        webhooks::unwrap(&webhook(), &headers(ID, &ts, "v1,AAAA"), BODY).unwrap_err(),
        webhooks::unwrap(&webhook(), &HeaderMap::new(), BODY).unwrap_err(),
        webhooks::unwrap(&webhook(), &signed_at(NOW), BODY).unwrap_err(),
        Webhook::new("").unwrap_err(),
    ];
    for err in refused {
        assert!(!err.is_verified(), "{err:?}");
    }
    let not_json = b"not json";
    let err = webhooks::unwrap(&webhook(), &signed_now(not_json), not_json).unwrap_err();
    assert!(
        matches!(&err, WebhookError::Decode { path, .. } if path == "."),
        "{err:?}"
    );
    assert!(err.is_verified());
}

#[test]
fn event_data_accepts_numbers_as_strings() {
    use whop_endpoints::webhooks::{self, WebhookEvent};

    let mut payload = payment_succeeded();
    payload["data"]["total"] = serde_json::json!("12.50");
    payload["data"]["amount_after_fees"] = serde_json::json!("-3.5e2");
    payload["data"]["payments_failed"] = serde_json::json!("2");
    let body = serde_json::to_vec(&payload).unwrap();
    let event = webhooks::unwrap(&webhook(), &signed_now(&body), &body).unwrap();
    let WebhookEvent::PaymentSucceeded(event) = &event else {
        panic!("{event:?}")
    };
    assert_eq!(event.data.total, Some(12.5));
    assert_eq!(event.data.amount_after_fees, -350.0);
    assert_eq!(event.data.payments_failed, Some(2));

    // A string that is no number is still an error at its path.
    payload["data"]["total"] = serde_json::json!("twelve");
    let body = serde_json::to_vec(&payload).unwrap();
    let err = webhooks::unwrap(&webhook(), &signed_now(&body), &body).unwrap_err();
    let WebhookError::Undecodable(event) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(event.path, "data.total");
    assert!(event.message.contains("twelve"), "{}", event.message);
}
