//! The variants compared by the benchmarks must do the same work: same request on the wire, same
//! decoded value.

use std::sync::{Arc, Mutex, PoisonError};

use whop_core::Page;
use whop_tests::tls::TestCa;

use crate::api::{ListProduct, ProductListItem};
use crate::calls::{Calls, TLS_VARIANTS, TlsCalls, VARIANTS};
use crate::hand::{HandWritten, Raw};
use crate::server::{Request, Server, json_answer};
use crate::{API_KEY, client, fixtures, update_changes, update_request};

/// A request as the server saw it: request line, sorted header lines, body.
type Seen = (String, Vec<String>, Vec<u8>);

fn recording_server(body: Vec<u8>) -> (Server, Arc<Mutex<Vec<Seen>>>) {
    recording(None, body)
}

/// A server, over TLS when `tls` is given, that records each request and answers it with `body`;
/// and its record.
fn recording(
    tls: Option<Arc<rustls::ServerConfig>>,
    body: Vec<u8>,
) -> (Server, Arc<Mutex<Vec<Seen>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let handler = move |request: &Request<'_>, out: &mut Vec<u8>| {
        let mut lines = request.head.lines();
        let first = lines.next().unwrap_or_default().to_owned();
        let mut headers: Vec<String> = lines.map(str::to_ascii_lowercase).collect();
        headers.sort();
        log.lock().unwrap_or_else(PoisonError::into_inner).push((
            first,
            headers,
            request.body.to_vec(),
        ));
        json_answer(out, &body);
    };
    let server = match tls {
        Some(config) => Server::start_tls(config, handler),
        None => Server::start(handler),
    };
    (server, seen)
}

fn take(seen: &Mutex<Vec<Seen>>) -> Vec<Seen> {
    std::mem::take(&mut *seen.lock().unwrap_or_else(PoisonError::into_inner))
}

#[test]
fn update_variants_send_the_same_request_and_decode_the_same_product() {
    let (server, seen) = recording_server(fixtures::product());
    let url = server.url();
    assert!(url.starts_with("http://localhost:"), "{url}");

    let generated = update_request()
        .send(&client(&url))
        .expect("generated call");
    let with_timeouts = HandWritten::with_timeouts(&url, API_KEY)
        .update_product(fixtures::PRODUCT_ID, &update_changes())
        .expect("hand-written call");
    let without_timeouts = HandWritten::without_timeouts(&url, API_KEY)
        .update_product(fixtures::PRODUCT_ID, &update_changes())
        .expect("hand-written call");
    let by_ip = HandWritten::without_timeouts(&server.ip_url(), API_KEY)
        .update_product(fixtures::PRODUCT_ID, &update_changes())
        .expect("hand-written call");
    assert_eq!(generated, with_timeouts);
    assert_eq!(generated, without_timeouts);
    assert_eq!(generated, by_ip);
    assert_eq!(generated.id, fixtures::PRODUCT_ID);

    let body = serde_json::to_vec(&update_changes()).expect("serializable");
    let length = Raw::new(&server.ip_url(), API_KEY, fixtures::PRODUCT_ID, body)
        .call()
        .expect("raw call");
    assert_eq!(length, fixtures::product().len());

    let mut requests = take(&seen);
    assert_eq!(requests.len(), 5);
    // Every variant sends an Idempotency-Key; the generated and hand-written calls a fresh one
    // each. The keys are random, so they are compared as present, then set aside.
    let keys: Vec<String> = requests
        .iter_mut()
        .map(|request| {
            let at = request
                .1
                .iter()
                .position(|line| line.starts_with("idempotency-key: "))
                .unwrap_or_else(|| panic!("no Idempotency-Key in {request:?}"));
            let line = request.1.remove(at);
            line["idempotency-key: ".len()..].to_owned()
        })
        .collect();
    assert!(keys.iter().all(|key| key.len() == 36), "{keys:?}");
    assert!(
        keys[..4]
            .iter()
            .collect::<std::collections::HashSet<_>>()
            .len()
            == 4,
        "one key per call: {keys:?}"
    );
    assert!(
        requests[0]
            .0
            .starts_with("PATCH /products/prod_Bench7bXvR2kQ HTTP/1.1"),
        "{:?}",
        requests[0]
    );
    assert!(
        requests[0]
            .1
            .contains(&"authorization: bearer apik_bench_0123456789abcdef".to_owned())
    );
    assert!(
        requests[0]
            .1
            .contains(&"content-type: application/json".to_owned())
    );
    // The last two name the server by its address, so that no look-up is needed; otherwise every
    // variant sends the same bytes.
    let port = url.rsplit(':').next().expect("a port");
    let by_name = format!("host: localhost:{port}");
    let by_address = format!("host: 127.0.0.1:{port}");
    assert!(requests[0].1.contains(&by_name), "{:?}", requests[0]);
    for request in &mut requests[3..] {
        assert!(request.1.contains(&by_address), "{request:?}");
        for header in &mut request.1 {
            if *header == by_address {
                header.clone_from(&by_name);
            }
        }
    }
    for other in &requests[1..] {
        assert_eq!(&requests[0], other);
    }
}

