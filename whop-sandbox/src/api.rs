//! Answering requests: routing, the API key, checks, and the operations on the stored objects.

use std::collections::{HashMap, HashSet, VecDeque};
use std::time::Duration;

use base64::Engine as _;
use serde_json::{Map, Value, json};

use crate::http::{Request, Response};
use crate::model::{Kind, Model, Operation, model};
use crate::schema::{self, Context, Invalid};
use crate::{Fault, RecordedRequest};

/// The path every operation is under.
pub(crate) const BASE_PATH: &str = "/api/v1";
/// How many requests [`State::requests`] keeps (the most recent).
pub(crate) const KEPT_REQUESTS: usize = 10_000;
/// How many `Idempotency-Key`s are remembered (the most recent).
const KEPT_IDEMPOTENCY_KEYS: usize = 10_000;
/// Page size of a list without `first` or `last`.
const DEFAULT_PAGE: usize = 10;
/// The largest page.
const MAX_PAGE: usize = 100;
/// Query parameters of lists that are not filters.
const NOT_FILTERS: [&str; 8] = [
    "after",
    "before",
    "first",
    "last",
    "order",
    "direction",
    "created_before",
    "created_after",
];

/// One stored object.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    /// Insertion order: larger is newer.
    seq: u64,
    /// For objects under another (`/affiliates/{id}/overrides`), the parent's id.
    parent: Option<String>,
    pub(crate) value: Value,
}

/// An event to deliver, made while answering.
pub(crate) struct Emission {
    pub(crate) event_type: String,
    pub(crate) data: Value,
}

/// Everything the sandbox holds.
#[derive(Default)]
pub(crate) struct State {
    /// Objects by collection, then id.
    pub(crate) collections: HashMap<String, HashMap<String, Record>>,
    next_seq: u64,
    next_request: u64,
    /// API keys: `None` holds every scope.
    pub(crate) keys: HashMap<String, Option<HashSet<String>>>,
    /// Faults for the next call of an operation, by operation id, in order.
    pub(crate) faults: HashMap<String, Vec<Fault>>,
    pub(crate) requests: VecDeque<RecordedRequest>,
    /// Answers by operation and `Idempotency-Key`; `None` while the first is being answered.
    idempotency: HashMap<String, Option<Response>>,
    /// The keys of `idempotency`, oldest first.
    idempotency_order: VecDeque<String>,
}

/// The current time as RFC 3339 in UTC with milliseconds, as Whop writes it
/// (`2025-01-02T03:04:05.678Z`).
pub(crate) fn now() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// A fresh id: the prefix and 14 random letters and digits (`prod_Xy3…`).
pub(crate) fn new_id(prefix: &str) -> String {
    let mut id = String::from(prefix);
    id.extend(std::iter::repeat_with(fastrand::alphanumeric).take(14));
    id
}

/// Whop's error body.
pub(crate) fn error(
    status: u16,
    kind: &str,
    message: &str,
    code: Option<&str>,
    param: Option<&str>,
) -> Response {
    json_response(
        status,
        &json!({"error": {"type": kind, "message": message, "code": code, "param": param}}),
    )
}

fn json_response(status: u16, body: &Value) -> Response {
    Response {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: serde_json::to_vec(body).unwrap_or_default(),
    }
}

fn invalid(err: Invalid) -> Response {
    error(
        400,
        "invalid_request_error",
        &err.message,
        Some(err.code),
        Some(&err.param),
    )
}

fn not_found() -> Response {
    error(404, "not_found", "Resource not found", None, None)
}

/// What [`State::prepare`] decided before any wait.
pub(crate) enum Prepared {
    /// Answer at once.
    Done(Response),
    /// Reset the connection.
    Reset,
    /// Wait, then go on.
    Delay(Duration, Checked),
    /// Go on.
    Go(Checked),
}

/// A successful answer before it is made to fit the operation's response schema, which
/// [`Unfinished::finish`] does without holding the state.
pub(crate) struct Unfinished {
    op: &'static Operation,
    value: Value,
}

