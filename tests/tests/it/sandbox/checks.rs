//! The sandbox checks requests as the API does and answers Whop's error bodies, which the client
//! reads into `Error::Api`: bad bodies and query parameters (`400`, naming the parameter), scopes
//! (`403`), the API key (`401`), unknown paths and methods (`404`).

use serde_json::{Map, Value, json};
use whop_core::{ApiError, Client, Endpoint, Error, Method, RequestParts, endpoint};
use whop_endpoints::products::{CreateProduct, CreateProductRequired, RetrieveProduct};
use whop_sandbox::Sandbox;

/// `POST /products` with any body.
struct RawCreateProduct(Value);

impl Endpoint for RawCreateProduct {
    const METHOD: Method = Method::Post;
    const PATH: &'static str = "/products";
    const SCOPES: &'static [&'static str] = &[];
    type Response = Value;

    fn write_request(&self, parts: &mut RequestParts) -> Result<(), Error> {
        for (name, value) in self.0.as_object().into_iter().flatten() {
            parts.body(name, value)?;
        }
        parts.ensure_body();
        Ok(())
    }
}

/// `GET /products` with any query parameters.
struct RawListProduct(Vec<(&'static str, &'static str)>);

impl Endpoint for RawListProduct {
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/products";
    const SCOPES: &'static [&'static str] = &[];
    type Response = Value;

    fn write_request(&self, parts: &mut RequestParts) -> Result<(), Error> {
        for (name, value) in &self.0 {
            parts.query(name, value)?;
        }
        Ok(())
    }
}

/// A path the API does not have.
#[endpoint(GET "/nowhere", scopes = [], response = Value)]
struct Nowhere {}

/// A method the API does not answer on a path it has.
#[endpoint(PUT "/products/<id>", scopes = [], response = Value)]
struct PutProduct {
    id: String,
    title: String,
}

