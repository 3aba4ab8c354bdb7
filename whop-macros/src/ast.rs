//! The annotated item: its shape, its fields, and the helper attributes on them.
//!
//! Helper attributes (`#[query]`, and `#[serde]` unless the struct derives serde itself) are
//! read here and removed from the item, which is emitted again whether or not there are errors.

use proc_macro2::{Delimiter, Span, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::punctuated::Punctuated;
use syn::{
    Attribute, Fields, GenericArgument, Ident, Item, LitStr, PathArguments, Token, Type, Visibility,
};

use crate::errors::Errors;

/// The request struct, as far as the macro needs it.
pub(crate) struct Input {
    pub(crate) ident: Ident,
    pub(crate) vis: Visibility,
    pub(crate) fields: Vec<Field>,
    /// The struct's derives of `Debug`, `Clone`, `PartialEq` and `Eq`, as written: a struct of
    /// some of its fields (`<Name>Required`) can derive them too.
    pub(crate) derives: Vec<syn::Path>,
}

/// One named field.
pub(crate) struct Field {
    pub(crate) ident: Ident,
    /// The name without `r#`: what placeholders match and the default wire name.
    pub(crate) name: String,
    pub(crate) ty: Type,
    pub(crate) presence: Presence,
    /// The `#[query]` attribute, if written (kept for error spans).
    pub(crate) query: Option<Attribute>,
    /// `#[serde(rename = "...")]`, if given.
    pub(crate) rename: Option<LitStr>,
    /// The `flatten` of `#[serde(flatten)]`, if given: the field's members are body members.
    pub(crate) flatten: Option<syn::Path>,
    /// The field's `#[cfg]`s, repeated on the code that uses it.
    pub(crate) cfgs: Vec<Attribute>,
    /// The field's doc attributes, repeated on its field of `<Name>Required`.
    pub(crate) docs: Vec<Attribute>,
}

/// How a field's type says whether it is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Presence {
    /// Always sent.
    Required,
    /// `Option<T>`: left out when `None`.
    Option,
    /// `Nullable<T>`: left out when `Unset`.
    Nullable,
}

impl Presence {
    pub(crate) fn is_required(self) -> bool {
        self == Presence::Required
    }
}

/// Reads the item and strips its helper attributes; `None` when it is not a usable struct.
pub(crate) fn take(item: &mut Item, errors: &mut Errors) -> Option<Input> {
    let item = match item {
        Item::Struct(item) => item,
        Item::Enum(item) => {
            errors.spanned(
                item.enum_token,
                "`#[endpoint]` applies to a struct with named fields, not to an enum",
            );
            return None;
        }
        Item::Union(item) => {
            errors.spanned(
                item.union_token,
                "`#[endpoint]` applies to a struct with named fields, not to a union",
            );
            return None;
        }
        other => {
            errors.at(
                keyword_span(other),
                "`#[endpoint]` applies to a struct with named fields",
            );
            return None;
        }
    };

    let keep_serde = derives_serde(&item.attrs);
    if !keep_serde {
        check_container_serde(&item.attrs, errors);
        item.attrs.retain(|attr| !attr.path().is_ident("serde"));
    }

    let mut usable = true;
    if !item.generics.params.is_empty() || item.generics.where_clause.is_some() {
        errors.spanned(
            &item.generics,
            "an endpoint struct cannot be generic: its method, path and response are fixed",
        );
        usable = false;
    }

    let mut fields = Vec::new();
    match &mut item.fields {
        Fields::Named(named) => {
            for field in &mut named.named {
                let attrs = read_field_attrs(&field.attrs, keep_serde, errors);
                field.attrs.retain(|attr| !is_helper(attr, keep_serde));
                let Some(ident) = field.ident.clone() else {
                    continue;
                };
                let presence = presence(&field.ty);
                if let Some(flatten) = &attrs.flatten
                    && presence != Presence::Required
                {
                    errors.spanned(
                        flatten,
                        format!("the flattened field `{}` cannot be `Option` or `Nullable`: its members are always sent", ident.unraw()),
                    );
                }
                fields.push(Field {
                    name: ident.unraw().to_string(),
                    ident,
                    ty: field.ty.clone(),
                    presence,
                    query: attrs.query,
                    rename: attrs.rename,
                    flatten: attrs.flatten,
                    cfgs: attrs_named(&field.attrs, "cfg"),
                    docs: attrs_named(&field.attrs, "doc"),
                });
            }
        }
        Fields::Unnamed(unnamed) => {
            for field in &mut unnamed.unnamed {
                field.attrs.retain(|attr| !is_helper(attr, keep_serde));
            }
            errors.spanned(
                &*unnamed,
                "`#[endpoint]` needs named fields: they name the path placeholders and the wire parameters",
            );
            usable = false;
        }
        Fields::Unit => {
            let ident = &item.ident;
            errors.spanned(
                &item.ident,
                format!("`#[endpoint]` needs a struct with named fields; for an operation without parameters write `struct {ident} {{}}`"),
            );
            usable = false;
        }
    }

    usable.then(|| Input {
        ident: item.ident.clone(),
        vis: item.vis.clone(),
        fields,
        derives: std_derives(&item.attrs),
    })
}