impl Unfinished {
    /// The `200` answer: the value made to fit the response schema.
    pub(crate) fn finish(self) -> Response {
        let model = model();
        // An operation that answers a boolean says it succeeded.
        if model.resolve(&self.op.response).get("type") == Some(&json!("boolean")) {
            return json_response(200, &Value::Bool(true));
        }
        let now = now();
        let cx = Context { model, now: &now };
        json_response(
            200,
            &schema::conform(&cx, &self.op.response, &self.value, 0),
        )
    }
}

/// A request that passed routing, the key, and its checks.
pub(crate) struct Checked {
    op: &'static Operation,
    path_params: Vec<(String, String)>,
    query: Map<String, Value>,
    body: Option<Value>,
    /// The operation and `Idempotency-Key` of a request that has one.
    pub(crate) idempotency_key: Option<String>,
}

impl State {
    /// Records the request, routes it, checks the key and the parameters, and takes a pending
    /// fault of the operation.
    pub(crate) fn prepare(&mut self, request: &Request) -> (String, Prepared) {
        self.next_request += 1;
        let request_id = format!("req_{:016x}", self.next_request);
        let (path, query) = match request.target.split_once('?') {
            Some((path, query)) => (path, query),
            None => (request.target.as_str(), ""),
        };
        let pairs = decode_query(query);
        self.record(request, path, &pairs);
        let prepared = self.check(request, path, &pairs);
        (request_id, prepared)
    }

    fn record(&mut self, request: &Request, path: &str, query: &[(String, String)]) {
        if self.requests.len() == KEPT_REQUESTS {
            self.requests.pop_front();
        }
        let headers = request
            .headers
            .iter()
            .map(|(name, value)| {
                let value = if name == "authorization" {
                    match value.split_once(' ') {
                        Some((scheme, _)) => format!("{scheme} [redacted]"),
                        None => "[redacted]".to_owned(),
                    }
                } else {
                    value.clone()
                };
                (name.clone(), value)
            })
            .collect();
        self.requests.push_back(RecordedRequest {
            method: request.method.clone(),
            path: percent_decode(path).unwrap_or_else(|| path.to_owned()),
            query: query.to_vec(),
            headers,
            body: request.body.clone(),
        });
    }

