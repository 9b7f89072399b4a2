//! The `galley` binary's library: the command line (`cli`), the HTTP API
//! (`http`) and the browser pages (`web`).
//!
//! **Architecture invariant:** this is the only crate that knows HTTP,
//! JSON and HTML. It calls `galley-core` for every rule and computation and
//! the `Store` trait for every read and write.

pub mod answers;
pub mod auth;
pub mod checkpoints;
pub mod cli;
pub mod compute;
pub mod exchange;
pub mod export;
pub mod http;
pub mod i18n;
pub mod refusal;
pub mod scores;
pub mod secrets;
pub mod server;
pub mod state;
pub mod submission;
pub mod terms;
pub mod views;
pub mod web;
pub mod webhooks;
pub mod wire;
pub mod wrong;