#[test]
fn the_benchmarked_calls_run_every_variant_against_one_server() {
    let (server, seen) = recording_server(fixtures::product());
    let calls = Calls::new(&server);
    for variant in VARIANTS {
        calls.call(variant);
    }
    let requests = take(&seen);
    assert_eq!(requests.len(), VARIANTS.len());
    for request in &requests {
        assert!(request.0.starts_with("PATCH /products/"), "{request:?}");
        assert_eq!(&request.2, &requests[0].2);
    }
    assert_eq!(calls.client.host_lookups(), 1);
}

#[test]
fn tls_variants_send_the_same_request_and_keep_their_connection_alive() {
    let ca = TestCa::new(crate::CA_NAME);
    let (tls, seen_tls) = recording(Some(ca.server_config()), fixtures::product());
    let (plain, seen_plain) = recording_server(fixtures::product());
    assert!(tls.url().starts_with("https://localhost:"), "{}", tls.url());
    assert!(
        tls.ip_url().starts_with("https://127.0.0.1:"),
        "{}",
        tls.ip_url()
    );
    let calls = TlsCalls::new(&tls, &plain, &ca.cert_pem());

    // Each variant opens one connection and keeps it for all its calls, interleaved with the
    // others' as in the benchmark.
    let calls_each = 5;
    for _ in 0..calls_each {
        for variant in TLS_VARIANTS {
            calls.call(variant);
        }
    }
    assert_eq!(tls.connections(), 3, "one per TLS variant");
    assert_eq!(plain.connections(), 1);
    assert_eq!(calls.client_tls.host_lookups(), 1);

    let mut requests = take(&seen_tls);
    assert_eq!(requests.len(), 3 * calls_each);
    let plain_requests = take(&seen_plain);
    assert_eq!(plain_requests.len(), calls_each);
    // The by-IP variant names the server by its address; otherwise every variant, over TLS or not,
    // sends the same bytes.
    let port = tls.url().rsplit(':').next().expect("a port").to_owned();
    let by_name = format!("host: localhost:{port}");
    let by_address = format!("host: 127.0.0.1:{port}");
    let mut by_ip = 0;
    for request in &mut requests {
        for header in &mut request.1 {
            if *header == by_address {
                header.clone_from(&by_name);
                by_ip += 1;
            }
        }
    }
    assert_eq!(by_ip, calls_each);
    // Each call carries a fresh random Idempotency-Key; it is checked present and set aside.
    let mut plain_requests = plain_requests;
    for request in requests.iter_mut().chain(plain_requests.iter_mut()) {
        let before = request.1.len();
        request
            .1
            .retain(|line| !line.starts_with("idempotency-key: "));
        assert_eq!(
            request.1.len() + 1,
            before,
            "one Idempotency-Key: {request:?}"
        );
    }
    assert!(requests[0].1.contains(&by_name), "{:?}", requests[0]);
    assert!(
        requests[0]
            .0
            .starts_with("PATCH /products/prod_Bench7bXvR2kQ HTTP/1.1"),
        "{:?}",
        requests[0]
    );
    for other in &requests[1..] {
        assert_eq!(&requests[0], other);
    }
    let plain_port = plain.url().rsplit(':').next().expect("a port").to_owned();
    let plain_host = format!("host: localhost:{plain_port}");
    for mut request in plain_requests {
        for header in &mut request.1 {
            if *header == plain_host {
                header.clone_from(&by_name);
            }
        }
        assert_eq!(requests[0], request);
    }
}

