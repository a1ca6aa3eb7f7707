//! The rule registry checks itself: every piece a rule needs is there, and nothing
//! is left over that no rule owns.
//!
//! - every `src/rules/*.rs` (and folder) is a registered rule (`cplint::rules::MODULES`),
//!   unless it is a helper listed in [`HELPERS`];
//! - a rule's module is its id with `-` → `_`, and `MODULES`, `METAS` and `all()` agree;
//! - every `fixtures/rules/<dir>` names a registered rule, every rule has such a folder
//!   with at least one `valid*` and one `invalid*` file, and the folder holds nothing
//!   else than fixtures and their snapshots (`<fixture>.snap` for each `invalid*`,
//!   `<fixture>.fix.snap`); a snapshot whose fixture is gone fails too;
//! - **fix snapshots**: a fixture *offers a fix* when a finding on it carries edits
//!   (display-only advice does not count): a file of `fixtures/rules/<rule>/` linted
//!   with that rule alone, and, in the folders `tests/fixes.rs` visits (those of the
//!   rules that offer a fix in their own folder, and `fixtures/fixes/`), linted with
//!   the default config as `tests/fixes.rs` fixes them. Every fixture that offers a
//!   fix has `<fixture>.fix.snap` beside it (written by `tests/fixes.rs`), and a
//!   `.fix.snap` beside a fixture that offers none, or beside no fixture, fails. A rule is *fixable* when some
//!   fixture offers a fix of it or when its docs have a `## Fix` section (the rule
//!   says it has one); a fixable rule must have both: a fixture whose fix is
//!   snapshotted, and the `## Fix` section;
//! - the rules table of README.md, between `<!-- rules-table:begin -->` and
//!   `<!-- rules-table:end -->`, is the one [`readme_rules_table`] generates
//!   (`UPDATE_README=1 cargo test --test registry` rewrites it).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use common::*;
use cplint::config::Config;

/// Files and folders of `src/rules/` that are not rules. Each is on its way
/// elsewhere or shared by several rules; a rule file missing from `declare_rules!`
/// must not hide here.
const HELPERS: &[(&str, &str)] = &[
    // The fix rewrites of shell-injection and spawn-command-string.
    ("rewrite", "rewrites offered as fixes"),
];

const BEGIN: &str = "<!-- rules-table:begin -->\n";
const END: &str = "<!-- rules-table:end -->";

fn names_in(dir: &Path) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path().is_dir()))
        .collect();
    out.sort();
    out
}

fn fail_on(failures: Vec<String>, what: &str) {
    assert!(failures.is_empty(), "{what}:\n{}", failures.join("\n"));
}

#[test]
fn every_file_of_src_rules_is_a_registered_rule_or_a_listed_helper() {
    let modules = cplint::rules::MODULES;
    let mut failures = Vec::new();
    let mut seen = BTreeSet::new();
    for (name, is_dir) in names_in(&root().join("src/rules")) {
        let module = if is_dir {
            name.clone()
        } else if let Some(m) = name.strip_suffix(".rs") {
            m.to_string()
        } else {
            continue;
        };
        if module == "mod" {
            continue;
        }
        seen.insert(module.clone());
        let helper = HELPERS.iter().any(|(h, _)| *h == module);
        match (modules.contains(&module.as_str()), helper) {
            (false, false) => failures.push(format!(
                "src/rules/{name} is not registered: add `{module}::RuleType,` to `declare_rules!` in \
                 src/rules/mod.rs (or, for a helper, to HELPERS in tests/registry.rs)"
            )),
            (true, true) => failures.push(format!("{module} is both a registered rule and in HELPERS")),
            _ => {}
        }
    }
    for (h, _) in HELPERS {
        if !seen.contains(*h) {
            failures.push(format!("HELPERS lists `{h}`, which is not in src/rules/ any more: remove it"));
        }
    }
    fail_on(failures, "src/rules/ and the registry disagree");
}

