//! How many requests a second the sandbox answers on loopback, and the CPU it takes.
//!
//! ```text
//! cargo run --release -p whop-sandbox --example throughput [-- THREADS SECONDS]
//! ```
//!
//! Client threads (4 by default), each with its own keep-alive connection, retrieve a product
//! and list products (one of each in turn) for a few seconds (3 by default). The clients run in
//! the same process, so the CPU figure is the whole process's: sandbox and clients together.

use std::time::{Duration, Instant};

use serde_json::json;
use whop_sandbox::Sandbox;

fn main() {
    let mut args = std::env::args().skip(1);
    let threads: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(4);
    let seconds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(3);

    let sandbox = Sandbox::start();
    let company = sandbox.seed("companies", json!({"title": "Pickaxe"}));
    let mut product = String::new();
    for n in 0..20 {
        product = sandbox.seed(
            "products",
            json!({"title": format!("Product {n}"), "company": {"id": company}}),
        );
    }
    let retrieve = format!("{}/products/{product}", sandbox.url());
    let list = format!("{}/products?company_id={company}&first=5", sandbox.url());
    let authorization = format!("Bearer {}", sandbox.api_key());

    let cpu_before = cpu_seconds();
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let counts: Vec<(u64, u64)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let agent: ureq::Agent = ureq::Agent::config_builder()
                        .http_status_as_error(false)
                        .build()
                        .into();
                    let (mut ok, mut failed) = (0u64, 0u64);
                    let mut retrieving = true;
                    while Instant::now() < deadline {
                        let url = if retrieving { &retrieve } else { &list };
                        retrieving = !retrieving;
                        let answer = agent
                            .get(url.as_str())
                            .header("authorization", authorization.as_str())
                            .call();
                        match answer {
                            Ok(mut response) if response.status() == 200 => {
                                let body = response.body_mut().read_to_vec();
                                if body.is_ok_and(|body| !body.is_empty()) {
                                    ok += 1;
                                } else {
                                    failed += 1;
                                }
                            }
                            _ => failed += 1,
                        }
                    }
                    (ok, failed)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| worker.join().unwrap_or((0, 0)))
            .collect()
    });
    let wall = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    let ok: u64 = counts.iter().map(|(ok, _)| ok).sum();
    let failed: u64 = counts.iter().map(|(_, failed)| failed).sum();
    println!(
        "{ok} requests answered 200 in {wall:.2} s by {threads} keep-alive clients ({failed} failed)"
    );
    println!("throughput: {:.0} requests/s", ok as f64 / wall);
    match cpu {
        Some(cpu) => println!(
            "process CPU: {cpu:.2} s ({:.2} cores busy on average, {:.0} µs of CPU per request, clients included)",
            cpu / wall,
            cpu * 1e6 / ok.max(1) as f64
        ),
        None => println!("process CPU: not available on this platform"),
    }
    if failed > 0 || ok == 0 {
        std::process::exit(1);
    }
}

/// User and system CPU time of this process so far, from `/proc/self/stat` (Linux).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line: 11 and 12 after the name.
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    // Clock ticks: 100 a second on Linux.
    Some((utime + stime) / 100.0)
}
