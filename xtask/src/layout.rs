//! Which module each type lives in.
//!
//! An operation's request struct lives in its tag's module. A model lives in the module of the
//! one tag whose operations reach it, or in `shared` when several tags' do (re-exported by the
//! modules that use it); a model only webhook events reach lives in `webhooks`. Inline schemas
//! are reached by the same operations as their parent, so they land next to it.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Api, Kind, Ty, TypeId};

pub(crate) const SHARED: &str = "shared";
pub(crate) const WEBHOOKS: &str = "webhooks";

pub(crate) fn assign_modules(api: &mut Api) {
    let mut users: BTreeMap<TypeId, BTreeSet<String>> = BTreeMap::new();
    for operation in &api.operations {
        let mut reached = BTreeSet::new();
        for field in &operation.fields {
            reach(api, &field.ty, &mut reached);
        }
        reach(api, &operation.response, &mut reached);
        for id in reached {
            users
                .entry(id)
                .or_default()
                .insert(operation.module.clone());
        }
    }
    let mut webhook_types = BTreeSet::new();
    for event in &api.webhooks {
        reach(api, &event.data, &mut webhook_types);
    }
    api.modules = (0..api.types.len())
        .map(|id| match users.get(&id) {
            Some(tags) if tags.len() == 1 => tags.iter().next().cloned().unwrap_or_default(),
            Some(_) => SHARED.to_owned(),
            None if webhook_types.contains(&id) => WEBHOOKS.to_owned(),
            // Nothing refers to it any more (a member of a type that became an alias).
            None => String::new(),
        })
        .collect();
}

/// Adds every type `ty` reaches, transitively.
pub(crate) fn reach(api: &Api, ty: &Ty, out: &mut BTreeSet<TypeId>) {
    match ty {
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Page(inner) => reach(api, inner, out),
        Ty::Named(id) if out.insert(*id) => {
            for child in direct_refs(api, *id) {
                reach(api, &child, out);
            }
        }
        _ => {}
    }
}

/// The types a type's fields or variants name directly.
pub(crate) fn direct_refs(api: &Api, id: TypeId) -> Vec<Ty> {
    match &api.types[id].kind {
        Kind::Struct(fields) => fields.iter().map(|field| field.ty.clone()).collect(),
        Kind::Tagged { variants, .. } | Kind::Untagged(variants) => variants
            .iter()
            .map(|variant| Ty::Named(variant.ty))
            .collect(),
        Kind::Alias(target) => vec![Ty::Named(*target)],
        Kind::Enum(_) | Kind::Const(_) => Vec::new(),
    }
}
