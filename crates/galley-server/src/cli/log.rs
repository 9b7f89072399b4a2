//! `galley log`: the newsroom's Merkle log, from the shell.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use galley_core::checkpoint::LogSigner;
use rand::RngCore;

#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// Make the key that signs the log's checkpoints: writes DIR/galley.key
    /// (the signer key, readable by its owner only; keep it out of the
    /// database and its backups) and DIR/galley.pub (the verifier key an
    /// auditor keeps), and prints the verifier key.
    Keygen {
        /// The folder to write the two files in (made if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The log's name, the origin of its checkpoints
        /// (`newsroom.example/galley`): no spaces, no '+'.
        #[arg(long, default_value = "galley/log")]
        name: String,
    },
}

pub fn run(command: &LogCommand, out: &mut impl Write) -> Result<()> {
    match command {
        LogCommand::Keygen { out: dir, name } => {
            let (key, public) = (dir.join("galley.key"), dir.join("galley.pub"));
            for path in [&key, &public] {
                if path.exists() {
                    bail!("{} exists: a key is never overwritten", path.display());
                }
            }
            let mut seed = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut seed);
            let signer = LogSigner::from_seed(name, seed)?;
            std::fs::create_dir_all(dir).with_context(|| format!("making {}", dir.display()))?;
            write_private(&key, &format!("{}\n", signer.to_text()))?;
            let verifier = signer.verifier().to_text();
            std::fs::write(&public, format!("{verifier}\n"))
                .with_context(|| format!("writing {}", public.display()))?;
            writeln!(out, "{verifier}")?;
            Ok(())
        }
    }
}

/// Writes a file only its owner can read.
fn write_private(path: &PathBuf, text: &str) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("writing {}", path.display()))?;
    file.write_all(text.as_bytes())?;
    Ok(())
}
