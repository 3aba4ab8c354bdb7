//! Response bodies shaped like the API's: a full `Product`, and pages of `ProductListItem`s.
//!
//! Every member the schemas require is present, with values like the documented examples, so the
//! decoders do the same work as on a real answer.

use std::io::Write as _;

use serde_json::{Value, json};

/// The id of the product the benchmarks update.
pub const PRODUCT_ID: &str = "prod_Bench7bXvR2kQ";
/// The company whose products are listed.
pub const COMPANY_ID: &str = "biz_Bench4mN8sLq2W";

/// The answer to `PATCH /products/{id}`: one product with every member filled in.
pub fn product() -> Vec<u8> {
    let gallery: Vec<Value> = (0..4)
        .map(|i| json!({ "id": format!("file_Gal{i:010}"), "url": format!("https://cdn.example.com/gallery/{i}.png") }))
        .collect();
    let product = json!({
        "id": PRODUCT_ID,
        "title": "Pickaxe Analytics",
        "visibility": "visible",
        "headline": "Real-time data analytics for creators",
        "verified": true,
        "created_at": "2023-12-01T05:00:00.401Z",
        "updated_at": "2024-06-11T17:42:19.118Z",
        "member_count": 4213,
        "route": "pickaxe-analytics",
        "published_reviews_count": 87,
        "external_identifier": "ext_prod_12345",
        "description": "Track your revenue, members, and growth in real time.",
        "custom_cta": "join",
        "custom_cta_url": null,
        "custom_statement_descriptor": "WHOP*PICKAXE",
        "global_affiliate_percentage": 6.9,
        "global_affiliate_status": "enabled",
        "member_affiliate_percentage": null,
        "member_affiliate_status": "disabled",
        "gallery_images": gallery,
        "product_tax_code": { "id": "ptc_xxxxxxxxxxxxxx", "name": "Digital - SaaS", "product_type": "digital" },
        "owner_user": { "id": "user_xxxxxxxxxxxxx", "name": "John Doe", "username": "johndoe42" },
        "company": { "id": COMPANY_ID, "route": "pickaxe", "title": "Pickaxe" },
    });
    serde_json::to_vec(&product).expect("a JSON value serializes")
}

/// Appends list item number `index` to `out`.
pub fn write_list_item(out: &mut Vec<u8>, index: u64) {
    let visibility = ["visible", "hidden", "archived", "quick_link"][(index % 4) as usize];
    let headline = if index.is_multiple_of(3) {
        Value::Null
    } else {
        json!(format!("Headline of product {index}"))
    };
    let item = json!({
        "id": format!("prod_{index:013}"),
        "title": format!("Product number {index}"),
        "visibility": visibility,
        "headline": headline,
        "verified": index.is_multiple_of(2),
        "created_at": "2023-12-01T05:00:00.401Z",
        "updated_at": 1_717_000_000 + index,
        "member_count": index * 7 % 10_000,
        "route": format!("product-{index}"),
        "published_reviews_count": index % 50,
        "external_identifier": if index.is_multiple_of(5) { Value::Null } else { json!(format!("ext_{index}")) },
    });
    serde_json::to_writer(&mut *out, &item).expect("writing to a Vec cannot fail");
}

/// Appends one page of a list of `total` items to `out`: items `start..start + count` (clamped
/// to `total`), with cursors naming the position of the next page.
pub fn write_page(out: &mut Vec<u8>, start: u64, count: u64, total: u64) {
    let end = start.saturating_add(count).min(total);
    out.extend_from_slice(b"{\"data\":[");
    for index in start..end {
        if index > start {
            out.push(b',');
        }
        write_list_item(out, index);
    }
    let _ = write!(
        out,
        "],\"page_info\":{{\"end_cursor\":\"c{end}\",\"start_cursor\":\"c{start}\",\"has_next_page\":{},\"has_previous_page\":{}}}}}",
        end < total,
        start > 0
    );
}

/// A page of `count` items, as one body.
pub fn page(count: u64) -> Vec<u8> {
    let mut out = Vec::new();
    write_page(&mut out, 0, count, count);
    out
}

/// The position a page cursor (`c1200`) stands for; `None` for anything else.
pub fn cursor_position(cursor: &str) -> Option<u64> {
    cursor.strip_prefix('c')?.parse().ok()
}
