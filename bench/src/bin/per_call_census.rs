//! What one call costs besides time: heap allocations, threads, host look-ups.
//!
//! ```text
//! per_call_census                        # allocations per call of each variant and piece
//! per_call_census --run VARIANT CALLS    # one warm-up call, then CALLS calls of VARIANT
//! ```
//!
//! The variants are those of `whop_bench::calls`. Allocations are counted by dhat's global
//! allocator, on every thread (a resolver thread's included); the server reuses its buffers, so it
//! adds none. Threads and look-ups are counted from outside: `scripts/bench` runs `--run` under
//! `strace -f -e trace=clone,clone3,openat` with 0 and with 1,000 calls, and the difference is what
//! 1,000 calls on a kept-alive connection cost (a thread is a `clone`/`clone3`; a host look-up
//! through the C library reads `/etc/hosts`). The generated client also counts its own look-ups
//! (`Client::host_lookups`), printed as `lookups generated <count> <calls>`.

use std::process::ExitCode;

use whop_bench::calls::{Calls, TLS_VARIANTS, TlsCalls, VARIANTS};
use whop_bench::fixtures;
use whop_bench::pieces::{PIECES, Pieces};
use whop_bench::server::Server;
use whop_tests::tls::TestCa;

/// Counts every allocation while a `dhat::Profiler` runs; forwards to the system allocator.
#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

const CALLS: u64 = 1_000;
const WARM_UP: usize = 20;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => allocations(),
        [flag, variant, calls] if flag == "--run" && VARIANTS.contains(&variant.as_str()) => {
            match calls.parse() {
                Ok(calls) => run(variant, calls),
                Err(_) => usage(),
            }
        }
        _ => usage(),
    }
}

fn usage() -> ExitCode {
    eprintln!(
        "usage: per_call_census [--run VARIANT CALLS]  (VARIANT: {})",
        VARIANTS.join(", ")
    );
    ExitCode::from(2)
}

/// Prints `alloc <variant> <allocations per call> <bytes per call>` for every variant, then the
/// same for the TLS group's variants (`alloc_tls`) and for the pieces (`alloc_piece`).
fn allocations() -> ExitCode {
    let _profiler = dhat::Profiler::builder().testing().build();
    let server = Server::json(&fixtures::product());
    let calls = Calls::new(&server);
    for variant in VARIANTS {
        for _ in 0..WARM_UP {
            calls.call(variant);
        }
        let before = dhat::HeapStats::get();
        for _ in 0..CALLS {
            calls.call(variant);
        }
        let after = dhat::HeapStats::get();
        let allocations = after.total_blocks - before.total_blocks;
        let bytes = after.total_bytes - before.total_bytes;
        println!(
            "alloc\t{variant}\t{:.1}\t{:.0}",
            allocations as f64 / CALLS as f64,
            bytes as f64 / CALLS as f64
        );
    }
    println!(
        "lookups\tgenerated\t{}\t{}",
        calls.client.host_lookups(),
        CALLS + WARM_UP as u64
    );
    let ca = TestCa::new(whop_bench::CA_NAME);
    let tls_server = Server::json_tls(ca.server_config(), &fixtures::product());
    let tls_calls = TlsCalls::new(&tls_server, &server, &ca.cert_pem());
    for variant in TLS_VARIANTS {
        let (allocations, bytes) = count_allocations(|| tls_calls.call(variant));
        println!("alloc_tls\t{variant}\t{allocations:.1}\t{bytes:.0}");
    }
    let pieces = Pieces::new(&server.url());
    for piece in PIECES {
        pieces.run(piece);
        let before = dhat::HeapStats::get();
        for _ in 0..CALLS {
            pieces.run(piece);
        }
        let after = dhat::HeapStats::get();
        println!(
            "alloc_piece\t{piece}\t{:.1}\t{:.0}",
            (after.total_blocks - before.total_blocks) as f64 / CALLS as f64,
            (after.total_bytes - before.total_bytes) as f64 / CALLS as f64
        );
    }
    ExitCode::SUCCESS
}

/// Allocations and bytes per call of `call`, after a warm-up.
fn count_allocations(mut call: impl FnMut()) -> (f64, f64) {
    for _ in 0..WARM_UP {
        call();
    }
    let before = dhat::HeapStats::get();
    for _ in 0..CALLS {
        call();
    }
    let after = dhat::HeapStats::get();
    (
        (after.total_blocks - before.total_blocks) as f64 / CALLS as f64,
        (after.total_bytes - before.total_bytes) as f64 / CALLS as f64,
    )
}

/// One warm-up call (which opens the connection), then `count` calls.
fn run(variant: &str, count: u64) -> ExitCode {
    let server = Server::json(&fixtures::product());
    let calls = Calls::new(&server);
    for _ in 0..=count {
        calls.call(variant);
    }
    if variant == "generated" {
        println!(
            "lookups\tgenerated\t{}\t{}",
            calls.client.host_lookups(),
            count + 1
        );
    }
    ExitCode::SUCCESS
}
