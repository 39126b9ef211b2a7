//! The stylesheet, scripts and icons, compiled into the binary so `hearth`
//! serves everything it needs by itself (no CDN, no files beside it).

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

struct Asset {
    path: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

macro_rules! asset {
    ($path:literal, $type:literal, $file:literal) => {
        Asset { path: $path, content_type: $type, body: include_bytes!($file) }
    };
}

const ASSETS: &[Asset] = &[
    asset!("hearth.css", "text/css; charset=utf-8", "../assets/dist/hearth.css"),
    asset!("govuk-frontend.min.js", "text/javascript; charset=utf-8", "../assets/dist/govuk-frontend.min.js"),
    asset!("hearth.js", "text/javascript; charset=utf-8", "../assets/js/hearth.js"),
    asset!("hearth-init.js", "text/javascript; charset=utf-8", "../assets/js/hearth-init.js"),
    asset!("images/favicon.ico", "image/x-icon", "../assets/dist/images/favicon.ico"),
    asset!("images/favicon.svg", "image/svg+xml", "../assets/dist/images/favicon.svg"),
    asset!("images/icon-180.png", "image/png", "../assets/dist/images/icon-180.png"),
    asset!("images/icon-192.png", "image/png", "../assets/dist/images/icon-192.png"),
    asset!("images/icon-512.png", "image/png", "../assets/dist/images/icon-512.png"),
    asset!("images/icon-mask.svg", "image/svg+xml", "../assets/dist/images/icon-mask.svg"),
    asset!("images/manifest.json", "application/manifest+json", "../assets/dist/images/manifest.json"),
];

pub async fn serve(Path(path): Path<String>) -> Response {
    match ASSETS.iter().find(|a| a.path == path) {
        Some(a) => (
            [(header::CONTENT_TYPE, a.content_type), (header::CACHE_CONTROL, "public, max-age=3600")],
            a.body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
