//! `whop-sandbox` run as a server prints its base URL and a key, and answers a client given them.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use whop_core::Client;
use whop_endpoints::companies::ListCompany;

#[test]
fn the_server_prints_its_url_and_key_and_answers() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_whop-sandbox"))
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the whop-sandbox binary starts");
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut lines = BufReader::new(stdout).lines();
    let mut setting = |name: &str| -> String {
        for line in lines.by_ref() {
            let line = line.expect("a line of output");
            if let Some(value) = line.strip_prefix(&format!("{name}=")) {
                return value.to_owned();
            }
        }
        panic!("the server printed no {name}");
    };
    let url = setting("WHOP_BASE_URL");
    let key = setting("WHOP_API_KEY");
    let result = std::panic::catch_unwind(|| {
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        assert!(url.ends_with("/api/v1"), "{url}");
        let client = Client::builder()
            .api_key(key.as_str())
            .base_url(url.as_str())
            .build()
            .unwrap();
        let page = ListCompany::new().send(&client).unwrap();
        assert!(page.data.is_empty());
        assert!(!page.page_info.has_next_page);
    });
    child.kill().expect("the server stops");
    let _ = child.wait();
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

#[test]
fn a_bad_port_is_refused_with_the_usage() {
    let output = Command::new(env!("CARGO_BIN_EXE_whop-sandbox"))
        .args(["--port", "many"])
        .output()
        .expect("the whop-sandbox binary runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--port needs a port number"), "{stderr}");
    assert!(stderr.contains("usage: whop-sandbox"), "{stderr}");
}