    fn check(&mut self, request: &Request, path: &str, pairs: &[(String, String)]) -> Prepared {
        let model = model();
        let Some(below) = path.strip_prefix(BASE_PATH) else {
            return Prepared::Done(no_route(request, path));
        };
        let segments: Option<Vec<String>> = below
            .trim_start_matches('/')
            .split('/')
            .map(percent_decode)
            .collect();
        let Some(segments) = segments else {
            return Prepared::Done(no_route(request, path));
        };
        let Some((op, path_params)) = model.route(&request.method, &segments) else {
            return Prepared::Done(no_route(request, path));
        };
        let key = request
            .header("authorization")
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim);
        let Some(scopes) = key.and_then(|key| self.keys.get(key)) else {
            return Prepared::Done(error(
                401,
                "unauthorized",
                "Invalid or missing API key",
                None,
                None,
            ));
        };
        if let Some(held) = scopes
            && let Some(missing) = op.scopes.iter().find(|scope| !held.contains(*scope))
        {
            let message = format!(
                "You do not have permission to access this resource. The API key lacks the `{missing}` permission."
            );
            return Prepared::Done(error(403, "forbidden", &message, None, None));
        }
        let fault = self.faults.get_mut(&op.id).and_then(|queue| {
            if queue.is_empty() {
                None
            } else {
                Some(queue.remove(0))
            }
        });
        let checked = match check_params(model, op, path_params, pairs, &request.body) {
            Ok((path_params, query, body)) => Checked {
                op,
                path_params,
                query,
                body,
                idempotency_key: None,
            },
            Err(response) if fault.is_none() => return Prepared::Done(response),
            Err(response) => {
                return fault_outcome(fault, response);
            }
        };
        if matches!(fault, Some(Fault::Status { .. } | Fault::Reset)) {
            return fault_outcome(fault, not_found());
        }
        // A repeated `Idempotency-Key` gets the first answer again, or `409` while the first
        // request is still being answered; nothing is done twice.
        let mut checked = checked;
        if let Some(key) = request
            .header("idempotency-key")
            .filter(|_| request.method == "POST" || request.method == "PATCH")
        {
            let key = format!("{}:{key}", op.id);
            match self.idempotency.get(&key) {
                Some(Some(first)) => {
                    let mut replay = first.clone();
                    replay
                        .headers
                        .push(("idempotent-replayed".into(), "true".into()));
                    return Prepared::Done(replay);
                }
                Some(None) => {
                    return Prepared::Done(error(
                        409,
                        "idempotency_error",
                        "A request with this Idempotency-Key is still being processed.",
                        None,
                        None,
                    ));
                }
                None => {
                    if self.idempotency_order.len() == KEPT_IDEMPOTENCY_KEYS
                        && let Some(oldest) = self.idempotency_order.pop_front()
                    {
                        self.idempotency.remove(&oldest);
                    }
                    self.idempotency.insert(key.clone(), None);
                    self.idempotency_order.push_back(key.clone());
                    checked.idempotency_key = Some(key);
                }
            }
        }
        match fault {
            Some(Fault::Delay(wait)) => Prepared::Delay(wait, checked),
            _ => Prepared::Go(checked),
        }
    }

    /// Keeps the answer to a request with an `Idempotency-Key`, for its repeats.
    pub(crate) fn remember(&mut self, key: String, response: &Response) {
        if let Some(slot) = self.idempotency.get_mut(&key) {
            *slot = Some(Response {
                status: response.status,
                headers: response.headers.clone(),
                body: response.body.clone(),
            });
        }
    }

    /// Carries out a checked request: the answer and the events it sends.
    pub(crate) fn answer(
        &mut self,
        checked: Checked,
    ) -> (Result<Unfinished, Response>, Vec<Emission>) {
        let model = model();
        let now = now();
        let cx = Context { model, now: &now };
        let op = checked.op;
        let body = checked.body.clone().unwrap_or(Value::Null);
        let item_id = checked.path_params.last().map(|(_, value)| value.clone());
        // Objects listed or created under another (`/affiliates/{id}/overrides`) belong to it.
        let parent = matches!(op.kind, Kind::List | Kind::Create)
            .then(|| checked.path_params.first().map(|(_, value)| value.clone()))
            .flatten();
        let mut events = Vec::new();
        let resource = op.resource.as_deref().unwrap_or_default();
        let result: Result<Value, Response> = match op.kind {
            Kind::List => Ok(self.list(op, &checked, parent.as_deref())),
            Kind::Create => {
                let stored = self.create(&cx, resource, &body, parent, None);
                events.push(stored.clone());
                Ok(stored)
            }
            Kind::Retrieve => self
                .get(resource, item_id.as_deref())
                .cloned()
                .ok_or_else(not_found),
            Kind::Update => match self.get(resource, item_id.as_deref()).cloned() {
                Some(mut stored) => {
                    apply(&cx, resource, &mut stored, &body);
                    if stored.get("updated_at").is_some() {
                        stored["updated_at"] = Value::String(now.clone());
                    }
                    let stored = conform_resource(&cx, resource, &stored);
                    if let Some(record) = self
                        .collections
                        .get_mut(resource)
                        .and_then(|objects| objects.get_mut(item_id.as_deref().unwrap_or_default()))
                    {
                        record.value = stored.clone();
                    }
                    events.push(stored.clone());
                    Ok(stored)
                }
                None => Err(not_found()),
            },
            Kind::Delete => {
                let removed = self
                    .collections
                    .get_mut(resource)
                    .and_then(|objects| objects.remove(item_id.as_deref().unwrap_or_default()));
                match removed {
                    Some(record) => {
                        events.push(record.value);
                        Ok(Value::Bool(true))
                    }
                    None => Err(not_found()),
                }
            }
            Kind::Action => {
                let target = op.target.as_ref().map(|(collection, param)| {
                    let id = checked
                        .path_params
                        .iter()
                        .find(|(name, _)| name == param)
                        .map(|(_, value)| value.as_str());
                    (collection.as_str(), self.get(collection, id).cloned())
                });
                match target {
                    Some((_, None)) => Err(not_found()),
                    Some((collection, Some(mut stored))) => {
                        let changes = action_effect(&op.id, &body, &now);
                        if changes
                            .iter()
                            .any(|(member, _)| stored.get(*member).is_some())
                        {
                            self.change(collection, &mut stored, changes, &now);
                        }
                        apply(&cx, collection, &mut stored, &body);
                        events.push(stored.clone());
                        Ok(stored)
                    }
                    None => Ok(match &body {
                        Value::Object(_) => body.clone(),
                        _ => Value::Object(Map::new()),
                    }),
                }
            }
        };
        let result = match result {
            Ok(value) => Ok(Unfinished { op, value }),
            Err(response) => return (Err(response), Vec::new()),
        };
        let emissions = events
            .into_iter()
            .flat_map(|data| {
                op.events.iter().map(move |event_type| Emission {
                    event_type: event_type.clone(),
                    data: data.clone(),
                })
            })
            .collect();
        (result, emissions)
    }

    /// Sets `changes` on a stored object (the members it has) and keeps it.
    fn change(
        &mut self,
        collection: &str,
        stored: &mut Value,
        changes: Vec<(&'static str, Value)>,
        now: &str,
    ) {
        for (member, value) in changes {
            if let Some(slot) = stored.get_mut(member) {
                *slot = value;
            }
        }
        if let Some(updated) = stored.get_mut("updated_at") {
            *updated = Value::String(now.to_owned());
        }
        let id = stored.get("id").and_then(Value::as_str).unwrap_or_default();
        if let Some(record) = self
            .collections
            .get_mut(collection)
            .and_then(|objects| objects.get_mut(id))
        {
            record.value = stored.clone();
        }
    }

    fn get(&self, collection: &str, id: Option<&str>) -> Option<&Value> {
        self.collections
            .get(collection)?
            .get(id?)
            .map(|record| &record.value)
    }

    /// Stores a new object made from `members`, completed from the spec, with the id given or
    /// a new one (a member named `id` in a request body is not the object's id); returns it.
    pub(crate) fn create(
        &mut self,
        cx: &Context<'_>,
        collection: &str,
        members: &Value,
        parent: Option<String>,
        id: Option<String>,
    ) -> Value {
        let prefix = cx
            .model
            .resources
            .get(collection)
            .map_or("obj_", |resource| resource.prefix.as_str());
        let mut object = Value::Object(Map::new());
        apply(cx, collection, &mut object, members);
        let id = id.unwrap_or_else(|| new_id(prefix));
        object["id"] = Value::String(id.clone());
        for stamp in ["created_at", "updated_at"] {
            if members.get(stamp).is_none() {
                object[stamp] = Value::String(cx.now.to_owned());
            }
        }
        let stored = conform_resource(cx, collection, &object);
        self.next_seq += 1;
        self.collections
            .entry(collection.to_owned())
            .or_default()
            .insert(
                id,
                Record {
                    seq: self.next_seq,
                    parent,
                    value: stored.clone(),
                },
            );
        stored
    }

    fn list(&self, op: &Operation, checked: &Checked, parent: Option<&str>) -> Value {
        let query = &checked.query;
        let collection = op.resource.as_deref().unwrap_or_default();
        let mut records: Vec<&Record> = self
            .collections
            .get(collection)
            .map(|objects| objects.values().collect())
            .unwrap_or_default();
        records.retain(|record| {
            (parent.is_none() || record.parent.is_none() || record.parent.as_deref() == parent)
                && matches_filters(&record.value, query)
        });
        records.sort_by_key(|record| std::cmp::Reverse(record.seq));
        if query.get("direction").and_then(Value::as_str) == Some("asc") {
            records.reverse();
        }
        // The window between the cursors.
        let position = |cursor: &str| -> Option<usize> {
            let seq = decode_cursor(cursor)?;
            records.iter().position(|record| record.seq == seq)
        };
        let mut start = 0;
        let mut end = records.len();
        if let Some(after) = query.get("after").and_then(Value::as_str) {
            start = position(after).map_or(records.len(), |at| at + 1);
        }
        if let Some(before) = query.get("before").and_then(Value::as_str) {
            end = position(before).unwrap_or(0).max(start);
        }
        let first = query.get("first").and_then(Value::as_u64).map(page_size);
        let last = query.get("last").and_then(Value::as_u64).map(page_size);
        match (first, last) {
            (Some(first), _) => end = end.min(start + first),
            (None, Some(last)) => start = start.max(end.saturating_sub(last)),
            (None, None) => end = end.min(start + DEFAULT_PAGE),
        }
        let page = &records[start..end];
        // Made to fit the item schema by `Unfinished::finish`, outside the lock.
        let data: Vec<Value> = page.iter().map(|record| record.value.clone()).collect();
        json!({
            "data": data,
            "page_info": {
                "start_cursor": page.first().map(|record| encode_cursor(record.seq)),
                "end_cursor": page.last().map(|record| encode_cursor(record.seq)),
                "has_next_page": end < records.len(),
                "has_previous_page": start > 0,
            }
        })
    }
}

