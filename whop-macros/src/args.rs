//! Parsing the attribute's arguments: `METHOD "/path/<id>", scopes = [..], response = Type`.

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Expr, ExprLit, Ident, Lit, LitStr, Token, Type};

use crate::errors::Errors;
use crate::template::{self, Template};

/// The HTTP methods of the API, as `whop_core::Method` spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

const METHODS: [Method; 5] = [
    Method::Get,
    Method::Post,
    Method::Put,
    Method::Patch,
    Method::Delete,
];

impl Method {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// The variant name of `whop_core::Method`.
    pub(crate) fn variant(self) -> &'static str {
        match self {
            Method::Get => "Get",
            Method::Post => "Post",
            Method::Put => "Put",
            Method::Patch => "Patch",
            Method::Delete => "Delete",
        }
    }

    /// Whether fields without a role go into a JSON body (otherwise they are query parameters).
    pub(crate) fn has_body(self) -> bool {
        matches!(self, Method::Post | Method::Put | Method::Patch)
    }
}

/// The arguments as far as they could be read; a part is `None` when it is missing or wrong.
#[derive(Default)]
pub(crate) struct Args {
    pub(crate) method: Option<Method>,
    pub(crate) template: Option<Template>,
    pub(crate) scopes: Option<Vec<String>>,
    pub(crate) response: Option<Type>,
    /// The keys written so far, right or wrong, to tell "missing" from "invalid".
    keys: Vec<String>,
}

const SYNTAX: &str =
    "expected `#[endpoint(METHOD \"/path/<id>\", scopes = [\"scope\"], response = Type)]`";

/// Reads the arguments, recording every problem in `errors`.
pub(crate) fn parse(tokens: TokenStream, errors: &mut Errors) -> Args {
    let mut args = Args::default();
    if tokens.is_empty() {
        errors.at(
            Span::call_site(),
            format!("`#[endpoint]` needs arguments: {SYNTAX}"),
        );
        return args;
    }
    let parser = |input: ParseStream<'_>| parse_into(input, &mut args, errors);
    match parser.parse2(tokens) {
        Ok(()) => {
            // Only a complete argument list can be said to miss a key.
            if !args.keys.iter().any(|key| key == "scopes") {
                errors.at(
                    Span::call_site(),
                    "missing `scopes = [...]`: list the API-key scopes the operation needs (`scopes = []` for none)",
                );
            }
            if !args.keys.iter().any(|key| key == "response") {
                errors.at(
                    Span::call_site(),
                    "missing `response = Type`: the type a successful response decodes into",
                );
            }
        }
        Err(error) => errors.add(error),
    }
    args
}

fn parse_into(input: ParseStream<'_>, args: &mut Args, errors: &mut Errors) -> syn::Result<()> {
    let method_given = parse_method(input, args, errors)?;
    let path_given = parse_path(input, args, errors, method_given)?;

    let mut first = true;
    while !input.is_empty() {
        // A comma separates the path from the keys, unless the path was missing altogether.
        if !first || path_given {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
        }
        first = false;
        let key = input.call(Ident::parse_any)?;
        input.parse::<Token![=]>()?;
        let name = key.to_string();
        let duplicate = args.keys.contains(&name);
        args.keys.push(name.clone());
        match name.as_str() {
            "scopes" => {
                let scopes = parse_scopes(input, errors)?;
                if duplicate {
                    errors.spanned(&key, "duplicate `scopes`");
                } else {
                    args.scopes = scopes;
                }
            }
            "response" => {
                let response: Type = input.parse()?;
                if duplicate {
                    errors.spanned(&key, "duplicate `response`");
                } else {
                    args.response = Some(response);
                }
            }
            _ => {
                errors.spanned(
                    &key,
                    format!("unknown argument `{name}`: expected `scopes` or `response`"),
                );
                skip_value(input)?;
            }
        }
    }
    Ok(())
}

