//! Run configuration: which rules run at which level.

use std::collections::HashMap;

use crate::rule::{RuleMeta, Severity};
use crate::rules;

#[derive(Debug, Clone)]
pub struct Config {
    /// Severity per rule code; rules absent here use their default.
    levels: HashMap<&'static str, Severity>,
    /// Skip files that cannot contain a call site without parsing them.
    pub prefilter: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            levels: HashMap::new(),
            prefilter: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRule(pub String);

impl std::fmt::Display for UnknownRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = rules::metas().map(|m| m.name).collect();
        write!(
            f,
            "unknown rule `{}` (known rules: {})",
            self.0,
            names.join(", ")
        )
    }
}

impl Config {
    pub fn severity(&self, meta: &RuleMeta) -> Severity {
        self.levels
            .get(meta.code)
            .copied()
            .unwrap_or(meta.default_severity)
    }

    pub fn set_level(&mut self, meta: &'static RuleMeta, level: Severity) {
        self.levels.insert(meta.code, level);
    }

    /// Applies `--select` (only these rules, at their default level or `warning` when
    /// off by default) and then `--ignore`. Names are rule ids or codes; `ALL` selects
    /// every rule.
    pub fn apply_selection(
        &mut self,
        select: &[String],
        ignore: &[String],
    ) -> Result<(), UnknownRule> {
        if !select.is_empty() {
            let all = select.iter().any(|s| s.eq_ignore_ascii_case("all"));
            let mut chosen = Vec::new();
            for s in select.iter().filter(|s| !s.eq_ignore_ascii_case("all")) {
                chosen.push(
                    rules::find(s)
                        .ok_or_else(|| UnknownRule(s.clone()))?
                        .meta()
                        .code,
                );
            }
            for meta in rules::metas() {
                let keep = all || chosen.contains(&meta.code);
                let level = match (keep, self.severity(meta)) {
                    (false, _) => Severity::Off,
                    (true, Severity::Off) => Severity::Warning,
                    (true, s) => s,
                };
                self.levels.insert(meta.code, level);
            }
        }
        for s in ignore {
            let meta = rules::find(s).ok_or_else(|| UnknownRule(s.clone()))?.meta();
            self.levels.insert(meta.code, Severity::Off);
        }
        Ok(())
    }
}
