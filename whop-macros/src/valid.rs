//! Checks that need both the arguments and the struct, and the resulting model of the request.

use std::collections::HashMap;

use syn::{GenericArgument, LitStr, PathArguments, Type};

use crate::args::{Args, Method};
use crate::ast::{Field, Input, Presence};
use crate::errors::Errors;

/// A request that passed every check: what the expansion is made from.
pub(crate) struct Model<'a> {
    pub(crate) input: &'a Input,
    pub(crate) method: Method,
    pub(crate) path: &'a str,
    pub(crate) scopes: &'a [String],
    pub(crate) response: &'a Type,
    /// Every field with its role, path parameters first in template order, then the rest in
    /// declaration order (the order of the `RequestParts` calls).
    pub(crate) params: Vec<Param<'a>>,
    /// `T` of a `Page<T>` response and the `after` field to page with, for a list.
    pub(crate) paging: Option<(&'a Type, &'a Field)>,
}

/// A field and where it goes on the wire.
pub(crate) struct Param<'a> {
    pub(crate) field: &'a Field,
    pub(crate) role: Role,
    pub(crate) wire: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Role {
    Path,
    Query,
    Body,
}

/// Cross-checks the arguments against the fields; a model only when nothing at all is wrong.
pub(crate) fn check<'a>(
    args: &'a Args,
    input: Option<&'a Input>,
    errors: &mut Errors,
) -> Option<Model<'a>> {
    let input = input?;
    let template = args.template.as_ref()?;

    let mut params = Vec::new();
    for placeholder in &template.placeholders {
        let Some(field) = input.fields.iter().find(|field| &field.name == placeholder) else {
            errors.spanned(
                &template.literal,
                format!("the placeholder `<{placeholder}>` has no field: add a field `{placeholder}` of any `Display` type"),
            );
            continue;
        };
        check_path_field(field, errors);
        params.push(Param {
            field,
            role: Role::Path,
            wire: field.name.clone(),
        });
    }

    let method = args.method?;
    let mut wire_names: HashMap<(Role, String), &Field> = HashMap::new();
    for field in &input.fields {
        if template.placeholders.contains(&field.name) {
            continue;
        }
        let role = if field.query.is_some() || !method.has_body() {
            Role::Query
        } else {
            Role::Body
        };
        if let Some(flatten) = &field.flatten {
            check_flattened(field, flatten, role, errors);
            params.push(Param {
                field,
                role,
                wire: field.name.clone(),
            });
            continue;
        }
        let wire = field
            .rename
            .as_ref()
            .map_or_else(|| field.name.clone(), LitStr::value);
        if let Some(other) = wire_names.insert((role, wire.clone()), field) {
            let place = if role == Role::Query {
                "query parameter"
            } else {
                "body member"
            };
            let span = field
                .rename
                .as_ref()
                .map_or_else(|| field.ident.span(), LitStr::span);
            errors.at(
                span,
                format!(
                    "the {place} `{wire}` is already sent by the field `{}`",
                    other.ident
                ),
            );
        }
        params.push(Param { field, role, wire });
    }

    if !errors.is_empty() {
        return None;
    }
    let response = args.response.as_ref()?;
    let after = params
        .iter()
        .find(|param| param.field.name == "after" && param.role != Role::Path);
    let paging = page_item(response).zip(after.map(|param| param.field));
    check_setter_names(input, paging.is_some(), errors);
    if !errors.is_empty() {
        return None;
    }
    Some(Model {
        input,
        method,
        path: &template.path,
        scopes: args.scopes.as_deref()?,
        response,
        params,
        paging,
    })
}

/// Each optional field gets a setter named like it, which must not collide with the other methods
/// the macro generates.
fn check_setter_names(input: &Input, paginated: bool, errors: &mut Errors) {
    let taken: &[&str] = if paginated {
        &["new", "send", "pages", "items"]
    } else {
        &["new", "send"]
    };
    for field in &input.fields {
        if field.presence != Presence::Required && taken.contains(&field.name.as_str()) {
            let name = &field.name;
            errors.spanned(
                &field.ident,
                format!("the optional field `{name}` would get a setter `{name}`, which is also the generated method `{name}`: name the field otherwise and keep its wire name with `#[serde(rename = \"{name}\")]`"),
            );
        }
    }
}

/// A flattened field is a body field, under no name of its own (its presence is checked with
/// its type, in `ast`).
fn check_flattened(field: &Field, flatten: &syn::Path, role: Role, errors: &mut Errors) {
    let name = &field.name;
    if role != Role::Body {
        errors.spanned(
            flatten,
            format!("`{name}` cannot be flattened: `#[serde(flatten)]` applies to a body field, whose members become members of the JSON body"),
        );
    }
    if let Some(rename) = &field.rename {
        errors.spanned(rename, format!("`#[serde(rename)]` does not apply to the flattened field `{name}`: it has no name on the wire"));
    }
}

/// A path parameter is always present, exactly once, under its field name.
fn check_path_field(field: &Field, errors: &mut Errors) {
    let name = &field.name;
    if let Some(flatten) = &field.flatten {
        errors.spanned(
            flatten,
            format!("the path parameter `{name}` cannot be flattened"),
        );
    }
    if let Some(query) = &field.query {
        errors.spanned(
            query,
            format!("`{name}` is a path parameter (the path has `<{name}>`), so it cannot also be `#[query]`"),
        );
    }
    if let Some(rename) = &field.rename {
        errors.spanned(
            rename,
            format!("`#[serde(rename)]` does not apply to a path parameter: `{name}` fills `<{name}>` by its field name"),
        );
    }
    if field.presence != Presence::Required {
        let kind = if field.presence == Presence::Option {
            "Option"
        } else {
            "Nullable"
        };
        errors.spanned(
            &field.ty,
            format!("the path parameter `{name}` cannot be `{kind}`: the path needs a value for `<{name}>`"),
        );
    }
}

/// `T` when the response is written `Page<T>` (any path ending in `Page`).
fn page_item(response: &Type) -> Option<&Type> {
    let Type::Path(path) = response else {
        return None;
    };
    let last = path.path.segments.last()?;
    let PathArguments::AngleBracketed(generics) = &last.arguments else {
        return None;
    };
    match (
        last.ident == "Page",
        generics.args.len(),
        generics.args.first(),
    ) {
        (true, 1, Some(GenericArgument::Type(item))) => Some(item),
        _ => None,
    }
}
