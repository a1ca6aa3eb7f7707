//! The rule registry: one line per rule, in code order.

pub mod buffered_output;
pub mod detached_without_unref;
pub mod json_in_args;
pub mod missing_timeout;
pub mod orphaned_child;
pub mod secret_in_args;
pub mod shell_injection;
pub mod spawn_command_string;
pub mod spawn_per_request;
pub mod unchecked_exit;
pub mod undrained_stdio;
pub mod unhandled_error;
pub mod util;
pub mod vm_as_sandbox;

use crate::rule::{Rule, RuleMeta};

static RULES: &[&dyn Rule] = &[
    &shell_injection::ShellInjection,
    &spawn_command_string::SpawnCommandString,
    &missing_timeout::MissingTimeout,
    &unhandled_error::UnhandledError,
    &unchecked_exit::UncheckedExit,
    &undrained_stdio::UndrainedStdio,
    &buffered_output::BufferedOutput,
    &secret_in_args::SecretInArgs,
    &detached_without_unref::DetachedWithoutUnref,
    &vm_as_sandbox::VmAsSandbox,
    &spawn_per_request::SpawnPerRequest,
    &orphaned_child::OrphanedChild,
    &json_in_args::JsonInArgs,
];

/// Every rule, in code order (`CP001` first).
pub fn all() -> &'static [&'static dyn Rule] {
    RULES
}

/// A rule by id (`shell-injection`) or code (`CP001`, any case).
pub fn find(name: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.meta().name == name || r.meta().code.eq_ignore_ascii_case(name))
}

pub fn metas() -> impl Iterator<Item = &'static RuleMeta> {
    RULES.iter().map(|r| r.meta())
}
