//! The comparisons of `benches/client.rs`, interleaved, for the ratios (see `whop_bench::paired`).
//!
//! Prints, tab-separated, one line per variant and clock (`time <clock> <group> <variant> <median
//! ns per call>`), one per ratio (`ratio <clock> <group> <numerator> <denominator> <median of
//! per-round ratios> <first quartile> <third quartile>`) and the generated client's host look-ups
//! (`lookups <group> generated <look-ups> <calls>`). Clocks: `wall`, `cpu` (whole process),
//! `server_cpu` (the loopback server's share of it) and `client_cpu` (the rest). The TLS group
//! also prints the connections its servers accepted (`connections tls <server> <accepted>
//! <variants calling it>`): one per variant when every connection was kept alive.
//!
//! `WHOP_BENCH_ROUNDS` sets the number of rounds (default 101); `WHOP_BENCH_ONLY` a
//! comma-separated list of the groups to run (`call`, `tls`, `call_timeout`, `decode`,
//! `list_call`, `pieces`; default all).

use std::hint::black_box;
use std::time::Duration;

use whop_bench::api::{ListProduct, ProductListItem};
use whop_bench::calls::{Calls, TLS_VARIANTS, TlsCalls, VARIANTS};
use whop_bench::hand::HandWritten;
use whop_bench::paired::{Clock, Timings, interleave};
use whop_bench::pieces::{PIECES, Pieces};
use whop_bench::server::Server;
use whop_bench::{API_KEY, client, fixtures, update_request};
use whop_core::{Page, RequestOptions};
use whop_tests::tls::TestCa;

const CALL_BATCH: usize = 50;

