//! cplint: finds the ways Node.js programs misuse `node:child_process`.
//!
//! The layers, each using only those listed before it (CONTRIBUTING.md draws them):
//! `vocab`, `emit`, `lines`, `files`, `models`, `memory`, `hooks`, `git` (leaves) →
//! `report`, `prefilter`, `parse` → `semantic` → `config` → `rule` → `rules` →
//! `suppress`, `fix` → `lint` → `output`, `baseline`, `walk` → `run` → `session` → `lsp` → `cli`. A library user (the
//! CLI, an editor integration) builds a [`session::Session`] and calls its `check`,
//! `check_source`, `fix` or `fix_source`; tests of the core call
//! [`lint::lint_source`]; the binary calls [`cli::main`].

pub mod baseline;
pub mod cli;
pub mod config;
pub mod emit;
pub mod files;
pub mod fix;
pub mod git;
pub mod hooks;
pub mod lines;
pub mod lint;
pub mod lsp;
pub mod memory;
pub mod models;
pub mod output;
pub mod parse;
pub mod prefilter;
pub mod report;
pub mod rule;
pub mod rules;
pub mod run;
pub mod semantic;
pub mod session;
pub mod suppress;
pub mod vocab;
pub mod walk;

pub use lint::{decode, lint_bytes, lint_source};
