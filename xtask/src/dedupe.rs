//! Sharing one definition between inline schemas of the same shape.
//!
//! The spec repeats small inline objects many times (`{id, title, route}` of a company appears in
//! dozens of responses). Each place keeps its own name, but all except one become type aliases of
//! a single definition, which halves the serde code the crate compiles. Two types share a
//! definition only when they would be written identically: same fields in the same order, with the
//! same names, types, optionality and docs.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use crate::model::{Api, Ctx, Kind, Origin, Ty, TypeId};

pub(crate) fn dedupe(api: &mut Api) -> usize {
    let mut keys = Keys {
        api,
        memo: HashMap::new(),
        in_progress: Vec::new(),
    };
    let mut groups: BTreeMap<String, Vec<TypeId>> = BTreeMap::new();
    for id in 0..keys.api.types.len() {
        if let Some(key) = keys.key(id) {
            groups.entry(key).or_default().push(id);
        }
    }
    let mut aliased = 0;
    for ids in groups.values().filter(|ids| ids.len() > 1) {
        // A component keeps its definition; otherwise the shortest name, then the first by name.
        let keeper = *ids
            .iter()
            .min_by_key(|&&id| {
                let def = &api.types[id];
                (
                    !matches!(def.origin, Origin::Component(_)),
                    def.name.len(),
                    def.name.clone(),
                )
            })
            .unwrap_or(&ids[0]);
        for &id in ids {
            if id != keeper && !matches!(api.types[id].origin, Origin::Component(_)) {
                api.types[id].kind = Kind::Alias(keeper);
                aliased += 1;
            }
        }
    }
    aliased
}

struct Keys<'a> {
    api: &'a Api,
    memo: HashMap<TypeId, Option<String>>,
    in_progress: Vec<TypeId>,
}

impl Keys<'_> {
    /// The shape of a struct or union as text, `None` for what never shares (enums, constants,
    /// and types on a reference cycle).
    fn key(&mut self, id: TypeId) -> Option<String> {
        if let Some(key) = self.memo.get(&id) {
            return key.clone();
        }
        if self.in_progress.contains(&id) {
            return None;
        }
        self.in_progress.push(id);
        let def = &self.api.types[id];
        let ctx = if def.ctx == Ctx::Request {
            "request"
        } else {
            "response"
        };
        let mut key = String::new();
        let complete = match &def.kind {
            Kind::Struct(fields) => {
                let _ = write!(key, "struct {ctx}");
                fields.iter().all(|field| {
                    let ty = self.ty(&field.ty);
                    let _ = write!(
                        key,
                        "\n{} {} {} {} {} {:?} {:?}",
                        field.wire,
                        field.ident,
                        field.required,
                        field.nullable,
                        field.deprecated,
                        ty,
                        field.doc
                    );
                    ty.is_some()
                })
            }
            Kind::Tagged { tag, variants } => {
                let _ = write!(key, "tagged {ctx} {tag}");
                variants.iter().all(|variant| {
                    let ty = self.ty(&Ty::Named(variant.ty));
                    let _ = write!(
                        key,
                        "\n{} {:?} {ty:?} {:?}",
                        variant.ident, variant.wire, variant.doc
                    );
                    ty.is_some()
                })
            }
            // Body unions are one per operation, and enums and constants are shared by name.
            Kind::Untagged(_) | Kind::Enum(_) | Kind::Const(_) | Kind::Alias(_) => false,
        };
        self.in_progress.pop();
        let key = complete.then_some(key);
        self.memo.insert(id, key.clone());
        key
    }

    /// A field type as text, with generated types replaced by their shape.
    fn ty(&mut self, ty: &Ty) -> Option<String> {
        Some(match ty {
            Ty::Vec(inner) => format!("Vec<{}>", self.ty(inner)?),
            Ty::Map(inner) => format!("Map<{}>", self.ty(inner)?),
            Ty::Page(inner) => format!("Page<{}>", self.ty(inner)?),
            Ty::Named(id) => match self.key(*id) {
                Some(shape) => format!("{{{shape}}}"),
                // Enums and constants compare by identity.
                None if !self.in_progress.contains(id) => format!("#{}", self.api.types[*id].name),
                None => return None,
            },
            other => format!("{other:?}"),
        })
    }
}