#[test]
fn registry_lists_agree_and_modules_are_named_after_ids() {
    let (modules, metas, rules) = (cplint::rules::MODULES, cplint::rules::METAS, cplint::rules::all());
    assert_eq!(modules.len(), metas.len());
    assert_eq!(rules.len(), metas.len());
    let mut failures = Vec::new();
    for ((module, meta), rule) in modules.iter().zip(metas).zip(rules) {
        if *module != meta.name.replace('-', "_") {
            failures.push(format!(
                "rule `{}` lives in module `{module}`: rename it `{}`",
                meta.name,
                meta.name.replace('-', "_")
            ));
        }
        if rule.meta().code != meta.code {
            failures.push(format!("all() and METAS disagree at {}: {}", meta.code, rule.meta().code));
        }
    }
    fail_on(failures, "registry");
}

#[test]
fn every_fixture_folder_names_a_rule_and_every_rule_has_one() {
    let ids: BTreeSet<&str> = cplint::rules::metas().map(|m| m.name).collect();
    let mut failures = Vec::new();
    let mut folders = BTreeSet::new();
    for (name, is_dir) in names_in(&root().join("fixtures/rules")) {
        if !is_dir {
            failures.push(format!("fixtures/rules/{name}: only rule folders belong here"));
        } else if !ids.contains(name.as_str()) {
            failures.push(format!(
                "fixtures/rules/{name}/ names no registered rule (its fixtures never run): rename it after a rule id \
                 or register the rule"
            ));
        }
        folders.insert(name);
    }
    for id in &ids {
        if !folders.contains(*id) {
            failures.push(format!("rule `{id}` has no fixture folder fixtures/rules/{id}/"));
        }
    }
    fail_on(failures, "fixture folders");
}

#[test]
fn fixture_folders_hold_fixtures_and_their_snapshots_only() {
    let mut failures = Vec::new();
    for meta in cplint::rules::metas() {
        let id = meta.name;
        let dir = root().join("fixtures/rules").join(id);
        if !dir.is_dir() {
            continue; // every_fixture_folder_names_a_rule_and_every_rule_has_one says so
        }
        let fixtures: BTreeSet<String> = rule_fixtures(id)
            .iter()
            .map(|p| p.file_name().unwrap_or_default().to_string_lossy().into_owned())
            .collect();
        let (valid, invalid): (Vec<&String>, Vec<&String>) = fixtures
            .iter()
            .filter(|f| f.starts_with("valid") || f.starts_with("invalid"))
            .partition(|f| f.starts_with("valid"));
        if valid.is_empty() || invalid.is_empty() {
            failures.push(format!("fixtures/rules/{id}/: needs at least one valid* and one invalid* fixture"));
        }
        for f in &invalid {
            if !dir.join(format!("{f}.snap")).is_file() {
                failures
                    .push(format!("fixtures/rules/{id}/{f}: no {f}.snap (`cargo test --test rules {id}` writes it)"));
            }
        }
        for (name, is_dir) in names_in(&dir) {
            let shown = format!("fixtures/rules/{id}/{name}");
            let fixture = name.strip_suffix(".fix.snap").or_else(|| name.strip_suffix(".snap"));
            let ok = match fixture {
                Some(f) if name.ends_with(".fix.snap") => fixtures.contains(f),
                Some(f) => fixtures.contains(f) && f.starts_with("invalid"),
                None => {
                    !is_dir && fixtures.contains(&name) && (name.starts_with("valid") || name.starts_with("invalid"))
                }
            };
            if !ok {
                failures.push(match fixture {
                    Some(f) => format!(
                        "{shown}: a snapshot of no {}fixture `{f}`: delete it",
                        if name.ends_with(".fix.snap") { "" } else { "invalid " }
                    ),
                    None => format!("{shown}: neither a `valid*`/`invalid*` source file cplint lints nor a snapshot"),
                });
            }
        }
    }
    fail_on(failures, "fixture folders");
}

