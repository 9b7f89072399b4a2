//! The `galley` binary's library: the command line (`cli`) and the HTTP
//! service (`http`).
//!
//! **Architecture invariant:** this is the only crate that knows HTTP and
//! JSON. It calls `galley-core` for every rule and computation and the
//! `Store` trait for every read and write.

pub mod cli;
pub mod http;
pub mod submission;
