//! The integration tests of whop-rs, in one test binary: real HTTP to servers on 127.0.0.1 (see
//! the `whop_tests` toolkit), grouped by feature, one module each.
//!
//! Every test here runs in one process on parallel threads. A test that needs process-wide state
//! of its own (environment variables, the `log` logger) runs its body in a child process started
//! with [`child_test`] and run with [`run_child`], never in this one.

// The client and its configuration.
mod client_config;
mod concurrency;
mod core_types;
mod custom_endpoint;
mod versioning;

// What goes on the wire, checked against the spec.
mod drift;
mod sdk_framing;
mod setters;
mod union_bodies;
mod wire;

// Decoding what comes back.
mod lenient;
mod realworld;

// Errors, retries and misbehaving servers.
mod errors;
mod faults;
mod path_proptest;
mod retries;
mod secrets;

// Transport: TLS and proxies.
mod https;

// The helpers beyond the REST calls.
mod upload;
mod user_token;
mod webhooks;

// Side by side with Whop's official Python SDK.
mod differential;

// whop-sandbox, the stateful Whop API on loopback, through the public client.
mod sandbox;

use std::process::Command;

/// A command that runs the test `function` of the module at `module_path` (its
/// `module_path!()`) alone, in a child process of this test binary, its output not captured.
/// The caller sets the child's environment and runs it.
fn child_test(module_path: &str, function: &str) -> Command {
    // `module_path!()` starts with the crate's name, which the harness leaves out of test names.
    let module = module_path
        .split_once("::")
        .map_or("", |(_, module)| module);
    let mut command = Command::new(std::env::current_exe().expect("the test binary's path"));
    command.args([
        &format!("{module}::{function}"),
        "--exact",
        "--nocapture",
        "--test-threads=1",
    ]);
    command
}

/// Runs `command` (from [`child_test`]), whose one test must pass; its output.
fn run_child(command: &mut Command) -> String {
    let output = command.output().expect("the child test runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "child failed: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// Runs `command` as [`run_child`] does; what the child printed after `marker` (its report).
fn child_report(command: &mut Command, marker: &str) -> String {
    let stdout = run_child(command);
    stdout
        .lines()
        .find_map(|line| line.split_once(marker).map(|(_, report)| report))
        .unwrap_or_else(|| panic!("no {marker:?} report in {stdout}"))
        .to_owned()
}
