//! The sandbox's HTTP/1.1 handling, spoken byte by byte over loopback: keep-alive, chunked
//! bodies, `Connection: close`, malformed requests.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::{Value, json};
use whop_sandbox::Sandbox;

/// The sandbox's `host:port`.
fn authority(sandbox: &Sandbox) -> String {
    sandbox
        .url()
        .trim_start_matches("http://")
        .trim_end_matches("/api/v1")
        .to_owned()
}

fn connect(sandbox: &Sandbox) -> TcpStream {
    let stream = TcpStream::connect(authority(sandbox)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
}

/// Reads one answer: status, headers (lower-case names) and body.
fn read_answer(reader: &mut impl BufRead) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let status = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        let text = line.trim_end();
        if text.is_empty() {
            break;
        }
        let (name, value) = text.split_once(':').unwrap();
        headers.push((name.to_ascii_lowercase(), value.trim().to_owned()));
    }
    let length: usize = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .map(|(_, value)| value.parse().unwrap())
        .unwrap();
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    (status, headers, body)
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

#[test]
fn pipelined_requests_on_one_connection_are_answered_in_order() {
    let sandbox = Sandbox::start();
    let first = sandbox.seed("products", json!({"title": "First"}));
    let second = sandbox.seed("products", json!({"title": "Second"}));
    let mut stream = connect(&sandbox);
    let key = sandbox.api_key();
    let request = |id: &str| {
        format!(
            "GET /api/v1/products/{id} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {key}\r\n\r\n"
        )
    };
    stream
        .write_all(format!("{}{}", request(&first), request(&second)).as_bytes())
        .unwrap();
    let mut reader = BufReader::new(stream);
    for title in ["First", "Second"] {
        let (status, headers, body) = read_answer(&mut reader);
        assert_eq!(status, 200);
        assert_eq!(header(&headers, "connection"), Some("keep-alive"));
        assert_eq!(header(&headers, "content-type"), Some("application/json"));
        let product: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(product["title"], title);
    }
}

#[test]
fn a_chunked_body_is_read_whole() {
    let sandbox = Sandbox::start();
    let mut stream = connect(&sandbox);
    let body = r#"{"company_id":"biz_1","title":"Chunked"}"#;
    let (one, two) = body.split_at(10);
    write!(
        stream,
        "POST /api/v1/products HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n\
         {:x}\r\n{one}\r\n{:x}\r\n{two}\r\n0\r\n\r\n",
        sandbox.api_key(),
        one.len(),
        two.len()
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let (status, headers, body) = read_answer(&mut reader);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    assert_eq!(header(&headers, "connection"), Some("close"));
    let product: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(product["title"], "Chunked");
    let mut rest = Vec::new();
    reader.read_to_end(&mut rest).unwrap();
    assert!(rest.is_empty(), "the connection closes after the answer");
    assert_eq!(
        sandbox.requests()[0].body,
        br#"{"company_id":"biz_1","title":"Chunked"}"#
    );
}

#[test]
fn a_malformed_request_is_refused_and_the_connection_closed() {
    let sandbox = Sandbox::start();
    let mut stream = connect(&sandbox);
    stream.write_all(b"NONSENSE\r\n\r\n").unwrap();
    let mut reader = BufReader::new(stream);
    let (status, _, body) = read_answer(&mut reader);
    assert_eq!(status, 400);
    assert_eq!(body, b"malformed request line");
    let mut rest = Vec::new();
    reader.read_to_end(&mut rest).unwrap();
    assert!(rest.is_empty());

    // A body that is not JSON is Whop's invalid_json.
    let mut stream = connect(&sandbox);
    write!(
        stream,
        "POST /api/v1/products HTTP/1.1\r\nAuthorization: Bearer {}\r\nContent-Length: 4\r\n\r\n{{nop",
        sandbox.api_key()
    )
    .unwrap();
    let (status, _, body) = read_answer(&mut BufReader::new(stream));
    assert_eq!(status, 400);
    let error: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(error["error"]["code"], "invalid_json");
}

#[test]
#[should_panic(expected = "the seeded products object does not fit the spec")]
fn a_seeded_member_that_does_not_fit_is_named() {
    Sandbox::start().seed("products", json!({"visibility": "sideways"}));
}

#[test]
#[should_panic(expected = "whop-sandbox has no resource \"gadgets\"")]
fn an_unknown_resource_is_named() {
    Sandbox::start().seed("gadgets", json!({}));
}

#[test]
fn a_reset_fault_resets_the_connection() {
    let sandbox = Sandbox::start();
    let product = sandbox.seed("products", json!({}));
    sandbox.fail_next("retrieveProduct", whop_sandbox::Fault::reset());
    let mut stream = connect(&sandbox);
    write!(
        stream,
        "GET /api/v1/products/{product} HTTP/1.1\r\nAuthorization: Bearer {}\r\n\r\n",
        sandbox.api_key()
    )
    .unwrap();
    let mut answer = Vec::new();
    let err = stream
        .read_to_end(&mut answer)
        .expect_err("a reset, not an answer or a clean close");
    assert_eq!(err.kind(), std::io::ErrorKind::ConnectionReset, "{err}");
    assert!(answer.is_empty());
}
