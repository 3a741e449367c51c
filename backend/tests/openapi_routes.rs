//! Every route of the router is in `backend/openapi.yaml`, and every operation of the file is a route; and every
//! listed route really answers (not 404/405) on a live router.

mod common;

use std::collections::BTreeSet;

const METHODS: &[&str] = &["get", "post", "put", "patch", "delete"];

/// (method, path) pairs of the OpenAPI file's `paths:` section (two-space path keys, four-space method keys).
fn openapi_operations(text: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let mut in_paths = false;
    let mut path: Option<String> = None;
    for line in text.lines() {
        if !line.starts_with(' ') && !line.trim().is_empty() {
            in_paths = line.trim_end() == "paths:";
            path = None;
            continue;
        }
        if !in_paths {
            continue;
        }
        if let Some(p) = line.strip_prefix("  ").filter(|l| l.starts_with('/')) {
            path = Some(p.trim_end().trim_end_matches(':').to_string());
        } else if let Some(m) = line.strip_prefix("    ").filter(|l| !l.starts_with(' ')) {
            let m = m.trim_end().trim_end_matches(':');
            if let (true, Some(p)) = (METHODS.contains(&m), &path) {
                out.insert((m.to_string(), p.clone()));
            }
        }
    }
    out
}

#[test]
fn the_parser_reads_paths_and_methods() {
    let text = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      summary: x\n    post:\n  /b/c:\n    get:\ncomponents:\n  /not:\n    get:\n";
    let want: BTreeSet<(String, String)> = [("get", "/a"), ("post", "/a"), ("get", "/b/c")]
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(openapi_operations(text), want);
}

#[test]
fn router_and_openapi_file_list_the_same_routes() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.yaml"))
        .expect("openapi.yaml");
    let documented = openapi_operations(&text);
    let routed: BTreeSet<(String, String)> = court_backend::ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    let undocumented: Vec<_> = routed.difference(&documented).collect();
    let unrouted: Vec<_> = documented.difference(&routed).collect();
    assert!(
        undocumented.is_empty(),
        "routes missing from openapi.yaml: {undocumented:?}"
    );
    assert!(
        unrouted.is_empty(),
        "openapi.yaml operations with no route: {unrouted:?}"
    );
    assert!(
        routed.iter().all(|(_, p)| p.starts_with("/api/v1/")),
        "every route is under /api/v1"
    );
}

#[tokio::test]
async fn every_listed_route_is_served() {
    let e = common::engines().await.remove(0);
    let s = common::Server::start(&e.url).await;
    for (method, path) in court_backend::ROUTES {
        let rb = if *method == "get" {
            common::client().get(s.url(path))
        } else {
            common::client().post(s.url(path))
        };
        let status = rb.send().await.expect("send").status().as_u16();
        assert!(
            status != 404 && status != 405,
            "{method} {path} answered {status}"
        );
    }
    s.stop().await;
}
