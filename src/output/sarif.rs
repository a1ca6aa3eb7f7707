//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning (SPEC §6).
//!
//! One run. `tool.driver.rules` lists every rule in code order, so a result's
//! `ruleIndex` is the same in every report. Positions are 1-based with an exclusive
//! `endColumn`, columns in Unicode code points. Paths are relative, percent-encoded
//! URIs under `%SRCROOT%` (the working directory). Suppressed findings are only
//! present when the run was asked to report them, and then carry an `inSource`
//! suppression.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::RunReport;
use super::fingerprint;
use crate::emit::Safety;
use crate::lines::LineIndex;
use crate::report::{ErrorKind, FileReport, Finding};
use crate::rules;
use crate::vocab::{Category, RuleMeta, Severity};

pub const SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// SARIF properties that are about the rule's output rather than its logic:
/// `precision` (how often a finding is right) and, for security rules, GitHub's
/// `security-severity` (a CVSS-like score, as a string).
const RULE_PROPERTIES: &[(&str, &str, Option<&str>)] = &[
    ("CP001", "high", Some("9.8")),
    ("CP002", "very-high", None),
    ("CP003", "medium", None),
    ("CP004", "medium", None),
    ("CP005", "medium", None),
    ("CP006", "medium", None),
    ("CP007", "medium", None),
    ("CP008", "high", Some("5.5")),
    ("CP009", "high", None),
    ("CP010", "high", Some("6.5")),
    ("CP011", "medium", None),
    ("CP012", "low", None),
    ("CP013", "medium", None),
    ("CP014", "high", Some("9.8")),
    ("CP015", "high", Some("8.1")),
    ("CP016", "high", None),
    ("CP017", "medium", None),
    ("CP018", "high", Some("8.8")),
    ("CP019", "high", None),
];

fn rule_properties(code: &str) -> (&'static str, Option<&'static str>) {
    RULE_PROPERTIES.iter().find(|(c, ..)| *c == code).map_or(("medium", None), |(_, p, s)| (*p, *s))
}

/// The project page, when Cargo.toml names one (`repository`).
fn information_uri() -> Option<&'static str> {
    let uri = env!("CARGO_PKG_REPOSITORY");
    (!uri.is_empty()).then_some(uri)
}

fn level(sev: Severity) -> &'static str {
    match sev {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
        Severity::Off => "none",
    }
}

/// SARIF's short descriptions are limited to 1024 characters.
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

fn rule_descriptor(meta: &RuleMeta) -> Value {
    let (precision, security_severity) = rule_properties(meta.code);
    let mut tags = vec![
        match meta.category {
            Category::Security => "security",
            Category::Reliability => "reliability",
        }
        .to_string(),
    ];
    tags.extend(meta.cwe.iter().map(|c| format!("external/cwe/cwe-{c:03}")));
    let mut properties = json!({ "tags": tags, "precision": precision });
    if let Some(s) = security_severity {
        properties["security-severity"] = json!(s);
    }
    let full = meta.section("What it flags").filter(|s| !s.is_empty()).unwrap_or_else(|| meta.summary.to_string());
    let docs = meta.docs();
    let mut config = json!({ "level": level(meta.default_severity) });
    if meta.default_severity == Severity::Off {
        // An off rule runs at `warning` once selected.
        config = json!({ "enabled": false, "level": "warning" });
    }
    let mut d = json!({
        "id": meta.code,
        "name": meta.name,
        "shortDescription": { "text": clip(meta.summary, 1024) },
        "fullDescription": { "text": clip(&full, 1024) },
        "help": {
            "text": docs,
            "markdown": format!("# {} ({})\n\n{}", meta.name, meta.code, docs),
        },
        "defaultConfiguration": config,
        "properties": properties,
    });
    if let Some(uri) = information_uri() {
        d["helpUri"] = json!(format!("{}/blob/main/rules/{}.md", uri.trim_end_matches('/'), meta.name));
    }
    d
}

/// Percent-encodes a `/`-separated relative path for a URI: every byte outside
/// RFC 3986's unreserved set (and `/`) becomes `%XX`.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An artifact location for a report path: relative under `%SRCROOT%`, or an
/// absolute `file:` URI for paths outside the working directory.
fn artifact_location(path: &str) -> Value {
    let p = path.replace('\\', "/");
    if p.starts_with('/') {
        return json!({ "uri": format!("file://{}", encode_path(&p)) });
    }
    if p.as_bytes().get(1) == Some(&b':') {
        // A Windows drive path such as `C:/src/a.js`.
        return json!({ "uri": format!("file:///{}{}", &p[..2], encode_path(&p[2..])) });
    }
    json!({ "uri": encode_path(&p), "uriBaseId": "%SRCROOT%" })
}