fn page_size(asked: u64) -> usize {
    usize::try_from(asked)
        .unwrap_or(MAX_PAGE)
        .clamp(1, MAX_PAGE)
}

fn encode_cursor(seq: u64) -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("cursor:{seq}"))
}

fn decode_cursor(cursor: &str) -> Option<u64> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(cursor)
        .ok()?;
    String::from_utf8(bytes)
        .ok()?
        .strip_prefix("cursor:")?
        .parse()
        .ok()
}

/// Whether a stored object passes the list's filters: each query parameter that names a member
/// (`company_id` names `company_id` or `company.id`; `statuses` names `status`) must match it;
/// `created_before` and `created_after` bound `created_at`.
fn matches_filters(object: &Value, query: &Map<String, Value>) -> bool {
    for (name, wanted) in query {
        if wanted.is_null() {
            continue;
        }
        if name == "created_before" || name == "created_after" {
            let (Some(created), Some(bound)) = (
                object
                    .get("created_at")
                    .and_then(Value::as_str)
                    .and_then(|text| text.parse::<whop_core::Timestamp>().ok()),
                wanted
                    .as_str()
                    .and_then(|text| text.parse::<whop_core::Timestamp>().ok()),
            ) else {
                continue;
            };
            let (created, bound) = (created.as_jiff(), bound.as_jiff());
            if (name == "created_before" && created >= bound)
                || (name == "created_after" && created <= bound)
            {
                return false;
            }
            continue;
        }
        if NOT_FILTERS.contains(&name.as_str()) {
            continue;
        }
        let Some(stored) = member_named(object, name) else {
            continue;
        };
        let accepted: Vec<&Value> = match wanted {
            Value::Array(values) => values.iter().collect(),
            one => vec![one],
        };
        if !accepted.contains(&stored) {
            return false;
        }
    }
    true
}

