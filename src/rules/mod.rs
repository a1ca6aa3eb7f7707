//! The rule registry: one line per rule, in code order.

pub mod shell_injection;
pub mod spawn_command_string;

use crate::rule::{Rule, RuleMeta};

static RULES: &[&dyn Rule] = &[
    &shell_injection::ShellInjection,
    &spawn_command_string::SpawnCommandString,
];

/// Every rule, in code order (`CP001` first).
pub fn all() -> &'static [&'static dyn Rule] {
    RULES
}

/// A rule by id (`shell-injection`) or code (`CP001`, any case).
pub fn find(name: &str) -> Option<&'static dyn Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.meta().name == name || r.meta().code.eq_ignore_ascii_case(name))
}

pub fn metas() -> impl Iterator<Item = &'static RuleMeta> {
    RULES.iter().map(|r| r.meta())
}
