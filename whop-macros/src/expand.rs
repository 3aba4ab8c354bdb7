//! Code generation: the struct, `impl Endpoint`, the inherent methods and, for lists, paging.
//!
//! The expansion stays thin: one `RequestParts` call per field and one call into
//! `whop_core::__private` per method. Everything else lives, compiled once, in `whop-core`. The
//! methods that do the work (`write_request`, `send`) are `#[inline]`: a crate that
//! declares many endpoints then compiles them, and the serialization and decoding they pull in,
//! only for the endpoints it calls, not for every one it declares.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Item, parse_quote};

use crate::args;
use crate::ast::{self, Field, Presence};
use crate::errors::Errors;
use crate::valid::{self, Model, Param, Role};

/// The whole macro: arguments and item in, item plus generated code (or errors) out.
pub(crate) fn endpoint(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut item: Item = match syn::parse2(item.clone()) {
        Ok(parsed) => parsed,
        Err(error) => {
            let error = error.to_compile_error();
            return quote!(#item #error);
        }
    };
    let mut errors = Errors::default();
    let args = args::parse(args, &mut errors);
    let input = ast::take(&mut item, &mut errors);
    let model = valid::check(&args, input.as_ref(), &mut errors);
    match model {
        Some(model) if errors.is_empty() => {
            if let Item::Struct(item) = &mut item {
                append_doc(&mut item.attrs, &model);
            }
            let generated = generate(&model);
            quote!(#item #generated)
        }
        // The item is still emitted, so uses of the type do not add "cannot find type" errors.
        _ => {
            let errors = errors.to_compile_errors();
            quote!(#item #errors)
        }
    }
}

/// Adds "`PATCH /products/{id}` · scopes: `a`, `b`" as the last paragraph of the docs.
fn append_doc(attrs: &mut Vec<syn::Attribute>, model: &Model<'_>) {
    let scopes = if model.scopes.is_empty() {
        "no scopes".to_owned()
    } else {
        let list: Vec<String> = model
            .scopes
            .iter()
            .map(|scope| format!("`{scope}`"))
            .collect();
        format!("scopes: {}", list.join(", "))
    };
    let line = format!(" `{} {}` · {scopes}", model.method.as_str(), model.path);
    if attrs.iter().any(|attr| attr.path().is_ident("doc")) {
        attrs.push(parse_quote!(#[doc = ""]));
    }
    attrs.push(parse_quote!(#[doc = #line]));
}

fn generate(model: &Model<'_>) -> TokenStream {
    let ident = &model.input.ident;
    let vis = &model.input.vis;
    let response = model.response;
    let method = format_ident!("{}", model.method.variant());
    let path = model.path;
    let scopes = model.scopes;

    let has_body =
        model.method.has_body() && model.params.iter().any(|param| param.role == Role::Body);
    let ensure_body = has_body.then(|| quote!(parts.ensure_body();));
    // The description consts are left to their defaults (no query, no body) when they would say
    // just that, which keeps the typical expansion short.
    let has_body = has_body.then(|| quote! { const HAS_BODY: bool = true; });
    let query: Vec<TokenStream> = model
        .params
        .iter()
        .filter(|param| param.role == Role::Query)
        .map(|param| {
            // A field compiled out by `#[cfg]` is left out of the list too.
            let (cfgs, wire) = (&param.field.cfgs, &param.wire);
            let required = param.field.presence.is_required();
            quote!(#(#cfgs)* (#wire, #required))
        })
        .collect();
    let query = (!query.is_empty())
        .then(|| quote!(const QUERY: &'static [(&'static str, bool)] = &[#(#query),*];));
    let writes: Vec<TokenStream> = model.params.iter().map(write_call).collect();
    let unused = writes.is_empty().then(|| quote!(let _ = parts;));

    let (constructor, required_struct) = constructor(model);
    let setters = setters(model);
    let (paginated, paging_methods) = model
        .paging
        .map(|(item, after)| paging(model, item, after))
        .unzip();

    // Everything goes in an anonymous const, where one `use` makes the paths into whop-core short
    // without adding a name to the caller's module. `__w` is the only name the block adds, so the
    // caller's types (the response, the field types) still resolve as they would outside it.
    quote! {
        #required_struct

        const _: () = {
            use ::whop_core::__private as __w;

            impl __w::Endpoint for #ident {
                const METHOD: __w::Method = __w::Method::#method;
                const PATH: &'static str = #path;
                const SCOPES: &'static [&'static str] = &[#(#scopes),*];
                type Response = #response;

                // Inline, so the serialization of the fields is compiled where a request is sent.
                #[inline]
                fn write_request(&self, parts: &mut __w::RequestParts) -> __w::Result<()> {
                    #unused
                    #ensure_body
                    #(#writes)*
                    ::core::result::Result::Ok(())
                }

                #query
                #has_body
            }

            // The caller may use only some of these; unused ones are not the caller's dead code.
            #[allow(dead_code, clippy::too_many_arguments, clippy::new_without_default)]
            impl #ident {
                #constructor

                /// Sends this request through `client` and decodes the response.
                // Inline, so the decoding of the response is compiled where a request is sent,
                // not for every endpoint of a crate that declares many.
                #[inline]
                #vis fn send(&self, client: &__w::Client) -> __w::Result<#response> {
                    __w::send(client, self)
                }

                #paging_methods
                #setters
            }

            #paginated
        };
    }
}

/// One `RequestParts` call for one field.
fn write_call(param: &Param<'_>) -> TokenStream {
    let field = param.field;
    let wire = &param.wire;
    let present = field.presence != Presence::Required;
    let method = match (param.role, present) {
        (Role::Body, _) if field.flatten.is_some() => "body_flatten",
        (Role::Path, _) => "path",
        (Role::Query, false) => "query",
        (Role::Query, true) => "query_if_present",
        (Role::Body, false) => "body",
        (Role::Body, true) => "body_if_present",
    };
    // The argument starts at the first token of the field's type and ends at its last, so an unmet
    // `Serialize` or `Display` bound is reported on the type (the bound of `type Response` is
    // reported on the response type the same way). A separate assertion would report it twice.
    let (first, last) = type_spans(&field.ty);
    let mut member = field.ident.clone();
    member.set_span(last);
    let value = quote_spanned!(first=> &self.#member);
    let method = format_ident!("{}", method, span = first);
    let cfgs = &field.cfgs;
    quote!(#(#cfgs)* parts.#method(#wire, #value)?;)
}

/// The fields `new` takes: path parameters and the fields that are neither `Option` nor
/// `Nullable`, in declaration order.
fn required_fields<'a>(model: &Model<'a>) -> Vec<&'a Field> {
    let is_path = |name: &str| {
        model
            .params
            .iter()
            .any(|param| param.role == Role::Path && param.field.name == name)
    };
    model
        .input
        .fields
        .iter()
        .filter(|field| field.presence.is_required() || is_path(&field.name))
        .collect()
}

/// Whether `new` takes a `<Name>Required` struct rather than positional arguments (the rule is
/// in [`crate::kinds`]).
pub(crate) fn takes_required_struct(required: &[&Field]) -> bool {
    let types: Vec<String> = required
        .iter()
        .map(|field| field.ty.to_token_stream().to_string())
        .collect();
    crate::kinds::takes_required_struct(types.iter().map(String::as_str))
}

/// `new`, and the `<Name>Required` struct it takes when its arguments could be swapped.
fn constructor(model: &Model<'_>) -> (TokenStream, Option<TokenStream>) {
    let vis = &model.input.vis;
    let ident = &model.input.ident;
    let required = required_fields(model);
    let by_struct = takes_required_struct(&required);
    let is_required = |field: &Field| required.iter().any(|other| other.ident == field.ident);

    let initializers = model.input.fields.iter().map(|field| {
        let (cfgs, ident) = (&field.cfgs, &field.ident);
        if !is_required(field) {
            quote!(#(#cfgs)* #ident: ::core::default::Default::default())
        } else if by_struct {
            quote!(#(#cfgs)* #ident: required.#ident)
        } else {
            quote!(#(#cfgs)* #ident: ::core::convert::Into::into(#ident))
        }
    });
    let names: Vec<String> = required
        .iter()
        .map(|field| format!("`{}`", field.name))
        .collect();
    let (arguments, doc, required_struct) = if by_struct {
        let name = format_ident!("{ident}Required");
        let fields = required.iter().map(|field| {
            let (cfgs, docs, ident, ty) = (&field.cfgs, &field.docs, &field.ident, &field.ty);
            let fallback = docs.is_empty().then(|| {
                let doc = format!(" `{}` of the request.", field.name);
                quote!(#[doc = #doc])
            });
            quote!(#(#cfgs)* #(#docs)* #fallback pub #ident: #ty)
        });
        let derives = &model.input.derives;
        let derive = (!derives.is_empty()).then(|| quote!(#[derive(#(#derives),*)]));
        let doc = format!(
            " The required fields of [`{ident}`], by name: the argument of [`{ident}::new`]."
        );
        let required_struct = quote! {
            #[doc = #doc]
            #derive
            #vis struct #name { #(#fields),* }
        };
        let doc = format!(
            "Creates the request from its required fields ({}), given by name; every optional field starts unset.",
            names.join(", ")
        );
        (quote!(required: #name), doc, Some(required_struct))
    } else {
        let arguments = required.iter().map(|field| {
            let (cfgs, ident, ty) = (&field.cfgs, &field.ident, &field.ty);
            quote!(#(#cfgs)* #ident: impl ::core::convert::Into<#ty>)
        });
        let doc = if required.is_empty() {
            "Creates the request; every field starts unset.".to_owned()
        } else {
            format!(
                "Creates the request from {}; every optional field starts unset.",
                names.join(", ")
            )
        };
        (quote!(#(#arguments),*), doc, None)
    };
    let constructor = quote! {
        #[doc = #doc]
        #vis fn new(#arguments) -> Self {
            Self { #(#initializers),* }
        }
    };
    (constructor, required_struct)
}

/// One setter per optional field, through the runtime's `setters!`: `T` for an `Option<T>`,
/// the whole type for a `Nullable<T>`.
fn setters(model: &Model<'_>) -> Option<TokenStream> {
    let vis = &model.input.vis;
    let entries: Vec<TokenStream> = model
        .input
        .fields
        .iter()
        .filter(|field| !field.presence.is_required())
        .map(|field| {
            let (cfgs, ident) = (&field.cfgs, &field.ident);
            let arg = match field.presence {
                Presence::Option => ast::inner_type(&field.ty),
                _ => &field.ty,
            };
            quote!(#(#cfgs)* #ident: #arg)
        })
        .collect();
    (!entries.is_empty()).then(|| quote!(__w::setters!(#vis fn #(#entries),*);))
}

/// `impl Paginated`, and the inherent `pages` and `items` methods, for a `Page<T>` response with
/// an `after` field.
fn paging(model: &Model<'_>, item: &syn::Type, after: &Field) -> (TokenStream, TokenStream) {
    let ident = &model.input.ident;
    let vis = &model.input.vis;
    // The conversion is spanned on the type of `after`, so a type that cannot take a `String`
    // cursor is reported there. The parameter carries the same span as its use, for hygiene.
    let (first, last) = type_spans(&after.ty);
    let into = quote_spanned!(first=> ::core::convert::Into::into);
    let cursor = Ident::new("cursor", last);
    let paginated = quote! {
        impl __w::Paginated for #ident {
            type Item = #item;

            fn set_after(&mut self, #cursor: ::core::option::Option<::std::string::String>) {
                self.after = #into(#cursor);
            }
        }
    };
    let methods = quote! {
        /// The pages of this list, fetched one by one as the iterator is advanced.
        #vis fn pages(self, client: &__w::Client) -> __w::Pages<Self> {
            __w::Pages::new(client, self)
        }

        /// The items of this list across all its pages, fetched a page at a time.
        #vis fn items(self, client: &__w::Client) -> __w::Items<Self> {
            __w::Items::new(client, self)
        }
    };
    (paginated, methods)
}

/// The spans of the first and last tokens of a type: code spanning from one to the other is
/// reported on the whole type.
fn type_spans(ty: &syn::Type) -> (Span, Span) {
    let mut tokens = ty.to_token_stream().into_iter();
    let first = tokens
        .next()
        .map_or_else(|| ty.span(), |token| token.span());
    let last = tokens.last().map_or(first, |token| token.span());
    (first, last)
}

#[cfg(test)]
mod tests {
    use proc_macro2::{Delimiter, TokenTree};

    use super::*;

    /// The expansion without whitespace, for searching.
    fn compact(tokens: &TokenStream) -> String {
        tokens.to_string().split_whitespace().collect()
    }

    /// Roughly the number of lines rustfmt prints for `tokens` at its default width: one per
    /// attribute, statement, item, field and closing brace, plus one per 100 columns of a line.
    fn lines(tokens: TokenStream) -> usize {
        let mut count = 0;
        let mut width = 0;
        let mut attribute = false;
        for token in tokens {
            match token {
                TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
                    count += 2 + lines(group.stream());
                    width = 0;
                }
                TokenTree::Group(group) if attribute => {
                    count += 1 + group.to_string().len() / 100;
                    attribute = false;
                }
                TokenTree::Punct(punct) if punct.as_char() == '#' => attribute = true,
                TokenTree::Punct(punct) if matches!(punct.as_char(), ';' | ',') => {
                    count += 1 + width / 100;
                    width = 0;
                }
                other => width += other.to_string().len() + 1,
            }
        }
        count + width.div_ceil(100)
    }

    fn update_product(field_type: TokenStream, optional_type: TokenStream) -> TokenStream {
        endpoint(
            quote!(PATCH "/products/<id>", scopes = ["access_pass:update", "access_pass:basic:read"], response = Product),
            quote! {
                /// Update a product.
                #[derive(Debug, Clone)]
                pub struct UpdateProduct {
                    pub id: #field_type,
                    pub title: Nullable<#field_type>,
                    #[query]
                    pub dry_run: #optional_type<bool>,
                    #[serde(rename = "type")]
                    pub kind: #optional_type<Kind>,
                }
            },
        )
    }

    fn typical() -> TokenStream {
        update_product(quote!(String), quote!(Option))
    }

    #[test]
    fn typical_expansion_is_thin() {
        let expansion = typical();
        let count = lines(expansion.clone());
        println!("about {count} lines:\n{expansion}");
        // About 15 of them are the struct itself.
        assert!(count <= 60, "{count} lines: {expansion}");
        let text = compact(&expansion);
        assert!(!text.contains("compile_error"), "{text}");
        // One call per field, path first, and the body is ensured for a PATCH with body fields.
        let calls = concat!(
            "parts.ensure_body();",
            "parts.path(\"id\",&self.id)?;",
            "parts.body_if_present(\"title\",&self.title)?;",
            "parts.query_if_present(\"dry_run\",&self.dry_run)?;",
            "parts.body_if_present(\"type\",&self.kind)?;",
            "::core::result::Result::Ok(())",
        );
        assert!(text.contains(calls), "{text}");
        // One call into the runtime per method.
        assert_eq!(text.matches("__w::send(client,self)").count(), 1, "{text}");
        // Per-call options go through `Client::send_with`, not a method per endpoint.
        assert!(!text.contains("send_with"), "{text}");
        assert!(
            text.contains("pubfnnew(id:impl::core::convert::Into<String>)->Self"),
            "{text}"
        );
        // The impls sit in an anonymous const whose one `use` is the only name it adds.
        assert!(
            text.contains(
                "}const_:()={use::whop_core::__privateas__w;impl__w::EndpointforUpdateProduct{"
            ),
            "{text}"
        );
        assert_eq!(text.matches("use::").count(), 1, "{text}");
        // The description consts: the query parameter with its required-ness, and the body.
        assert!(
            text.contains("constQUERY:&'static[(&'staticstr,bool)]=&[(\"dry_run\",false)];constHAS_BODY:bool=true;}"),
            "{text}"
        );
        // Writing the request is compiled where a request is sent, like `send`.
        assert!(
            text.contains(
                "#[inline]fnwrite_request(&self,parts:&mut__w::RequestParts)->__w::Result<()>{"
            ),
            "{text}"
        );
    }

    #[test]
    fn helper_attributes_are_stripped_and_docs_appended() {
        let text = compact(&typical());
        assert!(text.contains("pubdry_run:Option<bool>,"), "{text}");
        assert!(!text.contains("#[query]pub"), "{text}");
        assert!(!text.contains("#[serde"), "{text}");
        assert!(text.contains("#[doc=\"\"]"), "{text}");
        assert!(
            text.contains("#[doc=\"`PATCH/products/{id}`·scopes:`access_pass:update`,`access_pass:basic:read`\"]"),
            "{text}"
        );
        assert!(
            text.contains("constPATH:&'staticstr=\"/products/{id}\";"),
            "{text}"
        );
        assert!(text.contains("constMETHOD:__w::Method=__w::Method::Patch;"));
    }

    /// Walks every identifier and checks that prelude names only appear at the end of a path.
    fn assert_no_bare_prelude_names(tokens: TokenStream, previous: &mut String) {
        for token in tokens {
            match &token {
                TokenTree::Group(group) => assert_no_bare_prelude_names(group.stream(), previous),
                TokenTree::Ident(ident) => {
                    let name = ident.to_string();
                    let prelude = [
                        "Option", "Result", "String", "Vec", "Into", "Default", "Ok", "Some",
                        "None",
                    ];
                    assert!(
                        !prelude.contains(&name.as_str()) || previous == ":",
                        "bare `{name}`"
                    );
                }
                TokenTree::Punct(_) | TokenTree::Literal(_) => {}
            }
            *previous = token.to_string();
        }
    }

    #[test]
    fn expansion_names_nothing_from_the_prelude() {
        // With absolute paths in the user's own types, no prelude name may appear bare.
        let expansion = update_product(
            quote!(::std::string::String),
            quote!(::core::option::Option),
        );
        assert!(!compact(&expansion).contains("compile_error"));
        assert_no_bare_prelude_names(expansion, &mut String::new());
    }

    #[test]
    fn lists_are_paginated() {
        let expansion = endpoint(
            quote!(GET "/companies/<company_id>/members", scopes = [], response = whop_core::Page<Member>),
            quote!(
                pub(crate) struct ListMembers {
                    company_id: String,
                    after: Option<String>,
                    first: Option<u32>,
                }
            ),
        );
        let text = compact(&expansion);
        assert!(
            text.contains("impl__w::PaginatedforListMembers{typeItem=Member;"),
            "{text}"
        );
        assert!(
            text.contains("self.after=::core::convert::Into::into(cursor);"),
            "{text}"
        );
        assert!(text.contains("pub(crate)fnpages(self,"), "{text}");
        assert!(text.contains("pub(crate)fnitems(self,"), "{text}");
        // A GET sends no body, and the query lists what is not a path parameter.
        assert!(!text.contains("ensure_body"), "{text}");
        assert!(!text.contains("HAS_BODY"), "{text}");
        assert!(
            text.contains("=&[(\"after\",false),(\"first\",false)];"),
            "{text}"
        );

        let not_a_list = endpoint(
            quote!(GET "/members", scopes = [], response = Page<Member>),
            quote!(
                pub struct ListMembers {
                    before: Option<String>,
                }
            ),
        );
        assert!(!compact(&not_a_list).contains("Paginated"));
    }

    #[test]
    fn optional_fields_get_setters_through_one_runtime_macro() {
        let text = compact(&typical());
        // `Nullable<T>` setters take the whole type (a value or `Null`), `Option<T>` ones `T`.
        assert!(
            text.contains("__w::setters!(pubfntitle:Nullable<String>,dry_run:bool,kind:Kind);"),
            "{text}"
        );
        // The required path parameter gets none.
        assert!(!text.contains("fnid:"), "{text}");

        let bare = endpoint(
            quote!(GET "/things/<id>", scopes = [], response = ()),
            quote!(
                struct GetThing {
                    id: String,
                }
            ),
        );
        assert!(!compact(&bare).contains("setters"), "{bare}");
    }

    /// The expansion of a POST with the given body fields.
    fn create(fields: TokenStream) -> String {
        compact(&endpoint(
            quote!(POST "/transfers", scopes = [], response = ()),
            quote!(
                /// Move money.
                #[derive(Debug, Clone, Serialize)]
                pub struct CreateTransfer { #fields }
            ),
        ))
    }

    #[test]
    fn required_fields_of_one_kind_are_taken_by_name() {
        let text = create(quote! {
            /// How much.
            pub amount: f64,
            /// From.
            pub origin_id: String,
            pub destination_id: String,
            pub notes: Option<String>,
        });
        assert!(
            text.contains("#[derive(Debug,Clone)]pubstructCreateTransferRequired{#[doc=r\"Howmuch.\"]pubamount:f64,#[doc=r\"From.\"]puborigin_id:String,#[doc=\"`destination_id`oftherequest.\"]pubdestination_id:String}"),
            "{text}"
        );
        assert!(
            text.contains("pubfnnew(required:CreateTransferRequired)->Self{Self{amount:required.amount,origin_id:required.origin_id,destination_id:required.destination_id,notes:::core::default::Default::default()}}"),
            "{text}"
        );
        assert!(text.contains("__w::setters!(pubfnnotes:String);"), "{text}");

        // Types that take the same arguments count as one kind: strings, and numbers.
        for fields in [
            quote!(id: &'static str, name: std::string::String),
            quote!(id: Box<str>, name: std::borrow::Cow<'static, str>),
            quote!(amount: f64, count: i64),
            quote!(ids: Vec<String>, tags: Vec<String>),
        ] {
            let text = create(fields);
            assert!(text.contains("CreateTransferRequired"), "{text}");
        }
        // Distinct kinds stay positional.
        for fields in [
            quote!(id: String, ids: Vec<String>, amount: f64, live: bool),
            quote!(id: String, bytes: std::borrow::Cow<'static, [u8]>),
            quote!(id: String),
            quote!(),
        ] {
            let text = create(fields);
            assert!(!text.contains("Required"), "{text}");
        }
        let text = create(quote!(id: String, amount: f64));
        assert!(
            text.contains("pubfnnew(id:impl::core::convert::Into<String>,amount:impl::core::convert::Into<f64>)->Self"),
            "{text}"
        );
    }

    #[test]
    fn errors_keep_the_struct_without_helper_attributes() {
        let expansion = endpoint(
            quote!(get "/things/<id>", scopes = [], response = ()),
            quote! {
                pub struct GetThing {
                    #[query]
                    pub id: String,
                }
            },
        );
        let text = compact(&expansion);
        assert!(
            text.starts_with("pubstructGetThing{pubid:String,}"),
            "{text}"
        );
        assert!(!text.contains("impl"), "{text}");
        // Both mistakes are reported in one run.
        assert_eq!(text.matches("compile_error").count(), 2, "{text}");
    }
}
