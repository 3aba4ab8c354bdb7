//! Per call and decoding: the generated client next to hand-written ureq + serde_json code.
//!
//! Groups (ratios are computed from the medians by `scripts/bench`):
//! - `call`: `UpdateProduct::send` vs a hand-written `PATCH` (agent with and without timeouts) vs
//!   raw ureq with a static body, against a keep-alive loopback server answering with a full
//!   `Product` (see `whop_bench::calls`).
//! - `decode`: a 100-item `Page<ProductListItem>` through the client's decode path vs
//!   `serde_json::from_slice`.
//! - `list_call`: the same page fetched with `ListProduct::send` vs hand-written (with and without
//!   timeouts).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use whop_bench::api::{ListProduct, ProductListItem};
use whop_bench::calls::{Calls, VARIANTS};
use whop_bench::hand::HandWritten;
use whop_bench::server::Server;
use whop_bench::{API_KEY, client, fixtures};
use whop_core::Page;

fn call(c: &mut Criterion) {
    let server = Server::json(&fixtures::product());
    let calls = Calls::new(&server);
    let mut group = c.benchmark_group("call");
    for name in VARIANTS {
        group.bench_function(name, |b| b.iter(|| calls.call(name)));
    }
    group.finish();
}

fn decode(c: &mut Criterion) {
    let body = fixtures::page(100);
    let mut group = c.benchmark_group("decode");
    group.bench_function("decode_json", |b| {
        b.iter(|| {
            let page: Page<ProductListItem> =
                whop_core::decode_json(black_box(&body)).expect("decodes");
            black_box(page)
        })
    });
    group.bench_function("serde_json", |b| {
        b.iter(|| {
            let page: Page<ProductListItem> =
                serde_json::from_slice(black_box(&body)).expect("decodes");
            black_box(page)
        })
    });
    group.finish();
}

fn list_call(c: &mut Criterion) {
    let server = Server::json(&fixtures::page(100));
    let url = server.url();
    let generated = client(&url);
    let mut request = ListProduct::new(fixtures::COMPANY_ID);
    request.first = Some(100);
    let hands = [
        ("hand_timeouts", HandWritten::with_timeouts(&url, API_KEY)),
        (
            "hand_no_timeouts",
            HandWritten::without_timeouts(&url, API_KEY),
        ),
    ];

    let mut group = c.benchmark_group("list_call");
    group.bench_function("generated", |b| {
        b.iter(|| black_box(request.send(&generated).expect("generated call")))
    });
    for (name, hand) in &hands {
        group.bench_function(*name, |b| {
            b.iter(|| {
                black_box(
                    hand.list_products(fixtures::COMPANY_ID, 100, None)
                        .expect("hand-written call"),
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, call, decode, list_call);
criterion_main!(benches);
