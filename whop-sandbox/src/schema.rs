//! Checking values against the spec's schemas, and making values that fit them.
//!
//! The spec uses a small part of JSON Schema: `type` (one or a list, with `"null"`), `enum`,
//! `const`, `required`, `properties`, `additionalProperties`, `items`, `oneOf`/`anyOf`/`allOf`,
//! `minimum`/`maximum`, `format` and `$ref` to a component. This module handles exactly that.

use serde_json::{Map, Value};

use crate::model::Model;

/// Deeper than this, a schema is taken to recurse: generation stops with the smallest value.
const MAX_DEPTH: usize = 24;

/// Why a value does not fit its schema, as the API's error names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Invalid {
    /// `parameter_missing`, `parameter_invalid` or `parameter_unknown`.
    pub(crate) code: &'static str,
    /// The member at fault, e.g. `plan_options.custom_fields[0].name`.
    pub(crate) param: String,
    pub(crate) message: String,
}

impl Invalid {
    fn new(code: &'static str, param: &str, message: String) -> Invalid {
        Invalid {
            code,
            param: param.to_owned(),
            message,
        }
    }
}

/// The JSON types a schema allows, from `type` (one or a list); empty when it says nothing.
fn types(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(one)) => vec![one.as_str()],
        Some(Value::Array(many)) => many.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn variants(schema: &Value) -> Option<&Vec<Value>> {
    schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))
        .and_then(Value::as_array)
}

