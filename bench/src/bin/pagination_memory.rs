//! Peak memory while iterating a long list with `items()`.
//!
//! A server thread in this process answers `GET /products` with pages of 100 items generated on
//! the fly; the client iterates every item and checks that each arrives once, in order. Peak
//! memory is the process's `VmHWM`, so each list length runs in a process of its own:
//!
//! ```text
//! pagination_memory                 # 1,000 and 100,000 items, 5 runs each: medians and ratio
//! pagination_memory --items 5000    # one run: prints `items=5000 pages=50 peak_rss_kib=…`
//! ```
//!
//! A peak of a few MiB moves by a hundred KiB or so from one run to the next (where the allocator
//! happens to place things), so each length runs five times, alternating, and the medians are
//! compared.

use std::process::{Command, ExitCode};
use std::time::Instant;

use whop_bench::api::ListProduct;
use whop_bench::fixtures::{self, cursor_position, write_page};
use whop_bench::memory::peak_rss_kib;
use whop_bench::server::{Request, Server, json_answer};

const PAGE_SIZE: u64 = 100;
const LENGTHS: [u64; 2] = [1_000, 100_000];
const RUNS: usize = 5;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => compare(),
        [flag, count] if flag == "--items" => match count.parse() {
            Ok(count) => run(count),
            Err(_) => usage(),
        },
        _ => usage(),
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: pagination_memory [--items N]");
    ExitCode::from(2)
}

/// Runs each length in child processes and prints the median peaks side by side.
fn compare() -> ExitCode {
    let Ok(exe) = std::env::current_exe() else {
        eprintln!("pagination_memory: cannot find its own executable");
        return ExitCode::FAILURE;
    };
    let mut peaks = vec![Vec::new(); LENGTHS.len()];
    for _ in 0..RUNS {
        for (index, count) in LENGTHS.into_iter().enumerate() {
            match run_child(&exe, count) {
                Ok(peak) => peaks[index].push(peak),
                Err(message) => {
                    eprintln!("pagination_memory: {message}");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    let mut medians = Vec::new();
    for (count, runs) in LENGTHS.into_iter().zip(&mut peaks) {
        runs.sort_unstable();
        let median = runs[runs.len() / 2];
        println!(
            "items={count} peak_rss_kib={median} (median of {RUNS}; min {}, max {})",
            runs[0],
            runs[runs.len() - 1]
        );
        medians.push(median);
    }
    println!("ratio={:.3}", medians[1] as f64 / medians[0] as f64);
    ExitCode::SUCCESS
}

/// Runs `--items count` in a child process; returns its peak in KiB.
fn run_child(exe: &std::path::Path, count: u64) -> Result<u64, String> {
    let output = Command::new(exe)
        .args(["--items", &count.to_string()])
        .output()
        .map_err(|err| format!("cannot run itself: {err}"))?;
    if !output.status.success() {
        return Err(format!(
            "the run of {count} items failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let line = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    line.split_whitespace()
        .find_map(|field| field.strip_prefix("peak_rss_kib="))
        .and_then(|value| value.parse().ok())
        .ok_or_else(|| format!("no peak in {line:?}"))
}

/// Iterates `count` items and prints the peak memory of this process.
fn run(count: u64) -> ExitCode {
    let server = Server::start(move |request: &Request<'_>, out: &mut Vec<u8>| {
        let start = query_value(request.target(), "after")
            .and_then(cursor_position)
            .unwrap_or(0);
        let mut body = Vec::with_capacity(64 * 1024);
        write_page(&mut body, start, PAGE_SIZE, count);
        json_answer(out, &body);
    });
    let client = whop_bench::client(&server.url());
    let mut request = ListProduct::new(fixtures::COMPANY_ID);
    request.first = Some(PAGE_SIZE as i64);

    let started = Instant::now();
    let mut seen = 0u64;
    for item in request.items(&client) {
        let item = match item {
            Ok(item) => item,
            Err(err) => {
                eprintln!("pagination_memory: item {seen}: {err}");
                return ExitCode::FAILURE;
            }
        };
        if item.id != format!("prod_{seen:013}") {
            eprintln!("pagination_memory: item {seen} arrived as {}", item.id);
            return ExitCode::FAILURE;
        }
        seen += 1;
    }
    let elapsed = started.elapsed();
    if seen != count {
        eprintln!("pagination_memory: {seen} items arrived, expected {count}");
        return ExitCode::FAILURE;
    }
    let Some(peak) = peak_rss_kib() else {
        eprintln!("pagination_memory: VmHWM is not available (no /proc/self/status)");
        return ExitCode::FAILURE;
    };
    println!(
        "items={count} pages={} peak_rss_kib={peak} elapsed_ms={}",
        count.div_ceil(PAGE_SIZE),
        elapsed.as_millis()
    );
    ExitCode::SUCCESS
}

/// The raw value of `name` in the target's query string.
fn query_value<'a>(target: &'a str, name: &str) -> Option<&'a str> {
    let (_, query) = target.split_once('?')?;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}