/// Clones of the attributes with the path `name`.
fn attrs_named(attrs: &[Attribute], name: &str) -> Vec<Attribute> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident(name))
        .cloned()
        .collect()
}

/// The derives among `Debug`, `Clone`, `PartialEq` and `Eq`: each holds for a struct of some of
/// the fields whenever it holds for the whole struct.
fn std_derives(attrs: &[Attribute]) -> Vec<syn::Path> {
    const KEPT: [&str; 4] = ["Debug", "Clone", "PartialEq", "Eq"];
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("derive"))
        .filter_map(|attr| {
            attr.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
                .ok()
        })
        .flatten()
        .filter(|path| {
            path.segments
                .last()
                .is_some_and(|segment| KEPT.iter().any(|kept| segment.ident == kept))
        })
        .collect()
}

/// Whether an attribute is for this macro only and must not reach the compiler.
fn is_helper(attr: &Attribute, keep_serde: bool) -> bool {
    attr.path().is_ident("query") || (!keep_serde && attr.path().is_ident("serde"))
}

/// The span of the item's keyword (`fn`, `impl`, ...): what follows its attributes and visibility.
fn keyword_span(item: &Item) -> Span {
    let mut tokens = item.to_token_stream().into_iter().peekable();
    while let Some(token) = tokens.next() {
        match &token {
            TokenTree::Punct(punct) if punct.as_char() == '#' => {
                tokens.next();
            }
            TokenTree::Ident(ident) if ident == "pub" => {
                tokens.next_if(|next| matches!(next, TokenTree::Group(group) if group.delimiter() == Delimiter::Parenthesis));
            }
            other => return other.span(),
        }
    }
    Span::call_site()
}

/// `Option<T>` and `Nullable<T>` are recognised by their last path segment, as written.
fn presence(ty: &Type) -> Presence {
    let ty = match ty {
        Type::Group(group) => &*group.elem,
        Type::Paren(paren) => &*paren.elem,
        ty => ty,
    };
    let Type::Path(path) = ty else {
        return Presence::Required;
    };
    let Some(last) = path.path.segments.last() else {
        return Presence::Required;
    };
    let PathArguments::AngleBracketed(generics) = &last.arguments else {
        return Presence::Required;
    };
    if path.qself.is_some()
        || generics.args.len() != 1
        || !matches!(generics.args[0], GenericArgument::Type(_))
    {
        return Presence::Required;
    }
    if last.ident == "Option" {
        Presence::Option
    } else if last.ident == "Nullable" {
        Presence::Nullable
    } else {
        Presence::Required
    }
}

/// `T` of a field written `Option<T>` (or `Nullable<T>`): what its setter takes for an `Option`.
pub(crate) fn inner_type(ty: &Type) -> &Type {
    let unwrapped = match ty {
        Type::Group(group) => &*group.elem,
        Type::Paren(paren) => &*paren.elem,
        ty => ty,
    };
    if let Type::Path(path) = unwrapped
        && let Some(last) = path.path.segments.last()
        && let PathArguments::AngleBracketed(generics) = &last.arguments
        && let Some(GenericArgument::Type(inner)) = generics.args.first()
    {
        return inner;
    }
    ty
}

/// Whether the struct derives `Serialize` or `Deserialize`, and so needs its `#[serde]` attributes.
fn derives_serde(attrs: &[Attribute]) -> bool {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("derive"))
        .any(|attr| {
            attr.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
                .is_ok_and(|paths| {
                    paths.iter().any(|path| {
                        path.segments
                            .last()
                            .is_some_and(|s| s.ident == "Serialize" || s.ident == "Deserialize")
                    })
                })
        })
}

