//! Collecting every error of one expansion, so a user sees all mistakes at once.

use std::fmt::Display;

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;

/// The errors found so far; combined into one `compile_error!` list at the end.
#[derive(Default)]
pub(crate) struct Errors {
    list: Vec<syn::Error>,
}

impl Errors {
    /// Records an error at `span`.
    pub(crate) fn at(&mut self, span: Span, message: impl Display) {
        self.list.push(syn::Error::new(span, message));
    }

    /// Records an error covering all of `tokens`.
    pub(crate) fn spanned(&mut self, tokens: impl ToTokens, message: impl Display) {
        self.list.push(syn::Error::new_spanned(tokens, message));
    }

    /// Records an error produced by a syn parser.
    pub(crate) fn add(&mut self, error: syn::Error) {
        self.list.push(error);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The errors as `compile_error!` invocations, each at its own span.
    pub(crate) fn to_compile_errors(&self) -> TokenStream {
        let mut combined: Option<syn::Error> = None;
        for error in &self.list {
            match &mut combined {
                Some(all) => all.combine(error.clone()),
                None => combined = Some(error.clone()),
            }
        }
        combined
            .map(|all| all.to_compile_error())
            .unwrap_or_default()
    }
}
