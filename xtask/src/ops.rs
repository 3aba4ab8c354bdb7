//! Operations: one request struct per `operationId`, with its path, query and body fields, its
//! scopes and its response type.

use serde_yaml_ng::Value;

use crate::docs;
use crate::model::{Body, Ctx, Field, Location, Operation, Origin, Ty};
use crate::naming::{self, pascal};
use crate::spec::{Node, RawOperation};
use crate::types::{Builder, Hint, description, join_doc};

impl Builder<'_> {
    pub(crate) fn operation(&mut self, index: usize, raw: &RawOperation<'_>) -> Operation {
        let node = raw.node;
        let operation_id = node
            .str_at("operationId")
            .expect("an operation without an operationId")
            .to_owned();
        let name = pascal(&operation_id);
        let tag = node
            .strings_at("tags")
            .first()
            .copied()
            .unwrap_or("Misc")
            .to_owned();
        let origin = Origin::Operation(index);

        let mut fields = Vec::new();
        for parameter in self.spec.parameters(node) {
            let wire = parameter
                .str_at("name")
                .expect("a parameter without a name");
            let location = match parameter.str_at("in") {
                Some("path") => Location::Path,
                Some("query") => Location::Query,
                other => panic!("{operation_id}: parameters in {other:?} are not supported"),
            };
            let schema = parameter.at(&["schema"]);
            let mut doc = description(parameter);
            let type_doc = if doc.is_empty() {
                description(schema)
            } else {
                doc.clone()
            };
            let hint = Hint::new(&name, wire).with_doc(&type_doc);
            let mapped = self.map(schema, &hint, Ctx::Request, &origin);
            if doc.is_empty() {
                doc = self.field_doc(schema);
            } else if let Some(example) = example(parameter).or_else(|| example(schema)) {
                doc = join_doc(&doc, &example);
            }
            fields.push(Field {
                wire: wire.to_owned(),
                ident: naming::field_ident(wire),
                ty: mapped.ty,
                required: parameter.bool_at("required") || location == Location::Path,
                nullable: mapped.nullable,
                doc,
                deprecated: parameter.bool_at("deprecated"),
                location,
            });
        }

        let body = match self.spec.body_schema(node) {
            Some(schema) => self.body(schema, &name, &origin, &mut fields),
            None => Body::None,
        };
        let response = self.response(node, &name, &origin);
        for (i, field) in fields.iter().enumerate() {
            assert!(
                !fields[..i].iter().any(|other| other.ident == field.ident),
                "{operation_id}: two fields are named {}",
                field.ident
            );
        }

        let summary = docs::sentence(&node.str_at("summary").map(docs::clean).unwrap_or_default());
        let prose = description(node);
        let mut scopes: Vec<String> = Vec::new();
        for requirement in node.at(&["security"]).items() {
            for scope in requirement.strings_at("bearerAuth") {
                if !scopes.iter().any(|known| known == scope) {
                    scopes.push(scope.to_owned());
                }
            }
        }
        // The spec lists the scopes in the prose too; `#[endpoint]` shows them once, from
        // `security`.
        let (prose, listed) = without_permissions(&prose);
        if !listed.is_empty() && listed.iter().any(|scope| !scopes.contains(scope)) {
            self.notes.push(format!(
                "{operation_id}: the description lists scopes that `security` does not: {listed:?}"
            ));
        }
        Operation {
            operation_id,
            name,
            method: raw.method.to_ascii_uppercase(),
            path: raw.path.to_owned(),
            module: naming::module_name(&tag),
            tag,
            scopes,
            doc: join_doc(&summary, &prose),
            deprecated: node.bool_at("deprecated"),
            fields,
            body,
            response,
        }
    }

    /// Adds the body's fields, or one flattened field for a union body.
    fn body(
        &mut self,
        schema: &Value,
        name: &str,
        origin: &Origin,
        fields: &mut Vec<Field>,
    ) -> Body {
        if schema.get("oneOf").is_some() {
            let doc = format!("The body of [`{name}`]: one of its variants.");
            let mapped = self.map(
                schema,
                &Hint::new(name, "body").with_doc(&doc),
                Ctx::Request,
                origin,
            );
            let Ty::Named(id) = mapped.ty else {
                panic!("{name}: a union body that is not a type")
            };
            let doc = join_doc(
                &description(schema),
                "The body is one of the variants; its fields are sent as the top-level members of the JSON body.",
            );
            fields.push(Field {
                wire: "body".to_owned(),
                ident: "body".to_owned(),
                ty: mapped.ty,
                required: true,
                nullable: false,
                doc,
                deprecated: false,
                location: Location::Body,
            });
            return Body::Union(id);
        }
        let mut body_fields = self.fields(schema, name, Ctx::Request, origin, None);
        for field in &mut body_fields {
            field.location = Location::Body;
        }
        fields.extend(body_fields);
        Body::Fields
    }

    /// The type of the `200` response: a component, `Page<T>` for `{data, page_info}` lists,
    /// `bool`, or an inline model named `<Request>Response`.
    fn response(&mut self, node: &Value, name: &str, origin: &Origin) -> Ty {
        let schema = node.at(&["responses", "200", "content", "application/json", "schema"]);
        if schema.is_null() {
            return Ty::Json;
        }
        let resolved = self.spec.resolve(schema);
        let properties = resolved.at(&["properties"]);
        if schema.get("$ref").is_none()
            && !properties.at(&["data"]).is_null()
            && !properties.at(&["page_info"]).is_null()
        {
            let items = properties.at(&["data", "items"]);
            let doc = format!("One item of the list [`{name}`] returns.");
            let item = self.map(
                items,
                &Hint::new(name, "item").with_doc(&doc),
                Ctx::Response,
                origin,
            );
            return Ty::Page(Box::new(item.ty));
        }
        let doc = format!("What [`{name}`] returns.");
        self.map(
            schema,
            &Hint::new(name, "response").with_doc(&doc),
            Ctx::Response,
            origin,
        )
        .ty
    }
}

fn example(node: &Value) -> Option<String> {
    node.get("example")
        .and_then(crate::spec::scalar_text)
        .and_then(|text| docs::example_line(&text))
}

/// The description without its "Required permissions:" paragraph, and the scopes it listed.
fn without_permissions(description: &str) -> (String, Vec<String>) {
    let mut kept: Vec<&str> = Vec::new();
    let mut listed = Vec::new();
    let mut in_list = false;
    for line in description.lines() {
        if line.trim() == "Required permissions:" {
            in_list = true;
            continue;
        }
        if in_list {
            if let Some(scope) = line.trim().strip_prefix("- `") {
                listed.push(scope.trim_end_matches('`').to_owned());
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            in_list = false;
        }
        kept.push(line);
    }
    while kept.last().is_some_and(|line| line.trim().is_empty()) {
        kept.pop();
    }
    (kept.join("\n"), listed)
}

#[cfg(test)]
mod tests {
    use super::without_permissions;

    #[test]
    fn the_permissions_paragraph_is_taken_out() {
        let (text, scopes) =
            without_permissions("Lists things.\n\nRequired permissions:\n- `a:read`\n- `b:read`");
        assert_eq!(text, "Lists things.");
        assert_eq!(scopes, ["a:read", "b:read"]);
        let (text, scopes) = without_permissions("Only prose.\n\nMore prose.");
        assert_eq!(text, "Only prose.\n\nMore prose.");
        assert!(scopes.is_empty());
    }
}
