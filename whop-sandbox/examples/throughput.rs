//! How many requests a second the sandbox answers on loopback, and the CPU it takes, next to the
//! floor: a server that answers the same requests with the same bytes, prepared in advance.
//!
//! ```text
//! cargo run --release -p whop-sandbox --example throughput [-- THREADS ROUNDS]
//! ```
//!
//! Client threads (4 by default), each with its own keep-alive connection, retrieve a product
//! and list products (one of each in turn). Rounds of one second alternate between the sandbox
//! and the floor, the order turning each round (10 rounds by default), and the run prints the
//! median over rounds of each figure and of the per-round ratio sandbox ÷ floor. The clients run
//! in the same process, so the CPU figure is the whole process's, every thread included:
//! server and clients together.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use whop_sandbox::Sandbox;

/// How long each round sends to one server.
const ROUND: Duration = Duration::from_secs(1);

fn main() {
    let mut args = std::env::args().skip(1);
    let threads: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(4);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);

    let sandbox = Sandbox::start();
    let company = sandbox.seed("companies", json!({"title": "Pickaxe"}));
    let mut product = String::new();
    for n in 0..20 {
        product = sandbox.seed(
            "products",
            json!({"title": format!("Product {n}"), "company": {"id": company}}),
        );
    }
    let paths = [
        format!("/products/{product}"),
        format!("/products?company_id={company}&first=5"),
    ];
    let authorization = format!("Bearer {}", sandbox.api_key());

    // The floor answers each path with what the sandbox answered to it.
    let answers: Vec<Vec<u8>> = paths
        .iter()
        .map(|path| prepared_answer(&format!("{}{path}", sandbox.url()), &authorization))
        .collect();
    let floor = floor_server(paths[1].clone(), answers);

    let targets = [("sandbox", sandbox.url().to_owned()), ("floor", floor)];
    let mut rates = [Vec::new(), Vec::new()];
    let mut cpus = [Vec::new(), Vec::new()];
    let mut rate_ratios = Vec::new();
    let mut cpu_ratios = Vec::new();
    for round in 0..rounds {
        let mut figures = [(0.0, 0.0); 2];
        for turn in 0..2 {
            let which = (round + turn) % 2;
            let urls: Vec<String> = paths
                .iter()
                .map(|path| format!("{}{path}", targets[which].1))
                .collect();
            figures[which] = measure(threads, &urls, &authorization);
        }
        for (which, (rate, cpu)) in figures.iter().enumerate() {
            rates[which].push(*rate);
            cpus[which].push(*cpu);
        }
        rate_ratios.push(figures[0].0 / figures[1].0);
        cpu_ratios.push(figures[0].1 / figures[1].1);
    }
    println!(
        "{threads} keep-alive clients, {rounds} interleaved rounds of {ROUND:?} each; medians:"
    );
    for (which, (name, _)) in targets.iter().enumerate() {
        println!(
            "  {name:8} {:>8.0} requests/s, {:>5.1} µs of process CPU per request",
            median(&mut rates[which]),
            median(&mut cpus[which]) * 1e6
        );
    }
    println!(
        "  sandbox ÷ floor: {:.3} of the requests/s, {:.2}× the CPU per request",
        median(&mut rate_ratios),
        median(&mut cpu_ratios)
    );
}

/// Sends requests from `threads` keep-alive clients for one round, alternating the `urls`; gives
/// requests a second and process CPU seconds per request. Any failure ends the run.
fn measure(threads: usize, urls: &[String], authorization: &str) -> (f64, f64) {
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    let deadline = started + ROUND;
    let answered: u64 = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let agent: ureq::Agent = ureq::Agent::config_builder()
                        .http_status_as_error(false)
                        .build()
                        .into();
                    let mut answered = 0u64;
                    for url in urls.iter().cycle() {
                        if Instant::now() >= deadline {
                            break;
                        }
                        let mut response = agent
                            .get(url.as_str())
                            .header("authorization", authorization)
                            .call()
                            .unwrap_or_else(|err| panic!("{url}: {err}"));
                        let body = response.body_mut().read_to_vec().unwrap_or_default();
                        assert!(
                            response.status() == 200 && !body.is_empty(),
                            "{url}: {}",
                            response.status()
                        );
                        answered += 1;
                    }
                    answered
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or(0)).sum()
    });
    let wall = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu_before;
    (answered as f64 / wall, cpu / answered.max(1) as f64)
}

/// The whole HTTP/1.1 answer the sandbox gives to one GET, to replay it.
fn prepared_answer(url: &str, authorization: &str) -> Vec<u8> {
    let mut response = ureq::get(url)
        .header("authorization", authorization)
        .call()
        .unwrap_or_else(|err| panic!("{url}: {err}"));
    let body = response
        .body_mut()
        .read_to_vec()
        .expect("the sandbox's body");
    let mut answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
        body.len()
    );
    if let Some(id) = response.headers().get("x-request-id") {
        answer.push_str(&format!(
            "x-request-id: {}\r\n",
            id.to_str().unwrap_or_default()
        ));
    }
    answer.push_str("\r\n");
    let mut answer = answer.into_bytes();
    answer.extend_from_slice(&body);
    answer
}

/// The floor: a keep-alive server on 127.0.0.1, a thread per connection, that reads each
/// request's head and writes the prepared answer for its path (`second_path` gets the second
/// answer, any other path the first); returns its base URL.
fn floor_server(second_path: String, answers: Vec<Vec<u8>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("its address"));
    let answers = Arc::new(answers);
    let second = Arc::new(second_path);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (answers, second) = (answers.clone(), second.clone());
            std::thread::spawn(move || serve(stream, &second, &answers));
        }
    });
    url
}

fn serve(stream: TcpStream, second_path: &str, answers: &[Vec<u8>]) {
    let _ = stream.set_nodelay(true);
    let mut writer = match stream.try_clone() {
        Ok(writer) => writer,
        Err(_) => return,
    };
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let target = line.split_whitespace().nth(1).unwrap_or_default();
        let answer = &answers[usize::from(target == second_path)];
        // The rest of the head; the requests have no body.
        loop {
            line.clear();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            if line == "\r\n" {
                break;
            }
        }
        if writer.write_all(answer).is_err() {
            return;
        }
    }
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// User and system CPU time of this process so far, every thread included, from
/// `/proc/self/stat` (Linux; 0 elsewhere, which makes the CPU figures meaningless).
fn cpu_seconds() -> f64 {
    let read = || -> Option<f64> {
        let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
        // The fields after the command name, which is in parentheses and may hold spaces.
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        // utime and stime are fields 14 and 15 of the whole line: 11 and 12 after the name.
        let utime: f64 = fields.get(11)?.parse().ok()?;
        let stime: f64 = fields.get(12)?.parse().ok()?;
        // Clock ticks: 100 a second on Linux.
        Some((utime + stime) / 100.0)
    };
    read().unwrap_or(0.0)
}