/// The member of `object` a filter parameter names, if it has one.
fn member_named<'a>(object: &'a Value, name: &str) -> Option<&'a Value> {
    let mut candidates = vec![name.to_owned()];
    if let Some(base) = name.strip_suffix("ies") {
        candidates.push(format!("{base}y"));
    }
    if let Some(base) = name.strip_suffix("es") {
        candidates.push(base.to_owned());
    }
    if let Some(base) = name.strip_suffix('s') {
        candidates.push(base.to_owned());
    }
    for candidate in &candidates {
        if let Some(value) = object.get(candidate) {
            return Some(value);
        }
        if let Some(base) = candidate.strip_suffix("_id")
            && let Some(id) = object.get(base).and_then(|inner| inner.get("id"))
        {
            return Some(id);
        }
    }
    None
}

/// Applies request members to an object: a member the object's schema names is set (`null`
/// clears it, unless the member is never `null`: then it keeps its value); `thing_id` sets
/// `thing.id` where the schema has an object `thing` instead.
pub(crate) fn apply(cx: &Context<'_>, collection: &str, object: &mut Value, members: &Value) {
    let (Some(members), Some(target)) = (members.as_object(), object.as_object_mut()) else {
        return;
    };
    let schema = cx
        .model
        .resources
        .get(collection)
        .map(|resource| cx.model.resolve(&resource.schema));
    let properties = schema
        .and_then(|schema| schema.get("properties"))
        .and_then(Value::as_object);
    for (name, value) in members {
        let member_schema = properties.and_then(|properties| properties.get(name));
        if properties.is_none() || member_schema.is_some() {
            // `null` clears a member that can be null; one that never is keeps its value.
            let clears = member_schema
                .is_none_or(|member| schema::validate(cx.model, member, &Value::Null, "").is_ok());
            if !value.is_null() || clears {
                target.insert(name.clone(), value.clone());
            }
            continue;
        }
        if let (Some(base), Some(properties)) = (name.strip_suffix("_id"), properties)
            && properties.contains_key(base)
        {
            let inner = target
                .entry(base.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if !inner.is_object() {
                *inner = Value::Object(Map::new());
            }
            inner["id"] = value.clone();
        }
    }
}

/// `object` made to fit its collection's schema.
pub(crate) fn conform_resource(cx: &Context<'_>, collection: &str, object: &Value) -> Value {
    match cx.model.resources.get(collection) {
        Some(resource) => schema::conform(cx, &resource.schema, object, 0),
        None => object.clone(),
    }
}

fn fault_outcome(fault: Option<Fault>, otherwise: Response) -> Prepared {
    match fault {
        None => Prepared::Done(otherwise),
        Some(Fault::Reset) => Prepared::Reset,
        Some(Fault::Delay(_)) => Prepared::Done(otherwise),
        Some(Fault::Status {
            status,
            retry_after,
        }) => {
            let (kind, message) = match status {
                429 => (
                    "rate_limit_exceeded",
                    format!("Try again in {} seconds.", retry_after.unwrap_or(1)),
                ),
                400 => (
                    "invalid_request_error",
                    "Invalid request parameters.".into(),
                ),
                401 => ("unauthorized", "Invalid or missing API key".into()),
                403 => (
                    "forbidden",
                    "You do not have permission to access this resource".into(),
                ),
                404 => ("not_found", "Resource not found".into()),
                500 => (
                    "internal_server_error",
                    "An unexpected error occurred".into(),
                ),
                503 => (
                    "service_unavailable",
                    "The service is temporarily unavailable".into(),
                ),
                _ => (
                    "api_error",
                    format!("The request failed with status {status}"),
                ),
            };
            let mut response = error(status, kind, &message, None, None);
            if let Some(seconds) = retry_after {
                response
                    .headers
                    .push(("retry-after".into(), seconds.to_string()));
            }
            Prepared::Done(response)
        }
    }
}

fn no_route(request: &Request, path: &str) -> Response {
    let message = format!("No route matches {} {path}", request.method);
    error(404, "not_found", &message, None, None)
}

/// Checks the path, query and body against the operation; the query as JSON values of the
/// parameters' types.
#[allow(clippy::type_complexity)]
fn check_params(
    model: &Model,
    op: &Operation,
    path_params: Vec<(String, String)>,
    pairs: &[(String, String)],
    body: &[u8],
) -> Result<(Vec<(String, String)>, Map<String, Value>, Option<Value>), Response> {
    // Query: group `name`, `name[]` and `name[key]`.
    let mut raw: HashMap<String, Vec<(Option<String>, String)>> = HashMap::new();
    for (name, value) in pairs {
        let (base, key) = match name.split_once('[') {
            Some((base, rest)) => {
                let key = rest.trim_end_matches(']');
                (base, (!key.is_empty()).then(|| key.to_owned()))
            }
            None => (name.as_str(), None),
        };
        raw.entry(base.to_owned())
            .or_default()
            .push((key, value.clone()));
    }
    let mut query = Map::new();
    for param in op.params.iter().filter(|param| param.location == "query") {
        let Some(values) = raw.remove(&param.name) else {
            if param.required {
                return Err(invalid(Invalid {
                    code: "parameter_missing",
                    param: param.name.clone(),
                    message: format!("Missing required parameter: {}", param.name),
                }));
            }
            continue;
        };
        let value = query_value(model, &param.schema, &values);
        schema::validate(model, &param.schema, &value, &param.name).map_err(invalid)?;
        query.insert(param.name.clone(), value);
    }
    if let Some(unknown) = raw.keys().next() {
        return Err(invalid(Invalid {
            code: "parameter_unknown",
            param: unknown.clone(),
            message: format!("Unknown parameter: {unknown}"),
        }));
    }
    for (name, value) in &path_params {
        if let Some(param) = op
            .params
            .iter()
            .find(|param| param.location == "path" && param.name == *name)
        {
            schema::validate(model, &param.schema, &Value::String(value.clone()), name)
                .map_err(invalid)?;
        }
    }
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        if op.body_required {
            return Err(error(
                400,
                "invalid_request_error",
                "The request body is required.",
                Some("parameter_missing"),
                None,
            ));
        }
        None
    } else if op.body.is_null() {
        None
    } else {
        let value: Value = serde_json::from_slice(body).map_err(|err| {
            error(
                400,
                "invalid_request_error",
                &format!("The body is not valid JSON: {err}"),
                Some("invalid_json"),
                None,
            )
        })?;
        schema::validate(model, &op.body, &value, "").map_err(invalid)?;
        Some(value)
    };
    Ok((path_params, query, body))
}

