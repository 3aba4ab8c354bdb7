//! The comparisons of `benches/client.rs`, interleaved, for the ratios (see `whop_bench::paired`).
//!
//! Prints one line per variant and clock (`time <wall|cpu> <group> <variant> <median ns per
//! call>`) and one per ratio (`ratio <wall|cpu> <group> <numerator> <denominator> <median of
//! per-round ratios>`), tab-separated.
//! `WHOP_BENCH_ROUNDS` sets the number of rounds (default 101).

use std::hint::black_box;

use whop_bench::api::{ListProduct, ProductListItem};
use whop_bench::hand::{HandWritten, Raw};
use whop_bench::paired::{Clock, Timings, interleave};
use whop_bench::server::Server;
use whop_bench::{API_KEY, client, fixtures, update_changes, update_request};
use whop_core::Page;

fn main() {
    let rounds = std::env::var("WHOP_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(101);
    call(rounds);
    decode(rounds);
    list_call(rounds);
}

fn report(group: &str, timings: &Timings, ratios: &[(&str, &str)]) {
    for (clock, label) in [(Clock::Wall, "wall"), (Clock::Cpu, "cpu")] {
        for name in &timings.names {
            if let Some(median) = timings.median(clock, name) {
                println!("time\t{label}\t{group}\t{name}\t{}", median.as_nanos());
            }
        }
        for (numerator, denominator) in ratios {
            if let Some(ratio) = timings.ratio(clock, numerator, denominator) {
                println!("ratio\t{label}\t{group}\t{numerator}\t{denominator}\t{ratio:.4}");
            }
        }
    }
}

fn call(rounds: usize) {
    let server = Server::json(&fixtures::product());
    let url = server.url();
    let generated = client(&url);
    let request = update_request();
    let hand = HandWritten::new(&url, API_KEY);
    let changes = update_changes();
    let raw = Raw::new(
        &url,
        API_KEY,
        fixtures::PRODUCT_ID,
        serde_json::to_vec(&changes).expect("serializable"),
    );

    let timings = interleave(
        rounds,
        50,
        &mut [
            ("generated", &mut || {
                black_box(request.send(&generated).expect("generated call"));
            }),
            ("hand_written", &mut || {
                black_box(
                    hand.update_product(fixtures::PRODUCT_ID, &changes)
                        .expect("hand-written call"),
                );
            }),
            ("raw_ureq", &mut || {
                black_box(raw.call().expect("raw call"));
            }),
        ],
    );
    report(
        "call",
        &timings,
        &[
            ("generated", "hand_written"),
            ("generated", "raw_ureq"),
            ("hand_written", "raw_ureq"),
        ],
    );
}

fn decode(rounds: usize) {
    let body = fixtures::page(100);
    let timings = interleave(
        rounds,
        50,
        &mut [
            ("decode_json", &mut || {
                let page: Page<ProductListItem> =
                    whop_core::__private::decode_json(black_box(&body)).expect("decodes");
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
    let hand = HandWritten::new(&url, API_KEY);

    let timings = interleave(
        rounds,
        20,
        &mut [
            ("generated", &mut || {
                black_box(request.send(&generated).expect("generated call"));
            }),
            ("hand_written", &mut || {
                black_box(
                    hand.list_products(fixtures::COMPANY_ID, 100, None)
                        .expect("hand-written call"),
                );
            }),
        ],
    );
    report("list_call", &timings, &[("generated", "hand_written")]);
}