fn api_error<T: std::fmt::Debug>(result: Result<T, Error>) -> ApiError {
    match result {
        Err(Error::Api(api)) => *api,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

/// `(status, type, code, param)` of an error.
fn shape(api: &ApiError) -> (u16, &str, Option<&str>, Option<&str>) {
    (
        api.status.as_u16(),
        api.error_type.as_str(),
        api.code.as_deref(),
        api.param.as_deref(),
    )
}

fn product_body(extra: Value) -> Value {
    let mut body: Map<String, Value> = json!({"company_id": "biz_1", "title": "Pickaxe"})
        .as_object()
        .cloned()
        .unwrap();
    body.extend(extra.as_object().cloned().unwrap_or_default());
    Value::Object(body)
}

#[test]
fn bodies_are_checked_against_the_spec() {
    let sandbox = Sandbox::start();
    let client = sandbox.client();

    let api = api_error(client.send(&RawCreateProduct(json!({"company_id": "biz_1"}))));
    assert_eq!(
        shape(&api),
        (
            400,
            "invalid_request_error",
            Some("parameter_missing"),
            Some("title")
        )
    );
    assert_eq!(api.message, "Missing required parameter: title");

    let api = api_error(client.send(&RawCreateProduct(product_body(json!({"title": 5})))));
    assert_eq!(
        shape(&api),
        (
            400,
            "invalid_request_error",
            Some("parameter_invalid"),
            Some("title")
        )
    );
    assert!(api.message.contains("string"), "{}", api.message);

    let api = api_error(client.send(&RawCreateProduct(product_body(
        json!({"visibility": "sideways"}),
    ))));
    assert_eq!(
        shape(&api),
        (
            400,
            "invalid_request_error",
            Some("parameter_invalid"),
            Some("visibility")
        )
    );
    assert!(api.message.contains("\"visible\""), "{}", api.message);

    let api = api_error(client.send(&RawCreateProduct(product_body(json!({
        "plan_options": {"custom_fields": [{"field_type": "text"}]}
    })))));
    assert_eq!(
        shape(&api),
        (
            400,
            "invalid_request_error",
            Some("parameter_missing"),
            Some("plan_options.custom_fields[0].name")
        ),
        "nested members are named by their path"
    );

    let api = api_error(client.send(&RawCreateProduct(product_body(json!({"colour": "red"})))));
    assert_eq!(
        shape(&api),
        (
            400,
            "invalid_request_error",
            Some("parameter_unknown"),
            Some("colour")
        )
    );

    // Nothing refused was stored; a valid body is.
    assert!(sandbox.resources().contains(&"products"));
    let created = client
        .send(&RawCreateProduct(product_body(
            json!({"visibility": "hidden"}),
        )))
        .unwrap();
    assert_eq!(created["visibility"], "hidden");
    let stored = sandbox.object("products", created["id"].as_str().unwrap());
    assert_eq!(
        stored.map(|product| product["title"].clone()),
        Some(json!("Pickaxe"))
    );
}

/// Query parameters as sent.
type Query = &'static [(&'static str, &'static str)];

#[test]
fn query_parameters_are_checked_against_the_spec() {
    let sandbox = Sandbox::start();
    let client = sandbox.client();
    let cases: [(Query, &str, &str); 4] = [
        (&[], "parameter_missing", "company_id"),
        (
            &[("company_id", "biz_1"), ("first", "many")],
            "parameter_invalid",
            "first",
        ),
        (
            &[("company_id", "biz_1"), ("visibilities[]", "sideways")],
            "parameter_invalid",
            "visibilities[0]",
        ),
        (
            &[("company_id", "biz_1"), ("colour", "red")],
            "parameter_unknown",
            "colour",
        ),
    ];
    for (query, code, param) in cases {
        let api = api_error(client.send(&RawListProduct(query.to_vec())));
        assert_eq!(
            shape(&api),
            (400, "invalid_request_error", Some(code), Some(param)),
            "{query:?}"
        );
    }
    let page = client
        .send(&RawListProduct(vec![
            ("company_id", "biz_1"),
            ("first", "5"),
            ("visibilities[]", "visible"),
        ]))
        .unwrap();
    assert_eq!(page["data"], json!([]));
    assert_eq!(page["page_info"]["has_next_page"], false);
}

#[test]
fn a_key_without_the_scopes_gets_whops_403() {
    let sandbox = Sandbox::start();
    let product = sandbox.seed("products", json!({"title": "Pickaxe Analytics"}));
    let reader = sandbox.client_with_scopes(&["access_pass:basic:read"]);
    let read = RetrieveProduct::new(product.as_str())
        .send(&reader)
        .unwrap();
    assert_eq!(read.title, "Pickaxe Analytics");

    let create = CreateProduct::new(CreateProductRequired {
        company_id: "biz_1".into(),
        title: "Nope".into(),
    });
    let api = api_error(create.send(&reader));
    assert_eq!(shape(&api), (403, "forbidden", None, None));
    assert!(
        api.message
            .starts_with("You do not have permission to access this resource"),
        "{}",
        api.message
    );
    assert!(
        api.message.contains("access_pass:create"),
        "{}",
        api.message
    );

    let nothing = sandbox.client_with_scopes(&[]);
    let api = api_error(RetrieveProduct::new(product.as_str()).send(&nothing));
    assert_eq!(api.status, 403);
    // The key with every scope may do both.
    assert!(create.send(&sandbox.client()).is_ok());
}

#[test]
fn a_missing_or_unknown_key_gets_whops_401() {
    let sandbox = Sandbox::start();
    let product = sandbox.seed("products", json!({}));
    let stranger = Client::builder()
        .api_key("apik_not_issued_by_this_sandbox")
        .base_url(sandbox.url())
        .build()
        .unwrap();
    let api = api_error(RetrieveProduct::new(product.as_str()).send(&stranger));
    assert_eq!(shape(&api), (401, "unauthorized", None, None));
    assert_eq!(api.message, "Invalid or missing API key");

    // Without an Authorization header at all (the client always sends one).
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut answer = agent
        .get(format!("{}/products/{product}", sandbox.url()))
        .call()
        .unwrap();
    assert_eq!(answer.status(), 401);
    let body: Value = serde_json::from_str(&answer.body_mut().read_to_string().unwrap()).unwrap();
    assert_eq!(body["error"]["type"], "unauthorized");
}

#[test]
fn unknown_paths_and_methods_get_whops_404() {
    let sandbox = Sandbox::start();
    let client = sandbox.client();
    let api = api_error(Nowhere {}.send(&client));
    assert_eq!(shape(&api), (404, "not_found", None, None));
    assert!(
        api.message.contains("GET /api/v1/nowhere"),
        "{}",
        api.message
    );

    let product = sandbox.seed("products", json!({}));
    let api = api_error(
        PutProduct {
            id: product,
            title: "x".into(),
        }
        .send(&client),
    );
    assert_eq!(shape(&api), (404, "not_found", None, None));
}

#[test]
fn requests_are_recorded_with_the_key_redacted() {
    let sandbox = Sandbox::start();
    let client = sandbox.client();
    let key = sandbox.api_key().to_owned();
    let _ = client.send(&RawListProduct(vec![("company_id", "biz 1")]));
    let _ = client.send(&RawCreateProduct(product_body(json!({}))));
    let requests = sandbox.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        (requests[0].method.as_str(), requests[0].path.as_str()),
        ("GET", "/api/v1/products")
    );
    assert_eq!(
        requests[0].query,
        [("company_id".to_owned(), "biz 1".to_owned())]
    );
    assert_eq!(requests[1].method, "POST");
    assert_eq!(
        requests[1].json(),
        Some(json!({"company_id": "biz_1", "title": "Pickaxe"}))
    );
    for request in &requests {
        assert_eq!(request.header("authorization"), Some("Bearer [redacted]"));
        let shown = format!("{request:?}");
        assert!(!shown.contains(&key), "the key leaked: {shown}");
    }
    assert!(!format!("{sandbox:?}").contains(&key));
}