/// Per fixture (shown path), the rules whose fixes `tests/fixes.rs` applies to it.
/// It fixes, with the default config, `fixtures/fixes/` and the folders of
/// [`fixing_rules`]; a rule's fix offered in its own folder makes it one of those.
fn fixes_offered() -> BTreeMap<String, BTreeSet<&'static str>> {
    let default = Config::default();
    let fixing = fixing_rules();
    let mut out = BTreeMap::new();
    for meta in cplint::rules::metas() {
        let alone = only(meta.name);
        for p in rule_fixtures(meta.name) {
            let shown = format!("fixtures/rules/{}/{}", meta.name, p.file_name().unwrap_or_default().to_string_lossy());
            let text = read(&p);
            let mut rules = rules_with_edits(&lint(&shown, &text, &alone));
            if fixing.contains(&meta.name) {
                rules.extend(rules_with_edits(&lint(&shown, &text, &default)));
            }
            out.insert(shown, rules);
        }
    }
    for p in lintable_files(&root().join("fixtures/fixes")) {
        let shown = format!("fixtures/fixes/{}", p.file_name().unwrap_or_default().to_string_lossy());
        out.insert(shown.clone(), rules_with_edits(&lint(&shown, &read(&p), &default)));
    }
    out
}

#[test]
fn every_fix_has_a_fix_snapshot() {
    let offered = fixes_offered();
    let mut failures = Vec::new();
    let mut fixable: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (shown, rules) in &offered {
        let snap = root().join(format!("{shown}.fix.snap"));
        match (rules.is_empty(), snap.is_file()) {
            (false, false) => failures.push(format!(
                "{shown} offers a fix ({}) but has no {shown}.fix.snap: `cargo test --test fixes` writes it \
                 (tests/fixes.rs fixes with the default config: a rule that is off by default needs it there)",
                rules.iter().copied().collect::<Vec<_>>().join(", ")
            )),
            (true, true) => {
                failures.push(format!("{shown}.fix.snap: {shown} offers no fix any more: delete the snapshot"))
            }
            _ => {}
        }
        for r in rules {
            fixable.entry(r).or_default().push(shown);
        }
    }
    // A .fix.snap with no fixture at all.
    for dir in std::iter::once("fixtures/fixes".to_string())
        .chain(cplint::rules::metas().map(|m| format!("fixtures/rules/{}", m.name)))
    {
        if !root().join(&dir).is_dir() {
            continue;
        }
        for (name, _) in names_in(&root().join(&dir)) {
            if let Some(f) = name.strip_suffix(".fix.snap")
                && !offered.contains_key(&format!("{dir}/{f}"))
            {
                failures.push(format!("{dir}/{name}: there is no fixture {dir}/{f}: delete the snapshot"));
            }
        }
    }
    for meta in cplint::rules::metas() {
        let documented = meta.section("Fix").is_some_and(|s| !s.is_empty());
        match (fixable.get(meta.name), documented) {
            (None, true) => failures.push(format!(
                "`{}` documents a fix (`## Fix`) that no fixture offers: add an invalid fixture the fix applies to",
                meta.name
            )),
            (Some(files), false) => failures.push(format!(
                "`{}` offers a fix ({}) its docs do not describe: add a `## Fix` section to its doc comment",
                meta.name,
                files.join(", ")
            )),
            _ => {}
        }
    }
    assert!(fixable.len() >= 2, "rules offering a fix: {fixable:?}");
    fail_on(failures, "fix snapshots");
}

#[test]
fn the_readme_rules_table_is_generated_from_the_registry() {
    let path = root().join("README.md");
    let readme = read(&path);
    let (Some(begin), Some(end)) = (readme.find(BEGIN), readme.find(END)) else {
        panic!("README.md has no `{}` ... `{END}` markers around its rules table", BEGIN.trim_end());
    };
    assert!(begin < end && readme.matches(BEGIN).count() == 1 && readme.matches(END).count() == 1);
    let (on_disk, table) = (&readme[begin + BEGIN.len()..end], readme_rules_table());
    if on_disk == table {
        return;
    }
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{table}{}", &readme[..begin + BEGIN.len()], &readme[end..]);
        fs::write(&path, updated).expect("README.md is writable");
        eprintln!("README.md: rules table rewritten");
        return;
    }
    panic!(
        "README.md's rules table is stale: run `UPDATE_README=1 cargo test --test registry` and commit the result\n\
         --- README.md\n{on_disk}--- generated\n{table}"
    );
}