/// `%SRCROOT%` itself: the working directory as a `file:` URI ending in `/`.
fn src_root() -> Option<String> {
    let cwd = std::env::current_dir().ok()?;
    let mut s = cwd.to_string_lossy().replace('\\', "/");
    if !s.starts_with('/') {
        s.insert(0, '/');
    }
    if !s.ends_with('/') {
        s.push('/');
    }
    Some(format!("file://{}", encode_path(&s)))
}

fn region(line: usize, column: usize, end_line: usize, end_column: usize) -> Value {
    json!({ "startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column })
}

/// The result for one finding. `index` is over the file's source (for labels);
/// `hashes` are its line hashes.
fn result(file: &FileReport, f: &Finding, index: Option<&LineIndex<'_>>, hashes: &[String], suppressed: bool) -> Value {
    let rule_index = rules::all().iter().position(|r| r.meta().code == f.rule.code).unwrap_or(0);
    let mut r = json!({
        "ruleId": f.rule.code,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": { "text": f.message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact_location(&file.path),
                "region": region(f.line, f.column, f.end_line, f.end_column),
            }
        }],
    });
    if let Some(index) = index {
        let related: Vec<Value> = f
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let (line, column) = index.position(l.start);
                let (end_line, end_column) = index.position(l.end);
                json!({
                    "id": i + 1,
                    "message": { "text": l.text },
                    "physicalLocation": {
                        "artifactLocation": artifact_location(&file.path),
                        "region": region(line, column, end_line, end_column),
                    }
                })
            })
            .collect();
        if !related.is_empty() {
            r["relatedLocations"] = json!(related);
        }
    }
    if let Some(hash) = hashes.get(f.line.wrapping_sub(1)) {
        r["partialFingerprints"] = json!({ "primaryLocationLineHash": hash });
    }
    if let Some(fix) = f.fix.as_ref().filter(|x| x.safety == Safety::Safe && !x.edits.is_empty()) {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| {
                json!({
                    "deletedRegion": region(e.line, e.column, e.end_line, e.end_column),
                    "insertedContent": { "text": e.replacement },
                })
            })
            .collect();
        r["fixes"] = json!([{
            "description": { "text": fix.title },
            "artifactChanges": [{ "artifactLocation": artifact_location(&file.path), "replacements": replacements }],
        }]);
    }
    if suppressed {
        r["suppressions"] = json!([{ "kind": "inSource" }]);
    }
    r
}

fn notification(
    file: Option<&FileReport>,
    kind: Option<ErrorKind>,
    message: &str,
    pos: Option<(usize, usize)>,
) -> Value {
    let (id, lvl) = match kind {
        Some(ErrorKind::ParseError) => ("parse-error", "error"),
        Some(ErrorKind::Io) | None => ("io-error", "error"),
        Some(ErrorKind::Internal) => ("internal-error", "error"),
        Some(ErrorKind::Directive) => ("directive-error", "error"),
        Some(ErrorKind::UnusedDirective) => ("unused-directive", "warning"),
    };
    let mut n = json!({ "descriptor": { "id": id }, "level": lvl, "message": { "text": message } });
    if let Some(file) = file.filter(|f| !f.path.is_empty()) {
        let mut phys = json!({ "artifactLocation": artifact_location(&file.path) });
        if let Some((line, column)) = pos {
            phys["region"] = json!({ "startLine": line, "startColumn": column });
        }
        n["locations"] = json!([{ "physicalLocation": phys }]);
    }
    n
}

/// The whole SARIF document.
pub fn document(report: &RunReport) -> Value {
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for file in &report.files {
        if !file.findings.is_empty() || !file.suppressed.is_empty() {
            let index = file.source.as_deref().map(LineIndex::new);
            let hashes = file.source.as_deref().map(fingerprint::line_hashes).unwrap_or_default();
            let mut all: Vec<(&Finding, bool)> =
                file.findings.iter().map(|f| (f, false)).chain(file.suppressed.iter().map(|f| (f, true))).collect();
            all.sort_by(|a, b| (a.0.line, a.0.column, a.0.rule.code).cmp(&(b.0.line, b.0.column, b.0.rule.code)));
            for (f, suppressed) in all {
                results.push(result(file, f, index.as_ref(), &hashes, suppressed));
            }
        }
        for e in &file.errors {
            let message =
                if file.path.is_empty() { e.message.clone() } else { format!("{}: {}", file.path, e.message) };
            notifications.push(notification(Some(file), Some(e.kind), &message, e.position));
        }
    }
    for (path, message) in &report.run_errors {
        let text = if path.is_empty() { message.clone() } else { format!("{path}: {message}") };
        notifications.push(notification(None, None, &text, None));
    }
    let successful = report.error_count(ErrorKind::Internal) == 0 && report.run_errors.is_empty();

    let mut driver = json!({
        "name": "cplint",
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules::metas().map(rule_descriptor).collect::<Vec<_>>(),
    });
    if let Some(uri) = information_uri() {
        driver["informationUri"] = json!(uri);
    }
    let mut run = json!({
        "tool": { "driver": driver },
        "invocations": [{
            "executionSuccessful": successful,
            "toolExecutionNotifications": notifications,
        }],
        "columnKind": "unicodeCodePoints",
        "results": results,
    });
    if let Some(root) = src_root() {
        run["originalUriBaseIds"] = json!({ "%SRCROOT%": { "uri": root } });
    }
    json!({ "$schema": SCHEMA, "version": "2.1.0", "runs": [run] })
}

