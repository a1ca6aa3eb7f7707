//! Rule docs live in each rule's doc comment; these tests keep the generated pages
//! current and check that every "Example" fires and every "Use instead" is clean.

mod common;

use common::*;

const HEADINGS: &[&str] = &["What it flags", "Why it matters", "Example", "Use instead", "Known limits"];

#[test]
fn generated_rule_pages_are_current() {
    let regen = "run `cargo run -- rules --write-docs rules` and commit the result";
    for meta in cplint::rules::metas() {
        let path = root().join("rules").join(format!("{}.md", meta.name));
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(on_disk, meta.markdown_page(), "{} is stale: {regen}", path.display());
    }
    let index = std::fs::read_to_string(root().join("rules/README.md")).unwrap_or_default();
    assert_eq!(index, cplint::cli::rules_index(), "rules/README.md is stale: {regen}");
}

#[test]
fn docs_have_every_section() {
    for meta in cplint::rules::metas() {
        for h in HEADINGS {
            let body = meta.section(h).unwrap_or_default();
            assert!(!body.is_empty(), "{}: section `## {h}` missing or empty", meta.name);
        }
    }
}

fn ext(lang: &str) -> &str {
    match lang {
        "ts" | "typescript" => "ts",
        "tsx" => "tsx",
        _ => "js",
    }
}

#[test]
fn examples_fire_and_fixed_versions_are_clean() {
    for meta in cplint::rules::metas() {
        let config = only(meta.name);
        let examples = meta.code_blocks("Example");
        assert!(!examples.is_empty(), "{}: no code block under Example", meta.name);
        for (lang, code) in examples {
            let r = lint(&format!("example.{}", ext(&lang)), &code, &config);
            assert!(r.errors.is_empty(), "{}: Example does not parse: {:?}", meta.name, r.errors);
            assert!(
                r.findings.iter().any(|f| f.rule.name == meta.name),
                "{}: the Example does not fire:\n{code}",
                meta.name
            );
        }
        let fixed = meta.code_blocks("Use instead");
        assert!(!fixed.is_empty(), "{}: no code block under Use instead", meta.name);
        for (lang, code) in fixed {
            let r = lint(&format!("fixed.{}", ext(&lang)), &code, &config);
            assert!(r.errors.is_empty(), "{}: Use instead does not parse: {:?}", meta.name, r.errors);
            assert!(r.findings.is_empty(), "{}: Use instead still fires: {:?}", meta.name, r.findings);
        }
    }
}

#[test]
fn registry_codes_and_names_are_unique_and_ordered() {
    let metas: Vec<_> = cplint::rules::metas().collect();
    for (i, m) in metas.iter().enumerate() {
        assert_eq!(m.code, format!("CP{:03}", i + 1), "rules must be registered in code order");
        assert!(m.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}: ids are kebab-case", m.name);
        assert!(cplint::rules::find(m.name).is_some() && cplint::rules::find(&m.code.to_lowercase()).is_some());
        assert!(!m.summary.ends_with('.'), "{}: summaries have no trailing period", m.name);
    }
}