fn type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(number) if number.is_i64() || number.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn type_fits(allowed: &str, value: &Value) -> bool {
    match (allowed, value) {
        ("number", Value::Number(_)) => true,
        ("integer", Value::Number(number)) => {
            number.is_i64() || number.is_u64() || number.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        (allowed, value) => allowed == type_of(value),
    }
}

/// `param.member`, or `member` at the top.
fn join(param: &str, member: &str) -> String {
    if param.is_empty() {
        member.to_owned()
    } else {
        format!("{param}.{member}")
    }
}

fn shown(param: &str) -> &str {
    if param.is_empty() { "the body" } else { param }
}

/// Checks `value` against `schema`; `param` names the value in errors.
pub(crate) fn validate(
    model: &Model,
    schema: &Value,
    value: &Value,
    param: &str,
) -> Result<(), Invalid> {
    let schema = model.resolve(schema);
    if let Some(constant) = schema.get("const")
        && value != constant
    {
        return Err(Invalid::new(
            "parameter_invalid",
            param,
            format!("`{}` must be {constant}.", shown(param)),
        ));
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        let list: Vec<String> = allowed.iter().map(Value::to_string).collect();
        return Err(Invalid::new(
            "parameter_invalid",
            param,
            format!("`{}` must be one of {}.", shown(param), list.join(", ")),
        ));
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        for part in all {
            validate(model, part, value, param)?;
        }
    }
    if let Some(variants) = variants(schema) {
        // Any fitting variant will do. When none fits, the error of the first variant of the
        // value's type says most.
        let mut first_error = None;
        let mut fits = false;
        for variant in variants {
            match validate(model, variant, value, param) {
                Ok(()) => {
                    fits = true;
                    break;
                }
                Err(err) => {
                    let resolved = model.resolve(variant);
                    let same_type = types(resolved).iter().any(|t| type_fits(t, value));
                    if first_error.is_none() && same_type {
                        first_error = Some(err);
                    }
                }
            }
        }
        if !fits {
            return Err(first_error.unwrap_or_else(|| {
                Invalid::new(
                    "parameter_invalid",
                    param,
                    format!("`{}` is not any of the allowed forms.", shown(param)),
                )
            }));
        }
    }
    let allowed = types(schema);
    if !allowed.is_empty() && !allowed.iter().any(|t| type_fits(t, value)) {
        if value.is_null() {
            return Err(Invalid::new(
                "parameter_invalid",
                param,
                format!("`{}` cannot be null.", shown(param)),
            ));
        }
        return Err(Invalid::new(
            "parameter_invalid",
            param,
            format!(
                "`{}` must be of type {}, not {}.",
                shown(param),
                allowed.join(" or "),
                type_of(value)
            ),
        ));
    }
    match value {
        Value::Number(number) => {
            let number = number.as_f64().unwrap_or_default();
            if let Some(minimum) = schema.get("minimum").and_then(Value::as_f64)
                && number < minimum
            {
                return Err(Invalid::new(
                    "parameter_invalid",
                    param,
                    format!("`{}` must be at least {minimum}.", shown(param)),
                ));
            }
            if let Some(maximum) = schema.get("maximum").and_then(Value::as_f64)
                && number > maximum
            {
                return Err(Invalid::new(
                    "parameter_invalid",
                    param,
                    format!("`{}` must be at most {maximum}.", shown(param)),
                ));
            }
        }
        Value::String(text)
            if schema.get("format").and_then(Value::as_str) == Some("date-time")
                && text.parse::<whop_core::Timestamp>().is_err() =>
        {
            return Err(Invalid::new(
                "parameter_invalid",
                param,
                format!("`{}` must be an ISO 8601 date-time.", shown(param)),
            ));
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for (n, item) in items.iter().enumerate() {
                    validate(model, item_schema, item, &format!("{param}[{n}]"))?;
                }
            }
        }
        Value::Object(members) => {
            for required in schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if !members.contains_key(required) {
                    let param = join(param, required);
                    return Err(Invalid::new(
                        "parameter_missing",
                        &param,
                        format!("Missing required parameter: {param}"),
                    ));
                }
            }
            let properties = schema.get("properties").and_then(Value::as_object);
            let extra = schema.get("additionalProperties");
            for (name, member) in members {
                let member_param = join(param, name);
                match properties.and_then(|properties| properties.get(name)) {
                    Some(member_schema) => validate(model, member_schema, member, &member_param)?,
                    None => match extra {
                        Some(Value::Bool(true)) => {}
                        Some(extra @ Value::Object(_)) => {
                            validate(model, extra, member, &member_param)?;
                        }
                        // Members the schema does not name are refused, as the API does, when
                        // it names any.
                        _ if properties.is_some() => {
                            return Err(Invalid::new(
                                "parameter_unknown",
                                &member_param,
                                format!("Unknown parameter: {member_param}"),
                            ));
                        }
                        _ => {}
                    },
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// What generated values are made of.
pub(crate) struct Context<'a> {
    pub(crate) model: &'a Model,
    /// The current time, for `date-time` members without an example.
    pub(crate) now: &'a str,
}

/// A value that fits `schema`: its example, else its default, else the first of its `enum`,
/// else the smallest of its type (`null` where that is allowed).
pub(crate) fn generate(cx: &Context<'_>, schema: &Value, depth: usize) -> Value {
    make(cx, schema, depth, true)
}

/// [`generate`], never `null` unless `null_ok` and the schema allows it.
fn make(cx: &Context<'_>, schema: &Value, depth: usize, null_ok: bool) -> Value {
    let schema = cx.model.resolve(schema);
    // A `type` beside a union narrows it (`oneOf` of nullable objects, `type: object`).
    let outer = types(schema);
    let null_ok = null_ok && (outer.is_empty() || outer.contains(&"null"));
    if let Some(constant) = schema.get("const") {
        return constant.clone();
    }
    for key in ["example", "default"] {
        if let Some(sample) = schema.get(key).filter(|sample| !sample.is_null())
            && validate(cx.model, schema, sample, "").is_ok()
        {
            return sample.clone();
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
        return allowed
            .iter()
            .find(|value| !value.is_null())
            .cloned()
            .unwrap_or(Value::Null);
    }
    if let Some(variants) = variants(schema) {
        let non_null = variants
            .iter()
            .find(|variant| types(cx.model.resolve(variant)) != ["null"]);
        // A nullable union without a sample is `null`, as an unset member is.
        let nullable = variants.iter().any(|variant| {
            let variant_types = types(cx.model.resolve(variant));
            variant_types == ["null"] || variant_types.contains(&"null")
        });
        return match non_null {
            Some(_) if nullable && null_ok => Value::Null,
            Some(variant) => make(cx, variant, depth + 1, null_ok),
            None => Value::Null,
        };
    }
    if let Some(first) = schema
        .get("allOf")
        .and_then(Value::as_array)
        .and_then(|all| all.first())
    {
        return make(cx, first, depth + 1, null_ok);
    }
    let allowed = outer;
    if allowed.contains(&"null") && null_ok {
        return Value::Null;
    }
    let Some(first) = allowed.iter().find(|t| **t != "null") else {
        return Value::Null;
    };
    match *first {
        "string" => match schema.get("format").and_then(Value::as_str) {
            Some("date-time") => Value::String(cx.now.to_owned()),
            _ => Value::String(String::new()),
        },
        "integer" => schema
            .get("minimum")
            .and_then(Value::as_f64)
            .map_or(Value::from(0), |minimum| Value::from(minimum.ceil() as i64)),
        "number" => Value::from(schema.get("minimum").and_then(Value::as_f64).unwrap_or(0.0)),
        "boolean" => Value::Bool(false),
        "array" => Value::Array(Vec::new()),
        "object" => {
            let mut out = Map::new();
            if depth <= MAX_DEPTH {
                for (name, member) in properties(schema) {
                    out.insert(name.clone(), generate(cx, member, depth + 1));
                }
            }
            Value::Object(out)
        }
        _ => Value::Null,
    }
}

fn properties(schema: &Value) -> impl Iterator<Item = (&String, &Value)> {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
}

/// `value` made to fit `schema`: what fits is kept, members the schema does not name are
/// dropped, and what is missing or does not fit is generated.
pub(crate) fn conform(cx: &Context<'_>, schema: &Value, value: &Value, depth: usize) -> Value {
    let schema = cx.model.resolve(schema);
    if depth > MAX_DEPTH {
        return value.clone();
    }
    if let Some(constant) = schema.get("const") {
        return constant.clone();
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
        return if allowed.contains(value) {
            value.clone()
        } else {
            generate(cx, schema, depth)
        };
    }
    let allowed = types(schema);
    if !allowed.is_empty() && !allowed.iter().any(|t| type_fits(t, value)) {
        return generate(cx, schema, depth);
    }
    if let Some(variants) = variants(schema) {
        if let Some(fitting) = variants
            .iter()
            .find(|variant| validate(cx.model, variant, value, "").is_ok())
        {
            return conform(cx, fitting, value, depth + 1);
        }
        // Nothing fits as it is: the first variant of the value's type, completed.
        if let Some(same_type) = variants.iter().find(|variant| {
            types(cx.model.resolve(variant))
                .iter()
                .any(|t| type_fits(t, value) && *t != "null")
        }) {
            let made = conform(cx, same_type, value, depth + 1);
            if validate(cx.model, schema, &made, "").is_ok() {
                return made;
            }
        }
        return generate(cx, schema, depth);
    }
    match value {
        Value::Object(members) => {
            if schema.get("properties").is_none() {
                return match schema.get("additionalProperties") {
                    Some(extra @ Value::Object(_)) => Value::Object(
                        members
                            .iter()
                            .map(|(name, member)| {
                                (name.clone(), conform(cx, extra, member, depth + 1))
                            })
                            .collect(),
                    ),
                    _ => value.clone(),
                };
            }
            let mut out = Map::new();
            for (name, member_schema) in properties(schema) {
                let member = match members.get(name) {
                    Some(member) => conform(cx, member_schema, member, depth + 1),
                    None => generate(cx, member_schema, depth + 1),
                };
                out.insert(name.clone(), member);
            }
            Value::Object(out)
        }
        Value::Array(items) => match schema.get("items") {
            Some(item_schema) => Value::Array(
                items
                    .iter()
                    .map(|item| conform(cx, item_schema, item, depth + 1))
                    .collect(),
            ),
            None => value.clone(),
        },
        _ => {
            if validate(cx.model, schema, value, "").is_ok() {
                value.clone()
            } else {
                generate(cx, schema, depth)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::model;

    fn cx() -> Context<'static> {
        Context {
            model: model(),
            now: "2025-01-02T03:04:05Z",
        }
    }

    #[test]
    fn every_resource_generates_a_valid_object() {
        let cx = cx();
        for (name, resource) in &cx.model.resources {
            let made = generate(&cx, &resource.schema, 0);
            assert_eq!(
                validate(cx.model, &resource.schema, &made, ""),
                Ok(()),
                "{name}: {made}"
            );
        }
    }

    #[test]
    fn every_response_and_event_conforms_from_an_empty_object() {
        let cx = cx();
        let schemas = cx
            .model
            .operations
            .iter()
            .map(|op| (op.id.as_str(), &op.response))
            .chain(cx.model.webhooks.iter().map(|(name, s)| (name.as_str(), s)));
        for (name, schema) in schemas {
            let made = conform(&cx, schema, &json!({"id": "x_1", "unknown": 1}), 0);
            assert_eq!(
                validate(cx.model, schema, &made, ""),
                Ok(()),
                "{name}: {made}"
            );
        }
    }

    #[test]
    fn validation_names_the_member_at_fault() {
        let model = model();
        let schema = json!({
            "type": "object",
            "required": ["title"],
            "properties": {
                "title": {"type": "string"},
                "tags": {"type": ["array", "null"], "items": {"type": "string", "enum": ["a"]}},
            }
        });
        let err = validate(model, &schema, &json!({}), "").unwrap_err();
        assert_eq!(
            (err.code, err.param.as_str()),
            ("parameter_missing", "title")
        );
        let err = validate(model, &schema, &json!({"title": 1}), "").unwrap_err();
        assert_eq!(
            (err.code, err.param.as_str()),
            ("parameter_invalid", "title")
        );
        let err = validate(model, &schema, &json!({"title": "t", "tags": ["b"]}), "").unwrap_err();
        assert_eq!(
            (err.code, err.param.as_str()),
            ("parameter_invalid", "tags[0]")
        );
        let err = validate(model, &schema, &json!({"title": "t", "x": 1}), "").unwrap_err();
        assert_eq!((err.code, err.param.as_str()), ("parameter_unknown", "x"));
        assert_eq!(
            validate(model, &schema, &json!({"title": "t", "tags": null}), ""),
            Ok(())
        );
    }
}