/// `rename_all` would change wire names the macro does not see; refuse it rather than ignore it.
fn check_container_serde(attrs: &[Attribute], errors: &mut Errors) {
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("serde")) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename_all") {
                errors.spanned(
                    &meta.path,
                    "`#[serde(rename_all)]` is not supported by `#[endpoint]`: rename fields one by one with `#[serde(rename = \"...\")]`",
                );
            }
            skip_meta_value(&meta)
        });
        if let Err(error) = result {
            errors.add(error);
        }
    }
}

/// What the helper attributes of one field say.
#[derive(Default)]
struct FieldAttrs {
    query: Option<Attribute>,
    rename: Option<LitStr>,
    flatten: Option<syn::Path>,
}

/// Serde field attributes that only matter to a derived `Deserialize`, which the macro leaves alone.
const DESERIALIZE_ONLY: [&str; 6] = [
    "alias",
    "default",
    "deserialize_with",
    "skip_deserializing",
    "borrow",
    "bound",
];
/// Serde field attributes that would change what is sent, which the macro cannot honour.
const UNSUPPORTED: [&str; 6] = [
    "skip",
    "skip_serializing",
    "skip_serializing_if",
    "serialize_with",
    "with",
    "getter",
];

fn read_field_attrs(attrs: &[Attribute], derived: bool, errors: &mut Errors) -> FieldAttrs {
    let mut found = FieldAttrs::default();
    for attr in attrs {
        if attr.path().is_ident("query") {
            if !matches!(attr.meta, syn::Meta::Path(_)) {
                errors.spanned(attr, "`#[query]` takes no arguments");
            } else if found.query.is_some() {
                errors.spanned(attr, "duplicate `#[query]`: a field has one role");
            } else {
                found.query = Some(attr.clone());
            }
        } else if attr.path().is_ident("serde") {
            let result = attr.parse_nested_meta(|meta| {
                let key = meta.path.get_ident().map(|ident| ident.unraw().to_string()).unwrap_or_default();
                if key == "rename" {
                    let rename = read_rename(&meta)?;
                    match (&found.rename, rename) {
                        (Some(_), Some(rename)) => errors.spanned(&rename, "duplicate `#[serde(rename)]`"),
                        (None, Some(rename)) if rename.value().is_empty() => {
                            errors.spanned(&rename, "the wire name cannot be empty");
                        }
                        (None, Some(rename)) => found.rename = Some(rename),
                        (_, None) => {}
                    }
                    return Ok(());
                }
                if key == "flatten" {
                    // A body that is one of several shapes: its members are written one by one.
                    found.flatten = Some(meta.path.clone());
                    return Ok(());
                }
                if UNSUPPORTED.contains(&key.as_str()) {
                    errors.spanned(
                        &meta.path,
                        format!(
                            "`#[serde({key})]` is not supported on an endpoint field: each field is sent by name on its own, and `Option` and `Nullable` fields are already left out when unset"
                        ),
                    );
                } else if !derived && !DESERIALIZE_ONLY.contains(&key.as_str()) {
                    // A derived impl reports unknown keys itself.
                    let path = meta.path.to_token_stream().to_string().replace(' ', "");
                    errors.spanned(&meta.path, format!("unknown serde field attribute `{path}`"));
                }
                skip_meta_value(&meta)
            });
            if let Err(error) = result {
                errors.add(error);
            }
        }
    }
    found
}

/// `rename = "x"` or `rename(serialize = "x", deserialize = "y")`: the name used when sending.
fn read_rename(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<Option<LitStr>> {
    if meta.input.peek(Token![=]) {
        return meta.value()?.parse().map(Some);
    }
    let mut serialize = None;
    meta.parse_nested_meta(|inner| {
        let value: LitStr = inner.value()?.parse()?;
        if inner.path.is_ident("serialize") {
            serialize = Some(value);
        }
        Ok(())
    })?;
    Ok(serialize)
}

/// Consumes `= value` or `(...)` after a serde key the macro does not read.
fn skip_meta_value(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        meta.input.parse::<proc_macro2::Group>()?;
    }
    Ok(())
}
