//! Runs the sandbox as a server until stopped: `cargo run -p whop-sandbox -- --port 12111`.
//!
//! It prints the base URL and an API key holding every scope.

use std::process::ExitCode;

const USAGE: &str = "usage: whop-sandbox [--port PORT]   (PORT 0 or absent: a free port)";

fn main() -> ExitCode {
    let mut port: u16 = 0;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => match args.next().map(|text| text.parse::<u16>()) {
                Some(Ok(number)) => port = number,
                _ => {
                    eprintln!("--port needs a port number\n{USAGE}");
                    return ExitCode::FAILURE;
                }
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("unknown argument {other}\n{USAGE}");
                return ExitCode::FAILURE;
            }
        }
    }
    let sandbox = match whop_sandbox::Sandbox::start_on(port) {
        Ok(sandbox) => sandbox,
        Err(err) => {
            eprintln!("cannot listen on 127.0.0.1:{port}: {err}");
            return ExitCode::FAILURE;
        }
    };
    println!("whop-sandbox listening");
    println!("WHOP_BASE_URL={}", sandbox.url());
    println!("WHOP_API_KEY={}", sandbox.api_key());
    println!("Stop it with Ctrl-C.");
    loop {
        std::thread::park();
    }
}