/// Reads the method; returns whether one was written (right or wrong).
fn parse_method(input: ParseStream<'_>, args: &mut Args, errors: &mut Errors) -> syn::Result<bool> {
    if input.peek(LitStr) {
        errors.at(
            input.span(),
            "missing HTTP method before the path: GET, POST, PUT, PATCH or DELETE",
        );
        return Ok(false);
    }
    if input.peek(Ident::peek_any) && input.peek2(Token![=]) {
        errors.at(
            input.span(),
            format!("missing HTTP method and path: {SYNTAX}"),
        );
        return Ok(false);
    }
    let Ok(ident) = input.call(Ident::parse_any) else {
        return Err(input.error("expected an HTTP method: GET, POST, PUT, PATCH or DELETE"));
    };
    let written = ident.to_string();
    match METHODS
        .iter()
        .find(|method| method.as_str().eq_ignore_ascii_case(&written))
    {
        Some(method) if method.as_str() == written => args.method = Some(*method),
        Some(method) => errors.spanned(
            &ident,
            format!(
                "HTTP methods are written in uppercase: `{}`",
                method.as_str()
            ),
        ),
        None => errors.spanned(
            &ident,
            format!("unknown HTTP method `{written}`: expected GET, POST, PUT, PATCH or DELETE"),
        ),
    }
    Ok(true)
}

/// Reads the path template; returns whether one was written (right or wrong).
fn parse_path(
    input: ParseStream<'_>,
    args: &mut Args,
    errors: &mut Errors,
    after_method: bool,
) -> syn::Result<bool> {
    if after_method && input.peek(Token![,]) && input.peek2(LitStr) {
        let comma: Token![,] = input.parse()?;
        errors.spanned(
            comma,
            "remove this comma: the method and the path are separated by a space",
        );
    }
    if input.peek(LitStr) {
        let literal: LitStr = input.parse()?;
        args.template = Some(template::parse(&literal, errors));
        return Ok(true);
    }
    if after_method {
        let message = "expected the path template after the method, e.g. `GET \"/products/<id>\"`";
        if input.is_empty() {
            errors.at(Span::call_site(), message);
        } else {
            errors.at(input.span(), message);
        }
        // `GET, scopes = ...`: step over the comma so the keys are still read.
        if input.peek(Token![,]) {
            input.parse::<Token![,]>()?;
        }
    }
    Ok(false)
}

/// Reads `[ "a", "b" ]`; `None` when an entry is not a usable scope.
fn parse_scopes(input: ParseStream<'_>, errors: &mut Errors) -> syn::Result<Option<Vec<String>>> {
    if !input.peek(syn::token::Bracket) {
        let value: Expr = input.parse()?;
        errors.spanned(&value, "`scopes` takes a list of string literals, e.g. `scopes = [\"access_pass:basic:read\"]`");
        return Ok(None);
    }
    let content;
    syn::bracketed!(content in input);
    let entries = Punctuated::<Expr, Token![,]>::parse_terminated(&content)?;
    let mut scopes = Vec::new();
    let mut valid = true;
    for entry in &entries {
        let Expr::Lit(ExprLit {
            lit: Lit::Str(literal),
            ..
        }) = entry
        else {
            errors.spanned(
                entry,
                "a scope must be a string literal, e.g. \"access_pass:basic:read\"",
            );
            valid = false;
            continue;
        };
        let scope = literal.value();
        if scope.is_empty() || scope.chars().any(char::is_whitespace) {
            errors.spanned(
                literal,
                "a scope is a non-empty name without spaces, e.g. \"access_pass:basic:read\"",
            );
            valid = false;
        } else if scopes.contains(&scope) {
            errors.spanned(literal, format!("the scope \"{scope}\" is listed twice"));
            valid = false;
        } else {
            scopes.push(scope);
        }
    }
    Ok(valid.then_some(scopes))
}

/// Steps over the value of an unknown key, up to the next top-level comma.
fn skip_value(input: ParseStream<'_>) -> syn::Result<()> {
    input.step(|cursor| {
        let mut rest = *cursor;
        while let Some((tree, next)) = rest.token_tree() {
            if matches!(&tree, TokenTree::Punct(punct) if punct.as_char() == ',') {
                break;
            }
            rest = next;
        }
        Ok(((), rest))
    })
}
