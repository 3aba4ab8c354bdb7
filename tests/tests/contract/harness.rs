//! Sending one operation's requests to Prism and judging the answers.

use std::cell::Cell;
use std::fmt::Debug;

use serde::Serialize;
use whop_core::{Client, Endpoint, Error, Method, RequestOptions, RequestParts};

use whop_tests::TestServer;

use crate::runner::{Failure, SendFn};
use crate::{members, violations, wire};

/// How many dynamic (random, schema-valid) responses each operation must decode.
pub(crate) const DYNAMIC_RESPONSES: usize = 20;

/// How many dynamic responses may be drawn to get [`DYNAMIC_RESPONSES`] that Prism itself holds
/// valid. For the worst operations about a third are (lists whose items may hold such a `null`);
/// ten times as many draws make falling short practically impossible.
const MAX_DRAWS: usize = 10 * DYNAMIC_RESPONSES;

thread_local! {
    /// Dynamic responses drawn again on this thread because Prism found its own response invalid.
    static REDRAWN: Cell<usize> = const { Cell::new(0) };
}

/// How many dynamic responses this thread drew again since the last call.
pub(crate) fn take_redrawn() -> usize {
    REDRAWN.with(|count| count.replace(0))
}

/// The shared client and the options that ask Prism for random responses.
pub(crate) struct Contract {
    client: Client,
    echo_client: Client,
    /// Kept alive while the client uses it.
    _echo: TestServer,
    dynamic: RequestOptions,
}

impl Contract {
    pub(crate) fn new(client: Client) -> Contract {
        let echo = wire::echo_server();
        let echo_client = echo
            .client_builder()
            .max_idle_connections(32)
            .build()
            .expect("a client for the echo server");
        Contract {
            client,
            echo_client,
            _echo: echo,
            dynamic: RequestOptions::new().header("Prefer", "dynamic=true"),
        }
    }

    pub(crate) fn client(&self) -> &Client {
        &self.client
    }

    /// The checks of an operation, given its requests as `(label, request, expected wire form)`,
    /// the minimal one first:
    /// 1. the minimal request is valid and its (example) response decodes, keeping every member;
    /// 2. each other request is valid and its response decodes;
    /// 3. [`DYNAMIC_RESPONSES`] random responses to the minimal request decode.
    ///
    /// Each request is also sent to a loopback echo server, and must arrive in the form the
    /// cases expect (see [`wire`]).
    ///
    /// A request whose response should decode fails on any error: a `422` from Prism names the
    /// violations.
    pub(crate) fn check<E>(
        &self,
        requests: &[(&str, &E, &str)],
        send: SendFn<E>,
    ) -> Result<(), Failure>
    where
        E: Endpoint + Debug,
        E::Response: Serialize,
    {
        let mut failure = Failure::default();
        for (n, (label, request, wire)) in requests.iter().enumerate() {
            let what = format!("{label} request");
            match send(request, &self.client) {
                Ok(decoded) if n == 0 => failure.extend(self.kept_members(*request, &decoded)),
                Ok(_) => {}
                Err(err) => failure.push(&what, request, &err),
            }
            match self.echo_client.send(&Raw(*request)) {
                Ok(echoed) => {
                    let differences = wire::differences(&echoed, wire);
                    if !differences.is_empty() {
                        failure.problems.push(format!(
                            "{what}: sent differently from its fields: {}",
                            differences.join("; ")
                        ));
                    }
                }
                Err(err) => failure.push(&format!("{what} (to the echo server)"), request, &err),
            }
        }
        let Some((_, minimal, _)) = requests.first() else {
            failure.problems.push("no request to send".to_owned());
            return Err(failure);
        };
        let mut decoded = 0;
        for _ in 0..MAX_DRAWS {
            match self.client.send_with(*minimal, &self.dynamic) {
                Ok(_) => decoded += 1,
                // Prism made a response that breaks the spec itself (see `violations::in_response`):
                // not one the API can send, so it does not count either way.
                Err(err) if violations::in_response(&err) => {
                    REDRAWN.with(|count| count.set(count.get() + 1));
                }
                Err(err) => {
                    failure.push(&format!("dynamic response {}", decoded + 1), minimal, &err);
                    // The same fault would most likely repeat in the remaining responses.
                    break;
                }
            }
            if decoded == DYNAMIC_RESPONSES {
                break;
            }
        }
        if decoded < DYNAMIC_RESPONSES && failure.problems.is_empty() {
            failure.problems.push(format!(
                "dynamic responses: only {decoded} of {MAX_DRAWS} were valid by the spec, {DYNAMIC_RESPONSES} needed"
            ));
        }
        failure.into_result()
    }

    /// Members of the response that the decoded value lost (a misnamed field, a wrong union
    /// variant), found by encoding it again and comparing with the JSON as received.
    fn kept_members<E>(&self, request: &E, decoded: &E::Response) -> Option<String>
    where
        E: Endpoint,
        E::Response: Serialize,
    {
        let raw = match self.client.send(&Raw(request)) {
            Ok(raw) => raw,
            Err(err) => return Some(format!("minimal request, as JSON: {err}")),
        };
        let again = match serde_json::to_value(decoded) {
            Ok(again) => again,
            Err(err) => {
                return Some(format!(
                    "minimal request: the decoded response does not encode: {err}"
                ));
            }
        };
        let lost = members::lost(&raw, &again);
        (!lost.is_empty()).then(|| {
            format!(
                "minimal request: the decoded response lost or changed {}",
                lost.join(", ")
            )
        })
    }
}

impl Failure {
    fn push(&mut self, what: &str, request: &impl Debug, err: &Error) {
        let reason = match violations::of(err) {
            Some(violations) => format!("Prism reports a violation of the spec: {violations}"),
            None => err.to_string(),
        };
        let mut sent = format!("{request:?}");
        if sent.len() > 600 {
            let mut end = 600;
            while !sent.is_char_boundary(end) {
                end -= 1;
            }
            sent.truncate(end);
            sent.push('…');
        }
        self.problems
            .push(format!("{what}: {reason}\n      request: {sent}"));
    }

    fn extend(&mut self, problem: Option<String>) {
        self.problems.extend(problem);
    }
}

/// A request whose response is read as plain JSON, to compare with the typed decoding.
struct Raw<'a, E>(&'a E);

impl<E: Endpoint> Endpoint for Raw<'_, E> {
    const METHOD: Method = E::METHOD;
    const PATH: &'static str = E::PATH;
    const SCOPES: &'static [&'static str] = E::SCOPES;
    type Response = serde_json::Value;

    fn write_request(&self, parts: &mut RequestParts) -> Result<(), Error> {
        self.0.write_request(parts)
    }
}