/// A query parameter's text as a JSON value of the type its schema asks for.
fn query_value(model: &Model, schema: &Value, values: &[(Option<String>, String)]) -> Value {
    let kinds = scalar_types(model, schema);
    if kinds.contains(&"object") {
        return Value::Object(
            values
                .iter()
                .map(|(key, value)| {
                    (
                        key.clone().unwrap_or_default(),
                        Value::String(value.clone()),
                    )
                })
                .collect(),
        );
    }
    if kinds.contains(&"array") {
        let items = model
            .resolve(schema)
            .get("items")
            .cloned()
            .unwrap_or(Value::Null);
        return Value::Array(
            values
                .iter()
                .map(|(_, value)| scalar(&scalar_types(model, &items), value))
                .collect(),
        );
    }
    match values.last() {
        Some((_, value)) => scalar(&kinds, value),
        None => Value::Null,
    }
}

/// The types a schema allows, looking through `$ref` and union variants.
fn scalar_types<'a>(model: &'a Model, schema: &'a Value) -> Vec<&'a str> {
    let schema = model.resolve(schema);
    let mut out = Vec::new();
    match schema.get("type") {
        Some(Value::String(one)) => out.push(one.as_str()),
        Some(Value::Array(many)) => out.extend(many.iter().filter_map(Value::as_str)),
        _ => {}
    }
    if schema.get("enum").is_some() && out.is_empty() {
        out.push("string");
    }
    for key in ["oneOf", "anyOf"] {
        for variant in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            out.extend(scalar_types(model, variant));
        }
    }
    out
}