/// A group of comparisons by name: runs them for a number of rounds.
type Group = (&'static str, fn(usize));
const LIST_BATCH: usize = 20;

fn main() {
    let rounds = std::env::var("WHOP_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(101);
    let only = std::env::var("WHOP_BENCH_ONLY").unwrap_or_default();
    let groups: [Group; 6] = [
        ("call", call),
        ("tls", tls),
        ("call_timeout", call_timeout),
        ("decode", decode),
        ("list_call", list_call),
        ("pieces", pieces),
    ];
    for (name, run) in groups {
        if only.is_empty() || only.split(',').any(|group| group == name) {
            run(rounds);
        }
    }
}

fn report(group: &str, timings: &Timings, ratios: &[(&str, &str)]) {
    for clock in Clock::ALL {
        let label = clock.label();
        for name in &timings.names {
            if let Some(median) = timings.median(clock, name) {
                println!("time\t{label}\t{group}\t{name}\t{}", median.as_nanos());
            }
        }
        for (numerator, denominator) in ratios {
            if let (Some(ratio), Some((low, high))) = (
                timings.ratio(clock, numerator, denominator),
                timings.ratio_quartiles(clock, numerator, denominator),
            ) {
                println!(
                    "ratio\t{label}\t{group}\t{numerator}\t{denominator}\t{ratio:.4}\t{low:.4}\t{high:.4}"
                );
            }
        }
    }
}

fn call(rounds: usize) {
    let server = Server::json(&fixtures::product());
    let calls = &Calls::new(&server);
    let mut closures = VARIANTS.map(|name| move || calls.call(name));
    let [generated, hand_timeouts, hand_no_timeouts, hand_by_ip, raw] = &mut closures;
    let timings = interleave(
        rounds,
        CALL_BATCH,
        &[&server],
        &mut [
            (VARIANTS[0], generated),
            (VARIANTS[1], hand_timeouts),
            (VARIANTS[2], hand_no_timeouts),
            (VARIANTS[3], hand_by_ip),
            (VARIANTS[4], raw),
        ],
    );
    report(
        "call",
        &timings,
        &[
            ("generated", "hand_no_timeouts"),
            ("generated", "hand_timeouts"),
            ("generated", "hand_by_ip"),
            ("generated", "raw_ureq"),
            ("hand_no_timeouts", "raw_ureq"),
            ("hand_timeouts", "raw_ureq"),
            ("hand_by_ip", "raw_ureq"),
        ],
    );
    println!(
        "lookups\tcall\tgenerated\t{}\t{}",
        calls.client.host_lookups(),
        (rounds + 1) * CALL_BATCH
    );
}

/// The generated call over kept-alive HTTPS, next to a hand-written one over HTTPS and to the
/// generated call over plain HTTP. The servers differ only in the TLS layer: same loop, same
/// prepared answer.
fn tls(rounds: usize) {
    let ca = TestCa::new(whop_bench::CA_NAME);
    let body = fixtures::product();
    let tls_server = Server::json_tls(ca.server_config(), &body);
    let plain_server = Server::json(&body);
    let calls = &TlsCalls::new(&tls_server, &plain_server, &ca.cert_pem());
    let mut closures = TLS_VARIANTS.map(|name| move || calls.call(name));
    let [generated_tls, hand_tls, hand_tls_by_ip, generated_http] = &mut closures;
    let timings = interleave(
        rounds,
        CALL_BATCH,
        &[&tls_server, &plain_server],
        &mut [
            (TLS_VARIANTS[0], generated_tls),
            (TLS_VARIANTS[1], hand_tls),
            (TLS_VARIANTS[2], hand_tls_by_ip),
            (TLS_VARIANTS[3], generated_http),
        ],
    );
    report(
        "tls",
        &timings,
        &[
            ("generated_tls", "generated_http"),
            ("generated_tls", "hand_tls"),
            ("generated_tls", "hand_tls_by_ip"),
            ("hand_tls", "hand_tls_by_ip"),
        ],
    );
    println!(
        "connections\ttls\thttps\t{}\t{}",
        tls_server.connections(),
        TLS_VARIANTS.len() - 1
    );
    println!("connections\ttls\thttp\t{}\t1", plain_server.connections());
    println!(
        "lookups\ttls\tgenerated_tls\t{}\t{}",
        calls.client_tls.host_lookups(),
        (rounds + 1) * CALL_BATCH
    );
}

/// The generated call with the client's timeout, and with a per-call timeout of another length:
/// the attempt then configures its own request (`configure_request(...).timeout_global(...)`),
/// which a call with the client's timeout no longer does.
fn call_timeout(rounds: usize) {
    let server = Server::json(&fixtures::product());
    let client = client(&server.url());
    let request = update_request();
    let options = RequestOptions::new().timeout(Duration::from_secs(59));
    let timings = interleave(
        rounds,
        CALL_BATCH,
        &[&server],
        &mut [
            ("generated", &mut || {
                black_box(request.send(&client).expect("generated call"));
            }),
            ("generated_call_timeout", &mut || {
                black_box(
                    client
                        .send_with(&request, &options)
                        .expect("generated call"),
                );
            }),
        ],
    );
    report(
        "call_timeout",
        &timings,
        &[("generated_call_timeout", "generated")],
    );
}

/// `whop_core::decode_json` is what every `send` runs on a 2xx body, so the client's decode path
/// is measured directly, without the HTTP around it.
fn decode(rounds: usize) {
    let body = fixtures::page(100);
    let timings = interleave(
        rounds,
        50,
        &[],
        &mut [
            ("decode_json", &mut || {
                let page: Page<ProductListItem> =
                    whop_core::decode_json(black_box(&body)).expect("decodes");
                black_box(page);
            }),
            ("serde_json", &mut || {
                let page: Page<ProductListItem> =
                    serde_json::from_slice(black_box(&body)).expect("decodes");
                black_box(page);
            }),
        ],
    );
    report("decode", &timings, &[("decode_json", "serde_json")]);
}

fn list_call(rounds: usize) {
    let server = Server::json(&fixtures::page(100));
    let url = server.url();
    let generated = client(&url);
    let mut request = ListProduct::new(fixtures::COMPANY_ID);
    request.first = Some(100);
    let hand_timeouts = HandWritten::with_timeouts(&url, API_KEY);
    let hand_no_timeouts = HandWritten::without_timeouts(&url, API_KEY);

    let timings = interleave(
        rounds,
        LIST_BATCH,
        &[&server],
        &mut [
            ("generated", &mut || {
                black_box(request.send(&generated).expect("generated call"));
            }),
            ("hand_timeouts", &mut || {
                black_box(
                    hand_timeouts
                        .list_products(fixtures::COMPANY_ID, 100, None)
                        .expect("hand-written call"),
                );
            }),
            ("hand_no_timeouts", &mut || {
                black_box(
                    hand_no_timeouts
                        .list_products(fixtures::COMPANY_ID, 100, None)
                        .expect("hand-written call"),
                );
            }),
        ],
    );
    report(
        "list_call",
        &timings,
        &[
            ("generated", "hand_no_timeouts"),
            ("generated", "hand_timeouts"),
        ],
    );
    println!(
        "lookups\tlist_call\tgenerated\t{}\t{}",
        generated.host_lookups(),
        (rounds + 1) * LIST_BATCH
    );
}

/// The steps of a generated call that a hand-written one does not take, each on its own
/// (`whop_bench::pieces`), to set against the per-call times above.
fn pieces(rounds: usize) {
    let server = Server::json(&fixtures::product());
    let pieces = &Pieces::new(&server.url());
    let mut closures = PIECES.map(|name| move || pieces.run(name));
    let [prepare, request, deadline, key, host, watch, socket] = &mut closures;
    let timings = interleave(
        rounds,
        1000,
        &[],
        &mut [
            (PIECES[0], prepare),
            (PIECES[1], request),
            (PIECES[2], deadline),
            (PIECES[3], key),
            (PIECES[4], host),
            (PIECES[5], watch),
            (PIECES[6], socket),
        ],
    );
    report("pieces", &timings, &[]);
}
