//! What follows a Korean noun in its word, for what reads terms and names
//! out of Korean text (the glossary, the romanization hints).

/// Particles and endings that follow a noun in the same word, longest
/// first: taken off a word, they leave the term (산업통상자원부가) or the
/// name (박재근 씨는) before them.
pub const PARTICLES: [&str; 24] = [
    "에서는",
    "에게서",
    "으로는",
    "이라는",
    "라는",
    "에서",
    "에게",
    "으로",
    "까지",
    "부터",
    "씨는",
    "씨가",
    "씨의",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "의",
    "에",
    "와",
    "과",
    "도",
];