pub fn write(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &document(report)).map_err(io::Error::other)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::{Edit, Fix, Label};

    #[test]
    fn paths_are_percent_encoded() {
        assert_eq!(encode_path("src/a b/ü#1.js"), "src/a%20b/%C3%BC%231.js");
        assert_eq!(artifact_location("src/x.js")["uriBaseId"], "%SRCROOT%");
        assert_eq!(artifact_location("/abs/x y.js"), json!({ "uri": "file:///abs/x%20y.js" }));
    }

    #[test]
    fn every_rule_has_sarif_properties() {
        for meta in rules::metas() {
            assert!(RULE_PROPERTIES.iter().any(|(c, ..)| *c == meta.code), "{} missing", meta.code);
            let (_, sev) = rule_properties(meta.code);
            assert_eq!(sev.is_some(), meta.category == Category::Security, "{}", meta.code);
        }
    }

    fn finding(src: &str, fix: Option<Fix>) -> Finding {
        let start = src.find("exec(").unwrap();
        let end = src[start..].find(')').unwrap() + start + 1;
        let arg = src.find("'ls").unwrap();
        Finding {
            rule: crate::rules::find("CP001").unwrap().meta(),
            severity: Severity::Error,
            start,
            end,
            line: 2,
            column: 1,
            end_line: 2,
            end_column: 1 + src[start..end].chars().count(),
            primary: Label { start, end: start + 4, text: "shell".into() },
            message: "command".into(),
            help: None,
            note: None,
            labels: vec![Label { start: arg, end: arg + 9, text: "built here".into() }],
            fix,
        }
    }

    #[test]
    fn safe_fixes_become_sarif_fixes_and_labels_related_locations() {
        let src = "const { exec } = require('child_process');\nexec('ls ' + d);\n";
        let start = src.find("exec(").unwrap();
        let mut edit = Edit::new(start, start + 4, "execFile");
        (edit.line, edit.column, edit.end_line, edit.end_column) = (2, 1, 2, 5);
        let safe = Fix { safety: Safety::Safe, title: "use execFile".into(), edits: vec![edit.clone()] };
        let unsafe_fix = Fix { safety: Safety::Unsafe, title: "use execFile".into(), edits: vec![edit] };
        let file = |fix| FileReport {
            path: "src/a b.js".into(),
            source: Some(src.into()),
            findings: vec![finding(src, fix)],
            parsed: true,
            ..Default::default()
        };
        let report = |f| RunReport {
            files: vec![f],
            files_scanned: 1,
            elapsed_ms: 0,
            run_errors: vec![],
            show_statistics: false,
            fixed: 0,
        };
        let doc = document(&report(file(Some(safe))));
        let r = &doc["runs"][0]["results"][0];
        assert_eq!(r["ruleId"], "CP001");
        assert_eq!(r["ruleIndex"], 0);
        assert_eq!(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "src/a%20b.js");
        assert_eq!(r["relatedLocations"][0]["physicalLocation"]["region"], region(2, 6, 2, 15));
        assert_eq!(r["relatedLocations"][0]["message"]["text"], "built here");
        let fix = &r["fixes"][0];
        assert_eq!(fix["description"]["text"], "use execFile");
        let rep = &fix["artifactChanges"][0]["replacements"][0];
        assert_eq!(rep["deletedRegion"], region(2, 1, 2, 5));
        assert_eq!(rep["insertedContent"]["text"], "execFile");
        assert_eq!(r["partialFingerprints"]["primaryLocationLineHash"], fingerprint::line_hashes(src)[1].as_str());
        // Unsafe fixes are not offered to code scanning.
        let doc = document(&report(file(Some(unsafe_fix))));
        assert!(doc["runs"][0]["results"][0].get("fixes").is_none());
    }
}