fn scalar(kinds: &[&str], text: &str) -> Value {
    if kinds.contains(&"integer")
        && let Ok(number) = text.parse::<i64>()
    {
        return Value::from(number);
    }
    if kinds.contains(&"number")
        && let Some(number) = text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
    {
        return Value::Number(number);
    }
    if kinds.contains(&"boolean") && (text == "true" || text == "false") {
        return Value::Bool(text == "true");
    }
    Value::String(text.to_owned())
}

/// `a=1&b[]=2` as decoded pairs.
fn decode_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |text: &str| {
                let text = text.replace('+', " ");
                percent_decode(&text).unwrap_or(text)
            };
            (decode(name), decode(value))
        })
        .collect()
}

/// Decodes `%XX` escapes; `None` for invalid UTF-8.
pub(crate) fn percent_decode(text: &str) -> Option<String> {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(|decoded| decoded.into_owned())
}

/// What the best-known actions do to the object they act on, as Whop documents them: the members
/// they set. Other actions answer the object as it is.
fn action_effect(operation_id: &str, body: &Value, now: &str) -> Vec<(&'static str, Value)> {
    let status = |status: &str| vec![("status", Value::String(status.to_owned()))];
    match operation_id {
        "cancelMembership" if body["cancellation_mode"] == "immediate" => vec![
            ("status", Value::String("canceled".to_owned())),
            ("canceled_at", Value::String(now.to_owned())),
        ],
        "cancelMembership" => vec![
            ("cancel_at_period_end", Value::Bool(true)),
            ("canceled_at", Value::String(now.to_owned())),
        ],
        "uncancelMembership" => vec![
            ("cancel_at_period_end", Value::Bool(false)),
            ("canceled_at", Value::Null),
        ],
        "pauseMembership" => vec![("payment_collection_paused", Value::Bool(true))],
        "resumeMembership" => vec![("payment_collection_paused", Value::Bool(false))],
        "voidInvoice" => status("void"),
        "markPaidInvoice" => status("paid"),
        "markUncollectibleInvoice" => status("uncollectible"),
        "approveEntry" => status("approved"),
        "denyEntry" => status("denied"),
        _ => Vec::new(),
    }
}
