//! A loopback bridge between the client and Prism for array query parameters.
//!
//! The client sends arrays as Whop's official SDKs do (`ids[]=a&ids[]=b`), while Prism reads the
//! spec's `form` style (`ids=a&ids=b`) and would not see `ids[]` as the parameter `ids` at all: it
//! would go unvalidated. The bridge forwards every request to Prism with each `name[]` key written
//! as `name`, so Prism checks every item; nothing else about the request or the answer changes.
//! The echo server (see [`crate::wire`]) checks the bracket form itself.

use std::time::Duration;

use whop_tests::{RecordedRequest, Reply, TestServer};

/// Headers that belong to one hop, not to the request: the bridge frames its own.
const HOP_HEADERS: [&str; 5] = [
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
];

/// Starts the bridge in front of the Prism server at `prism` (its base URL).
pub(crate) fn start(prism: &str) -> TestServer {
    let prism = prism.trim_end_matches('/').to_owned();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .max_idle_connections(32)
        .max_idle_connections_per_host(32)
        .build()
        .into();
    TestServer::start(move |request| forward(&agent, &prism, request))
}

fn forward(agent: &ureq::Agent, prism: &str, request: &RecordedRequest) -> Reply {
    match try_forward(agent, prism, request) {
        Ok(reply) => reply,
        Err(err) => Reply::raw(
            502,
            "text/plain",
            format!("the bridge could not reach Prism: {err}"),
        ),
    }
}

fn try_forward(
    agent: &ureq::Agent,
    prism: &str,
    request: &RecordedRequest,
) -> Result<Reply, ureq::Error> {
    let mut builder = whop_core::http::Request::builder()
        .method(request.method.as_str())
        .uri(format!("{prism}{}", form_style(&request.target)));
    for (name, value) in &request.headers {
        if !HOP_HEADERS.contains(&name.as_str()) {
            builder = builder.header(name.as_str(), value.as_str());
        }
    }
    let response = agent.run(builder.body(request.body.clone())?)?;
    let (head, mut body) = response.into_parts();
    let mut reply = Reply {
        status: head.status.as_u16(),
        headers: Vec::new(),
        body: body.read_to_vec()?,
    };
    for (name, value) in &head.headers {
        if !HOP_HEADERS.contains(&name.as_str())
            && let Ok(value) = value.to_str()
        {
            reply
                .headers
                .push((name.as_str().to_owned(), value.to_owned()));
        }
    }
    Ok(reply)
}

/// The request target with every query key `name[]` (encoded or not) written as `name`.
pub(crate) fn form_style(target: &str) -> String {
    let Some((path, query)) = target.split_once('?') else {
        return target.to_owned();
    };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let key = key
                .strip_suffix("%5B%5D")
                .or_else(|| key.strip_suffix("[]"))
                .unwrap_or(key);
            format!("{key}={value}")
        })
        .collect();
    format!("{path}?{}", pairs.join("&"))
}