#[test]
fn an_https_server_refuses_a_client_that_does_not_trust_its_ca() {
    let ca = TestCa::new(crate::CA_NAME);
    let tls = Server::json_tls(ca.server_config(), &fixtures::product());
    let other = TestCa::new(crate::CA_NAME);
    let hand = HandWritten::tls_without_timeouts(&tls.url(), API_KEY, &other.cert_pem());
    let error = hand
        .update_product(fixtures::PRODUCT_ID, &update_changes())
        .expect_err("an untrusted certificate");
    assert!(
        error.to_string().to_lowercase().contains("certificate"),
        "{error}"
    );
    let trusted = HandWritten::tls_without_timeouts(&tls.url(), API_KEY, &ca.cert_pem());
    let product = trusted
        .update_product(fixtures::PRODUCT_ID, &update_changes())
        .expect("a trusted certificate");
    assert_eq!(product.id, fixtures::PRODUCT_ID);
}

#[test]
fn list_variants_send_the_same_request_and_decode_the_same_page() {
    let (server, seen) = recording_server(fixtures::page(100));
    let url = server.url();

    let mut request = ListProduct::new(fixtures::COMPANY_ID);
    request.first = Some(100);
    request.after = Some("c100".to_owned());
    let generated = request.send(&client(&url)).expect("generated call");
    for hand in [
        HandWritten::with_timeouts(&url, API_KEY),
        HandWritten::without_timeouts(&url, API_KEY),
    ] {
        let page = hand
            .list_products(fixtures::COMPANY_ID, 100, Some("c100"))
            .expect("hand-written call");
        assert_eq!(generated, page);
    }
    assert_eq!(generated.data.len(), 100);

    let requests = take(&seen);
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0], requests[1]);
    assert_eq!(requests[0], requests[2]);
    assert!(
        requests[0]
            .0
            .starts_with("GET /products?after=c100&first=100&company_id=biz_Bench4mN8sLq2W "),
        "{:?}",
        requests[0]
    );
}

#[test]
fn the_decode_path_and_serde_json_agree_on_a_page() {
    let body = fixtures::page(100);
    let through_client: Page<ProductListItem> = whop_core::decode_json(&body).expect("decodes");
    let plain: Page<ProductListItem> = serde_json::from_slice(&body).expect("decodes");
    assert_eq!(through_client, plain);
    assert_eq!(plain.data.len(), 100);
    assert_eq!(plain.data[99].id, "prod_0000000000099");
    assert_eq!(plain.page_info.end_cursor.as_deref(), Some("c100"));
    assert!(!plain.page_info.has_next_page);
}

#[test]
fn pages_continue_from_their_cursor() {
    let mut out = Vec::new();
    fixtures::write_page(&mut out, 200, 100, 250);
    let page: Page<ProductListItem> = serde_json::from_slice(&out).expect("decodes");
    assert_eq!(page.data.len(), 50);
    assert_eq!(page.data[0].id, "prod_0000000000200");
    assert_eq!(
        page.page_info
            .end_cursor
            .as_deref()
            .and_then(fixtures::cursor_position),
        Some(250)
    );
    assert!(!page.page_info.has_next_page);
    assert!(page.page_info.has_previous_page);
    assert_eq!(fixtures::cursor_position("x1"), None);
}
