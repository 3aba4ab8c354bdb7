//! The endpoint and model types the benchmarks use: the generated ones.

pub use whop_endpoints::products::{ListProduct, Product, ProductListItem, UpdateProduct};
